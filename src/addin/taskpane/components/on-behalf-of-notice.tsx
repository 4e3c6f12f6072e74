/**
 * In a calendar someone delegated to the user: for whom the meeting is made, and what the owner
 * must still do — connect Webex and let delegates use it (before any meeting can be made), or let
 * Webex Scheduler follow their calendar (until then, later edits do not reach the meeting).
 */
import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from '../../i18n/pane-i18n';
import type { PaneDelegation } from '../pane-services';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
});

export function OnBehalfOfNotice({ delegation }: { delegation: PaneDelegation }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const name = delegation.status.owner.displayName ?? delegation.owner;
  const actions = delegation.status.ownerActions;
  return (
    <div className={styles.root}>
      <div data-testid="addin-on-behalf-of" data-owner={delegation.owner}>
        <MessageBar intent="info">
          <MessageBarBody>{t('delegate.forOwner', { name })}</MessageBarBody>
        </MessageBar>
      </div>
      {actions.length > 0 && (
        <div data-testid="addin-owner-actions" data-actions={actions.join(',')} data-ready={String(delegation.status.ready)}>
          <MessageBar intent={delegation.status.ready ? 'warning' : 'error'} layout="multiline">
            <MessageBarBody>
              <div className={styles.actions}>
                {actions.map((action) => (
                  <span key={action}>{t(`delegate.${action}`, { name })}</span>
                ))}
              </div>
            </MessageBarBody>
          </MessageBar>
        </div>
      )}
    </div>
  );
}
