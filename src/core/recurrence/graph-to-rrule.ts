/**
 * Graph `patternedRecurrence` -> the RRULE Webex stores (the `recurrence` field of a meeting).
 *
 * Webex reads the rule in the meeting's `timezone` (an IANA zone), so a weekly 09:00 series keeps
 * 09:00 local across DST changes: nothing here is converted to UTC except UNTIL, which RFC 5545
 * (section 3.3.10) requires in UTC when the start is a local time with a zone. Graph's endDate is
 * the last local day an occurrence may fall on, so UNTIL is the end of that day (23:59:59) in the
 * series zone, in UTC.
 *
 * Webex's limits (webex-meeting.json, `recurrence`): FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL,
 * BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL; "multiple days or dates for monthly or yearly
 * rules are not supported, only the first day or date specified is taken". Outlook's "the last
 * weekday of the month" names five days, so it is refused (`recurrence_unsupported`) rather than
 * silently moved to the last Monday. WKST is not in Webex's list either, so Webex weeks start on
 * Monday (RFC 5545's default); a rule whose dates depend on another week start (every 2 weeks on
 * Sunday and Monday, weeks starting Sunday; see normalize-recurrence.ts) is refused the same way.
 *
 * Known difference, not refused: Outlook moves "day 31 of every month" to the last day of shorter
 * months, RFC 5545 skips those months. Webex takes a single BYMONTHDAY, so no rule says Outlook's.
 */
import { RecurrenceError } from './recurrence-error';
import type { GraphDayOfWeek, GraphPatternedRecurrence } from './recurrence-types';
import { normalizeGraphRecurrence, WEEK_INDEX_NUMBER, type NormalizedRecurrence } from './normalize-recurrence';
import { formatRfc5545Utc, instantOfWallClock, parseLocalDateTime, requireIanaZone } from './zoned-time';

export const RRULE_DAY: Readonly<Record<GraphDayOfWeek, string>> = {
  sunday: 'SU',
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
};

export interface GraphToRruleOptions {
  /**
   * The zone the series is read in (IANA or Windows name). Defaults to the range's
   * `recurrenceTimeZone`; needed only for endDate ranges (to place UNTIL in UTC).
   */
  timeZone?: string;
}

/** The Webex RRULE for a Graph recurrence, e.g. "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20241201T045959Z". */
export function graphToRrule(recurrence: GraphPatternedRecurrence, options: GraphToRruleOptions = {}): string {
  return rruleOfNormalized(normalizeGraphRecurrence(recurrence), options.timeZone);
}

/** Webex documents no bound; the meeting draft and the Webex emulator both stop at 99. */
export const MAX_WEBEX_INTERVAL = 99;

export function rruleOfNormalized(rule: NormalizedRecurrence, timeZone?: string): string {
  if (rule.interval > MAX_WEBEX_INTERVAL) {
    throw new RecurrenceError('recurrence_unsupported', `Webex takes intervals up to ${MAX_WEBEX_INTERVAL}.`);
  }
  const parts: [string, string][] = [];
  const days = rule.daysOfWeek.map((d) => RRULE_DAY[d]).join(',');
  const oneDayOnly = (): void => {
    if (rule.daysOfWeek.length > 1) {
      throw new RecurrenceError('recurrence_unsupported', 'Webex takes one weekday for a monthly or yearly rule.');
    }
  };
  // Part order matches normalizeRecurrenceRule in meeting-draft.ts, so equal rules are equal strings.
  switch (rule.type) {
    case 'daily':
      parts.push(['FREQ', 'DAILY'], ['INTERVAL', String(rule.interval)]);
      break;
    case 'weekly':
      if (rule.weekStart !== undefined) {
        throw new RecurrenceError('recurrence_unsupported', 'Webex weeks start on Monday; this rule needs another week start.');
      }
      parts.push(['FREQ', 'WEEKLY'], ['INTERVAL', String(rule.interval)], ['BYDAY', days]);
      break;
    case 'absoluteMonthly':
      parts.push(['FREQ', 'MONTHLY'], ['INTERVAL', String(rule.interval)], ['BYMONTHDAY', String(rule.dayOfMonth)]);
      break;
    case 'absoluteYearly':
      parts.push(
        ['FREQ', 'YEARLY'],
        ['INTERVAL', String(rule.interval)],
        ['BYMONTHDAY', String(rule.dayOfMonth)],
        ['BYMONTH', String(rule.month)],
      );
      break;
    case 'relativeMonthly':
    case 'relativeYearly': {
      const yearly = rule.type === 'relativeYearly';
      const setPos = String(WEEK_INDEX_NUMBER[rule.index ?? 'first']);
      parts.push(['FREQ', yearly ? 'YEARLY' : 'MONTHLY'], ['INTERVAL', String(rule.interval)]);
      if (rule.daysOfWeek.length === 7) {
        // Only "last day" is left here (normalization made first..fourth absolute).
        parts.push(['BYMONTHDAY', '-1']);
        if (yearly) parts.push(['BYMONTH', String(rule.month)]);
      } else {
        oneDayOnly();
        parts.push(['BYDAY', days]);
        if (yearly) parts.push(['BYMONTH', String(rule.month)]);
        parts.push(['BYSETPOS', setPos]);
      }
      break;
    }
  }
  if (rule.range.type === 'numbered') parts.push(['COUNT', String(rule.range.count)]);
  if (rule.range.type === 'endDate') parts.push(['UNTIL', untilOf(rule.range.endDate, timeZone ?? rule.timeZone)]);
  return parts.map(([k, v]) => `${k}=${v}`).join(';');
}

/** UNTIL for an inclusive local end date: the end of that day in the zone, in UTC. */
export function untilOf(endDate: string, timeZone: string | undefined): string {
  const zone = requireIanaZone(timeZone);
  const endOfDay = parseLocalDateTime(`${endDate}T23:59:59`);
  if (endOfDay === undefined) throw new RecurrenceError('recurrence_invalid', 'range.endDate is not a date.');
  return formatRfc5545Utc(instantOfWallClock(endOfDay, zone));
}
