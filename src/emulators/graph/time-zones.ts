/**
 * Time zones as Graph takes them: a `dateTime` without offset plus a `timeZone` that is either a
 * Windows name ("Pacific Standard Time") or an IANA name ("America/Los_Angeles"). Windows names are
 * mapped with windows-iana (territory 001, the zone Windows itself uses); offsets come from Intl,
 * so daylight saving follows the tz database.
 */
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { wallClockAt, zonedFormatter, type WallClock } from '../shared/zoned-formatter';

export interface ResolvedTimeZone {
  /** The name as the caller wrote it; Graph echoes it back (originalStartTimeZone, Prefer). */
  name: string;
  iana: string;
}

const windowsToIana = new Map<string, string>();
for (const entry of WINDOWS_TO_IANA_MAP) {
  const key = entry.windowsName.toLowerCase();
  const iana = entry.iana[0];
  if (iana && (entry.territory === '001' || !windowsToIana.has(key))) windowsToIana.set(key, iana);
}

const formatterFor = zonedFormatter;

function isIanaZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** Maps a Windows or IANA zone name to its IANA zone; undefined when neither knows it. */
export function resolveTimeZone(name: string): ResolvedTimeZone | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  // Exchange's own spelling of UTC in some payloads.
  if (trimmed.toLowerCase() === 'tzone://microsoft/utc') return { name: trimmed, iana: 'UTC' };
  const fromWindows = windowsToIana.get(trimmed.toLowerCase());
  if (fromWindows) return { name: trimmed, iana: fromWindows };
  // Intl accepts offsets such as "+05:00" as zones; Graph does not.
  if (/^[+-]/.test(trimmed) || !isIanaZone(trimmed)) return undefined;
  return { name: trimmed, iana: trimmed };
}

/** Wall-clock fields; month is 1..12; ms is milliseconds. */
export interface LocalDateTime extends WallClock {
  ms: number;
}

function wallClockAsUtc(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);
}

function localFieldsAt(instant: number, iana: string): LocalDateTime {
  return { ...wallClockAt(instant, iana), ms: ((instant % 1000) + 1000) % 1000 };
}

/** Offset of the zone from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(instant: number, iana: string): number {
  return wallClockAsUtc(localFieldsAt(instant, iana)) - instant;
}

/**
 * The instant at which the zone's clocks show the given wall-clock time. A time that occurs twice
 * (clocks turned back) is the first of the two; a time skipped by clocks turned forward is read
 * with the offset from before the change, so it lands after the gap, as Outlook does.
 */
export function instantOf(local: LocalDateTime, iana: string): number {
  const wall = wallClockAsUtc(local);
  const offsetBefore = offsetAt(wall - 86_400_000, iana);
  const offsetAfter = offsetAt(wall + 86_400_000, iana);
  const candidates = [...new Set([offsetBefore, offsetAfter, offsetAt(wall, iana)])]
    .map((o) => wall - o)
    .filter((t) => wallClockAsUtc(localFieldsAt(t, iana)) === wall)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  return wall - Math.min(offsetBefore, offsetAfter);
}

/** The wall-clock time of an instant in a zone. */
export function localOf(instant: number, iana: string): LocalDateTime {
  return localFieldsAt(instant, iana);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Graph's dateTime spelling: seven fraction digits, no offset ("2026-11-24T15:00:00.0000000"). */
export function formatGraphDateTime(t: LocalDateTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.ms, 3)}0000`;
}

/** An instant in Graph's timestamp spelling ("2026-11-24T15:00:00.1230000Z"). */
export function formatGraphTimestamp(instant: number): string {
  return `${formatGraphDateTime(localFieldsAt(instant, 'UTC'))}Z`;
}

export interface ParsedDateTime {
  local: LocalDateTime;
  /** Present when the text carried "Z" or "+hh:mm": it then names an instant by itself. */
  offsetMinutes?: number;
  dateOnly: boolean;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses a dateTime as Graph accepts it; undefined when it is not one. */
export function parseGraphDateTime(text: string): ParsedDateTime | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const local: LocalDateTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    ms: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
  };
  if (local.month < 1 || local.month > 12 || local.hour > 23 || local.minute > 59 || local.second > 59) return undefined;
  const check = new Date(wallClockAsUtc(local));
  if (check.getUTCDate() !== local.day || check.getUTCMonth() !== local.month - 1) return undefined;
  let offsetMinutes: number | undefined;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return { local, offsetMinutes, dateOnly: h === undefined };
}

/** The instant a parsed dateTime names when read in the given zone. */
export function instantOfParsed(parsed: ParsedDateTime, iana: string): number {
  if (parsed.offsetMinutes !== undefined) return wallClockAsUtc(parsed.local) - parsed.offsetMinutes * 60_000;
  return instantOf(parsed.local, iana);
}

export function isMidnight(t: LocalDateTime): boolean {
  return t.hour === 0 && t.minute === 0 && t.second === 0 && t.ms === 0;
}
