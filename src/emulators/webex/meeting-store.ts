/**
 * The meetings a Webex site holds, with Webex's series model (webex-meeting.json, Create/Patch/
 * Delete a Meeting): every meeting is a series (a non-recurring one has one occurrence); an
 * occurrence's id is `<seriesId>_<yyyyMMddTHHmmssZ>` of its original UTC start and stays so when
 * the occurrence is moved; editing an occurrence makes an exception, deleting it cancels it; "if
 * the value of start, end, or recurrence for the meeting series is changed, any exceptional
 * scheduled meeting in this series is cancelled", so such a change drops exceptions and
 * cancellations and every occurrence follows the new pattern.
 *
 * Deleted series are kept (flagged) with their call log so tests can see what the product did.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { badRequest, WebexError } from './webex-error';
import { AudioConnectionOptions, MeetingBody, MeetingSettings, ScheduledType } from './meeting-input';
import { findTemplate } from './meeting-templates';
import type { StoredInvitee } from './meeting-invitees';
import { checkSchedule, checkTimeZone, MAX_DURATION_MS, parseMeetingTime } from './meeting-schedule';
import {
  BOUNDED_SERIES_HORIZON_MS,
  firstOccurrenceStart,
  isOccurrenceStart,
  occurrenceStarts,
  parseRecurrence,
  Recurrence,
  SeriesAnchor,
} from './meeting-recurrence';
import { parseUtcStamp, utcStamp, DAY_MS } from './meeting-time';

export interface MeetingHost {
  id: string;
  email: string;
  displayName: string;
  orgId: string;
  /** The host's preferred site: where a meeting goes when the request names none. */
  siteUrl: string;
  /** Every site the host hosts on (absent in worlds saved before sites: the preferred one only). */
  sites?: string[];
  timezone: string;
  personalRoom: { url: string; meetingNumber: string; sipAddress: string; hostKey: string };
}

export interface OccurrenceOverride {
  startMs: number;
  endMs: number;
  title?: string;
  /** null: cleared for this occurrence. */
  agenda?: string | null;
  password?: string;
  settings: Partial<MeetingSettings>;
  modifiedAt: number;
}

export interface CallLogEntry {
  at: string;
  method: string;
  operation:
    | 'create'
    | 'get'
    | 'list'
    | 'update'
    | 'replace'
    | 'delete'
    | 'listInvitees'
    | 'getInvitee'
    | 'createInvitees'
    | 'updateInvitee'
    | 'deleteInvitee';
  /** The id the request named (series or occurrence). */
  meetingId: string;
  target: 'series' | 'occurrence';
  status: number;
  /** The request's sendEmail (Webex's default is true). */
  sendEmail?: boolean;
  /** Emails Webex would have sent because of this call (0 when sendEmail=false). */
  emailsSent: number;
  clientId: string;
  /** Who acted: the host, or an admin/service token on the host's behalf. */
  actor: string;
  onBehalfOf?: string;
  /** Exceptions and cancellations dropped by a change of the series' time or pattern. */
  droppedExceptions?: number;
  /** Invitee calls: how many invitees the call created, changed or removed. */
  invitees?: number;
}

export interface SeriesRecord {
  id: string;
  host: MeetingHost;
  /** The client (integration or service app) that created it. */
  createdBy: string;
  meetingNumber: string;
  webLink: string;
  sipAddress: string;
  hostKey: string;
  phoneAndVideoSystemPassword: string;
  /** The site the meeting is on (absent in worlds saved before sites: the host's preferred one). */
  siteUrl?: string;
  scheduledType: ScheduledType;
  sessionTypeId: number;
  settings: MeetingSettings;
  timezone: string;
  /** Start of the first occurrence of the pattern. */
  startMs: number;
  durationMs: number;
  recurrence?: Recurrence;
  /** Occurrences of an ending rule after this instant are not created (5 years from scheduling). */
  horizonMs: number;
  /** integrationTags per client: "an integrationTag created by one client cannot be accessed ... by another client". */
  tags: Map<string, string[]>;
  /** Invited to the whole series (Create a Meeting's `invitees`, or /meetingInvitees naming the series). */
  invitees: StoredInvitee[];
  /**
   * Invited to one scheduled meeting only (/meetingInvitees naming an occurrence), by original UTC
   * stamp. Like exceptions, they go when the series' time or pattern changes.
   */
  occurrenceInvitees: Map<string, StoredInvitee[]>;
  /** By original UTC stamp. */
  exceptions: Map<string, OccurrenceOverride>;
  cancelled: Set<string>;
  createdAt: number;
  modifiedAt: number;
  deletedAt?: number;
  calls: CallLogEntry[];
}

export interface Occurrence {
  series: SeriesRecord;
  /** `<seriesId>_<stamp>` */
  id: string;
  stamp: string;
  originalStartMs: number;
  startMs: number;
  endMs: number;
  override?: OccurrenceOverride;
}

const ID = /^([0-9a-f]{32})(?:_(\d{8}T\d{6}Z))?$/;

/** An invitee with a fresh id, `<seriesId>_<7 digits>` as Webex shapes them, unique in its series. */
export function newInvitee(
  series: Pick<SeriesRecord, 'id' | 'invitees' | 'occurrenceInvitees'>,
  input: { email: string; displayName?: string; coHost?: boolean; panelist?: boolean },
): StoredInvitee {
  const taken = new Set([...(series.invitees ?? []), ...[...(series.occurrenceInvitees?.values() ?? [])].flat()].map((i) => i.id));
  let id: string;
  do id = `${series.id}_${randomInt(1_000_000, 10_000_000)}`;
  while (taken.has(id));
  return {
    id,
    email: input.email,
    displayName: input.displayName ?? input.email,
    coHost: input.coHost === true,
    panelist: input.panelist === true,
  };
}

export function defaultSettings(title: string, password: string): MeetingSettings {
  return {
    title,
    password,
    enabledAutoRecordMeeting: false,
    allowAnyUserToBeCoHost: false,
    enabledJoinBeforeHost: false,
    enableConnectAudioBeforeHost: false,
    joinBeforeHostMinutes: 0,
    excludePassword: false,
    publicMeeting: false,
    reminderTime: 10,
    unlockedMeetingJoinSecurity: 'allowJoin',
    enableAutomaticLock: false,
    allowFirstUserToBeCoHost: false,
    allowAuthenticatedDevices: false,
    enabledBreakoutSessions: false,
    audioConnectionOptions: defaultAudioOptions(),
  };
}

/** A site's audio defaults: computer and phone audio, with toll-free and global call-in numbers shown. */
export function defaultAudioOptions(): AudioConnectionOptions {
  return {
    audioConnectionType: 'webexAudio',
    enabledTollFreeCallIn: true,
    enabledGlobalCallIn: true,
    enabledAudienceCallBack: false,
    entryAndExitTone: 'beep',
    allowHostToUnmuteParticipants: false,
    allowAttendeeToUnmuteSelf: true,
    muteAttendeeUponEntry: true,
  };
}

/** The site a series is on. */
export function siteOf(series: Pick<SeriesRecord, 'siteUrl' | 'host'>): string {
  return series.siteUrl ?? series.host.siteUrl;
}

/**
 * "joinBeforeHostMinutes ... is only applicable if the enabledJoinBeforeHost attribute is set to
 * true", and so is enableConnectAudioBeforeHost (MeetingSeriesObject): without join before host
 * both are off.
 */
export function joinBeforeHostRule(settings: MeetingSettings): MeetingSettings {
  return settings.enabledJoinBeforeHost ? settings : { ...settings, joinBeforeHostMinutes: 0, enableConnectAudioBeforeHost: false };
}

function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/** A password that meets the site rules, like Webex's generated ones. */
export function generatePassword(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';
  const digits = '23456789';
  const all = letters + digits;
  let s = letters[randomInt(letters.length)] ?? 'a';
  s += digits[randomInt(digits.length)] ?? '2';
  for (let i = 0; i < 9; i++) s += all[randomInt(all.length)] ?? 'x';
  return s;
}

function applySettings(target: MeetingSettings, body: MeetingBody): void {
  Object.assign(target, body.settings);
  if (body.audio) target.audioConnectionOptions = { ...(target.audioConnectionOptions ?? defaultAudioOptions()), ...body.audio };
  Object.assign(target, joinBeforeHostRule(target));
  if (body.title !== undefined) target.title = body.title;
  if (body.password !== undefined) target.password = body.password;
  if (body.agenda === null) delete target.agenda;
  else if (body.agenda !== undefined) target.agenda = body.agenda;
}

export class MeetingStore {
  readonly series = new Map<string, SeriesRecord>();
  private readonly meetingNumbers = new Set<string>();

  clear(): void {
    this.series.clear();
    this.meetingNumbers.clear();
  }

  /** Replaces every series with saved ones (the emulator's state file, webex-snapshot.ts). */
  importData(series: SeriesRecord[]): void {
    this.clear();
    for (const s of series) {
      const copy = structuredClone(s);
      // Saved before invitees were kept by id: they get ids now.
      copy.occurrenceInvitees ??= new Map();
      // Saved before audio options were kept: the site's defaults.
      copy.settings.audioConnectionOptions ??= defaultAudioOptions();
      copy.invitees = (copy.invitees ?? []).map((i) => (i.id ? i : newInvitee(copy, i)));
      this.series.set(s.id, copy);
      if (s.scheduledType !== 'personalRoomMeeting') this.meetingNumbers.add(s.meetingNumber);
    }
  }

  anchor(s: SeriesRecord): SeriesAnchor {
    return { firstStartMs: s.startMs, timeZone: s.timezone, horizonMs: s.horizonMs };
  }

  private newMeetingNumber(): string {
    for (;;) {
      const n = `2${randomDigits(10)}`;
      if (!this.meetingNumbers.has(n)) {
        this.meetingNumbers.add(n);
        return n;
      }
    }
  }

  /** Reads start, end, timezone and recurrence of a create or update; returns the checked pattern. */
  private schedule(
    body: MeetingBody,
    base: { timezone: string; startMs?: number; endMs?: number; recurrence?: Recurrence },
    mode: 'create' | 'patch' | 'put',
    nowMs: number,
  ): { timezone: string; startMs: number; endMs: number; recurrence?: Recurrence } {
    const timezone = body.timezone ?? base.timezone;
    checkTimeZone(timezone);
    const startMs = body.start !== undefined ? parseMeetingTime('start', body.start, timezone) : base.startMs;
    const endMs = body.end !== undefined ? parseMeetingTime('end', body.end, timezone) : base.endMs;
    if (startMs === undefined || endMs === undefined)
      throw badRequest('meeting.start.required', 'The start and end of the meeting are required.');
    const checked = checkSchedule({
      startMs,
      endMs,
      startChanged: body.start !== undefined && Math.floor(startMs / 60_000) * 60_000 !== base.startMs,
      endChanged: body.end !== undefined && Math.floor(endMs / 60_000) * 60_000 !== base.endMs,
      nowMs,
    });
    let recurrence: Recurrence | undefined;
    if (body.recurrence === undefined) recurrence = mode === 'put' ? undefined : base.recurrence;
    else if (body.recurrence !== null) recurrence = parseRecurrence(body.recurrence);
    if (!recurrence) return { timezone, ...checked };
    // The rule decides the first occurrence (a weekly Monday rule moves a Tuesday start to Monday).
    const first = firstOccurrenceStart(recurrence, { firstStartMs: checked.startMs, timeZone: timezone });
    if (first === undefined) {
      throw badRequest('meeting.recurrence.noOccurrence', 'The recurrence rule yields no occurrence after the start.');
    }
    return { timezone, startMs: first, endMs: first + (checked.endMs - checked.startMs), recurrence };
  }

  create(host: MeetingHost, clientId: string, body: MeetingBody, nowMs: number): SeriesRecord {
    const scheduledType = body.scheduledType ?? 'meeting';
    if (scheduledType === 'personalRoomMeeting' && body.integrationTags && body.integrationTags.length > 0) {
      throw badRequest('meeting.integrationTags.unsupported', 'integrationTags are not supported when creating a personal room meeting.');
    }
    const sites = host.sites ?? [host.siteUrl];
    const siteUrl = body.siteUrl ? body.siteUrl.toLowerCase() : host.siteUrl;
    if (!sites.includes(siteUrl)) {
      throw badRequest('meeting.siteUrl.invalid', `The user has no host account on site ${body.siteUrl}.`);
    }
    // "This parameter is ignored for an ad-hoc meeting"; a template is of one site and one type.
    const template = body.templateId ? findTemplate([siteUrl], body.templateId) : undefined;
    if (body.templateId && (!template || template.templateType !== (scheduledType === 'webinar' ? 'webinar' : 'meeting'))) {
      throw badRequest(
        'meeting.templateId.invalid',
        `There is no ${scheduledType === 'webinar' ? 'webinar' : 'meeting'} template ${body.templateId} on site ${siteUrl}.`,
      );
    }
    const when = this.schedule(body, { timezone: host.timezone }, 'create', nowMs);
    const settings = defaultSettings(body.title ?? '', body.password ?? generatePassword());
    if (template) {
      const { audioConnectionOptions, ...rest } = template.settings;
      Object.assign(settings, rest);
      if (audioConnectionOptions) settings.audioConnectionOptions = { ...settings.audioConnectionOptions, ...audioConnectionOptions };
    }
    applySettings(settings, body);
    const id = randomBytes(16).toString('hex');
    const personal = scheduledType === 'personalRoomMeeting';
    const meetingNumber = personal ? host.personalRoom.meetingNumber : this.newMeetingNumber();
    const siteName = siteUrl.split('.')[0] ?? 'site';
    const record: SeriesRecord = {
      id,
      host,
      createdBy: clientId,
      meetingNumber,
      webLink: personal ? host.personalRoom.url : `https://${siteUrl}/${siteName}/j.php?MTID=m${randomBytes(16).toString('hex')}`,
      sipAddress: personal ? host.personalRoom.sipAddress : `${meetingNumber}@${siteUrl}`,
      hostKey: personal ? host.personalRoom.hostKey : randomDigits(6),
      phoneAndVideoSystemPassword: randomDigits(8),
      siteUrl,
      scheduledType,
      sessionTypeId: body.sessionTypeId ?? (scheduledType === 'webinar' ? 9 : 3),
      settings,
      timezone: when.timezone,
      startMs: when.startMs,
      durationMs: when.endMs - when.startMs,
      recurrence: when.recurrence,
      horizonMs: nowMs + BOUNDED_SERIES_HORIZON_MS,
      tags: new Map(),
      invitees: [],
      occurrenceInvitees: new Map(),
      exceptions: new Map(),
      cancelled: new Set(),
      createdAt: nowMs,
      modifiedAt: nowMs,
      calls: [],
    };
    if (body.integrationTags && body.integrationTags.length > 0) record.tags.set(clientId, body.integrationTags);
    record.invitees = (body.invitees ?? []).map((i) => newInvitee(record, i));
    this.series.set(id, record);
    return record;
  }

  /** A live series or one of its live occurrences, by id; undefined for unknown, deleted or cancelled. */
  find(id: string): { series: SeriesRecord; occurrence?: Occurrence } | undefined {
    const m = ID.exec(id);
    if (!m) return undefined;
    const series = this.series.get(m[1] ?? '');
    if (!series || series.deletedAt !== undefined) return undefined;
    const stamp = m[2];
    if (stamp === undefined) return { series };
    const occurrence = this.occurrenceAt(series, stamp);
    return occurrence ? { series, occurrence } : undefined;
  }

  occurrenceAt(series: SeriesRecord, stamp: string): Occurrence | undefined {
    if (series.cancelled.has(stamp)) return undefined;
    const original = parseUtcStamp(stamp);
    if (original === undefined) return undefined;
    const valid = series.recurrence ? isOccurrenceStart(series.recurrence, this.anchor(series), original) : original === series.startMs;
    if (!valid) return undefined;
    return this.occurrence(series, original);
  }

  private occurrence(series: SeriesRecord, originalStartMs: number): Occurrence {
    const stamp = utcStamp(originalStartMs);
    const override = series.exceptions.get(stamp);
    return {
      series,
      id: `${series.id}_${stamp}`,
      stamp,
      originalStartMs,
      startMs: override?.startMs ?? originalStartMs,
      endMs: override?.endMs ?? originalStartMs + series.durationMs,
      override,
    };
  }

  /** Live occurrences that overlap [fromMs, toMs), by start, at most `limit`. */
  occurrences(series: SeriesRecord, fromMs: number, toMs: number, limit = 10_000): Occurrence[] {
    const patternFrom = fromMs - Math.max(series.durationMs, MAX_DURATION_MS);
    const starts = series.recurrence
      ? occurrenceStarts(
          series.recurrence,
          this.anchor(series),
          patternFrom,
          toMs,
          limit + series.cancelled.size + series.exceptions.size + 1,
        )
      : series.startMs >= patternFrom && series.startMs < toMs
        ? [series.startMs]
        : [];
    const byStamp = new Map<string, Occurrence>();
    for (const s of starts) {
      const occ = this.occurrence(series, s);
      if (!series.cancelled.has(occ.stamp)) byStamp.set(occ.stamp, occ);
    }
    // Exceptions moved into the window from outside it.
    for (const [stamp] of series.exceptions) {
      if (byStamp.has(stamp) || series.cancelled.has(stamp)) continue;
      const original = parseUtcStamp(stamp);
      if (original !== undefined) byStamp.set(stamp, this.occurrence(series, original));
    }
    return [...byStamp.values()]
      .filter((o) => o.startMs < toMs && o.endMs > fromMs)
      .sort((a, b) => a.startMs - b.startMs)
      .slice(0, limit);
  }

  /** The occurrence that is on now or comes next (Webex's `current`), if any. */
  currentOccurrence(series: SeriesRecord, nowMs: number): Occurrence | undefined {
    return this.occurrences(series, nowMs, nowMs + 3660 * DAY_MS, 1)[0];
  }

  /** Whether every occurrence has ended. */
  hasEnded(series: SeriesRecord, nowMs: number): boolean {
    return this.currentOccurrence(series, nowMs) === undefined;
  }

  /** PATCH (merge) or PUT (replace) of a whole series. Returns how many exceptions were dropped. */
  updateSeries(series: SeriesRecord, clientId: string, body: MeetingBody, mode: 'patch' | 'put', nowMs: number): number {
    if (body.scheduledType && body.scheduledType !== series.scheduledType) {
      throw badRequest('meeting.scheduledType.immutable', 'scheduledType cannot be changed after the meeting is created.');
    }
    if (this.hasEnded(series, nowMs)) {
      throw new WebexError(409, 'meeting.ended', 'The meeting has ended and cannot be updated.');
    }
    const when = this.schedule(
      body,
      { timezone: series.timezone, startMs: series.startMs, endMs: series.startMs + series.durationMs, recurrence: series.recurrence },
      mode,
      nowMs,
    );
    const timeChanged =
      when.startMs !== series.startMs ||
      when.endMs - when.startMs !== series.durationMs ||
      (when.recurrence?.text ?? '') !== (series.recurrence?.text ?? '') ||
      (when.timezone !== series.timezone && (when.recurrence !== undefined || series.recurrence !== undefined));
    let dropped = 0;
    if (timeChanged) {
      dropped = series.exceptions.size + series.cancelled.size;
      series.exceptions.clear();
      series.cancelled.clear();
      series.occurrenceInvitees.clear();
    }
    if (mode === 'put') {
      // PUT replaces: what the body leaves out returns to its default (the password and the
      // integration tags stay, so a replace cannot lock out invitees or lose the product's key).
      const kept = series.settings.password;
      series.settings = defaultSettings(body.title ?? series.settings.title, kept);
    }
    applySettings(series.settings, body);
    series.timezone = when.timezone;
    series.startMs = when.startMs;
    series.durationMs = when.endMs - when.startMs;
    series.recurrence = when.recurrence;
    if (timeChanged && series.recurrence) series.horizonMs = nowMs + BOUNDED_SERIES_HORIZON_MS;
    if (body.integrationTags !== undefined) {
      if (body.integrationTags === null || body.integrationTags.length === 0) series.tags.delete(clientId);
      else series.tags.set(clientId, body.integrationTags);
    }
    series.modifiedAt = nowMs;
    return dropped;
  }

  /**
   * PATCH or PUT of one occurrence: makes (or changes) an exception. A non-recurring series has a
   * single occurrence, so the change goes to the series itself (and the occurrence id follows its
   * new start).
   */
  updateOccurrence(occ: Occurrence, clientId: string, body: MeetingBody, mode: 'patch' | 'put', nowMs: number): Occurrence {
    const series = occ.series;
    if (body.recurrence) {
      throw badRequest('meeting.occurrence.recurrence', 'recurrence applies only to a meeting series, not to a scheduled meeting.');
    }
    if (occ.endMs <= nowMs) {
      throw new WebexError(409, 'meeting.ended', 'The scheduled meeting has ended and cannot be updated.');
    }
    if (!series.recurrence) {
      const { recurrence: _ignored, integrationTags: _tags, ...rest } = body;
      this.updateSeries(series, clientId, { ...rest }, 'patch', nowMs);
      const moved = this.occurrenceAt(series, utcStamp(series.startMs));
      if (!moved) throw new Error('a non-recurring series lost its occurrence');
      return moved;
    }
    if (body.timezone !== undefined) checkTimeZone(body.timezone);
    const timezone = body.timezone ?? series.timezone;
    const startMs = body.start !== undefined ? parseMeetingTime('start', body.start, timezone) : occ.startMs;
    const endMs = body.end !== undefined ? parseMeetingTime('end', body.end, timezone) : occ.endMs;
    const checked = checkSchedule({
      startMs,
      endMs,
      startChanged: body.start !== undefined && Math.floor(startMs / 60_000) * 60_000 !== occ.startMs,
      endChanged: body.end !== undefined && Math.floor(endMs / 60_000) * 60_000 !== occ.endMs,
      nowMs,
    });
    const override: OccurrenceOverride =
      mode === 'put' || !occ.override
        ? { startMs: checked.startMs, endMs: checked.endMs, settings: {}, modifiedAt: nowMs }
        : { ...occ.override, settings: { ...occ.override.settings }, startMs: checked.startMs, endMs: checked.endMs, modifiedAt: nowMs };
    Object.assign(override.settings, body.settings);
    if (body.audio) {
      override.settings.audioConnectionOptions = {
        ...(series.settings.audioConnectionOptions ?? defaultAudioOptions()),
        ...(override.settings.audioConnectionOptions ?? {}),
        ...body.audio,
      };
    }
    if ({ ...series.settings, ...override.settings }.enabledJoinBeforeHost === false)
      Object.assign(override.settings, { joinBeforeHostMinutes: 0, enableConnectAudioBeforeHost: false });
    if (body.title !== undefined) override.title = body.title;
    if (body.password !== undefined) override.password = body.password;
    if (body.agenda !== undefined) override.agenda = body.agenda;
    series.exceptions.set(occ.stamp, override);
    series.modifiedAt = nowMs;
    return this.occurrence(series, occ.originalStartMs);
  }

  deleteSeries(series: SeriesRecord, nowMs: number): void {
    series.deletedAt = nowMs;
  }

  /** Cancels one occurrence; for a non-recurring series that is the whole meeting. */
  cancelOccurrence(occ: Occurrence, nowMs: number): 'occurrence' | 'series' {
    const series = occ.series;
    if (!series.recurrence) {
      this.deleteSeries(series, nowMs);
      return 'series';
    }
    series.exceptions.delete(occ.stamp);
    series.occurrenceInvitees.delete(occ.stamp);
    series.cancelled.add(occ.stamp);
    series.modifiedAt = nowMs;
    return 'occurrence';
  }

  /** Series hosted by `email` (live ones unless asked otherwise). */
  hostedBy(email: string, includeDeleted = false): SeriesRecord[] {
    const key = email.toLowerCase();
    return [...this.series.values()].filter((s) => s.host.email === key && (includeDeleted || s.deletedAt === undefined));
  }
}
