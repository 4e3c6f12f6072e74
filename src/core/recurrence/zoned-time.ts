/**
 * Wall-clock time in an IANA zone, with the RFC 5545 rules for the hours a DST change skips or
 * repeats. A wall-clock time is carried as "floating" milliseconds: Date.UTC of its fields, so that
 * plain UTC arithmetic on it is calendar arithmetic with no zone in the way.
 */
import { resolveTimeZone, zonedFormatter } from '../time-zones';
import { RecurrenceError } from './recurrence-error';

const DAY_MS = 86_400_000;
/** The floating wall-clock milliseconds that `instantMs` reads as in `timeZone` (to the second). */
export function wallClockAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const parts = zonedFormatter(timeZone).formatToParts(new Date(whole));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
}

function offsetAt(instantMs: number, timeZone: string): number {
  return wallClockAt(instantMs, timeZone) - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in `timeZone`. RFC 5545 section 3.3.5: a time repeated by a
 * backward change means its first occurrence (the earlier instant); a time skipped by a forward
 * change is read with the offset in force before the gap (02:30 on a spring-forward night becomes
 * 03:30 daylight time).
 */
export function instantOfWallClock(wallMs: number, timeZone: string): number {
  // Zones change offset at most once within a day on either side of any wall time.
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - before, wallMs - after].filter((t) => wallClockAt(t, timeZone) === wallMs);
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm[:ss[.fff]]" (no offset) into floating milliseconds. */
export function parseLocalDateTime(text: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return ms;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "YYYY-MM-DD" of floating milliseconds. */
export function formatLocalDate(wallMs: number): string {
  const d = new Date(wallMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** RFC 5545 UTC DATE-TIME: "20241201T045959Z". */
export function formatRfc5545Utc(instantMs: number): string {
  return new Date(Math.floor(instantMs / 1000) * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The IANA zone for an IANA or Windows name. Graph also writes UTC as "tzone://Microsoft/Utc"
 * (originalStartTimeZone of events created through some clients).
 */
export function ianaZoneOf(name: string | undefined | null): string | undefined {
  if (name === undefined || name === null) return undefined;
  if (/^tzone:\/\/microsoft\/utc$/i.test(name.trim())) return 'UTC';
  return resolveTimeZone(name);
}

/** The IANA zone for an IANA or Windows name, or a `time_zone_unknown` RecurrenceError. */
export function requireIanaZone(name: string | undefined | null): string {
  const zone = ianaZoneOf(name);
  if (zone === undefined) {
    throw new RecurrenceError('time_zone_unknown', 'The recurrence has no time zone that is an IANA or Windows name.');
  }
  return zone;
}
