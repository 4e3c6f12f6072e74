/**
 * The function file (commands.html): the one-click "Add Webex meeting" command on the appointment
 * organizer ribbon and on the mobile online-meeting toggle. It runs the same flow as the task pane,
 * without a pane: progress and outcome go to the item's info bar, and the event is always
 * completed, or Outlook would keep the button spinning.
 */
import { ADD_MEETING_FUNCTION } from '../../core/manifest/addin-functions';
import { createApiClient } from '../api/api-client';
import { createTokenProvider } from '../auth/create-token-provider';
import type { TokenProvider } from '../auth/token-provider';
import { addinConfig } from '../config/addin-config';
import { addMeeting } from '../flows/add-meeting';
import type { FlowDeps } from '../flows/flow-deps';
import { localJoinBlockOps } from '../flows/local-join-block-ops';
import { outlookFlowDeps } from '../flows/outlook-flow-deps';
import { failureSentence } from '../i18n/failure-sentence';
import { infoBarText, resolveLocale } from '../i18n/info-bar-text';
import { showNotification, type NotificationKind } from '../office/item-notifications';
import { ActionHandler, associateActions } from '../office/office-actions';
import { currentCalendarOwner } from '../office/shared-properties';

/** One info-bar message per add-in: each replaces the previous one. */
export const NOTIFICATION_KEY = 'webexScheduler';

export interface CommandDeps {
  flow: FlowDeps;
  tokens: TokenProvider;
  notify(kind: NotificationKind, message: string): Promise<void>;
}

export async function runAddMeetingCommand(deps: CommandDeps): Promise<void> {
  const locale = resolveLocale(deps.flow.locale);
  // The info bar is a courtesy: a client that refuses it must not stop the meeting from being added.
  const notify = (kind: NotificationKind, message: string) => deps.notify(kind, message).catch(() => undefined);
  await notify('progress', infoBarText(locale, 'notify.adding'));
  try {
    // A command runs on a click, so it may ask the user to sign in.
    await deps.tokens.getToken({ interactive: true });
    const result = await addMeeting(deps.flow);
    await notify('information', infoBarText(locale, result.status === 'added' ? 'notify.added' : 'notify.alreadyAdded'));
  } catch (thrown) {
    await notify('error', failureSentence(locale, thrown));
  }
}

function outlookCommandDeps(): CommandDeps {
  const config = addinConfig();
  const tokens = createTokenProvider(config, { allowDialog: true, loadMsal: () => import('@azure/msal-browser') });
  // In a calendar someone delegated to the user, the meeting is made for its owner.
  const api = createApiClient({ baseUrl: config.apiBaseUrl, tokens, calendarOwner: currentCalendarOwner });
  return {
    flow: outlookFlowDeps(api, config.joinLinkHosts, localJoinBlockOps),
    tokens,
    notify: (kind, message) => showNotification(NOTIFICATION_KEY, kind, message),
  };
}

export const addWebexMeeting: ActionHandler = (event) => {
  const run = async () => {
    try {
      await runAddMeetingCommand(outlookCommandDeps());
    } catch (thrown) {
      // Only a broken deployment (no config) gets here; still tell the user something.
      await showNotification(NOTIFICATION_KEY, 'error', failureSentence('en-US', thrown)).catch(() => undefined);
    }
  };
  void run().finally(() => event.completed());
};

associateActions({ [ADD_MEETING_FUNCTION]: addWebexMeeting });
