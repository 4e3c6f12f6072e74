/**
 * The task pane's services, wired to Outlook (src/addin/office), the backend and the flows. The
 * flows arrive by import() (pane-flows.ts), started once a token is at hand: the sign-in view
 * never needs them, and a signed-in pane loads them while it asks the backend who the user is.
 */
import type { ApiClient } from '../api/api-client';
import { dialogStartUrl } from '../auth/dialog-forward';
import type { TokenProvider } from '../auth/token-provider';
import { onItemChanged, type ItemChange } from '../office/item-events';
import { openDialogForMessage } from '../office/office-dialog';
import type { RoamingSettings } from '../office/roaming-settings';
import type { SharedItem } from '../office/shared-properties';
import { copyText } from './copy-text';
import type { PaneFlowDeps } from './pane-flows';
import type { PaneServices } from './pane-services';

export interface PaneServiceDeps {
  /** The flows' dependencies but the join block's work, which comes with the flows (pane-flows.ts). */
  flow: PaneFlowDeps;
  api: ApiClient;
  tokens: TokenProvider;
  roaming: RoamingSettings;
  /** The item's shared properties (shared-properties.ts currentSharedItem); none: the user's own calendar. */
  sharedItem?: () => Promise<SharedItem | undefined>;
}

export type PaneFlows = typeof import('./pane-flows');

export function createPaneServices(
  { flow, api, tokens, roaming, sharedItem }: PaneServiceDeps,
  loadFlows: () => Promise<PaneFlows> = () => import('./pane-flows'),
): PaneServices {
  let loading: Promise<PaneFlows> | undefined;
  const flows = (): Promise<PaneFlows> => {
    loading ??= loadFlows().catch((thrown: unknown) => {
      // Tried again on next use: a chunk that failed to arrive may arrive later.
      loading = undefined;
      throw thrown;
    });
    return loading;
  };
  // Office opens dialogs only on the add-in's origin: they start at auth-dialog.html and go on to the
  // backend's page, which is the only one whose message these flows accept.
  const openDialog = (url: string) =>
    openDialogForMessage(dialogStartUrl(url, window.location.href), { height: 70, width: 40, expectedOrigins: [new URL(url).origin] });
  return {
    signInNeeded: () => tokens.signInNeeded?.() ?? false,
    async signIn() {
      await tokens.getToken({ interactive: true });
    },
    async loadMe() {
      // Rejects with sign_in_required before anything is loaded when the user must sign in first.
      await tokens.getToken();
      // Reported where a flow is used; unobserved here so an early failure is not "unhandled".
      flows().catch(() => undefined);
      const me = await api.getMe();
      // The launch event on new appointments reads the cached copy; a failure to cache must not block the pane.
      await (await flows()).cacheSettings(roaming, me.settings).catch(() => undefined);
      return me;
    },
    calendarOwner: async () => (await sharedItem?.())?.owner,
    async loadDelegation() {
      const shared = await sharedItem?.();
      if (!shared) return undefined;
      return { owner: shared.owner, status: await api.getDelegation(shared.owner) };
    },
    findMeeting: async () => (await (await flows()).findMeetingOnItem(flow, flow.joinLinkHosts ?? []))?.meetingId,
    getMeeting: (id) => api.getMeeting(id),
    addMeeting: async (options, alternateHosts) => (await flows()).addMeeting(flow, options, alternateHosts),
    alternateHosts: async (meetingId) => (await flows()).readAlternateHosts(flow, meetingId),
    saveAlternateHosts: async (meetingId, alternateHosts) => (await flows()).saveAlternateHosts(flow, meetingId, alternateHosts),
    syncState: (meetingId) => api.getSyncState(meetingId),
    retrySync: (meetingId) => api.retrySync(meetingId),
    meetingChoices: () => api.meetingChoices(),
    templateOptions: (id) => api.templateOptions(id),
    async removeMeeting() {
      await (await flows()).removeMeeting(flow);
    },
    changeOptions: (id, options) => api.updateMeeting(id, { options }),
    async updateFromItem() {
      const result = await (await flows()).updateMeetingFromItem(flow);
      return result.status === 'updated' ? result.meeting : undefined;
    },
    connectWebex: async () => (await flows()).linkWebex({ api, openDialog }),
    webexAccount: () => api.webexAccount(),
    disconnectWebex: () => api.unlinkWebex(),
    startCalendarAuthorization: async () => (await flows()).startCalendarAuthorization({ api }),
    authorizeCalendar: async (url) => (await flows()).completeCalendarAuthorization({ openDialog }, url),
    withdrawCalendarAuthorization: () => api.unlinkMicrosoft(),
    saveSettings: async (update) => (await flows()).saveSettings({ api, roaming }, update),
    copyText,
    onAppointmentChanged: (listener) => listen(['time', 'recurrence'], listener),
    onAttendeesChanged: (listener) => listen(['recipients'], listener),
  };
}

/** Listens to item events while the pane is open; returns a function that stops listening. */
function listen(changes: readonly ItemChange[], listener: () => void): () => void {
  let stop: (() => Promise<void>) | undefined;
  let stopped = false;
  onItemChanged(changes, () => listener())
    .then((s) => {
      if (stopped) void s();
      else stop = s;
    })
    // Without item events the pane still works; the backend reconciles after the save.
    .catch(() => undefined);
  return () => {
    stopped = true;
    void stop?.().catch(() => undefined);
  };
}
