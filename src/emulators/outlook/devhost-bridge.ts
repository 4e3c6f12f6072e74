/**
 * The contract between the Outlook dev host (devhost.html) and the stand-in Office.js that
 * office-loader.js installs in each add-in window the host runs: the task pane frame, the hidden
 * function-file and launch-event frames, and dialog windows.
 *
 * Real Office.js on the web runs inside the add-in's frame and talks to Outlook through messages;
 * the stand-in does the same, through this bridge. The host publishes it on its own window under
 * DEVHOST_GLOBAL; an add-in window reaches it through `parent` (frames) or `opener` (dialogs),
 * which are same-origin because the host and the add-in are served by the same dev server.
 *
 * Everything that crosses the bridge is a JSON string. The two windows are different JavaScript
 * realms: an object, Date or Error made in the host would fail `instanceof` checks in the add-in
 * (and keep the host's objects alive from the frame), so each side parses what it receives into
 * its own realm's objects.
 */

/** Where the host publishes the bridge. Its presence on parent/opener is how a window knows it is hosted. */
export const DEVHOST_GLOBAL = '__wsoOutlookDevHost';

/** The bridge version; the loader refuses a host that speaks another. */
export const DEVHOST_BRIDGE_VERSION = 1;

/** Which add-in runtime a window is; decided by the host from the window, never claimed by it. */
export type RuntimeKind = 'taskpane' | 'function' | 'launchevent' | 'dialog';

/** Office's error triple, as AsyncResult.error carries it. */
export interface BridgeError {
  code: number;
  name: string;
  message: string;
}

/** The answer to one call: a JSON value or an Office error. */
export type BridgeResult = { ok: true; value?: unknown } | { ok: false; error: BridgeError };

export interface ThemeColors {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

/** What the stand-in needs synchronously, before Office.onReady: Office exposes these as plain properties. */
export interface HostContext {
  sessionId: string;
  kind: RuntimeKind;
  displayLanguage: string;
  theme: ThemeColors;
  /** Requirement sets and the highest version supported ("1.13"). */
  requirementSets: Record<string, string>;
  /** Undefined in dialogs, which have no mailbox. */
  mailbox?: {
    userProfile: { displayName: string; emailAddress: string; timeZone: string; accountType: string };
    hostVersion: string;
    /** The item being composed; the host keeps its state, the stand-in asks for it. */
    item: { itemType: 'appointment' };
    roamingSettings: Record<string, unknown>;
  };
  /** The add-in's origin, for dialogs' targetOrigin checks. */
  hostOrigin: string;
}

/** Events the host pushes to a window (JSON-encoded). */
export type BridgeEvent =
  | { type: 'itemEvent'; eventType: string; args: Record<string, unknown> }
  | { type: 'mailboxEvent'; eventType: string; args: Record<string, unknown> }
  | { type: 'dialogMessage'; dialogId: string; message: string; origin: string }
  | { type: 'dialogEvent'; dialogId: string; error: number }
  | { type: 'parentMessage'; message: string; origin: string }
  | { type: 'invokeAction'; invocationId: string; name: string; event: Record<string, unknown> };

/** What the host publishes under DEVHOST_GLOBAL. Arguments and answers are JSON strings. */
export interface DevHostBridge {
  version: number;
  /**
   * Registers a window and returns its HostContext (JSON), or undefined when the host did not open
   * that window (then the window is not hosted and must not act as if it were).
   */
  connect(window: Window, onEvent: (eventJson: string) => void): string | undefined;
  /** One Office call; resolves to a BridgeResult (JSON). */
  call(sessionId: string, method: string, argsJson: string): Promise<string>;
}

/** The calls the stand-in makes, by name. Kept in one list so the host's dispatch is checked against it. */
export type BridgeMethod =
  | 'item.get'
  | 'item.set'
  | 'body.get'
  | 'body.getType'
  | 'body.set'
  | 'body.prepend'
  | 'body.setSelected'
  | 'item.save'
  | 'item.getId'
  | 'item.getSharedProperties'
  | 'item.close'
  | 'customProperties.load'
  | 'customProperties.save'
  | 'notifications.add'
  | 'notifications.replace'
  | 'notifications.remove'
  | 'notifications.getAll'
  | 'handlers.add'
  | 'handlers.remove'
  | 'roamingSettings.save'
  | 'dialog.open'
  | 'dialog.close'
  | 'dialog.messageChild'
  | 'dialog.messageParent'
  | 'actions.associate'
  | 'actions.completed'
  | 'auth.getAccessToken';

/** The item fields reachable through item.get / item.set. */
export type ItemField =
  | 'subject'
  | 'start'
  | 'end'
  | 'location'
  | 'enhancedLocation'
  | 'requiredAttendees'
  | 'optionalAttendees'
  | 'organizer'
  | 'recurrence'
  | 'isAllDayEvent'
  | 'seriesId';

export function bridgeOk(value?: unknown): string {
  return JSON.stringify({ ok: true, value } satisfies BridgeResult);
}

export function bridgeFailure(error: BridgeError): string {
  return JSON.stringify({ ok: false, error } satisfies BridgeResult);
}

/** A recurrence as it crosses the bridge (Office's Recurrence without methods). */
export interface RecurrenceJson {
  recurrenceType: 'daily' | 'weekday' | 'weekly' | 'monthly' | 'yearly';
  recurrenceProperties: {
    interval?: number;
    days?: string[];
    dayOfMonth?: number;
    dayOfWeek?: string;
    weekNumber?: string;
    month?: string;
    firstDayOfWeek?: string;
  };
  /** Windows zone name; offset in minutes from UTC (standard time). */
  recurrenceTimeZone: { name: string; offset?: number };
  seriesTime: {
    /** YYYY-MM-DD */
    startDate: string;
    /** HH:mm (Office hands it out as "THH:mm:ss:mmm") */
    startTime: string;
    /** YYYY-MM-DD, or null for no end. */
    endDate: string | null;
    /** Minutes. */
    duration: number;
  };
}

/** Office's EmailAddressDetails. */
export interface EmailAddressJson {
  emailAddress: string;
  displayName: string;
  recipientType: string;
  appointmentResponse: string;
}

/** Office's NotificationMessageDetails as stored by the host. */
export interface NotificationJson {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}
