/**
 * Time zones as Outlook and Webex name them. Outlook (Office.js, Graph's originalStartTimeZone)
 * usually gives a Windows name such as "Pacific Standard Time"; Webex wants an IANA name such as
 * "America/Los_Angeles" (docs/architecture.md#service-facts). Pure: no I/O, no project imports.
 */
import { WINDOWS_TO_IANA } from './windows-zones.build-time';

/**
 * CLDR, which windows-iana follows, still lists some zones under their old names first. Webex and
 * Graph use the current IANA names, so prefer those when the runtime knows them.
 */
const CURRENT_IANA_NAME: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
};

// Letters, digits and the punctuation IANA names use; rules out offsets such as "+05:00".
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * One formatter per IANA zone, giving the wall-clock fields of an instant there (24-hour, two-digit
 * parts); a zone the runtime does not know makes it throw a RangeError. Building an
 * Intl.DateTimeFormat costs far more than using one, and the same few zones are asked about over
 * and over. Bounded by the zones that exist (names that do not are not kept).
 */
const zonedFormatters = new Map<string, Intl.DateTimeFormat>();

export function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zonedFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zonedFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime's time zone database knows `name` as an IANA zone (case as given). */
export function isIanaTimeZone(name: string): boolean {
  if (zonedFormatters.has(name)) return true;
  if (!IANA_SHAPE.test(name)) return false;
  try {
    zonedFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves an IANA or Windows time zone name to the IANA name Webex accepts, or undefined when
 * the name is neither. IANA names are returned as given (they are already what Webex wants);
 * Windows names map to their primary IANA zone.
 */
export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  if (isIanaTimeZone(trimmed)) return trimmed;
  const primary = Object.prototype.hasOwnProperty.call(WINDOWS_TO_IANA, trimmed) ? WINDOWS_TO_IANA[trimmed] : undefined;
  if (primary === undefined) return undefined;
  // The current name where CLDR lists an old one, and where the runtime knows only one of the two, that one.
  const current = CURRENT_IANA_NAME[primary];
  if (current !== undefined && isIanaTimeZone(current)) return current;
  return isIanaTimeZone(primary) ? primary : undefined;
}

/** Minutes east of UTC that `timeZone` observes at `instant` (e.g. -480 for Los Angeles in winter). */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = zonedFormatter(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/**
 * Formats `instant` as local time in `timeZone` with its offset, to the second:
 * "2026-11-24T09:00:00-08:00" — the form Webex answers with.
 */
export function formatInTimeZone(instant: Date, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(instant, timeZone);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}
