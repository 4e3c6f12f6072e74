/**
 * Date and time as the Webex meetings API reads and writes them: ISO 8601 in, IANA time zones,
 * `2026-11-24T09:00:00-08:00` out (`...Z` when rendered in UTC, as the spec's examples show), and
 * the `yyyyMMddTHHmmssZ` stamp of an occurrence id. Pure: uses Intl only.
 */
import { wallClockAt, zonedFormatter, type WallClock } from '../shared/zoned-formatter';

const formatter = zonedFormatter;

/** True for a name of the IANA time zone database that this runtime knows (not an offset, not a Windows name). */
export function isIanaTimeZone(name: string): boolean {
  if (!name || /^[+-]/.test(name) || /\s/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (east positive). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtc(wallClockAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time in `timeZone` denotes. In a gap (clocks spring forward) the time
 * moves forward by the gap, as calendars do; in an overlap the earlier instant wins.
 */
export function instantOfWallClock(w: WallClock, timeZone: string): number {
  const asUtc = wallAsUtc(w);
  const first = asUtc - offsetMs(asUtc, timeZone);
  const second = asUtc - offsetMs(first, timeZone);
  if (second === first) {
    // Prefer the earlier of two valid readings (overlap when clocks fall back).
    const earlier = asUtc - offsetMs(first - 3_600_000, timeZone);
    if (earlier < first && wallAsUtc(wallClockAt(earlier, timeZone)) === asUtc) return earlier;
    return first;
  }
  if (wallAsUtc(wallClockAt(second, timeZone)) === asUtc) return second;
  if (wallAsUtc(wallClockAt(first, timeZone)) === asUtc) return first;
  // A gap: no instant shows this wall clock; move forward by the gap.
  return Math.max(first, second);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function isUtcName(timeZone: string): boolean {
  return ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Universal', 'Zulu', 'Etc/Zulu'].includes(timeZone);
}

/** `2026-11-24T09:00:00-08:00`, or `2026-11-24T17:00:00Z` for UTC. Seconds are kept, milliseconds dropped. */
export function formatInZone(instantMs: number, timeZone: string): string {
  const w = wallClockAt(instantMs, timeZone);
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (isUtcName(timeZone)) return `${base}Z`;
  const off = Math.round(offsetMs(instantMs, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  return `${base}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** The stamp an occurrence id carries: `20191101T120000Z` (UTC). */
export function utcStamp(instantMs: number): string {
  const d = new Date(instantMs);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/** Parses a `yyyyMMddTHHmmssZ` stamp (also an RRULE UNTIL); undefined when malformed. */
export function parseUtcStamp(stamp: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

export interface ParsedDateTime {
  instantMs: number;
  /** Whether the text carried its own offset (or Z); without one it was read in the given zone. */
  hadOffset: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads an ISO 8601 date-time as Webex does: with an offset (or Z) it is that instant; without one
 * it is a wall-clock time in `timeZone` (the spec's own example sends "2019-11-01 20:00:00" with
 * "timezone": "Asia/Shanghai"). A date alone means its midnight. Undefined when not ISO 8601.
 */
export function parseIsoDateTime(text: string, timeZone: string): ParsedDateTime | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const wall: WallClock = { year, month, day, hour, minute, second };
  const zone = m[8];
  if (zone === undefined) return { instantMs: instantOfWallClock(wall, timeZone) + fraction, hadOffset: false };
  if (zone === 'Z' || zone === 'z') return { instantMs: wallAsUtc(wall) + fraction, hadOffset: true };
  const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!zm) return undefined;
  const offH = Number(zm[2]);
  const offM = zm[3] === undefined ? 0 : Number(zm[3]);
  if (offH > 18 || offM > 59) return undefined;
  const off = (zm[1] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  return { instantMs: wallAsUtc(wall) - off + fraction, hadOffset: true };
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Drops seconds and milliseconds, as Webex does to `start` and `end`. */
export function truncateToMinute(instantMs: number): number {
  return Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
}
