/**
 * Asks the user to let the backend follow their calendar (individual mode, when Microsoft needs
 * their consent): why, in a sentence, an Authorize button that opens the consent dialog, and "Not
 * now" — meetings can still be added; only edits made elsewhere are not followed meanwhile.
 */
import { useTranslation } from '../../i18n/pane-i18n';
import { PromptView } from './prompt-view';

export interface AuthorizeCalendarViewProps {
  onAuthorize(): void;
  onLater(): void;
}

export function AuthorizeCalendarView({ onAuthorize, onLater }: AuthorizeCalendarViewProps) {
  const { t } = useTranslation();
  return (
    <PromptView
      title={t('calendar.title')}
      body={t('calendar.body')}
      action={t('calendar.action')}
      onAction={onAuthorize}
      testId="addin-authorize-calendar-view"
      actionTestId="addin-authorize-calendar"
      later={{ label: t('calendar.later'), onAction: onLater, testId: 'addin-authorize-later' }}
    />
  );
}
