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
