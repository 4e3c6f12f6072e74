/**
 * Asks the user to let the backend follow their calendar (individual mode, when Microsoft needs
 * their consent): why, in a sentence, an Authorize button that opens the consent dialog, and "Not
 * now" — meetings can still be added; only edits made elsewhere are not followed meanwhile.
 */
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from '../../i18n/pane-i18n';
import { ViewHeading } from './view-heading';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
});

export interface AuthorizeCalendarViewProps {
  onAuthorize(): void;
  onLater(): void;
}

export function AuthorizeCalendarView({ onAuthorize, onLater }: AuthorizeCalendarViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.root} data-testid="addin-authorize-calendar-view">
      <ViewHeading>{t('calendar.title')}</ViewHeading>
      <Body1>{t('calendar.body')}</Body1>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onAuthorize} data-testid="addin-authorize-calendar">
          {t('calendar.action')}
        </Button>
        <Button onClick={onLater} data-testid="addin-authorize-later">
          {t('calendar.later')}
        </Button>
      </div>
    </section>
  );
}
