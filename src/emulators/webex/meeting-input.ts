/**
 * Reads the body of Create, Patch and Update a Meeting as Webex does (webex-meeting.json,
 * CreateMeetingObject / PatchMeetingObject / UpdateMeetingObject and their descriptions): types,
 * lengths, allowed values. Unknown fields are ignored, as the real API does. Pure: the checks that
 * need the stored meeting or the clock (start/end, recurrence) are in meeting-schedule.ts.
 */
import { badRequest } from './webex-error';

export type JoinSecurity = 'allowJoin' | 'allowJoinWithLobby' | 'blockFromJoin';
export type AudioConnectionType = 'webexAudio' | 'VoIP' | 'other' | 'none';
export type EntryAndExitTone = 'beep' | 'announceName' | 'noTone';

/** The meeting's `audioConnectionOptions` (CreateMeetingObject.audioConnectionOptions). */
export interface AudioConnectionOptions {
  audioConnectionType: AudioConnectionType;
  enabledTollFreeCallIn: boolean;
  enabledGlobalCallIn: boolean;
  enabledAudienceCallBack: boolean;
  entryAndExitTone: EntryAndExitTone;
  allowHostToUnmuteParticipants: boolean;
  allowAttendeeToUnmuteSelf: boolean;
  muteAttendeeUponEntry: boolean;
}

export const AUDIO_CONNECTION_TYPES: readonly AudioConnectionType[] = ['webexAudio', 'VoIP', 'other', 'none'];
const ENTRY_AND_EXIT_TONES: readonly EntryAndExitTone[] = ['beep', 'announceName', 'noTone'];
const AUDIO_BOOLEANS = [
  'enabledTollFreeCallIn',
  'enabledGlobalCallIn',
  'enabledAudienceCallBack',
  'allowHostToUnmuteParticipants',
  'allowAttendeeToUnmuteSelf',
  'muteAttendeeUponEntry',
] as const;
export type ScheduledType = 'meeting' | 'webinar' | 'personalRoomMeeting';

export interface Invitee {
  email: string;
  displayName?: string;
  coHost?: boolean;
  panelist?: boolean;
}

/** The settings of a meeting that an occurrence may override. */
export interface MeetingSettings {
  title: string;
  agenda?: string;
  password: string;
  enabledAutoRecordMeeting: boolean;
  allowAnyUserToBeCoHost: boolean;
  enabledJoinBeforeHost: boolean;
  enableConnectAudioBeforeHost: boolean;
  joinBeforeHostMinutes: number;
  excludePassword: boolean;
  publicMeeting: boolean;
  reminderTime: number;
  unlockedMeetingJoinSecurity: JoinSecurity;
  enableAutomaticLock: boolean;
  automaticLockMinutes?: number;
  allowFirstUserToBeCoHost: boolean;
  allowAuthenticatedDevices: boolean;
  enabledBreakoutSessions: boolean;
  enabledWebcastView?: boolean;
  audioConnectionOptions: AudioConnectionOptions;
}

/** What a request body says, field by field: absent fields are undefined; `null` clears where the spec allows it. */
export interface MeetingBody {
  title?: string;
  agenda?: string | null;
  password?: string;
  start?: string;
  end?: string;
  timezone?: string;
  recurrence?: string | null;
  hostEmail?: string;
  siteUrl?: string;
  scheduledType?: ScheduledType;
  sendEmail?: boolean;
  integrationTags?: string[] | null;
  invitees?: Invitee[];
  sessionTypeId?: number;
  /** Create only: the meeting template the meeting starts from (its settings, then the body's). */
  templateId?: string;
  /** The audio options the body names; the others keep their value (or their default). */
  audio?: Partial<AudioConnectionOptions>;
  settings: Partial<Omit<MeetingSettings, 'title' | 'agenda' | 'password' | 'audioConnectionOptions'>>;
}

export const TITLE_MAX = 128;
export const AGENDA_MAX = 1300;
export const INTEGRATION_TAGS_MAX = 3;
export const INTEGRATION_TAG_LENGTH_MAX = 64;
export const INVITEES_MAX = 1000;
const JOIN_BEFORE_HOST_MEETING = [0, 5, 10, 15];
const JOIN_BEFORE_HOST_WEBINAR = [0, 15, 30, 45, 60];

const BOOLEAN_SETTINGS = [
  'enabledAutoRecordMeeting',
  'allowAnyUserToBeCoHost',
  'enabledJoinBeforeHost',
  'enableConnectAudioBeforeHost',
  'excludePassword',
  'publicMeeting',
  'enableAutomaticLock',
  'allowFirstUserToBeCoHost',
  'allowAuthenticatedDevices',
  'enabledBreakoutSessions',
  'enabledWebcastView',
] as const;

type Json = Record<string, unknown>;

function typeError(field: string, expected: string) {
  return badRequest('meeting.field.invalidType', `The value of ${field} must be ${expected}.`);
}

function nullableStr(b: Json, field: string): string | null | undefined {
  const v = b[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw typeError(field, 'a string');
  return v;
}

/** A string field; `null` counts as absent where the spec does not allow clearing it. */
function str(b: Json, field: string): string | undefined {
  return nullableStr(b, field) ?? undefined;
}

function bool(b: Json, field: string): boolean | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(field, 'a boolean');
  return v;
}

function num(b: Json, field: string): number | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw typeError(field, 'a number');
  return v;
}

/**
 * A site's default password rules for meetings ("Must conform to the site's password complexity
 * settings"): 6 to 32 characters, at least one letter and one digit, no spaces.
 */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < 6 || password.length > 32 || /\s/.test(password) || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw badRequest(
      'meeting.password.invalid',
      `The ${field} does not meet the password requirements of the site: 6 to 32 characters with at least one letter and one digit and no spaces.`,
    );
  }
}

/**
 * Validates a request body. `mode` is create (POST), patch (PATCH) or put (PUT). Throws a 400
 * WebexError naming the first rule broken.
 */
export function readMeetingBody(raw: unknown, mode: 'create' | 'patch' | 'put'): MeetingBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest('meeting.body.invalid', 'The request body must be a JSON object.');
  }
  const b = raw as Json;
  const out: MeetingBody = { settings: {} };

  const title = str(b, 'title');
  if (title !== undefined) {
    if (title.trim() === '') throw badRequest('meeting.title.required', 'The meeting title cannot be empty.');
    if (title.length > TITLE_MAX)
      throw badRequest('meeting.title.tooLong', `The meeting title can be a maximum of ${TITLE_MAX} characters long.`);
    out.title = title;
  } else if (mode !== 'patch') {
    throw badRequest('meeting.title.required', 'The meeting title is required.');
  }

  const agenda = mode === 'create' ? str(b, 'agenda') : nullableStr(b, 'agenda');
  if (agenda !== undefined) {
    if (agenda !== null && agenda.length > AGENDA_MAX) {
      throw badRequest('meeting.agenda.tooLong', `The meeting agenda can be a maximum of ${AGENDA_MAX} characters long.`);
    }
    out.agenda = agenda;
  }

  const password = str(b, 'password');
  if (password !== undefined) {
    checkPassword(password);
    out.password = password;
  }
  const panelistPassword = str(b, 'panelistPassword');
  if (panelistPassword !== undefined) checkPassword(panelistPassword, 'panelistPassword');

  const start = str(b, 'start');
  const end = str(b, 'end');
  if (mode !== 'patch') {
    if (start === undefined || start.trim() === '') throw badRequest('meeting.start.required', 'The start of the meeting is required.');
    if (end === undefined || end.trim() === '') throw badRequest('meeting.end.required', 'The end of the meeting is required.');
  }
  if (start !== undefined) out.start = start;
  if (end !== undefined) out.end = end;

  const timezone = str(b, 'timezone');
  if (timezone !== undefined) out.timezone = timezone;

  const recurrence = nullableStr(b, 'recurrence');
  if (recurrence !== undefined) out.recurrence = recurrence === null || recurrence.trim() === '' ? null : recurrence;

  const hostEmail = str(b, 'hostEmail');
  if (hostEmail !== undefined && hostEmail.trim() !== '') out.hostEmail = hostEmail.trim();
  const siteUrl = str(b, 'siteUrl');
  if (siteUrl !== undefined && siteUrl.trim() !== '') out.siteUrl = siteUrl.trim();

  const scheduledType = str(b, 'scheduledType');
  if (scheduledType !== undefined) {
    if (!['meeting', 'webinar', 'personalRoomMeeting'].includes(scheduledType)) {
      throw badRequest('meeting.scheduledType.invalid', 'scheduledType must be meeting, webinar or personalRoomMeeting.');
    }
    out.scheduledType = scheduledType as ScheduledType;
  }

  const sendEmail = bool(b, 'sendEmail');
  if (sendEmail !== undefined) out.sendEmail = sendEmail;

  for (const key of BOOLEAN_SETTINGS) {
    const v = bool(b, key);
    if (v !== undefined) out.settings[key] = v;
  }

  const jbh = num(b, 'joinBeforeHostMinutes');
  if (jbh !== undefined) {
    const allowed = (out.scheduledType ?? 'meeting') === 'webinar' ? JOIN_BEFORE_HOST_WEBINAR : JOIN_BEFORE_HOST_MEETING;
    if (!allowed.includes(jbh)) {
      throw badRequest('meeting.joinBeforeHostMinutes.invalid', `joinBeforeHostMinutes must be one of ${allowed.join(', ')}.`);
    }
    out.settings.joinBeforeHostMinutes = jbh;
  }
  const reminderTime = num(b, 'reminderTime');
  if (reminderTime !== undefined) {
    if (!Number.isInteger(reminderTime) || reminderTime < 0 || reminderTime > 1440) {
      throw badRequest('meeting.reminderTime.invalid', 'reminderTime must be a whole number of minutes between 0 and 1440.');
    }
    out.settings.reminderTime = reminderTime;
  }
  const lockMinutes = num(b, 'automaticLockMinutes');
  if (lockMinutes !== undefined) {
    if (!Number.isInteger(lockMinutes) || lockMinutes < 0 || lockMinutes > 20) {
      throw badRequest('meeting.automaticLockMinutes.invalid', 'automaticLockMinutes must be a whole number between 0 and 20.');
    }
    out.settings.automaticLockMinutes = lockMinutes;
  }
  const opacity = num(b, 'visualWatermarkOpacity');
  if (opacity !== undefined && (opacity < 5 || opacity > 80)) {
    throw badRequest('meeting.visualWatermarkOpacity.invalid', 'visualWatermarkOpacity must be between 5 and 80, inclusive.');
  }
  const sessionTypeId = num(b, 'sessionTypeId');
  if (sessionTypeId !== undefined) out.sessionTypeId = sessionTypeId;

  const security = str(b, 'unlockedMeetingJoinSecurity');
  if (security !== undefined) {
    if (!['allowJoin', 'allowJoinWithLobby', 'blockFromJoin'].includes(security)) {
      throw badRequest(
        'meeting.unlockedMeetingJoinSecurity.invalid',
        'unlockedMeetingJoinSecurity must be allowJoin, allowJoinWithLobby or blockFromJoin.',
      );
    }
    out.settings.unlockedMeetingJoinSecurity = security as JoinSecurity;
  }

  if (mode === 'create') {
    const templateId = str(b, 'templateId');
    if (templateId !== undefined && templateId.trim() !== '') out.templateId = templateId.trim();
  }

  const audio = readAudioOptions(b.audioConnectionOptions);
  if (audio) {
    if (audio.enabledAudienceCallBack === true && out.scheduledType !== 'webinar') {
      throw badRequest(
        'meeting.audioConnectionOptions.enabledAudienceCallBack',
        'enabledAudienceCallBack can only be set true for a webinar.',
      );
    }
    out.audio = audio;
  }

  if (b.integrationTags !== undefined) {
    const tags = b.integrationTags;
    if (tags === null) {
      out.integrationTags = null;
    } else {
      if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw typeError('integrationTags', 'an array of strings');
      if (tags.length > INTEGRATION_TAGS_MAX) {
        throw badRequest('meeting.integrationTags.tooMany', `The maximum size of integrationTags is ${INTEGRATION_TAGS_MAX}.`);
      }
      if ((tags as string[]).some((t) => t.length > INTEGRATION_TAG_LENGTH_MAX)) {
        throw badRequest(
          'meeting.integrationTags.tooLong',
          `Each item of integrationTags can be a maximum of ${INTEGRATION_TAG_LENGTH_MAX} characters long.`,
        );
      }
      if ((tags as string[]).some((t) => t.trim() === ''))
        throw badRequest('meeting.integrationTags.empty', 'An integration tag cannot be empty.');
      out.integrationTags = [...new Set(tags as string[])];
    }
  }

  if (b.invitees !== undefined && b.invitees !== null) {
    if (!Array.isArray(b.invitees)) throw typeError('invitees', 'an array');
    if (b.invitees.length > INVITEES_MAX) throw badRequest('meeting.invitees.tooMany', `The maximum size of invitees is ${INVITEES_MAX}.`);
    out.invitees = b.invitees.map((i: unknown) => {
      if (typeof i !== 'object' || i === null) throw typeError('invitees', 'an array of objects');
      const inv = i as Json;
      if (typeof inv.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(inv.email)) {
        throw badRequest('meeting.invitees.invalid', 'Every invitee needs a valid email.');
      }
      return {
        email: inv.email,
        displayName: typeof inv.displayName === 'string' ? inv.displayName : undefined,
        coHost: typeof inv.coHost === 'boolean' ? inv.coHost : undefined,
        panelist: typeof inv.panelist === 'boolean' ? inv.panelist : undefined,
      };
    });
  }
  return out;
}

/** `audioConnectionOptions`: an object of the fields CreateMeetingObject lists, each of its type and values. */
function readAudioOptions(raw: unknown): Partial<AudioConnectionOptions> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw typeError('audioConnectionOptions', 'an object');
  const a = raw as Json;
  const out: Partial<AudioConnectionOptions> = {};
  const type = str(a, 'audioConnectionType');
  if (type !== undefined) {
    if (!(AUDIO_CONNECTION_TYPES as readonly string[]).includes(type)) {
      throw badRequest(
        'meeting.audioConnectionOptions.audioConnectionType.invalid',
        `audioConnectionType must be one of ${AUDIO_CONNECTION_TYPES.join(', ')}.`,
      );
    }
    out.audioConnectionType = type as AudioConnectionType;
  }
  const tone = str(a, 'entryAndExitTone');
  if (tone !== undefined) {
    if (!(ENTRY_AND_EXIT_TONES as readonly string[]).includes(tone)) {
      throw badRequest(
        'meeting.audioConnectionOptions.entryAndExitTone.invalid',
        `entryAndExitTone must be one of ${ENTRY_AND_EXIT_TONES.join(', ')}.`,
      );
    }
    out.entryAndExitTone = tone as EntryAndExitTone;
  }
  for (const key of AUDIO_BOOLEANS) {
    const v = bool(a, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
