/**
 * The draft of a Webex meeting as the add-in sends it, and what Webex accepts of it. Pure (no I/O,
 * no project imports) so that the add-in can check a draft before sending it and the backend checks
 * it again before anything is created.
 *
 * Limits come from the Webex Meetings API (webex-meeting.json, POST /meetings):
 * - `title` "can be a maximum of 128 characters long". An Outlook subject may be longer (255);
 *   refusing would leave the user unable to add a meeting to such an appointment, so the title sent
 *   to Webex is the subject cut to 128 characters (the last one an ellipsis). An empty subject gives
 *   the title "Webex meeting": Webex requires a title, and people add the meeting before typing one.
 * - "Duration between start and end cannot be shorter than 10 minutes or longer than 23 hours 59
 *   minutes", and start and end are "accurate to minutes" (seconds are dropped).
 * - "`start` cannot be before current date and time".
 * - `timezone` is an IANA name; Outlook often gives a Windows name, which is mapped.
 * - `joinBeforeHostMinutes`: "Valid options for a meeting are 0, 5, 10, and 15", "only applicable if
 *   the `enabledJoinBeforeHost` attribute is set to true".
 * - `siteUrl` and `templateId` are Create-only (PatchMeetingObject has neither): they cannot change
 *   later. `audioConnectionOptions` and `unlockedMeetingJoinSecurity` can.
 * - `audioConnectionType`: webexAudio (computer or phone), VoIP (computer only), other (another
 *   teleconference service); `none` is not offered (it means "the default", which leaving the
 *   option out already does).
 * - personal room meetings support neither `integrationTags` nor `enabledAutoRecordMeeting`.
 * - recurrence: see normalizeRecurrenceRule.
 * - `invitees`: "The maximum size of invitees is 1000" (see invitees.ts).
 */
import { parseInvitees, type Invitee, type InviteeInput } from './invitees';
import { resolveTimeZone } from './time-zones';

export const WEBEX_TITLE_MAX_LENGTH = 128;
export const MIN_MEETING_MINUTES = 10;
export const MAX_MEETING_MINUTES = 23 * 60 + 59;
export const DEFAULT_MEETING_TITLE = 'Webex meeting';
export const JOIN_BEFORE_HOST_MINUTES = [0, 5, 10, 15] as const;
/** Webex does not document a maximum; long enough for any site's complexity rules, short enough to refuse junk. */
export const MAX_PASSWORD_LENGTH = 64;
/** How far in the past a start may be and still be accepted, for the clock skew between us and Webex. */
export const PAST_START_GRACE_MS = 60_000;

export type MeetingType = 'scheduled' | 'personalRoom';
export const AUDIO_TYPES = ['webexAudio', 'VoIP', 'other'] as const;
export type AudioType = (typeof AUDIO_TYPES)[number];
/** Who may join an unlocked meeting without an invitation (Webex's unlockedMeetingJoinSecurity). */
export const LOBBY_RULES = ['allowJoin', 'allowJoinWithLobby', 'blockFromJoin'] as const;
export type LobbyRule = (typeof LOBBY_RULES)[number];

/** How attendees connect audio, and the dial-in shown to them (Webex's audioConnectionOptions). */
export interface MeetingAudio {
  type: AudioType;
  /** Show toll-free call-in numbers (phone audio only). */
  tollFree: boolean;
  /** Show global call-in numbers (phone audio only). */
  globalCallIn: boolean;
}
export type JoinBeforeHostMinutes = (typeof JOIN_BEFORE_HOST_MINUTES)[number];

export interface MeetingOptions {
  type: MeetingType;
  /** A password chosen by the user; Webex generates one when absent. */
  password?: string;
  joinBeforeHost: boolean;
  joinBeforeHostMinutes: JoinBeforeHostMinutes;
  autoRecord: boolean;
  /** The Webex site to create on; absent: the user's preferred site. Create only. */
  siteUrl?: string;
  /** The meeting template to create from. Create only. */
  templateId?: string;
  /** Absent: the site's default. */
  audio?: MeetingAudio;
  /** Absent: the site's default. */
  lobby?: LobbyRule;
}

/** What the add-in sends (the JSON body of POST /api/meetings). */
export interface MeetingDraftInput {
  subject?: string;
  /** ISO 8601 with an offset or Z, e.g. "2026-11-24T09:00:00-08:00". */
  start: string;
  end: string;
  /** IANA ("America/Los_Angeles") or Windows ("Pacific Standard Time") name. */
  timeZone: string;
  isAllDay?: boolean;
  /** RRULE, e.g. "FREQ=WEEKLY;BYDAY=MO;COUNT=10"; null or absent for a single meeting. */
  recurrence?: string | null;
  options?: Partial<MeetingOptions>;
  /** The appointment's attendees to invite (the organizer and rooms left out), alternate hosts marked. */
  invitees?: InviteeInput[];
}

/** A draft Webex will accept. */
export interface MeetingDraft {
  /** The subject, trimmed (what the user typed; never logged). */
  subject: string;
  /** What Webex gets as `title`: the subject cut to Webex's limit, or the default title. */
  title: string;
  /** UTC, to the minute: "2026-11-24T17:00:00.000Z". */
  start: string;
  end: string;
  /** IANA name. */
  timeZone: string;
  recurrence?: string;
  options: MeetingOptions;
  /** Each address once, at most 1000; absent when there are none. */
  invitees?: Invitee[];
}

export type DraftErrorCode =
  | 'invalid_draft'
  | 'invalid_subject'
  | 'invalid_start'
  | 'invalid_end'
  | 'end_before_start'
  | 'all_day_not_supported'
  | 'meeting_too_short'
  | 'meeting_too_long'
  | 'meeting_in_past'
  | 'unknown_time_zone'
  | 'invalid_recurrence'
  | 'invalid_options'
  | 'invalid_invitees'
  | 'too_many_invitees';

export interface DraftIssue {
  code: DraftErrorCode;
  /** The input field at fault ("start", "options.password", ...). */
  field: string;
  /** A plain sentence for people; code is what programs use. */
  message: string;
}

export type DraftResult = { ok: true; draft: MeetingDraft } | { ok: false; issue: DraftIssue };

export interface DraftContext {
  /** When given, a start before now (less a minute's grace) is refused with 'meeting_in_past'. */
  now?: Date;
  /** Options the user did not give (from their settings). */
  defaults?: Partial<MeetingOptions>;
}

/**
 * What a change touches. 'time' is the start or end instant; 'timeZone' is a zone named by the
 * change that differs from the current draft's (a meeting read back from Webex is rendered in
 * UTC unless asked otherwise, so its own zone is not known: naming a zone counts as changing it).
 */
export type DraftChange = 'subject' | 'time' | 'timeZone' | 'recurrence' | 'options';

export type DraftChangeResult = { ok: true; draft: MeetingDraft; changed: DraftChange[] } | { ok: false; issue: DraftIssue };

const DRAFT_KEYS: readonly string[] = ['subject', 'start', 'end', 'timeZone', 'isAllDay', 'recurrence', 'options', 'invitees'];
const OPTION_KEYS: readonly string[] = [
  'type',
  'password',
  'joinBeforeHost',
  'joinBeforeHostMinutes',
  'autoRecord',
  'siteUrl',
  'templateId',
  'audio',
  'lobby',
];
// A host name such as "example.webex.com".
const SITE_URL = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
// Webex's template ids are base64: no spaces, no path characters.
const TEMPLATE_ID = /^[A-Za-z0-9_=+-]{1,512}$/;
const BUILT_IN_DEFAULTS: MeetingOptions = { type: 'scheduled', joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false };

// ISO 8601 date-time with an explicit offset: a time without one is ambiguous across time zones.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function fail(code: DraftErrorCode, field: string, message: string): { ok: false; issue: DraftIssue } {
  return { ok: false, issue: { code, field, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses an ISO 8601 instant with an offset, refusing impossible dates such as February 30. */
export function parseInstant(text: string): Date | undefined {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const offset = m[7] as string;
  if (offset.toUpperCase() !== 'Z' && (Number(offset.slice(1, 3)) > 18 || Number(offset.slice(-2)) > 59)) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Webex keeps start and end to the minute; so do we, so that what we check is what Webex sees. */
function toMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/**
 * The title Webex gets for a subject: trimmed, line breaks and other control characters turned
 * into spaces, cut to 128 UTF-16 units (never inside a surrogate pair) with an ellipsis, or the
 * default title when nothing is left.
 */
export function webexTitle(subject: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean === '') return DEFAULT_MEETING_TITLE;
  if (clean.length <= WEBEX_TITLE_MAX_LENGTH) return clean;
  let cut = WEBEX_TITLE_MAX_LENGTH - 1;
  const last = clean.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${clean.slice(0, cut).trimEnd()}…`;
}

function parseOptions(raw: unknown, defaults: MeetingOptions): { ok: true; options: MeetingOptions } | { ok: false; issue: DraftIssue } {
  if (raw === undefined || raw === null) return parseOptions({}, defaults);
  if (!isRecord(raw)) return fail('invalid_options', 'options', 'Options must be an object.');
  for (const key of Object.keys(raw)) {
    if (!OPTION_KEYS.includes(key)) return fail('invalid_options', `options.${key}`, `"${key}" is not a meeting option.`);
  }
  const options: MeetingOptions = { ...defaults };
  if (raw.type !== undefined) {
    if (raw.type !== 'scheduled' && raw.type !== 'personalRoom') {
      return fail('invalid_options', 'options.type', 'The meeting type must be "scheduled" or "personalRoom".');
    }
    options.type = raw.type;
  }
  if (raw.password !== undefined) {
    if (
      typeof raw.password !== 'string' ||
      raw.password.trim() === '' ||
      raw.password.length > MAX_PASSWORD_LENGTH ||
      /\s/.test(raw.password)
    ) {
      return fail('invalid_options', 'options.password', `The password must be 1 to ${MAX_PASSWORD_LENGTH} characters without spaces.`);
    }
    options.password = raw.password;
  }
  for (const key of ['joinBeforeHost', 'autoRecord'] as const) {
    if (raw[key] !== undefined) {
      if (typeof raw[key] !== 'boolean') return fail('invalid_options', `options.${key}`, `"${key}" must be true or false.`);
      options[key] = raw[key];
    }
  }
  if (raw.joinBeforeHostMinutes !== undefined) {
    const minutes = raw.joinBeforeHostMinutes;
    if (!(JOIN_BEFORE_HOST_MINUTES as readonly unknown[]).includes(minutes)) {
      return fail('invalid_options', 'options.joinBeforeHostMinutes', 'Attendees may join 0, 5, 10 or 15 minutes before the host.');
    }
    if (!options.joinBeforeHost && minutes !== 0) {
      return fail(
        'invalid_options',
        'options.joinBeforeHostMinutes',
        'Minutes before the host apply only when joining before the host is allowed.',
      );
    }
    options.joinBeforeHostMinutes = minutes as JoinBeforeHostMinutes;
  }
  if (!options.joinBeforeHost) options.joinBeforeHostMinutes = 0;
  if (raw.siteUrl !== undefined) {
    if (typeof raw.siteUrl !== 'string' || !SITE_URL.test(raw.siteUrl))
      return fail('invalid_options', 'options.siteUrl', 'The site must be a Webex site address such as "example.webex.com".');
    options.siteUrl = raw.siteUrl.toLowerCase();
  }
  if (raw.templateId !== undefined) {
    if (typeof raw.templateId !== 'string' || !TEMPLATE_ID.test(raw.templateId))
      return fail('invalid_options', 'options.templateId', 'The template must be a Webex meeting template id.');
    if (options.type === 'personalRoom')
      return fail('invalid_options', 'options.templateId', 'A personal room meeting is not made from a template.');
    options.templateId = raw.templateId;
  }
  if (raw.audio !== undefined) {
    const audio = parseAudio(raw.audio, options.audio);
    if (!audio)
      return fail(
        'invalid_options',
        'options.audio',
        'The audio must be { type: "webexAudio" | "VoIP" | "other", tollFree?: boolean, globalCallIn?: boolean }.',
      );
    options.audio = audio;
  }
  if (raw.lobby !== undefined) {
    if (typeof raw.lobby !== 'string' || !(LOBBY_RULES as readonly string[]).includes(raw.lobby)) {
      return fail('invalid_options', 'options.lobby', 'The lobby must be "allowJoin", "allowJoinWithLobby" or "blockFromJoin".');
    }
    options.lobby = raw.lobby as LobbyRule;
  }
  if (options.type === 'personalRoom' && options.autoRecord) {
    // A default (the user's "record automatically" setting) gives way; an explicit request is refused.
    if (raw.autoRecord === true) {
      return fail('invalid_options', 'options.autoRecord', 'Webex does not record personal room meetings automatically.');
    }
    options.autoRecord = false;
  }
  return { ok: true, options };
}

/** Checks a draft from the add-in and returns what Webex will accept, or the first problem found. */
export function validateMeetingDraft(input: unknown, context: DraftContext = {}): DraftResult {
  if (!isRecord(input)) return fail('invalid_draft', 'body', 'The meeting draft must be a JSON object.');
  for (const key of Object.keys(input)) {
    if (!DRAFT_KEYS.includes(key)) return fail('invalid_draft', key, `"${key}" is not part of a meeting draft.`);
  }
  if (input.isAllDay !== undefined && typeof input.isAllDay !== 'boolean') {
    return fail('invalid_draft', 'isAllDay', '"isAllDay" must be true or false.');
  }
  if (input.isAllDay === true) {
    return fail('all_day_not_supported', 'isAllDay', 'Webex meetings cannot be all-day events; give the appointment a start and end time.');
  }
  if (input.subject !== undefined && input.subject !== null && typeof input.subject !== 'string') {
    return fail('invalid_subject', 'subject', 'The subject must be text.');
  }
  const subject = typeof input.subject === 'string' ? input.subject.trim() : '';

  const start = typeof input.start === 'string' ? parseInstant(input.start) : undefined;
  if (!start) return fail('invalid_start', 'start', 'The start must be a date and time with a UTC offset (ISO 8601).');
  const end = typeof input.end === 'string' ? parseInstant(input.end) : undefined;
  if (!end) return fail('invalid_end', 'end', 'The end must be a date and time with a UTC offset (ISO 8601).');

  if (typeof input.timeZone !== 'string') return fail('unknown_time_zone', 'timeZone', 'The time zone is missing.');
  const timeZone = resolveTimeZone(input.timeZone);
  if (!timeZone) return fail('unknown_time_zone', 'timeZone', 'The time zone is neither an IANA nor a Windows time zone name.');

  const startMinute = toMinute(start);
  const endMinute = toMinute(end);
  const minutes = (endMinute.getTime() - startMinute.getTime()) / 60_000;
  if (minutes <= 0) return fail('end_before_start', 'end', 'The meeting must end after it starts.');
  if (minutes < MIN_MEETING_MINUTES) {
    return fail('meeting_too_short', 'end', `Webex meetings last at least ${MIN_MEETING_MINUTES} minutes.`);
  }
  if (minutes > MAX_MEETING_MINUTES) {
    return fail('meeting_too_long', 'end', 'Webex meetings last at most 23 hours 59 minutes.');
  }
  if (context.now && start.getTime() < context.now.getTime() - PAST_START_GRACE_MS) {
    return fail('meeting_in_past', 'start', 'Webex cannot schedule a meeting that starts in the past.');
  }

  let recurrence: string | undefined;
  if (input.recurrence !== undefined && input.recurrence !== null) {
    if (typeof input.recurrence !== 'string') return fail('invalid_recurrence', 'recurrence', 'The recurrence must be an RRULE string.');
    const rule = normalizeRecurrenceRule(input.recurrence);
    if (!rule.ok) {
      return fail(
        'invalid_recurrence',
        'recurrence',
        `Webex cannot repeat a meeting this way (${rule.problem.part}: ${rule.problem.reason}).`,
      );
    }
    recurrence = rule.rule;
  }

  const options = parseOptions(input.options, { ...BUILT_IN_DEFAULTS, ...context.defaults });
  if (!options.ok) return options;

  const invitees = parseInvitees(input.invitees);
  if (!invitees.ok) return fail(invitees.code, 'invitees', invitees.message);

  return {
    ok: true,
    draft: {
      subject,
      title: webexTitle(subject),
      start: startMinute.toISOString(),
      end: endMinute.toISOString(),
      timeZone,
      ...(recurrence !== undefined ? { recurrence } : {}),
      options: options.options,
      ...(invitees.invitees.length > 0 ? { invitees: invitees.invitees } : {}),
    },
  };
}

/** The audio named, over what the meeting (or the defaults) has; undefined when it is not one. */
function parseAudio(raw: unknown, base: MeetingAudio | undefined): MeetingAudio | undefined {
  if (!isRecord(raw)) return undefined;
  for (const key of Object.keys(raw)) if (!['type', 'tollFree', 'globalCallIn'].includes(key)) return undefined;
  const type = raw.type ?? base?.type;
  if (typeof type !== 'string' || !(AUDIO_TYPES as readonly string[]).includes(type)) return undefined;
  const tollFree = raw.tollFree ?? base?.tollFree ?? true;
  const globalCallIn = raw.globalCallIn ?? base?.globalCallIn ?? true;
  if (typeof tollFree !== 'boolean' || typeof globalCallIn !== 'boolean') return undefined;
  return { type: type as AudioType, tollFree, globalCallIn };
}

function sameAudio(a: MeetingAudio | undefined, b: MeetingAudio | undefined): boolean {
  return (
    a === b || (a !== undefined && b !== undefined && a.type === b.type && a.tollFree === b.tollFree && a.globalCallIn === b.globalCallIn)
  );
}

function sameOptions(a: MeetingOptions, b: MeetingOptions): boolean {
  return (
    a.type === b.type &&
    a.password === b.password &&
    a.joinBeforeHost === b.joinBeforeHost &&
    a.joinBeforeHostMinutes === b.joinBeforeHostMinutes &&
    a.autoRecord === b.autoRecord &&
    sameAudio(a.audio, b.audio) &&
    a.lobby === b.lobby
  );
}

/**
 * Applies a partial change (the body of PATCH /api/meetings/:id: any of subject, start, end,
 * timeZone, recurrence — null removes it — and options) to a meeting's current draft, checks the
 * result exactly as a new draft, and says what changed. The meeting type cannot change: Webex
 * keeps personal room and scheduled meetings apart.
 */
export function applyMeetingChanges(current: MeetingDraft, changes: unknown, context: DraftContext = {}): DraftChangeResult {
  if (!isRecord(changes)) return fail('invalid_draft', 'body', 'The changes must be a JSON object.');
  for (const key of Object.keys(changes)) {
    if (!DRAFT_KEYS.includes(key)) return fail('invalid_draft', key, `"${key}" is not part of a meeting draft.`);
  }
  // A meeting's invitees change on their own (PUT /api/meetings/:id/invitees), after Webex's list.
  if (changes.invitees !== undefined) return fail('invalid_draft', 'invitees', 'Invitees are changed on their own, not with the meeting.');
  if (changes.options !== undefined && changes.options !== null && !isRecord(changes.options)) {
    return fail('invalid_options', 'options', 'Options must be an object.');
  }
  const optionChanges = isRecord(changes.options) ? changes.options : {};
  if (optionChanges.type !== undefined && optionChanges.type !== current.options.type) {
    return fail('invalid_options', 'options.type', 'The meeting type cannot change; remove the meeting and add a new one.');
  }
  // Webex sets the site and the template when it creates the meeting only (PatchMeetingObject has neither).
  if (
    optionChanges.siteUrl !== undefined &&
    (typeof optionChanges.siteUrl !== 'string' || optionChanges.siteUrl.toLowerCase() !== current.options.siteUrl)
  ) {
    return fail('invalid_options', 'options.siteUrl', 'The Webex site cannot change; remove the meeting and add a new one.');
  }
  if (optionChanges.templateId !== undefined) {
    return fail(
      'invalid_options',
      'options.templateId',
      'A meeting is made from a template when it is added; its options can be changed one by one.',
    );
  }
  const timeChanged = changes.start !== undefined || changes.end !== undefined;
  const merged: Record<string, unknown> = {
    subject: changes.subject !== undefined ? changes.subject : current.subject,
    start: changes.start !== undefined ? changes.start : current.start,
    end: changes.end !== undefined ? changes.end : current.end,
    timeZone: changes.timeZone !== undefined ? changes.timeZone : current.timeZone,
    recurrence: changes.recurrence !== undefined ? changes.recurrence : (current.recurrence ?? null),
    options: optionChanges,
    ...(changes.isAllDay !== undefined ? { isAllDay: changes.isAllDay } : {}),
  };
  const result = validateMeetingDraft(merged, {
    // An unchanged time may already have passed (the meeting is under way); only a new time must be ahead.
    now: timeChanged ? context.now : undefined,
    defaults: current.options,
  });
  if (!result.ok) return result;
  const draft = result.draft;
  const changed: DraftChange[] = [];
  if (changes.subject !== undefined && draft.title !== current.title) changed.push('subject');
  if (draft.start !== current.start || draft.end !== current.end) changed.push('time');
  if (changes.timeZone !== undefined && draft.timeZone !== current.timeZone) changed.push('timeZone');
  if ((draft.recurrence ?? null) !== (current.recurrence ?? null)) changed.push('recurrence');
  if (!sameOptions(draft.options, current.options)) changed.push('options');
  return { ok: true, draft, changed };
}

/*
 * Recurrence: the subset of RFC 5545 RRULEs that Webex schedules faithfully. Webex documents that
 * for monthly and yearly rules "multiple days or dates ... are not supported, only the first ... is
 * taken" (webex-meeting.json, POST /meetings `recurrence`): such a rule would make Webex's series
 * differ from Outlook's, so it is refused rather than passed on.
 */

export type RecurrenceFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** Why a rule was refused, for logs and tests; the API reports the single code 'invalid_recurrence'. */
export interface RecurrenceRuleProblem {
  part: string;
  reason: string;
}

export type RecurrenceRuleResult = { ok: true; rule: string } | { ok: false; problem: RecurrenceRuleProblem };

const FREQUENCIES: readonly string[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const ALLOWED_PARTS: readonly string[] = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS'];
// Canonical order of the normalized rule, so equal rules compare equal as strings.
const PART_ORDER: readonly string[] = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'COUNT', 'UNTIL'];
const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
// Outlook's relative patterns: first to fourth, or last (-1).
const ORDINAL_WEEKDAY = /^(-1|\+?[1-4])?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})(T(\d{2})(\d{2})(\d{2})Z?)?$/;

function problem(part: string, reason: string): RecurrenceRuleResult {
  return { ok: false, problem: { part, reason } };
}

function positiveInteger(value: string, max: number): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= max;
}

function validUntil(value: string): boolean {
  const m = UNTIL.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  if (m[4] === undefined) return true;
  return Number(m[5]) < 24 && Number(m[6]) < 60 && Number(m[7]) < 60;
}

/**
 * Checks an RRULE ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10", with or without the "RRULE:" prefix) and
 * returns it normalized: upper case, no prefix, parts in a fixed order, INTERVAL spelled out.
 */
export function normalizeRecurrenceRule(input: string): RecurrenceRuleResult {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (text === '') return problem('rule', 'empty');
  const parts = new Map<string, string>();
  for (const piece of text.split(';')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) return problem(piece, 'not KEY=VALUE');
    const key = piece.slice(0, eq).trim().toUpperCase();
    const value = piece
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (!ALLOWED_PARTS.includes(key)) return problem(key, 'not supported by Webex');
    if (parts.has(key)) return problem(key, 'given twice');
    if (value === '') return problem(key, 'empty');
    parts.set(key, value);
  }

  const freq = parts.get('FREQ');
  if (freq === undefined) return problem('FREQ', 'missing');
  if (!FREQUENCIES.includes(freq)) return problem('FREQ', 'not DAILY, WEEKLY, MONTHLY or YEARLY');
  const single = freq === 'MONTHLY' || freq === 'YEARLY';

  const interval = parts.get('INTERVAL');
  if (interval !== undefined && !positiveInteger(interval, 99)) return problem('INTERVAL', 'not a whole number from 1 to 99');
  const count = parts.get('COUNT');
  if (count !== undefined && !positiveInteger(count, 10_000)) return problem('COUNT', 'not a positive whole number');
  const until = parts.get('UNTIL');
  if (until !== undefined && !validUntil(until)) return problem('UNTIL', 'not a date (YYYYMMDD or YYYYMMDDTHHMMSSZ)');
  if (count !== undefined && until !== undefined) return problem('COUNT', 'COUNT and UNTIL together');

  const byDay = parts.get('BYDAY');
  const bySetPos = parts.get('BYSETPOS');
  if (byDay !== undefined) {
    const days = byDay.split(',');
    const shape = single ? ORDINAL_WEEKDAY : WEEKDAY;
    if (!days.every((d) => shape.test(d))) return problem('BYDAY', single ? 'not a list of weekdays' : 'not a list of plain weekdays');
    if (new Set(days).size !== days.length) return problem('BYDAY', 'a weekday given twice');
    // Webex keeps only the first weekday of a monthly or yearly BYDAY (its OpenAPI description), so
    // "the last weekday of the month" (BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1) would silently become
    // "the last Monday": refuse it rather than schedule something else.
    if (single && days.length > 1) return problem('BYDAY', 'Webex takes one weekday for monthly and yearly rules');
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  if (byMonthDay !== undefined) {
    if (!single) return problem('BYMONTHDAY', 'only with FREQ=MONTHLY or YEARLY');
    if (!/^(-1|[1-9]|[12]\d|3[01])$/.test(byMonthDay)) return problem('BYMONTHDAY', 'one day of the month, 1 to 31 or -1');
  }
  const byMonth = parts.get('BYMONTH');
  if (byMonth !== undefined) {
    if (freq !== 'YEARLY') return problem('BYMONTH', 'only with FREQ=YEARLY');
    if (!/^([1-9]|1[0-2])$/.test(byMonth)) return problem('BYMONTH', 'one month, 1 to 12');
  }
  if (byDay !== undefined && byMonthDay !== undefined) return problem('BYMONTHDAY', 'BYDAY and BYMONTHDAY together');
  if (bySetPos !== undefined) {
    if (!single || byDay === undefined) return problem('BYSETPOS', 'only with a monthly or yearly BYDAY');
    if (!/^(-1|[1-4])$/.test(bySetPos)) return problem('BYSETPOS', 'one of 1, 2, 3, 4 or -1');
  }

  // One spelling per rule, so that equal rules compare equal: INTERVAL always, no "+" or leading zeros.
  parts.set('INTERVAL', String(Number(interval ?? '1')));
  if (count !== undefined) parts.set('COUNT', String(Number(count)));
  if (byDay !== undefined) parts.set('BYDAY', byDay.replace(/\+/g, ''));
  const rule = PART_ORDER.filter((key) => parts.has(key))
    .map((key) => `${key}=${parts.get(key)}`)
    .join(';');
  return { ok: true, rule };
}
