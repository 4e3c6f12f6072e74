/**
 * The `recurrence` of a Webex meeting series: the RRULE subset Webex accepts (FREQ DAILY, WEEKLY,
 * MONTHLY or YEARLY with INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL), its
 * normal form as Webex echoes it ("FREQ=DAILY;COUNT=10;INTERVAL=1" for "FREQ=DAILY;INTERVAL=1;COUNT=10"
 * in the spec's examples), and the expansion into occurrences.
 *
 * Expansion runs in the meeting's time zone on wall-clock time, so a weekly 09:00 series keeps
 * 09:00 across a DST change while its UTC instants (and so its occurrence ids) move. rrule runs on
 * "floating" dates (UTC fields standing for local wall-clock time); meeting-time converts.
 */
import { Frequency, Options, RRule, Weekday } from 'rrule';
import { badRequest } from './webex-error';
import { wallClockAt, type WallClock } from '../shared/zoned-formatter';
import { instantOfWallClock, parseUtcStamp, DAY_MS } from './meeting-time';

type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface Recurrence {
  freq: Freq;
  interval: number;
  count?: number;
  /** UNTIL as written: `yyyyMMdd` or `yyyyMMddTHHmmssZ`. */
  until?: string;
  byDay: string[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  /** The normal form Webex answers with. */
  text: string;
}

const FREQS: Record<Freq, Frequency> = {
  DAILY: Frequency.DAILY,
  WEEKLY: Frequency.WEEKLY,
  MONTHLY: Frequency.MONTHLY,
  YEARLY: Frequency.YEARLY,
};
const ALLOWED = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'COUNT', 'UNTIL']);
const WEEKDAYS: Record<string, Weekday> = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
};

/**
 * The furthest an ending series reaches: "the actual furthest date accepted for the recurring
 * meeting is five years from now" (Create a Meeting).
 */
export const BOUNDED_SERIES_HORIZON_MS = 5 * 366 * DAY_MS;

function invalid(detail: string) {
  return badRequest('meeting.recurrence.invalid', `Invalid recurrence rule: ${detail}.`);
}

function intList(key: string, value: string, min: number, max: number, allowNegative: boolean): number[] {
  return value.split(',').map((v) => {
    if (!/^[+-]?\d+$/.test(v)) throw invalid(`${key} must list whole numbers`);
    const n = Number(v);
    const abs = Math.abs(n);
    if (n === 0 || abs < min || abs > max || (n < 0 && !allowNegative)) throw invalid(`${key} value ${v} is out of range`);
    return n;
  });
}

/** Validates and normalizes a recurrence rule; throws a 400 WebexError for anything Webex would refuse. */
export function parseRecurrence(text: string): Recurrence {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid('it is empty');
  const parts = new Map<string, string>();
  for (const piece of trimmed.split(';')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) throw invalid(`"${piece}" is not KEY=VALUE`);
    const key = piece.slice(0, eq).toUpperCase();
    const value = piece.slice(eq + 1).toUpperCase();
    if (!ALLOWED.has(key)) {
      throw badRequest('meeting.recurrence.unsupported', `Recurrence rule part ${key} is not supported.`);
    }
    if (parts.has(key)) throw invalid(`${key} appears twice`);
    if (value === '') throw invalid(`${key} has no value`);
    parts.set(key, value);
  }
  const freqText = parts.get('FREQ');
  if (!freqText) throw invalid('FREQ is required');
  if (!(freqText in FREQS)) {
    throw badRequest('meeting.recurrence.unsupported', `Recurrence frequency ${freqText} is not supported.`);
  }
  const freq = freqText as Freq;
  const periodic = freq === 'MONTHLY' || freq === 'YEARLY';

  let interval = 1;
  if (parts.has('INTERVAL')) interval = intList('INTERVAL', parts.get('INTERVAL') ?? '', 1, 99, false)[0] ?? 1;
  if (parts.has('COUNT') && parts.has('UNTIL')) throw invalid('COUNT and UNTIL cannot both be set');
  let count: number | undefined;
  if (parts.has('COUNT')) count = intList('COUNT', parts.get('COUNT') ?? '', 1, 10_000, false)[0];
  let until: string | undefined;
  if (parts.has('UNTIL')) {
    until = parts.get('UNTIL') ?? '';
    const ok = /^\d{8}$/.test(until) ? parseUtcStamp(`${until}T000000Z`) !== undefined : parseUtcStamp(until) !== undefined;
    if (!ok) throw invalid('UNTIL must be yyyyMMdd or yyyyMMddTHHmmssZ');
  }

  let byDay: string[] = [];
  if (parts.has('BYDAY')) {
    byDay = (parts.get('BYDAY') ?? '').split(',');
    for (const d of byDay) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(d);
      if (!m) throw invalid(`BYDAY value ${d} is not a weekday`);
      if (m[1] !== undefined) {
        const n = Number(m[1]);
        if (!periodic) throw invalid('BYDAY ordinals apply to MONTHLY and YEARLY rules only');
        if (n === 0 || n < -1 || n > 4) throw invalid(`BYDAY ordinal ${m[1]} is out of range`);
      }
    }
    if (new Set(byDay).size !== byDay.length) throw invalid('BYDAY repeats a day');
  }
  let byMonthDay: number[] = [];
  if (parts.has('BYMONTHDAY')) {
    if (!periodic) throw invalid('BYMONTHDAY applies to MONTHLY and YEARLY rules only');
    byMonthDay = intList('BYMONTHDAY', parts.get('BYMONTHDAY') ?? '', 1, 31, true);
    if (byMonthDay.some((n) => n < -1)) throw invalid('BYMONTHDAY counts back from the end of the month only as -1');
  }
  let byMonth: number[] = [];
  if (parts.has('BYMONTH')) {
    if (freq !== 'YEARLY') throw invalid('BYMONTH applies to YEARLY rules only');
    byMonth = intList('BYMONTH', parts.get('BYMONTH') ?? '', 1, 12, false);
  }
  let bySetPos: number[] = [];
  if (parts.has('BYSETPOS')) {
    if (!periodic) throw invalid('BYSETPOS applies to MONTHLY and YEARLY rules only');
    if (byDay.length === 0) throw invalid('BYSETPOS needs BYDAY');
    bySetPos = intList('BYSETPOS', parts.get('BYSETPOS') ?? '', 1, 4, true);
    if (bySetPos.some((n) => n < -1)) throw invalid('BYSETPOS counts back only as -1');
  }
  if (byDay.length > 0 && byMonthDay.length > 0) throw invalid('BYDAY and BYMONTHDAY cannot both be set');

  // "Multiple days or dates for monthly or yearly recurrence rule are not supported, only the
  // first day or date specified is taken" (spec, recurrence): "the last weekday of the month"
  // (BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1) becomes the last Monday, as it does in Webex.
  if (periodic) {
    byDay = byDay.slice(0, 1);
    byMonthDay = byMonthDay.slice(0, 1);
    byMonth = byMonth.slice(0, 1);
    bySetPos = bySetPos.slice(0, 1);
  }

  const out = [`FREQ=${freq}`];
  if (count !== undefined) out.push(`COUNT=${count}`);
  if (until !== undefined) out.push(`UNTIL=${until}`);
  out.push(`INTERVAL=${interval}`);
  if (byMonth.length) out.push(`BYMONTH=${byMonth.join(',')}`);
  if (byMonthDay.length) out.push(`BYMONTHDAY=${byMonthDay.join(',')}`);
  if (byDay.length) out.push(`BYDAY=${byDay.join(',')}`);
  if (bySetPos.length) out.push(`BYSETPOS=${bySetPos.join(',')}`);
  return { freq, interval, count, until, byDay, byMonthDay, byMonth, bySetPos, text: out.join(';') };
}

function floating(w: WallClock): Date {
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

function wallOfFloating(d: Date): WallClock {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function weekday(code: string): Weekday {
  const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(code);
  const base = WEEKDAYS[m?.[2] ?? 'MO'] ?? RRule.MO;
  return m?.[1] === undefined ? base : base.nth(Number(m[1]));
}

/** Where a series is anchored: its first start, in its time zone. */
export interface SeriesAnchor {
  firstStartMs: number;
  timeZone: string;
  /** For rules with an end (COUNT or UNTIL): occurrences after this instant are not created. */
  horizonMs?: number;
}

function buildRule(rec: Recurrence, anchor: SeriesAnchor): RRule {
  const opts: Partial<Options> = {
    freq: FREQS[rec.freq],
    interval: rec.interval,
    dtstart: floating(wallClockAt(anchor.firstStartMs, anchor.timeZone)),
    wkst: RRule.MO,
  };
  if (rec.count !== undefined) opts.count = rec.count;
  if (rec.until !== undefined) {
    // A date-only UNTIL includes that whole local day; a UTC one is compared in local time.
    opts.until = /^\d{8}$/.test(rec.until)
      ? new Date(Date.UTC(Number(rec.until.slice(0, 4)), Number(rec.until.slice(4, 6)) - 1, Number(rec.until.slice(6, 8)), 23, 59, 59))
      : floating(wallClockAt(parseUtcStamp(rec.until) ?? 0, anchor.timeZone));
  }
  if (rec.byDay.length) opts.byweekday = rec.byDay.map(weekday);
  if (rec.byMonthDay.length) opts.bymonthday = rec.byMonthDay;
  if (rec.byMonth.length) opts.bymonth = rec.byMonth;
  if (rec.bySetPos.length) opts.bysetpos = rec.bySetPos;
  return new RRule(opts);
}

const ruleCache = new Map<string, RRule>();

function ruleFor(rec: Recurrence, anchor: SeriesAnchor): RRule {
  const key = `${rec.text}|${anchor.firstStartMs}|${anchor.timeZone}`;
  let rule = ruleCache.get(key);
  if (!rule) {
    if (ruleCache.size > 500) ruleCache.clear();
    rule = buildRule(rec, anchor);
    ruleCache.set(key, rule);
  }
  return rule;
}

/**
 * Start instants of the occurrences that start in [fromMs, toMs), in order, at most `limit`.
 * The window is widened by two days on the floating time line and then filtered exactly.
 */
export function occurrenceStarts(rec: Recurrence, anchor: SeriesAnchor, fromMs: number, toMs: number, limit = 10_000): number[] {
  const rule = ruleFor(rec, anchor);
  const upper =
    anchor.horizonMs !== undefined && (rec.count !== undefined || rec.until !== undefined) ? Math.min(toMs, anchor.horizonMs) : toMs;
  if (upper <= fromMs) return [];
  const lo = new Date(fromMs - 2 * DAY_MS);
  const hi = new Date(upper + 2 * DAY_MS);
  const out: number[] = [];
  rule.between(lo, hi, true, (d) => {
    const instant = instantOfWallClock(wallOfFloating(d), anchor.timeZone);
    if (instant >= fromMs && instant < upper) out.push(instant);
    return out.length < limit;
  });
  return out;
}

/** The first occurrence's start (the rule may move it off the anchor, e.g. BYDAY=MO from a Tuesday). */
export function firstOccurrenceStart(rec: Recurrence, anchor: SeriesAnchor): number | undefined {
  const d = ruleFor(rec, anchor).after(floating(wallClockAt(anchor.firstStartMs, anchor.timeZone)), true);
  return d ? instantOfWallClock(wallOfFloating(d), anchor.timeZone) : undefined;
}

/** Whether the rule has an occurrence starting exactly at `instantMs`. */
export function isOccurrenceStart(rec: Recurrence, anchor: SeriesAnchor, instantMs: number): boolean {
  return occurrenceStarts(rec, anchor, instantMs, instantMs + 1).includes(instantMs);
}
