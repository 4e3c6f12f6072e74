/**
 * Wall-clock times in a mailbox's time zone, for the dev host's form: the start and end inputs
 * hold local date-times ("2025-06-02T10:00") in the mailbox's zone, which need not be the
 * browser's. Built on Intl (the zone database the browser has); no library needed for this much.
 */
import { wallClockAt, zonedFormatter, type WallClock } from '../shared/zoned-formatter';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

const formatter = zonedFormatter;

/** Whether the browser knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes to add to UTC to get the zone's wall clock at that instant. */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const f = wallClockAt(instantMs, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** Parses "YYYY-MM-DDTHH:mm[:ss]" into its fields, or undefined. */
export function parseLocalDateTime(text: string): WallClock | undefined {
  const m = LOCAL.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant at which the zone's clock shows the local date-time. In a DST gap the clock never
 * shows it and the later side is taken; in an overlap, the earlier instant (as Outlook does).
 */
export function instantOfLocal(text: string, timeZone: string): number | undefined {
  const f = parseLocalDateTime(text);
  if (!f) return undefined;
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  const second = wall - zoneOffsetMinutes(first, timeZone) * 60_000;
  const candidates = [first, second]
    .filter((t) => localOfInstant(t, timeZone, true) === localOfInstant(wall, 'UTC', true))
    .sort((a, b) => a - b);
  return candidates[0] ?? Math.max(first, second);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "YYYY-MM-DDTHH:mm" (with ":ss" when asked) of the zone's clock at the instant. */
export function localOfInstant(instantMs: number, timeZone: string, withSeconds = false): string {
  const f = wallClockAt(instantMs, timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}${withSeconds ? `:${pad(f.second)}` : ''}`;
}
