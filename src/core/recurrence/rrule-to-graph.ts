/**
 * RRULE (as Webex returns it) -> Graph `patternedRecurrence`, so that the backend can compare what
 * Webex holds with what Outlook holds in one shape (canonical-recurrence.ts).
 *
 * RFC 5545 fills what a rule leaves out from DTSTART: a weekly rule without BYDAY repeats on the
 * start's weekday, a monthly one on the start's day of the month, a yearly one in the start's
 * month. So the series start (local date in the series zone) is needed. Like Webex, only the first
 * of several BYMONTHDAY values is kept for monthly and yearly rules.
 */
import { RecurrenceError } from './recurrence-error';
import {
  GRAPH_DAYS,
  type GraphDayOfWeek,
  type GraphPatternedRecurrence,
  type GraphRecurrencePattern,
  type GraphRecurrenceRange,
  type GraphWeekIndex,
} from './recurrence-types';
import { RRULE_DAY } from './graph-to-rrule';
import { sortDays } from './normalize-recurrence';
import { formatLocalDate, parseLocalDateTime, requireIanaZone, wallClockAt } from './zoned-time';

export interface RruleAnchor {
  /** Local date ("YYYY-MM-DD") or date-time of the series start in its zone. */
  start: string;
  /** IANA or Windows name; becomes the range's recurrenceTimeZone. Needed for a UTC UNTIL. */
  timeZone?: string;
}

const SUPPORTED_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST', 'COUNT', 'UNTIL'];
const DAY_OF_RRULE = new Map<string, GraphDayOfWeek>(GRAPH_DAYS.map((d) => [RRULE_DAY[d], d]));
const INDEX_OF_POSITION = new Map<number, GraphWeekIndex>([
  [1, 'first'],
  [2, 'second'],
  [3, 'third'],
  [4, 'fourth'],
  [-1, 'last'],
]);

function invalid(message: string): never {
  throw new RecurrenceError('recurrence_invalid', message);
}

function unsupported(message: string): never {
  throw new RecurrenceError('recurrence_unsupported', message);
}

/** KEY=VALUE parts of an RRULE; accepts "RRULE:" and a leading "DTSTART..." line as iCalendar writes them. */
export function parseRruleParts(text: string): Map<string, string> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const ruleLine = lines.find((l) => /^RRULE:/i.test(l)) ?? (lines.length === 1 ? lines[0] : undefined);
  if (ruleLine === undefined) invalid('No RRULE line.');
  const parts = new Map<string, string>();
  for (const piece of ruleLine.replace(/^RRULE:/i, '').split(';')) {
    if (piece.trim() === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) invalid('An RRULE part is not KEY=VALUE.');
    const key = piece.slice(0, eq).trim().toUpperCase();
    if (parts.has(key)) invalid(`${key} appears twice.`);
    parts.set(
      key,
      piece
        .slice(eq + 1)
        .trim()
        .toUpperCase(),
    );
  }
  return parts;
}

function positiveInteger(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1) invalid(`${what} is not a positive whole number.`);
  return Number(value);
}

interface ByDay {
  day: GraphDayOfWeek;
  ordinal?: number;
}

function byDays(value: string | undefined): ByDay[] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item.trim());
    if (!m) invalid('BYDAY is not a list of weekdays.');
    const day = DAY_OF_RRULE.get(m[2] as string) as GraphDayOfWeek;
    return m[1] === undefined ? { day } : { day, ordinal: Number(m[1]) };
  });
}

function weekIndex(position: number): GraphWeekIndex {
  const index = INDEX_OF_POSITION.get(position);
  if (index === undefined) unsupported('Outlook counts weekdays of a month only as first to fourth, or last.');
  return index;
}

/** The local end date an UNTIL names: a UTC time is read in the zone; a date or floating time is local already. */
function endDateOf(until: string, timeZone: string | undefined): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(until);
  if (!m) invalid('UNTIL is not an RFC 5545 date or date-time.');
  const local = parseLocalDateTime(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`);
  if (local === undefined) invalid('UNTIL is not a valid date.');
  if (m[7] === undefined) return formatLocalDate(local);
  return formatLocalDate(wallClockAt(local, requireIanaZone(timeZone)));
}

export function rruleToGraph(rrule: string, anchor: RruleAnchor): GraphPatternedRecurrence {
  const parts = parseRruleParts(rrule);
  for (const key of parts.keys()) {
    if (!SUPPORTED_PARTS.includes(key)) unsupported(`${key} has no Outlook equivalent.`);
  }
  const startMs = parseLocalDateTime(anchor.start);
  if (startMs === undefined) invalid('The series start is not a local date or date-time.');
  const start = new Date(startMs);
  const startDay = GRAPH_DAYS[start.getUTCDay()] as GraphDayOfWeek;

  const interval = positiveInteger(parts.get('INTERVAL'), 'INTERVAL') ?? 1;
  const days = byDays(parts.get('BYDAY'));
  const monthDays = (parts.get('BYMONTHDAY') ?? '').split(',').filter((v) => v !== '');
  const monthDay = monthDays.length === 0 ? undefined : Number(monthDays[0]);
  if (monthDay !== undefined && (!Number.isInteger(monthDay) || monthDay === 0 || monthDay < -31 || monthDay > 31)) {
    invalid('BYMONTHDAY is not a day of the month.');
  }
  const monthText = parts.get('BYMONTH');
  if (monthText !== undefined && !/^([1-9]|1[0-2])$/.test(monthText)) unsupported('Outlook repeats a yearly rule in one month.');
  const setPosText = parts.get('BYSETPOS');
  if (setPosText !== undefined && !/^[+-]?\d{1,3}$/.test(setPosText)) unsupported('Outlook takes one BYSETPOS.');
  const setPos = setPosText === undefined ? undefined : Number(setPosText);
  const wkst = parts.get('WKST');
  const firstDayOfWeek = wkst === undefined ? 'monday' : DAY_OF_RRULE.get(wkst);
  if (firstDayOfWeek === undefined) invalid('WKST is not a weekday.');

  const plainDays = (): GraphDayOfWeek[] => {
    if (days.some((d) => d.ordinal !== undefined)) unsupported('Ordinal weekdays need a monthly or yearly rule.');
    return sortDays(days.map((d) => d.day));
  };

  /** The monthly part shared by MONTHLY and YEARLY rules. */
  const monthPart = (): Pick<GraphRecurrencePattern, 'dayOfMonth' | 'daysOfWeek' | 'index'> & { relative: boolean } => {
    if (days.length > 0) {
      const ordinals = new Set(days.map((d) => d.ordinal));
      if (ordinals.size > 1) unsupported('Weekdays with different ordinals.');
      const ordinal = days[0]?.ordinal;
      if (ordinal !== undefined && setPos !== undefined) unsupported('BYSETPOS with ordinal weekdays.');
      if (monthDay !== undefined) unsupported('BYDAY together with BYMONTHDAY.');
      const position = ordinal ?? setPos;
      if (position === undefined) unsupported('Every such weekday of the month has no Outlook equivalent.');
      return { relative: true, daysOfWeek: sortDays(days.map((d) => d.day)), index: weekIndex(position) };
    }
    if (setPos !== undefined) unsupported('BYSETPOS without BYDAY.');
    if (monthDay === -1) return { relative: true, daysOfWeek: [...GRAPH_DAYS], index: 'last' };
    if (monthDay !== undefined && monthDay < 0) unsupported('Outlook counts days of the month from the end only for the last day.');
    return { relative: false, dayOfMonth: monthDay ?? start.getUTCDate() };
  };

  let pattern: GraphRecurrencePattern;
  switch (parts.get('FREQ')) {
    case 'DAILY': {
      const weekdays = plainDays();
      if (monthDay !== undefined || monthText !== undefined || setPos !== undefined)
        unsupported('A daily rule filtered by month or position.');
      if (weekdays.length === 0) {
        pattern = { type: 'daily', interval };
      } else if (interval === 1) {
        // FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR is how some calendars write "every weekday".
        pattern = { type: 'weekly', interval: 1, daysOfWeek: weekdays, firstDayOfWeek };
      } else {
        unsupported('Every N days limited to some weekdays.');
      }
      break;
    }
    case 'WEEKLY': {
      if (monthDay !== undefined || monthText !== undefined || setPos !== undefined)
        unsupported('A weekly rule filtered by month or position.');
      const weekdays = plainDays();
      pattern = { type: 'weekly', interval, daysOfWeek: weekdays.length > 0 ? weekdays : [startDay], firstDayOfWeek };
      break;
    }
    case 'MONTHLY': {
      if (monthText !== undefined) unsupported('A monthly rule limited to some months.');
      const { relative, ...rest } = monthPart();
      pattern = { type: relative ? 'relativeMonthly' : 'absoluteMonthly', interval, ...rest };
      break;
    }
    case 'YEARLY': {
      if (monthText === undefined && (days.length > 0 || setPos !== undefined)) unsupported('A yearly weekday rule needs BYMONTH.');
      const month = monthText === undefined ? start.getUTCMonth() + 1 : Number(monthText);
      const { relative, ...rest } = monthPart();
      pattern = { type: relative ? 'relativeYearly' : 'absoluteYearly', interval, month, ...rest };
      break;
    }
    default:
      invalid('FREQ is not DAILY, WEEKLY, MONTHLY or YEARLY.');
  }

  const count = positiveInteger(parts.get('COUNT'), 'COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined && until !== undefined) invalid('COUNT and UNTIL together.');
  const startDate = formatLocalDate(startMs);
  const zone = anchor.timeZone?.trim() || undefined;
  const range: GraphRecurrenceRange =
    count !== undefined
      ? { type: 'numbered', startDate, numberOfOccurrences: count }
      : until !== undefined
        ? { type: 'endDate', startDate, endDate: endDateOf(until, zone) }
        : { type: 'noEnd', startDate };
  if (zone !== undefined) range.recurrenceTimeZone = zone;
  return { pattern, range };
}
