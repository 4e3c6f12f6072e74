/**
 * The wire format of /api between the Outlook add-in and the backend (src/server/http: me-routes,
 * meeting-routes, meeting-sync-routes, webex-link-routes, admin-authorization-routes, join-block-routes): in core,
 * because the add-in and the backend import nothing of each other but must agree on it (as the
 * Teams tab's contract does, teams-api-types.ts). Meeting drafts and changes are core/meeting-draft.ts.
 */
import type { JoinBlockDetails, JoinBlockOnBody } from './join-block';
import type { AudioType, JoinBeforeHostMinutes, LobbyRule, MeetingAudio, MeetingOptions, MeetingType } from './meeting-draft';

/** Every answer of the API that is not a success: clients branch on `code`. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/** A user's meeting preferences (GET /api/me, PUT /api/me/settings). */
export interface UserSettings {
  /** What "Add Webex meeting" creates: a scheduled meeting or one in the user's personal room. */
  defaultMeetingType: MeetingType;
  /** Show the meeting password in the invitation (Webex `excludePassword` is its negation). */
  password: boolean;
  /** Let attendees join before the host. */
  joinBeforeHost: boolean;
  /** How early they may join (Webex: 0, 5, 10 or 15 minutes), when they may. */
  joinBeforeHostMinutes: JoinBeforeHostMinutes;
  /** How attendees connect audio; 'default': as the Webex site does. */
  audio: 'default' | AudioType;
  /** Who joins directly and who waits in the lobby; 'default': as the Webex site does. */
  lobby: 'default' | LobbyRule;
  /** The Webex site new meetings go to (a site address, not personal); '': the user's preferred site. */
  siteUrl: string;
  /** The meeting template new meetings start from (a Webex template id); '': none. */
  templateId: string;
  /** Record scheduled meetings automatically (Webex cannot for personal room meetings). */
  autoRecord: boolean;
  /** The add-in adds a Webex meeting to every new appointment (event-based activation). */
  addToEveryNewMeeting: boolean;
  /**
   * "Let my Outlook delegates add Webex meetings for me": in individual mode a delegate's meeting is
   * made with this user's own Webex grant (Webex lets only admins schedule for someone else), so
   * the user must say so. Off by default; admin mode does not need it.
   */
  allowDelegates: boolean;
}

export const DEFAULT_USER_SETTINGS: Readonly<UserSettings> = {
  defaultMeetingType: 'scheduled',
  password: true,
  joinBeforeHost: false,
  joinBeforeHostMinutes: 0,
  audio: 'default',
  lobby: 'default',
  siteUrl: '',
  templateId: '',
  autoRecord: false,
  addToEveryNewMeeting: false,
  allowDelegates: false,
};

/** How the backend reads the user's calendar: the organization's authorization, the user's own, or nobody's yet. */
export type CalendarAccess = 'organization' | 'user' | 'required';
/** Who creates the Webex meetings: the organization's Webex account (admin mode) or the user's linked one. */
export type WebexScheduling = 'organization' | 'personal';
/** What the user must do, in this order: connect Webex, then let the backend follow their calendar. */
export type RequiredAction = 'link_webex' | 'authorize_calendar';

/** GET /api/me. */
export interface MeResponse {
  tenantId: string;
  userId: string;
  /** 'admin': an admin authorized the app for the whole tenant; 'individual': each user authorizes; 'none': neither yet. */
  tenantMode: 'admin' | 'individual' | 'none';
  webexLinked: boolean;
  /** Absent from backends older than the authorization modes; see src/addin/flows/next-required-action.ts. */
  calendarAccess?: CalendarAccess;
  webexScheduling?: WebexScheduling;
  /** What the user must do, in order: 'link_webex' (POST /api/webex/link), 'authorize_calendar' (POST /api/microsoft/link). */
  requiredActions?: RequiredAction[];
  settings: UserSettings;
  /**
   * What the user's organization set on the admin page, used where the user's own settings leave
   * a choice open (settings.templateId ''): the meeting template new meetings start from ('': none).
   * Absent from older backends.
   */
  organizationDefaults?: OrganizationDefaults;
}

/** The organization's defaults for its users' new meetings (GET /api/me). */
export interface OrganizationDefaults {
  /** A Webex meeting template id; '': none. */
  templateId: string;
}

/** What a calendar's owner still has to do before (link_webex, allow_delegates) or after (authorize_calendar) a delegate's meeting. */
export type OwnerAction = 'link_webex' | 'allow_delegates' | 'authorize_calendar';

/** GET /api/delegation: whose calendar a delegate works in, and whether a meeting can be made there. */
export interface DelegationStatus {
  owner: { userId: string; displayName?: string };
  webexScheduling: WebexScheduling;
  /** A meeting can be made now (nothing before it is missing). */
  ready: boolean;
  /** In order; 'authorize_calendar' alone means meetings can be made but later edits are not followed. */
  ownerActions: OwnerAction[];
}

/** The linked Webex account (GET /api/webex/account, POST /api/webex/link/complete): its email as Webex gives it, read when asked, never stored. */
export interface WebexAccount {
  email?: string;
}

/** Answer of POST /api/microsoft/link: followed at once, not needed (admin mode), or a page to open in a dialog. */
export type MicrosoftLinkResponse = { status: 'linked' | 'not_required' } | { status: 'consent_required'; url: string };

export interface CallInNumber {
  label?: string;
  callInNumber?: string;
  tollType?: string;
}

/**
 * What the API answers about a meeting: everything the join block needs (the fields
 * src/core/join-block's joinDetailsFromWebexMeeting reads), never the host key nor the host.
 */
export interface MeetingDetails {
  id: string;
  meetingSeriesId?: string;
  meetingNumber?: string;
  title: string;
  start?: string;
  end?: string;
  timezone?: string;
  recurrence: string | null;
  webLink?: string;
  siteUrl?: string;
  sipAddress?: string;
  password?: string;
  /** The numeric password for phones and video systems. */
  phoneAndVideoSystemPassword?: string;
  /** The user asked for the password to stay out of the invitation. */
  excludePassword: boolean;
  telephony: { accessCode?: string; callInNumbers: CallInNumber[] } | null;
  options: {
    type: MeetingType;
    joinBeforeHost: boolean;
    joinBeforeHostMinutes: number;
    autoRecord: boolean;
    audio?: MeetingAudio;
    lobby?: LobbyRule;
  };
}

/** Body of PATCH /api/meetings/:id (checked by core/meeting-draft.ts applyMeetingChanges). */
export interface MeetingChanges {
  subject?: string;
  start?: string;
  end?: string;
  timeZone?: string;
  recurrence?: string | null;
  options?: Partial<MeetingOptions>;
}

/** One of Webex's invitees of a meeting (GET and PUT /api/meetings/:id/invitees). */
export interface MeetingInvitee {
  email: string;
  displayName?: string;
  /** An alternate host. */
  coHost: boolean;
}

/** Why someone cannot be an alternate host: outside the host's Webex organization, the host themselves, or Webex could not say. */
export type AlternateHostRefusal = 'other_organization' | 'host' | 'not_checked';

/** POST /api/webex/alternate-hosts: whether Webex lets this person be an alternate host. */
export interface AlternateHostCandidate {
  email: string;
  eligible: boolean;
  reason?: AlternateHostRefusal;
}

/** Whether the Webex meeting is in step with the appointment (GET /api/meetings/:id/sync). */
export type SyncStatus = 'inStep' | 'outOfStep' | 'notLinked';

export interface SyncProblem {
  /** Why (meeting_too_long, webex_unauthorized, ...). */
  code: string;
  /** When the sync engine met it (ISO 8601). */
  at: string;
  /** For one occurrence of a series: its original start (ISO 8601, UTC). */
  occurrence?: string;
}

/** GET /api/meetings/:id/sync and POST /api/meetings/:id/sync/retry. */
export interface MeetingSyncState {
  status: SyncStatus;
  problems: SyncProblem[];
}

/** GET /api/webex/meeting-choices: the Webex sites the user hosts on and their meeting templates. */
export interface MeetingChoices {
  sites: Array<{ siteUrl: string; preferred: boolean }>;
  templates: Array<{ id: string; name: string; siteUrl: string; isDefault: boolean }>;
}

/** What a meeting template sets. */
export type TemplateOptions = Pick<MeetingOptions, 'joinBeforeHost' | 'joinBeforeHostMinutes' | 'autoRecord' | 'audio' | 'lobby'>;

/** GET /api/webex/templates/:id. */
export interface TemplateResponse {
  options: TemplateOptions;
}

/** An appointment body as Office.js reads and writes it. */
export type AppointmentBodyType = 'html' | 'text';

/**
 * The largest request of /api/join-block/*: a body with its join block must fit, and mail bodies
 * run to several MB (pasted images arrive inline). Larger ones are refused with 413 body_too_large.
 */
export const JOIN_BLOCK_REQUEST_LIMIT_BYTES = 8 * 1024 * 1024;

/** POST /api/join-block/find and /api/join-block/remove: a body, and the extra hosts of join links. */
export interface JoinBlockBodyRequest {
  body: string;
  bodyType: AppointmentBodyType;
  joinLinkHosts?: string[];
}

/** POST /api/join-block/find: the block in the body, if any. */
export interface JoinBlockFindResponse {
  block: JoinBlockOnBody | null;
}

/** POST /api/join-block/write: the block of these details, in Office's UI language. */
export interface JoinBlockWriteRequest extends JoinBlockBodyRequest {
  details: JoinBlockDetails;
  locale?: string;
}

/** POST /api/join-block/write and /api/join-block/remove: the body after; the same text when nothing changed. */
export interface JoinBlockEditResponse {
  body: string;
}
