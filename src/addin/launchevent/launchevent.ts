/**
 * Event-based activation handlers (manifest: ExtensionPoint LaunchEvent).
 *
 * - OnNewAppointmentOrganizer: adds a Webex meeting to a new appointment when the user turned on
 *   "add to every new meeting" (read from the roaming-settings copy the pane keeps, so that users
 *   who did not pay nothing: no sign-in, no network).
 * - OnAppointmentTimeChanged / OnAppointmentRecurrenceChanged: the Webex meeting follows at once;
 *   the backend stays the authority and reconciles after the save.
 *
 * Classic Outlook on Windows loads this file alone in a JavaScript-only runtime: no page, no
 * imports at run time, no Office.onReady, no dialogs. The build emits it as one self-contained
 * launchevent.js, and nothing here may pull in React or a sign-in library: the token comes from
 * Office's own single sign-on (OfficeRuntime.auth.getAccessToken, silent only), for the API the
 * manifest's WebApplicationInfo names; when it needs the user, the info bar says to open the pane.
 *
 * Nor does it carry the HTML parser: the backend finds and writes the join block for it
 * (remote-join-block-ops.ts, POST /api/join-block/*), the body passing through the backend in memory
 * only. An item whose marker names its meeting (the common case of a change) needs no body work
 * at all; only an item without it and the new appointment's write send the body.
 */
import { LAUNCH_EVENT_HANDLERS } from '../../core/manifest/addin-functions';
import { createApiClient, createApiTransport } from '../api/api-client';
import { createJoinBlockApi } from '../api/join-block-api';
import { createOfficeSsoTokenProvider } from '../auth/office-sso-token-provider';
import { addinConfig } from '../config/addin-config';
import { addMeeting } from '../flows/add-meeting';
import type { FlowDeps } from '../flows/flow-deps';
import { outlookFlowDeps } from '../flows/outlook-flow-deps';
import { remoteJoinBlockOps } from '../flows/remote-join-block-ops';
import { cachedSettings } from '../flows/settings-cache';
import { updateMeetingFromItem } from '../flows/update-meeting-from-item';
import { failureSentence } from '../i18n/failure-sentence';
import { infoBarText, resolveLocale } from '../i18n/info-bar-text';
import { showNotification, type NotificationKind } from '../office/item-notifications';
import { ActionHandler, associateActions } from '../office/office-actions';
import { roamingSettings, type RoamingSettings } from '../office/roaming-settings';
import { currentCalendarOwner } from '../office/shared-properties';

export const NOTIFICATION_KEY = 'webexScheduler';

export interface LaunchEventDeps {
  flow: () => FlowDeps;
  roaming: RoamingSettings;
  notify(kind: NotificationKind, message: string): Promise<void>;
}

/** Resolves to what it did, for tests and diagnostics. */
export async function handleNewAppointment(deps: LaunchEventDeps): Promise<'skipped' | 'added' | 'alreadyAdded' | 'failed'> {
  const settings = cachedSettings(deps.roaming);
  if (!settings?.addToEveryNewMeeting) return 'skipped';
  const flow = deps.flow();
  const locale = resolveLocale(flow.locale);
  try {
    const result = await addMeeting(flow, {
      type: settings.defaultMeetingType,
      joinBeforeHost: settings.joinBeforeHost,
      ...(settings.defaultMeetingType === 'scheduled' ? { autoRecord: settings.autoRecord } : {}),
    });
    if (result.status === 'added') await deps.notify('information', infoBarText(locale, 'notify.added')).catch(() => undefined);
    return result.status;
  } catch (thrown) {
    await deps.notify('error', failureSentence(locale, thrown)).catch(() => undefined);
    return 'failed';
  }
}

export async function handleAppointmentChanged(deps: LaunchEventDeps): Promise<'none' | 'updated' | 'failed'> {
  const flow = deps.flow();
  const locale = resolveLocale(flow.locale);
  try {
    const result = await updateMeetingFromItem(flow);
    if (result.status === 'updated') await deps.notify('information', infoBarText(locale, 'notify.updated')).catch(() => undefined);
    return result.status;
  } catch (thrown) {
    await deps.notify('error', failureSentence(locale, thrown)).catch(() => undefined);
    return 'failed';
  }
}

function outlookLaunchDeps(): LaunchEventDeps {
  return {
    flow: () => {
      const config = addinConfig();
      // Office's own single sign-on: no sign-in library in this file (office-sso-token-provider.ts).
      const options = { baseUrl: config.apiBaseUrl, tokens: createOfficeSsoTokenProvider() };
      // In a calendar someone delegated to the user, the meeting is made for its owner.
      const api = createApiClient({ ...options, calendarOwner: currentCalendarOwner });
      // The backend finds and edits the join block: this file carries no HTML parser.
      return outlookFlowDeps(api, config.joinLinkHosts, remoteJoinBlockOps(createJoinBlockApi(createApiTransport(options))));
    },
    roaming: roamingSettings(),
    notify: (kind, message) => showNotification(NOTIFICATION_KEY, kind, message),
  };
}

/** Runs a handler and always completes the event: one left open is cut off by Outlook after minutes. */
function completing(handler: (deps: LaunchEventDeps) => Promise<unknown>): ActionHandler {
  return (event) => {
    const run = async () => {
      try {
        await handler(outlookLaunchDeps());
      } catch {
        // A broken deployment (no config): nothing to tell the user that the pane will not say better.
      }
    };
    void run().finally(() => event.completed());
  };
}

export const onNewAppointmentOrganizer: ActionHandler = completing(handleNewAppointment);
export const onAppointmentTimeChanged: ActionHandler = completing(handleAppointmentChanged);
export const onAppointmentRecurrenceChanged: ActionHandler = completing(handleAppointmentChanged);

associateActions({
  [LAUNCH_EVENT_HANDLERS.OnNewAppointmentOrganizer]: onNewAppointmentOrganizer,
  [LAUNCH_EVENT_HANDLERS.OnAppointmentTimeChanged]: onAppointmentTimeChanged,
  [LAUNCH_EVENT_HANDLERS.OnAppointmentRecurrenceChanged]: onAppointmentRecurrenceChanged,
});
