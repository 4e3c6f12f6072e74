/**
 * The occurrences of an RRULE as instants, read the way Webex reads a meeting's rule: in the
 * meeting's IANA zone, so every occurrence keeps the first one's local time across DST changes.
 *
 * The `rrule` package does the calendar work in "floating" time (its dates carry wall-clock fields
 * in UTC slots, which is how it behaves without `tzid`); each result is then placed in the zone
 * with the RFC 5545 rules for skipped and repeated hours. Its own `tzid` support is avoided: it
 * returns dates shifted by the host's offset, which would make results depend on the machine.
 */
import { RRule } from 'rrule';
import { RecurrenceError } from './recurrence-error';
import type { GraphPatternedRecurrence, SeriesAnchor } from './recurrence-types';
import { graphToRrule } from './graph-to-rrule';
import { parseRruleParts } from './rrule-to-graph';
import { instantOfWallClock, parseLocalDateTime, requireIanaZone, wallClockAt } from './zoned-time';

export interface ExpandOptions {
  /** At most this many occurrences (default 1000): a rule with no end never ends. */
  limit?: number;
}

export function expandRrule(rrule: string, anchor: SeriesAnchor, options: ExpandOptions = {}): Date[] {
  const zone = requireIanaZone(anchor.timeZone);
  const start = parseLocalDateTime(anchor.start);
  if (start === undefined) throw new RecurrenceError('recurrence_invalid', 'The series start is not a local date-time.');
  const parts = parseRruleParts(rrule);
  const text = [...parts].map(([k, v]) => `${k}=${v}`).join(';');
  let parsed: ReturnType<typeof RRule.parseString>;
  try {
    parsed = RRule.parseString(text);
  } catch {
    throw new RecurrenceError('recurrence_invalid', 'The RRULE does not parse.');
  }
  const untilText = parts.get('UNTIL');
  let until: Date | null = null;
  if (untilText !== undefined && parsed.until) {
    const ms = parsed.until.getTime();
    // A UTC UNTIL is an instant: the wall-clock it reads as in the zone bounds floating occurrences.
    // A date-only UNTIL includes its whole local day.
    until = new Date(untilText.endsWith('Z') ? wallClockAt(ms, zone) : untilText.includes('T') ? ms : ms + 86_399_000);
  }
  const rule = new RRule({ ...parsed, dtstart: new Date(start), until });
  const limit = options.limit ?? 1000;
  return rule.all((_, i) => i < limit).map((floating) => new Date(instantOfWallClock(floating.getTime(), zone)));
}

/**
 * The occurrences of a Graph recurrence whose occurrences start at `startTime` ("HH:mm[:ss]")
 * local time in `timeZone` (default: the range's recurrenceTimeZone). The first one is where the
 * pattern first matches on or after the range's start date, as in Outlook.
 */
export function expandGraphRecurrence(
  recurrence: GraphPatternedRecurrence,
  startTime: string,
  options: ExpandOptions & { timeZone?: string } = {},
): Date[] {
  const timeZone = options.timeZone ?? recurrence.range?.recurrenceTimeZone;
  const zone = requireIanaZone(timeZone);
  const rrule = graphToRrule(recurrence, { timeZone: zone });
  const time = /^\d{2}:\d{2}$/.test(startTime) ? `${startTime}:00` : startTime;
  return expandRrule(rrule, { start: `${recurrence.range.startDate}T${time}`, timeZone: zone }, options);
}
