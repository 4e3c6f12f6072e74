/**
 * Checks a Graph `patternedRecurrence` (as it arrives in JSON: unknown) and reduces it to the
 * properties its type uses, in one spelling, so that every later step (RRULE, canonical form)
 * sees one shape. Equal rules reduce to equal values:
 * - properties the type does not use are dropped (Graph sends all of them, with defaults);
 * - days are de-duplicated and ordered Monday first;
 * - "the Nth day of the month" (all seven days, index first..fourth) is the absolute rule for day N;
 * - `firstDayOfWeek` is kept only where it changes which days fall in which week (weekly, interval
 *   above 1, two days or more), and then as the first chosen day on or after it, which groups the
 *   days the same way; it is dropped when it groups them as Monday does (RFC 5545's default).
 */
import { RecurrenceError } from './recurrence-error';
import {
  GRAPH_DAYS,
  GRAPH_PATTERN_TYPES,
  GRAPH_RANGE_TYPES,
  GRAPH_WEEK_INDEXES,
  type GraphDayOfWeek,
  type GraphPatternType,
  type GraphWeekIndex,
} from './recurrence-types';
import { formatLocalDate, parseLocalDateTime } from './zoned-time';

export type NormalizedRange = { type: 'noEnd' } | { type: 'endDate'; endDate: string } | { type: 'numbered'; count: number };

export interface NormalizedRecurrence {
  type: GraphPatternType;
  interval: number;
  /** Monday first; empty for types that do not use days. */
  daysOfWeek: GraphDayOfWeek[];
  dayOfMonth?: number;
  month?: number;
  index?: GraphWeekIndex;
  /** Only when it matters; see the file comment. */
  weekStart?: GraphDayOfWeek;
  startDate: string;
  range: NormalizedRange;
  /** As given, trimmed; absent when empty. */
  timeZone?: string;
}

/** Monday-first order, the order RFC 5545 weeks (WKST=MO) and BYDAY lists use here. */
export const MONDAY_FIRST: readonly GraphDayOfWeek[] = [...GRAPH_DAYS.slice(1), GRAPH_DAYS[0]];

const MAX_INTERVAL = 999;
const MAX_OCCURRENCES = 999;

function invalid(message: string): never {
  throw new RecurrenceError('recurrence_invalid', message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(values: readonly T[], raw: unknown, what: string): T {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  const found = values.find((v) => v.toLowerCase() === text);
  if (found === undefined) invalid(`${what} is not one of ${values.join(', ')}.`);
  return found;
}

function wholeNumber(raw: unknown, min: number, max: number, what: string): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    invalid(`${what} is not a whole number from ${min} to ${max}.`);
  }
  return raw;
}

function date(raw: unknown, what: string): string {
  const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) ? parseLocalDateTime(raw) : undefined;
  if (ms === undefined) invalid(`${what} is not a date (YYYY-MM-DD).`);
  return formatLocalDate(ms);
}

export function sortDays(days: Iterable<GraphDayOfWeek>): GraphDayOfWeek[] {
  const set = new Set(days);
  return MONDAY_FIRST.filter((d) => set.has(d));
}

function days(raw: unknown): GraphDayOfWeek[] {
  if (!Array.isArray(raw) || raw.length === 0) invalid('daysOfWeek is empty.');
  return sortDays(raw.map((d) => oneOf(GRAPH_DAYS, d, 'A day of the week')));
}

/** The first of `chosen` on or after `from`, going round the week. */
function firstChosenFrom(from: GraphDayOfWeek, chosen: readonly GraphDayOfWeek[]): GraphDayOfWeek {
  const start = GRAPH_DAYS.indexOf(from);
  for (let i = 0; i < 7; i += 1) {
    const day = GRAPH_DAYS[(start + i) % 7] as GraphDayOfWeek;
    if (chosen.includes(day)) return day;
  }
  return from;
}

function significantWeekStart(
  interval: number,
  chosen: readonly GraphDayOfWeek[],
  firstDayOfWeek: GraphDayOfWeek,
): GraphDayOfWeek | undefined {
  if (interval === 1 || chosen.length < 2) return undefined;
  const effective = firstChosenFrom(firstDayOfWeek, chosen);
  return effective === firstChosenFrom('monday', chosen) ? undefined : effective;
}

export const WEEK_INDEX_NUMBER: Readonly<Record<GraphWeekIndex, number>> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

function validDayOfMonth(month: number, day: number): boolean {
  // Leap year: February 29 is a valid yearly date.
  return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate();
}

export function normalizeGraphRecurrence(input: unknown): NormalizedRecurrence {
  if (!isRecord(input) || !isRecord(input.pattern) || !isRecord(input.range)) {
    invalid('A recurrence needs a pattern and a range.');
  }
  const { pattern, range } = input;
  let type = oneOf(GRAPH_PATTERN_TYPES, pattern.type, 'pattern.type');
  const interval =
    pattern.interval === undefined || pattern.interval === null ? 1 : wholeNumber(pattern.interval, 1, MAX_INTERVAL, 'pattern.interval');

  let daysOfWeek: GraphDayOfWeek[] = [];
  let dayOfMonth: number | undefined;
  let month: number | undefined;
  let index: GraphWeekIndex | undefined;
  let weekStart: GraphDayOfWeek | undefined;

  if (type === 'absoluteYearly' || type === 'relativeYearly') month = wholeNumber(pattern.month, 1, 12, 'pattern.month');
  switch (type) {
    case 'daily':
      break;
    case 'weekly': {
      daysOfWeek = days(pattern.daysOfWeek);
      const first =
        pattern.firstDayOfWeek === undefined || pattern.firstDayOfWeek === null
          ? 'sunday'
          : oneOf(GRAPH_DAYS, pattern.firstDayOfWeek, 'pattern.firstDayOfWeek');
      weekStart = significantWeekStart(interval, daysOfWeek, first);
      break;
    }
    case 'absoluteMonthly':
    case 'absoluteYearly':
      dayOfMonth = wholeNumber(pattern.dayOfMonth, 1, 31, 'pattern.dayOfMonth');
      if (month !== undefined && !validDayOfMonth(month, dayOfMonth)) invalid('pattern.dayOfMonth does not exist in pattern.month.');
      break;
    case 'relativeMonthly':
    case 'relativeYearly':
      daysOfWeek = days(pattern.daysOfWeek);
      index = pattern.index === undefined || pattern.index === null ? 'first' : oneOf(GRAPH_WEEK_INDEXES, pattern.index, 'pattern.index');
      if (daysOfWeek.length === 7 && index !== 'last') {
        // "The second day of the month" is the 2nd.
        dayOfMonth = WEEK_INDEX_NUMBER[index];
        type = type === 'relativeMonthly' ? 'absoluteMonthly' : 'absoluteYearly';
        daysOfWeek = [];
        index = undefined;
      }
      break;
  }

  const rangeType = oneOf(GRAPH_RANGE_TYPES, range.type, 'range.type');
  const startDate = date(range.startDate, 'range.startDate');
  let normalizedRange: NormalizedRange;
  if (rangeType === 'endDate') {
    const endDate = date(range.endDate, 'range.endDate');
    if (endDate < startDate) invalid('range.endDate is before range.startDate.');
    normalizedRange = { type: 'endDate', endDate };
  } else if (rangeType === 'numbered') {
    normalizedRange = { type: 'numbered', count: wholeNumber(range.numberOfOccurrences, 1, MAX_OCCURRENCES, 'range.numberOfOccurrences') };
  } else {
    normalizedRange = { type: 'noEnd' };
  }
  const zone = typeof range.recurrenceTimeZone === 'string' ? range.recurrenceTimeZone.trim() : '';

  return {
    type,
    interval,
    daysOfWeek,
    ...(dayOfMonth !== undefined ? { dayOfMonth } : {}),
    ...(month !== undefined ? { month } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(weekStart !== undefined ? { weekStart } : {}),
    startDate,
    range: normalizedRange,
    ...(zone !== '' ? { timeZone: zone } : {}),
  };
}
