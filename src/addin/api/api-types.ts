/**
 * The backend API as the add-in sees it (src/server/http: me-routes, meeting-routes,
 * webex-link-routes, admin-authorization-routes). Written out here because the add-in may not import the server; the
 * integration tests keep both sides honest.
 */
import type { AudioType, JoinBeforeHostMinutes, LobbyRule, MeetingAudio, MeetingDraftInput, MeetingOptions, MeetingType } from '../../core/meeting-draft';

export interface UserSettings {
  defaultMeetingType: MeetingType;
  /** Show the meeting password in the invitation. */
  password: boolean;
  joinBeforeHost: boolean;
  joinBeforeHostMinutes: JoinBeforeHostMinutes;
  /** 'default': as the Webex site sets it. */
  audio: 'default' | AudioType;
  /** Who joins directly and who waits in the lobby; 'default': as the Webex site sets it. */
  lobby: 'default' | LobbyRule;
  /** The Webex site new meetings go to; '': the preferred one. */
  siteUrl: string;
  /** The meeting template new meetings start from; '': none. */
  templateId: string;
  autoRecord: boolean;
  /** Add a Webex meeting to every new appointment (launch event). */
  addToEveryNewMeeting: boolean;
  /** "Let my Outlook delegates add Webex meetings for me" (individual mode: with this user's Webex account). */
  allowDelegates: boolean;
}

export const DEFAULT_SETTINGS: Readonly<UserSettings> = {
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

export interface MeResponse {
  tenantId: string;
  userId: string;
  tenantMode: 'admin' | 'individual' | 'none';
  webexLinked: boolean;
  /** Absent from backends older than the authorization modes; see next-required-action.ts. */
  calendarAccess?: CalendarAccess;
  webexScheduling?: WebexScheduling;
  requiredActions?: RequiredAction[];
  settings: UserSettings;
}

/** What a calendar's owner still has to do for a delegate's meetings (GET /api/delegation). */
export type OwnerAction = 'link_webex' | 'allow_delegates' | 'authorize_calendar';

/** GET /api/delegation: whose calendar a delegate works in, and whether a meeting can be made there. */
export interface DelegationStatus {
  owner: { userId: string; displayName?: string };
  webexScheduling: WebexScheduling;
  /** Nothing the owner must do before a meeting is missing. */
  ready: boolean;
  /** 'authorize_calendar': meetings can be made, but later edits are not followed until the owner authorizes. */
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

/** What the backend answers about a meeting; never the host key. */
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
  phoneAndVideoSystemPassword?: string;
  excludePassword: boolean;
  telephony: { accessCode?: string; callInNumbers: CallInNumber[] } | null;
  options: { type: MeetingType; joinBeforeHost: boolean; joinBeforeHostMinutes: number; autoRecord: boolean; audio?: MeetingAudio; lobby?: LobbyRule };
}

/** GET /api/webex/meeting-choices: the Webex sites the user hosts on and their meeting templates. */
export interface MeetingChoices {
  sites: Array<{ siteUrl: string; preferred: boolean }>;
  templates: Array<{ id: string; name: string; siteUrl: string; isDefault: boolean }>;
}

/** GET /api/webex/templates/:id: what a template sets. */
export type TemplateOptions = Pick<MeetingOptions, 'joinBeforeHost' | 'joinBeforeHostMinutes' | 'autoRecord' | 'audio' | 'lobby'>;

export type MeetingDraft = MeetingDraftInput;

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
  /** When the backend met it (ISO 8601). */
  at: string;
  /** For one occurrence of a series: its original start (ISO 8601). */
  occurrence?: string;
}

export interface MeetingSyncState {
  status: SyncStatus;
  problems: SyncProblem[];
}

/** Body of PATCH /api/meetings/:id. */
export interface MeetingChanges {
  subject?: string;
  start?: string;
  end?: string;
  timeZone?: string;
  recurrence?: string | null;
  options?: Partial<MeetingOptions>;
}
