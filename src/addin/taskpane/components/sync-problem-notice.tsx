/**
 * The Webex meeting is out of step with the appointment: what is out of step and why, in the user's
 * language, and the ways forward that apply (try again, connect Webex again, authorize the calendar,
 * remove the meeting). The codes are kept as a data attribute for support and tests.
 */
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from '../../i18n/pane-i18n';
import type { MeetingSyncState } from '../../api/api-types';
import { syncProblemKey, syncWaysForward, type SyncWayForward } from '../../i18n/sync-problem';
import { NoticeActions } from './notice-actions';

const useStyles = makeStyles({
  bar: { alignItems: 'flex-start' },
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
});

const LABEL: Readonly<Record<SyncWayForward, string>> = {
  retry: 'sync.retry',
  reconnect: 'sync.reconnect',
  authorize: 'sync.authorize',
  remove: 'sync.remove',
};

export interface SyncProblemNoticeProps {
  state: MeetingSyncState;
  onAction(way: SyncWayForward): void;
}

export function SyncProblemNotice({ state, onAction }: SyncProblemNoticeProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const codes = state.problems.map((p) => p.code);
  const dateOf = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  // One sentence per distinct problem: a series with many refused occurrences reads once per date.
  const lines = [
    ...new Set(
      state.problems.map((p) => {
        const problem = t(`sync.problems.${syncProblemKey(p.code)}`);
        return p.occurrence ? t('sync.occurrence', { date: dateOf(p.occurrence), problem }) : problem;
      }),
    ),
  ];
  const ways = syncWaysForward(codes);
  return (
    <div role="alert" data-testid="addin-sync-problem" data-codes={codes.join(' ')}>
      <MessageBar intent="warning" layout="multiline" className={styles.bar}>
        <MessageBarBody>
          <MessageBarTitle>{t('sync.title')}</MessageBarTitle>
          {lines.map((line) => (
            <Body1 key={line} className={styles.line}>
              {line}
            </Body1>
          ))}
        </MessageBarBody>
        <NoticeActions actions={ways} onAction={onAction} labelOf={(way) => t(LABEL[way])} testIdOf={(way) => `addin-sync-${way}`} />
      </MessageBar>
    </div>
  );
}
