/** Graph recurrences for table-driven tests, with the RRULE Webex should get for each. */
import type { GraphPatternedRecurrence, GraphRecurrencePattern, GraphRecurrenceRange } from '../../../../src/core/recurrence';

/** Graph returns every pattern property, filled with defaults, whatever the type. */
export function graphPattern(p: Partial<GraphRecurrencePattern> & Pick<GraphRecurrencePattern, 'type'>): GraphRecurrencePattern {
  return { interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: 'sunday', index: 'first', ...p };
}

export function graphRange(r: Partial<GraphRecurrenceRange> & Pick<GraphRecurrenceRange, 'type'>): GraphRecurrenceRange {
  return { startDate: '2024-03-04', endDate: '0001-01-01', numberOfOccurrences: 0, recurrenceTimeZone: 'Eastern Standard Time', ...r };
}

export interface RecurrenceCase {
  name: string;
  graph: GraphPatternedRecurrence;
  rrule: string;
}

const noEnd = graphRange({ type: 'noEnd' });

export const CASES: readonly RecurrenceCase[] = [
  {
    name: 'every 2 days, no end',
    graph: { pattern: graphPattern({ type: 'daily', interval: 2 }), range: noEnd },
    rrule: 'FREQ=DAILY;INTERVAL=2',
  },
  {
    name: 'weekly on Monday, Wednesday and Friday, 10 times',
    graph: {
      pattern: graphPattern({ type: 'weekly', daysOfWeek: ['friday', 'monday', 'wednesday'] }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 10 }),
    },
    rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,FR;COUNT=10',
  },
  {
    name: 'every weekday until the end of 2024 in New York',
    graph: {
      pattern: graphPattern({ type: 'weekly', daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] }),
      range: graphRange({ type: 'endDate', endDate: '2024-12-31' }),
    },
    rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR;UNTIL=20250101T045959Z',
  },
  {
    name: 'every 2 weeks on Monday and Thursday (week start does not matter)',
    graph: { pattern: graphPattern({ type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'] }), range: noEnd },
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
  },
  {
    name: 'monthly on day 15 until mid-2024 in Tokyo',
    graph: {
      pattern: graphPattern({ type: 'absoluteMonthly', dayOfMonth: 15 }),
      range: graphRange({ type: 'endDate', endDate: '2024-06-15', recurrenceTimeZone: 'Tokyo Standard Time' }),
    },
    rrule: 'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=15;UNTIL=20240615T145959Z',
  },
  {
    name: 'every 3 months on the second Tuesday',
    graph: { pattern: graphPattern({ type: 'relativeMonthly', interval: 3, daysOfWeek: ['tuesday'], index: 'second' }), range: noEnd },
    rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=2',
  },
  {
    name: 'monthly on the last Friday, 12 times',
    graph: {
      pattern: graphPattern({ type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 12 }),
    },
    rrule: 'FREQ=MONTHLY;INTERVAL=1;BYDAY=FR;BYSETPOS=-1;COUNT=12',
  },
  {
    name: 'monthly on the last day',
    graph: {
      pattern: graphPattern({
        type: 'relativeMonthly',
        daysOfWeek: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
        index: 'last',
      }),
      range: noEnd,
    },
    rrule: 'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1',
  },
  {
    name: 'monthly on the third day (any weekday)',
    graph: {
      pattern: graphPattern({
        type: 'relativeMonthly',
        daysOfWeek: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
        index: 'third',
      }),
      range: noEnd,
    },
    rrule: 'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=3',
  },
  {
    name: 'yearly on March 14',
    graph: {
      pattern: graphPattern({ type: 'absoluteYearly', month: 3, dayOfMonth: 14 }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 5 }),
    },
    rrule: 'FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=14;BYMONTH=3;COUNT=5',
  },
  {
    name: 'every 2 years on February 29',
    graph: { pattern: graphPattern({ type: 'absoluteYearly', interval: 2, month: 2, dayOfMonth: 29 }), range: noEnd },
    rrule: 'FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=29;BYMONTH=2',
  },
  {
    name: 'yearly on the fourth Thursday of November, until 2030 in Honolulu',
    graph: {
      pattern: graphPattern({ type: 'relativeYearly', month: 11, daysOfWeek: ['thursday'], index: 'fourth' }),
      range: graphRange({ type: 'endDate', endDate: '2030-11-28', recurrenceTimeZone: 'Pacific/Honolulu' }),
    },
    rrule: 'FREQ=YEARLY;INTERVAL=1;BYDAY=TH;BYMONTH=11;BYSETPOS=4;UNTIL=20301129T095959Z',
  },
];
