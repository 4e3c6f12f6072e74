/**
 * One cached Intl formatter per IANA zone, giving the wall-clock fields of an instant in that zone
 * (24-hour, two-digit parts). The emulators convert between instants and local times with it; a
 * zone the runtime does not know makes it throw a RangeError.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone; month is 1..12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The zone's wall clock at an instant (to the second). */
export function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const parts = zonedFormatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}
