/**
 * The Webex Meetings wire types the product uses, after the Webex OpenAPI spec
 * (test/fixtures/webex/webex-meeting.json.gz: CreateMeetingObject, PatchMeetingObject,
 * UpdateMeetingObject, MeetingSeriesObject, MeetingObjectForListMeeting, Person). Only the fields
 * the product reads or writes are typed; Webex sends more, and they are passed through untouched.
 */

export type WebexMeetingType = 'meetingSeries' | 'scheduledMeeting' | 'meeting';
export type WebexMeetingState = 'active' | 'scheduled' | 'ready' | 'lobby' | 'inProgress' | 'ended' | 'missed' | 'expired';
export type WebexScheduledType = 'meeting' | 'webinar' | 'personalRoomMeeting';

export interface WebexInvitee {
  email: string;
  displayName?: string;
  coHost?: boolean;
  panelist?: boolean;
}

/** Who may join when, and how: written by create, patch and replace, and read back on the meeting. */
interface WebexJoinSettings {
  enabledJoinBeforeHost?: boolean;
  joinBeforeHostMinutes?: number;
  excludePassword?: boolean;
  publicMeeting?: boolean;
  reminderTime?: number;
  unlockedMeetingJoinSecurity?: 'allowJoin' | 'allowJoinWithLobby' | 'blockFromJoin';
  audioConnectionOptions?: WebexAudioConnectionOptions;
}

/** Settings shared by create (POST), patch (PATCH) and replace (PUT). */
interface WebexMeetingSettings extends WebexJoinSettings {
  /** At most 128 characters. */
  title?: string;
  /** At most 1300 characters. */
  agenda?: string;
  password?: string;
  /** ISO 8601; with `timezone`, local wall time is meant. */
  start?: string;
  end?: string;
  /** IANA time zone name. */
  timezone?: string;
  /** RFC 2445 rule, e.g. FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE. */
  recurrence?: string;
  enabledAutoRecordMeeting?: boolean;
  allowAnyUserToBeCoHost?: boolean;
  enableConnectAudioBeforeHost?: boolean;
  sessionTypeId?: number;
  enableAutomaticLock?: boolean;
  automaticLockMinutes?: number;
  allowFirstUserToBeCoHost?: boolean;
  allowAuthenticatedDevices?: boolean;
  /** Whether Webex e-mails host and invitees; the product always says false (Outlook sends the invitation). */
  sendEmail?: boolean;
  /** Admin mode only: the host the meeting is scheduled for (needs the admin scheduling scopes). */
  hostEmail?: string;
  /** At most 3 tags of 64 characters; the product tags its meetings to find them again. */
  integrationTags?: string[];
}

/** A meeting's `audioConnectionOptions` (CreateMeetingObject): the fields the product reads and sets. */
export interface WebexAudioConnectionOptions {
  audioConnectionType?: 'webexAudio' | 'VoIP' | 'other' | 'none';
  enabledTollFreeCallIn?: boolean;
  enabledGlobalCallIn?: boolean;
  enabledAudienceCallBack?: boolean;
  entryAndExitTone?: 'beep' | 'announceName' | 'noTone';
  allowHostToUnmuteParticipants?: boolean;
  allowAttendeeToUnmuteSelf?: boolean;
  muteAttendeeUponEntry?: boolean;
}

/** Get Site List (GET /meetingPreferences/sites). */
export interface WebexSite {
  siteUrl: string;
  default: boolean;
}

/** List Meeting Templates (GET /meetings/templates): TemplateObject. */
export interface WebexMeetingTemplate {
  id: string;
  name: string;
  locale?: string;
  siteUrl: string;
  templateType: 'meeting' | 'webinar';
  isDefault: boolean;
  isStandard: boolean;
}

/** Get a Meeting Template: DetailedTemplateObject, with the meeting it creates. */
export interface WebexMeetingTemplateDetails extends WebexMeetingTemplate {
  meeting?: WebexMeetingSettings;
}

/** POST /meetings. */
export interface WebexCreateMeetingRequest extends WebexMeetingSettings {
  title: string;
  start: string;
  end: string;
  templateId?: string;
  scheduledType?: WebexScheduledType;
  invitees?: WebexInvitee[];
  siteUrl?: string;
}

/**
 * PATCH /meetings/{meetingId}: only the fields given change. `agenda: null` clears the agenda;
 * `recurrence: null` makes a series a single meeting (the spec: "agenda, recurrence, and
 * trackingCodes attributes can be specified as null").
 */
export type WebexPatchMeetingRequest = Omit<WebexMeetingSettings, 'agenda' | 'recurrence'> & {
  agenda?: string | null;
  recurrence?: string | null;
};

/** PUT /meetings/{meetingId}: the whole meeting; fields left out return to their defaults. */
export interface WebexReplaceMeetingRequest extends WebexMeetingSettings {
  title: string;
  start: string;
  end: string;
  password: string;
}

export interface WebexCallInNumber {
  label: string;
  callInNumber: string;
  tollType: 'toll' | 'tollFree';
}

export interface WebexTelephony {
  accessCode: string;
  callInNumbers: WebexCallInNumber[];
  links?: { rel: string; href: string; method: string }[];
}

/** GET/POST /meetings (MeetingSeriesObject) and PATCH/PUT/list (MeetingObjectForListMeeting). */
export interface WebexMeeting extends WebexJoinSettings {
  /** A series' id, or `<seriesId>_<UTC start>` for one occurrence of it. */
  id: string;
  /** Set on occurrences and instances: the series they belong to. */
  meetingSeriesId?: string;
  scheduledMeetingId?: string;
  meetingNumber?: string;
  title: string;
  agenda?: string;
  password: string;
  phoneAndVideoSystemPassword?: string;
  meetingType: WebexMeetingType;
  state: WebexMeetingState;
  isModified?: boolean;
  timezone: string;
  start: string;
  end: string;
  recurrence?: string;
  hostUserId: string;
  hostDisplayName: string;
  hostEmail: string;
  /** Never written into an event body (docs/architecture.md#service-facts). */
  hostKey: string;
  siteUrl: string;
  webLink: string;
  registerLink?: string;
  sipAddress?: string;
  dialInIpAddress?: string;
  scheduledType?: WebexScheduledType;
  telephony: WebexTelephony;
  integrationTags?: string[];
  enabledBreakoutSessions: boolean;
}

/** GET /meetings query parameters (strings, numbers and booleans as Webex reads them). */
export interface WebexListMeetingsQuery {
  meetingNumber?: string;
  webLink?: string;
  roomId?: string;
  meetingSeriesId?: string;
  /** Page size, at most 100; further pages are followed through the Link header. */
  max?: number;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  meetingType?: WebexMeetingType;
  state?: WebexMeetingState;
  scheduledType?: WebexScheduledType;
  isModified?: boolean;
  current?: boolean;
  hostEmail?: string;
  siteUrl?: string;
  integrationTag?: string;
}

/** GET /people/me. */
export interface WebexPerson {
  id: string;
  emails: string[];
  displayName?: string;
  firstName?: string;
  lastName?: string;
  orgId: string;
  timezone?: string;
  siteUrls?: string[];
  type?: 'person' | 'bot' | 'appuser';
}

/** GetInviteeObject: an invitee of a series or of one scheduled meeting. */
export interface WebexMeetingInvitee {
  /** `<seriesId>_<digits>` */
  id: string;
  email: string;
  displayName?: string;
  coHost?: boolean;
  panelist?: boolean;
  /** The series or scheduled meeting the invitee belongs to. */
  meetingId: string;
}

/** POST /meetingInvitees (CreateInviteeObject) without the meeting, and an item of bulkInsert. */
export interface WebexInviteeRequest {
  email: string;
  displayName?: string;
  coHost?: boolean;
  /** Default false here: Outlook sends the invitation. */
  sendEmail?: boolean;
}

/** The invitee calls of a meeting (/meetingInvitees) that both the sync engine and the invitee service make (WebexClient has them). */
export interface WebexInviteeCalls {
  listInvitees(token: string, meetingId: string, options?: { hostEmail?: string }): Promise<WebexMeetingInvitee[]>;
  createInvitee(
    token: string,
    meetingId: string,
    invitee: WebexInviteeRequest,
    options?: { hostEmail?: string },
  ): Promise<WebexMeetingInvitee>;
  bulkInsertInvitees(
    token: string,
    meetingId: string,
    invitees: readonly WebexInviteeRequest[],
    options?: { hostEmail?: string },
  ): Promise<WebexMeetingInvitee[]>;
  deleteInvitee(token: string, inviteeId: string, options?: { hostEmail?: string; sendEmail?: boolean }): Promise<void>;
}

/** Webex's error body: `{message, errors: [{description}], trackingId}`. */
export interface WebexErrorBody {
  message?: string;
  errors?: { description?: string; code?: string | number; errorCode?: string | number }[];
  trackingId?: string;
}
