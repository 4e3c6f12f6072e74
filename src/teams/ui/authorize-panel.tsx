/**
 * Shown instead of a blank tab when Microsoft 365 access is missing, revoked, or needs a new
 * sign-in: what the app needs and why, and the button that opens the consent popup.
 */
import { Button, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from '@fluentui/react-components';
import { LockClosed20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalM },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface AuthorizePanelProps {
  reason: 'consent_required' | 'interaction_required';
  waiting: boolean;
  /** What went wrong with the last attempt, already in the user's language. */
  failure?: string;
  onAuthorize: () => void;
}

export function AuthorizePanel({ reason, waiting, failure, onAuthorize }: AuthorizePanelProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.panel} aria-label={t('auth.title')}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('auth.title')}</MessageBarTitle>
          {reason === 'interaction_required' ? t('auth.interaction') : t('auth.body')}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.actions}>
        <Button appearance="primary" icon={<LockClosed20Regular />} disabled={waiting} onClick={onAuthorize}>
          {t('auth.button')}
        </Button>
        {waiting ? <Spinner size="tiny" label={t('auth.waiting')} /> : null}
      </div>
      {failure ? (
        <MessageBar intent="error">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Caption1 className={styles.note}>{t('auth.admin')}</Caption1>
    </section>
  );
}
