/**
 * Meetings as Webex writes them on the wire (webex-meeting.json: MeetingSeriesObject for a
 * series, MeetingObjectForListMeeting for a scheduled meeting). Times are rendered in the zone
 * the caller picks: the meeting's own after create and update, the `timezone` request header (UTC
 * by default) on Get and List, as the spec says of that header. Pure.
 */
import type { MeetingSettings } from './meeting-input';
import { defaultAudioOptions, joinBeforeHostRule, siteOf, type Occurrence, type SeriesRecord } from './meeting-store';
import { formatInZone } from './meeting-time';

export interface ViewContext {
  /** Zone of the rendered start/end (and of the `timezone` field). */
  timeZone: string;
  /** The client asking: integrationTags are shown to the client that set them only. */
  clientId: string;
  nowMs: number;
}

export type MeetingJson = Record<string, unknown>;

const READY_BEFORE_MS = 15 * 60_000;

function settingsJson(settings: MeetingSettings): MeetingJson {
  const s = joinBeforeHostRule(settings);
  const out: MeetingJson = {
    title: s.title,
    password: s.password,
    enabledAutoRecordMeeting: s.enabledAutoRecordMeeting,
    allowAnyUserToBeCoHost: s.allowAnyUserToBeCoHost,
    enabledJoinBeforeHost: s.enabledJoinBeforeHost,
    enableConnectAudioBeforeHost: s.enableConnectAudioBeforeHost,
    joinBeforeHostMinutes: s.joinBeforeHostMinutes,
    excludePassword: s.excludePassword,
    publicMeeting: s.publicMeeting,
    reminderTime: s.reminderTime,
    unlockedMeetingJoinSecurity: s.unlockedMeetingJoinSecurity,
    enableAutomaticLock: s.enableAutomaticLock,
    allowFirstUserToBeCoHost: s.allowFirstUserToBeCoHost,
    allowAuthenticatedDevices: s.allowAuthenticatedDevices,
    enabledBreakoutSessions: s.enabledBreakoutSessions,
    audioConnectionOptions: { ...(s.audioConnectionOptions ?? defaultAudioOptions()) },
  };
  if (s.agenda !== undefined) out.agenda = s.agenda;
  if (s.automaticLockMinutes !== undefined) out.automaticLockMinutes = s.automaticLockMinutes;
  if (s.enabledWebcastView !== undefined) out.enabledWebcastView = s.enabledWebcastView;
  return out;
}

/**
 * Dial-in as the audio options allow: no number for computer audio only or another teleconference
 * service; the toll-free number only with enabledTollFreeCallIn, the global numbers' link only
 * with enabledGlobalCallIn.
 */
function telephonyJson(series: SeriesRecord, settings: MeetingSettings): MeetingJson {
  const audio = settings.audioConnectionOptions ?? defaultAudioOptions();
  // The spec requires `telephony` of every meeting: without phone audio it lists no numbers.
  if (audio.audioConnectionType === 'VoIP' || audio.audioConnectionType === 'other')
    return { accessCode: series.meetingNumber, callInNumbers: [], links: [] };
  return {
    accessCode: series.meetingNumber,
    callInNumbers: [
      { label: 'United States Toll', callInNumber: '+1-415-555-0100', tollType: 'toll' },
      ...(audio.enabledTollFreeCallIn ? [{ label: 'United States Toll Free', callInNumber: '+1-866-555-0100', tollType: 'tollFree' }] : []),
    ],
    links: audio.enabledGlobalCallIn
      ? [{ rel: 'globalCallinNumbers', href: `/v1/meetings/${series.id}/globalCallinNumbers`, method: 'GET' }]
      : [],
  };
}

function common(series: SeriesRecord, settings: MeetingSettings, ctx: ViewContext, startMs: number, endMs: number): MeetingJson {
  const telephony = telephonyJson(series, settings);
  const json: MeetingJson = {
    meetingNumber: series.meetingNumber,
    ...settingsJson(settings),
    phoneAndVideoSystemPassword: series.phoneAndVideoSystemPassword,
    timezone: ctx.timeZone,
    start: formatInZone(startMs, ctx.timeZone),
    end: formatInZone(endMs, ctx.timeZone),
    hostUserId: series.host.id,
    hostDisplayName: series.host.displayName,
    hostEmail: series.host.email,
    hostKey: series.hostKey,
    siteUrl: siteOf(series),
    webLink: series.webLink,
    sipAddress: series.sipAddress,
    dialInIpAddress: '192.0.2.10',
    sessionTypeId: series.sessionTypeId,
    scheduledType: series.scheduledType,
    telephony,
    meetingOptions: {
      enabledChat: true,
      enabledVideo: true,
      enabledPolling: false,
      enabledNote: true,
      noteType: 'allowAll',
      enabledFileTransfer: false,
      enabledUCFRichMedia: false,
    },
    attendeePrivileges: {
      enabledShareContent: true,
      enabledSaveDocument: false,
      enabledPrintDocument: false,
      enabledAnnotate: false,
      enabledViewParticipantList: true,
      enabledViewThumbnails: false,
      enabledRemoteControl: true,
      enabledViewAnyDocument: false,
      enabledViewAnyPage: false,
      enabledContactOperatorPrivately: false,
      enabledChatHost: true,
      enabledChatPresenter: true,
      enabledChatOtherParticipants: true,
    },
  };
  const tags = series.tags.get(ctx.clientId);
  if (tags && tags.length) json.integrationTags = [...tags];
  return json;
}

/**
 * A meeting series. `upcoming` is its occurrence on now or next (none: the series has ended);
 * with `current` the series shows that occurrence's start and end, otherwise its first one's.
 */
export function seriesJson(series: SeriesRecord, ctx: ViewContext, upcoming: Occurrence | undefined, current = false): MeetingJson {
  const shown = current ? upcoming : undefined;
  const startMs = shown?.startMs ?? series.startMs;
  const endMs = shown?.endMs ?? series.startMs + series.durationMs;
  const json: MeetingJson = {
    id: series.id,
    ...common(series, series.settings, ctx, startMs, endMs),
    meetingType: 'meetingSeries',
    state: upcoming ? 'active' : 'expired',
  };
  if (series.recurrence) json.recurrence = series.recurrence.text;
  return orderKeys(json);
}

/** A scheduled meeting (one occurrence of a series). */
export function occurrenceJson(occ: Occurrence, ctx: ViewContext): MeetingJson {
  const o = occ.override;
  const settings: MeetingSettings = { ...occ.series.settings, ...(o?.settings ?? {}) };
  if (o?.title !== undefined) settings.title = o.title;
  if (o?.password !== undefined) settings.password = o.password;
  if (o?.agenda === null) delete settings.agenda;
  else if (o?.agenda !== undefined) settings.agenda = o.agenda;
  let state = 'scheduled';
  if (occ.endMs <= ctx.nowMs) state = 'missed';
  else if (occ.startMs - READY_BEFORE_MS <= ctx.nowMs) state = 'ready';
  return orderKeys({
    id: occ.id,
    meetingSeriesId: occ.series.id,
    ...common(occ.series, settings, ctx, occ.startMs, occ.endMs),
    meetingType: 'scheduledMeeting',
    state,
    isModified: o !== undefined,
  });
}

const ORDER = [
  'id',
  'meetingSeriesId',
  'scheduledMeetingId',
  'meetingNumber',
  'title',
  'agenda',
  'password',
  'phoneAndVideoSystemPassword',
  'meetingType',
  'state',
  'isModified',
  'timezone',
  'start',
  'end',
  'recurrence',
];

/** Webex's field order (id, meetingNumber, title, ... as in the spec's examples); cosmetic, for readable dumps. */
function orderKeys(json: MeetingJson): MeetingJson {
  const out: MeetingJson = {};
  for (const k of ORDER) if (k in json) out[k] = json[k];
  for (const [k, v] of Object.entries(json)) if (!(k in out)) out[k] = v;
  return out;
}
