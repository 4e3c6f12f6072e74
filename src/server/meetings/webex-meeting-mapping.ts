/**
 * Between a checked draft (src/core/meeting-draft.ts) and Webex's meeting object
 * (webex-meeting.json, MeetingSeriesObject): the body we send, the draft a stored meeting stands
 * for, and the details the add-in writes into the appointment.
 */
import {
  DEFAULT_MEETING_TITLE,
  AUDIO_TYPES,
  JOIN_BEFORE_HOST_MINUTES,
  LOBBY_RULES,
  normalizeRecurrenceRule,
  parseInstant,
  type DraftChange,
  type JoinBeforeHostMinutes,
  type LobbyRule,
  type MeetingAudio,
  type MeetingDraft,
  type MeetingOptions,
  type MeetingType,
} from '../../core/meeting-draft';
import { formatInTimeZone } from '../../core/time-zones';
import type { MeetingDetails } from '../../core/api-types';

/**
 * Marks the meetings this product creates, so it can find them again (GET /meetings?integrationTag=).
 * It identifies the product only: nothing about the user or the event (tags are visible to anyone
 * who can read the meeting). Webex allows three tags of up to 64 characters.
 */
export const INTEGRATION_TAG = 'webex-scheduler-for-outlook';

/** The fields of a Webex meeting this product reads. */
export interface WebexMeetingView {
  id: string;
  meetingSeriesId?: string;
  meetingNumber?: string;
  title?: string;
  password?: string;
  phoneAndVideoSystemPassword?: string;
  meetingType?: string;
  state?: string;
  timezone?: string;
  start?: string;
  end?: string;
  recurrence?: string;
  siteUrl?: string;
  webLink?: string;
  sipAddress?: string;
  scheduledType?: string;
  enabledAutoRecordMeeting?: boolean;
  enabledJoinBeforeHost?: boolean;
  joinBeforeHostMinutes?: number;
  unlockedMeetingJoinSecurity?: string;
  audioConnectionOptions?: { audioConnectionType?: string; enabledTollFreeCallIn?: boolean; enabledGlobalCallIn?: boolean };
  excludePassword?: boolean;
  telephony?: {
    accessCode?: string;
    callInNumbers?: Array<{ label?: string; callInNumber?: string; tollType?: string }>;
  };
}

/** What POST /meetings gets. */
export interface WebexMeetingCreateBody {
  title: string;
  start: string;
  end: string;
  timezone: string;
  recurrence?: string;
  scheduledType: 'meeting' | 'personalRoomMeeting';
  password?: string;
  enabledJoinBeforeHost: boolean;
  joinBeforeHostMinutes?: number;
  enabledAutoRecordMeeting?: boolean;
  excludePassword: boolean;
  siteUrl?: string;
  templateId?: string;
  audioConnectionOptions?: WebexAudioBody;
  unlockedMeetingJoinSecurity?: LobbyRule;
  integrationTags?: string[];
  /** The appointment's attendees (alternate hosts marked); Webex sends them nothing (sendEmail false). */
  invitees?: Array<{ email: string; displayName?: string; coHost: boolean }>;
  sendEmail: boolean;
  /** Admin mode: the user the organization's token schedules for (needs the admin scheduling scope). */
  hostEmail?: string;
}

/** What PATCH /meetings/{id} gets: only what changed. `recurrence: null` ends the series. */
export interface WebexMeetingPatchBody {
  title?: string;
  start?: string;
  end?: string;
  timezone?: string;
  recurrence?: string | null;
  password?: string;
  enabledJoinBeforeHost?: boolean;
  joinBeforeHostMinutes?: number;
  enabledAutoRecordMeeting?: boolean;
  audioConnectionOptions?: WebexAudioBody;
  unlockedMeetingJoinSecurity?: LobbyRule;
  sendEmail: boolean;
  /** Admin mode: whose meeting it is (the organization's token acts for that host). */
  hostEmail?: string;
}

/** The audio fields sent to Webex (audioConnectionOptions). */
export interface WebexAudioBody {
  audioConnectionType: MeetingAudio['type'];
  enabledTollFreeCallIn: boolean;
  enabledGlobalCallIn: boolean;
}

function audioBody(audio: MeetingAudio): WebexAudioBody {
  return { audioConnectionType: audio.type, enabledTollFreeCallIn: audio.tollFree, enabledGlobalCallIn: audio.globalCallIn };
}

/** The audio and lobby options as Webex has them (unknown values left out: the site's default stands). */
export function audioAndLobby(meeting: Omit<WebexMeetingView, 'id'>): Pick<MeetingOptions, 'audio' | 'lobby'> {
  const a = meeting.audioConnectionOptions;
  const type = a?.audioConnectionType;
  const lobby = meeting.unlockedMeetingJoinSecurity;
  return {
    ...(type !== undefined && (AUDIO_TYPES as readonly string[]).includes(type)
      ? // Not said (a template that names only the type): shown, as the site's default is, on.
        {
          audio: {
            type: type as MeetingAudio['type'],
            tollFree: a?.enabledTollFreeCallIn !== false,
            globalCallIn: a?.enabledGlobalCallIn !== false,
          },
        }
      : {}),
    ...(lobby !== undefined && (LOBBY_RULES as readonly string[]).includes(lobby) ? { lobby: lobby as LobbyRule } : {}),
  };
}

// Webex answers start and end in the meeting's zone with its offset; so do we ask.
function local(isoUtc: string, timeZone: string): string {
  return formatInTimeZone(new Date(isoUtc), timeZone);
}

export function toWebexCreateBody(draft: MeetingDraft, extra: { excludePassword: boolean }): WebexMeetingCreateBody {
  const { options } = draft;
  const personalRoom = options.type === 'personalRoom';
  return {
    title: draft.title,
    start: local(draft.start, draft.timeZone),
    end: local(draft.end, draft.timeZone),
    timezone: draft.timeZone,
    ...(draft.recurrence !== undefined ? { recurrence: draft.recurrence } : {}),
    scheduledType: personalRoom ? 'personalRoomMeeting' : 'meeting',
    ...(options.password !== undefined ? { password: options.password } : {}),
    enabledJoinBeforeHost: options.joinBeforeHost,
    ...(options.joinBeforeHost ? { joinBeforeHostMinutes: options.joinBeforeHostMinutes } : {}),
    ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
    ...(options.templateId !== undefined && !personalRoom ? { templateId: options.templateId } : {}),
    ...(options.audio !== undefined ? { audioConnectionOptions: audioBody(options.audio) } : {}),
    ...(options.lobby !== undefined ? { unlockedMeetingJoinSecurity: options.lobby } : {}),
    // Webex supports neither for personal room meetings (POST /meetings, scheduledType).
    ...(personalRoom ? {} : { enabledAutoRecordMeeting: options.autoRecord, integrationTags: [INTEGRATION_TAG] }),
    // Nor invitees ("The meeting ID of a scheduled personal room meeting is not supported" by /meetingInvitees).
    ...(personalRoom || !draft.invitees?.length
      ? {}
      : {
          invitees: draft.invitees.map((i) => ({
            email: i.email,
            ...(i.displayName ? { displayName: i.displayName } : {}),
            coHost: i.coHost,
          })),
        }),
    excludePassword: extra.excludePassword,
    // Outlook sends the invitation; Webex must not send its own.
    sendEmail: false,
  };
}

export function toWebexPatchBody(draft: MeetingDraft, changed: readonly DraftChange[]): WebexMeetingPatchBody {
  const body: WebexMeetingPatchBody = { sendEmail: false };
  if (changed.includes('subject')) body.title = draft.title;
  // Start and end are instants with their offset, so they mean the same whatever zone Webex keeps
  // for the meeting; the zone itself is sent only when the change names one.
  if (changed.includes('time') || changed.includes('timeZone')) {
    body.start = local(draft.start, draft.timeZone);
    body.end = local(draft.end, draft.timeZone);
  }
  if (changed.includes('timeZone')) body.timezone = draft.timeZone;
  if (changed.includes('recurrence')) body.recurrence = draft.recurrence ?? null;
  if (changed.includes('options')) {
    const { options } = draft;
    if (options.password !== undefined) body.password = options.password;
    body.enabledJoinBeforeHost = options.joinBeforeHost;
    if (options.joinBeforeHost) body.joinBeforeHostMinutes = options.joinBeforeHostMinutes;
    if (options.type === 'scheduled') body.enabledAutoRecordMeeting = options.autoRecord;
    if (options.audio !== undefined) body.audioConnectionOptions = audioBody(options.audio);
    if (options.lobby !== undefined) body.unlockedMeetingJoinSecurity = options.lobby;
  }
  return body;
}

function meetingType(meeting: WebexMeetingView): MeetingType {
  return meeting.scheduledType === 'personalRoomMeeting' ? 'personalRoom' : 'scheduled';
}

/** The options a meeting template sets (DetailedTemplateObject.meeting): what the pane presets when it is chosen. */
export function templateOptions(
  meeting: Omit<WebexMeetingView, 'id'> | undefined,
): Pick<MeetingOptions, 'joinBeforeHost' | 'joinBeforeHostMinutes' | 'autoRecord' | 'audio' | 'lobby'> {
  const joinBeforeHost = meeting?.enabledJoinBeforeHost === true;
  return {
    joinBeforeHost,
    joinBeforeHostMinutes: joinBeforeHost && meeting ? joinMinutes(meeting) : 0,
    autoRecord: meeting?.enabledAutoRecordMeeting === true,
    ...(meeting ? audioAndLobby(meeting) : {}),
  };
}

function joinMinutes(meeting: Omit<WebexMeetingView, 'id'>): JoinBeforeHostMinutes {
  const m = meeting.joinBeforeHostMinutes;
  return (JOIN_BEFORE_HOST_MINUTES as readonly number[]).includes(m ?? -1) ? (m as JoinBeforeHostMinutes) : 0;
}

/**
 * The draft an existing Webex meeting stands for, as the base of a change (PATCH). Undefined when
 * Webex's answer lacks the times or the zone (it always has them). Note that Get a Meeting
 * renders times in the zone of its `timezone` request header, UTC by default, not in the zone the
 * meeting was scheduled in: the draft's timeZone is that rendering zone.
 */
export function draftFromWebexMeeting(meeting: WebexMeetingView): MeetingDraft | undefined {
  const start = meeting.start ? parseInstant(meeting.start) : undefined;
  const end = meeting.end ? parseInstant(meeting.end) : undefined;
  if (!start || !end || !meeting.timezone) return undefined;
  const rule = meeting.recurrence ? normalizeRecurrenceRule(meeting.recurrence) : undefined;
  const title = meeting.title ?? DEFAULT_MEETING_TITLE;
  const joinBeforeHost = meeting.enabledJoinBeforeHost === true;
  return {
    subject: title,
    title,
    start: start.toISOString(),
    end: end.toISOString(),
    timeZone: meeting.timezone,
    ...(rule?.ok ? { recurrence: rule.rule } : meeting.recurrence ? { recurrence: meeting.recurrence } : {}),
    options: {
      type: meetingType(meeting),
      ...(meeting.password !== undefined ? { password: meeting.password } : {}),
      joinBeforeHost,
      joinBeforeHostMinutes: joinBeforeHost ? joinMinutes(meeting) : 0,
      autoRecord: meeting.enabledAutoRecordMeeting === true,
      ...(meeting.siteUrl !== undefined ? { siteUrl: meeting.siteUrl.toLowerCase() } : {}),
      ...audioAndLobby(meeting),
    },
  };
}

/** The details the add-in writes into the appointment. Picks fields one by one: the host key never leaves. */
export function toMeetingDetails(meeting: WebexMeetingView): MeetingDetails {
  const joinBeforeHost = meeting.enabledJoinBeforeHost === true;
  return {
    id: meeting.id,
    ...(meeting.meetingSeriesId !== undefined ? { meetingSeriesId: meeting.meetingSeriesId } : {}),
    ...(meeting.meetingNumber !== undefined ? { meetingNumber: meeting.meetingNumber } : {}),
    title: meeting.title ?? DEFAULT_MEETING_TITLE,
    ...(meeting.start !== undefined ? { start: meeting.start } : {}),
    ...(meeting.end !== undefined ? { end: meeting.end } : {}),
    ...(meeting.timezone !== undefined ? { timezone: meeting.timezone } : {}),
    recurrence: meeting.recurrence ?? null,
    ...(meeting.webLink !== undefined ? { webLink: meeting.webLink } : {}),
    ...(meeting.siteUrl !== undefined ? { siteUrl: meeting.siteUrl } : {}),
    ...(meeting.sipAddress !== undefined ? { sipAddress: meeting.sipAddress } : {}),
    ...(meeting.password !== undefined ? { password: meeting.password } : {}),
    ...(meeting.phoneAndVideoSystemPassword !== undefined ? { phoneAndVideoSystemPassword: meeting.phoneAndVideoSystemPassword } : {}),
    excludePassword: meeting.excludePassword === true,
    telephony: meeting.telephony
      ? {
          ...(meeting.telephony.accessCode !== undefined ? { accessCode: meeting.telephony.accessCode } : {}),
          callInNumbers: (meeting.telephony.callInNumbers ?? []).map((n) => ({
            label: n.label,
            callInNumber: n.callInNumber,
            tollType: n.tollType,
          })),
        }
      : null,
    options: {
      type: meetingType(meeting),
      joinBeforeHost,
      joinBeforeHostMinutes: joinBeforeHost ? joinMinutes(meeting) : 0,
      autoRecord: meeting.enabledAutoRecordMeeting === true,
      ...audioAndLobby(meeting),
    },
  };
}
