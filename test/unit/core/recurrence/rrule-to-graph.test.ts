import fc from 'fast-check';
import {
  canonicalRecurrence,
  graphToRrule,
  RecurrenceError,
  rruleToGraph,
  type GraphDayOfWeek,
  type GraphPatternedRecurrence,
  type GraphWeekIndex,
} from '../../../../src/core/recurrence';
import { CASES } from './recurrence-cases';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RecurrenceError ? e.code : `not a RecurrenceError: ${String(e)}`;
  }
  return undefined;
}

const NY = 'America/New_York';

describe('RRULE back to a Graph recurrence', () => {
  it.each<
    [
      string,
      string,
      string,
      GraphPatternedRecurrence['pattern'],
      Omit<GraphPatternedRecurrence['range'], 'startDate' | 'recurrenceTimeZone'>,
    ]
  >([
    [
      'a daily rule with a count',
      'FREQ=DAILY;INTERVAL=1;COUNT=5',
      '2024-03-04',
      { type: 'daily', interval: 1 },
      { type: 'numbered', numberOfOccurrences: 5 },
    ],
    [
      'a weekly rule without BYDAY (the start’s weekday)',
      'FREQ=WEEKLY',
      '2024-03-06',
      { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'], firstDayOfWeek: 'monday' },
      { type: 'noEnd' },
    ],
    [
      'the order the Webex emulator echoes',
      'FREQ=WEEKLY;UNTIL=20241112T045959Z;INTERVAL=1;BYDAY=MO',
      '2024-03-04',
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
      { type: 'endDate', endDate: '2024-11-11' },
    ],
    [
      'an ordinal weekday',
      'RRULE:FREQ=MONTHLY;BYDAY=-1FR',
      '2024-03-29',
      { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
      { type: 'noEnd' },
    ],
    [
      'a weekday with BYSETPOS',
      'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU;BYSETPOS=2',
      '2024-03-12',
      { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' },
      { type: 'noEnd' },
    ],
    [
      'several month days (Webex keeps the first)',
      'FREQ=MONTHLY;BYMONTHDAY=10,11,12;COUNT=10',
      '2024-03-10',
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 10 },
      { type: 'numbered', numberOfOccurrences: 10 },
    ],
    [
      'a monthly rule without a day (the start’s day)',
      'FREQ=MONTHLY',
      '2024-03-15',
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 },
      { type: 'noEnd' },
    ],
    [
      'the last day of the month',
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      '2024-03-31',
      {
        type: 'relativeMonthly',
        interval: 1,
        daysOfWeek: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
        index: 'last',
      },
      { type: 'noEnd' },
    ],
    [
      'a yearly rule without a month (the start’s date)',
      'FREQ=YEARLY',
      '2024-07-04',
      { type: 'absoluteYearly', interval: 1, month: 7, dayOfMonth: 4 },
      { type: 'noEnd' },
    ],
    [
      'a relative yearly rule',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=TH;BYSETPOS=4',
      '2024-11-28',
      { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' },
      { type: 'noEnd' },
    ],
    [
      'a daily rule on weekdays only',
      'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
      '2024-03-04',
      { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], firstDayOfWeek: 'monday' },
      { type: 'noEnd' },
    ],
    [
      'a date-only UNTIL',
      'FREQ=WEEKLY;BYDAY=MO;UNTIL=20241231',
      '2024-03-04',
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
      { type: 'endDate', endDate: '2024-12-31' },
    ],
    [
      'a DTSTART line before the rule',
      'DTSTART;TZID=America/New_York:20240304T090000\nRRULE:FREQ=WEEKLY;WKST=SU;BYDAY=MO',
      '2024-03-04',
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
      { type: 'noEnd' },
    ],
  ])('reads %s', (_name, rrule, start, pattern, range) => {
    expect(rruleToGraph(rrule, { start, timeZone: NY })).toEqual({
      pattern,
      range: { ...range, startDate: start, recurrenceTimeZone: NY },
    });
  });

  it('reads a UTC UNTIL as a date in the series zone', () => {
    // 03:00Z on June 16 is noon on the 16th in Tokyo and 23:00 on the 15th in New York.
    expect(rruleToGraph('FREQ=DAILY;UNTIL=20240616T030000Z', { start: '2024-06-01', timeZone: 'Asia/Tokyo' }).range.endDate).toBe(
      '2024-06-16',
    );
    expect(rruleToGraph('FREQ=DAILY;UNTIL=20240616T030000Z', { start: '2024-06-01', timeZone: NY }).range.endDate).toBe('2024-06-15');
  });

  it.each([
    ['an unsupported part', 'FREQ=DAILY;BYHOUR=9'],
    ['a fifth weekday', 'FREQ=MONTHLY;BYDAY=5MO'],
    ['the second-to-last day', 'FREQ=MONTHLY;BYMONTHDAY=-2'],
    ['a yearly weekday without a month', 'FREQ=YEARLY;BYDAY=2TU'],
    ['a weekly rule limited to some months', 'FREQ=WEEKLY;BYMONTH=6'],
    ['every other day on weekdays', 'FREQ=DAILY;INTERVAL=2;BYDAY=MO,TU'],
    ['every Monday of the month', 'FREQ=MONTHLY;BYDAY=MO'],
  ])('refuses %s as recurrence_unsupported', (_name, rrule) => {
    expect(errorCode(() => rruleToGraph(rrule, { start: '2024-03-04', timeZone: NY }))).toBe('recurrence_unsupported');
  });

  it.each([
    ['garbage', 'hello'],
    ['no FREQ', 'INTERVAL=2'],
    ['HOURLY', 'FREQ=HOURLY'],
    ['COUNT and UNTIL together', 'FREQ=DAILY;COUNT=2;UNTIL=20241231'],
    ['a bad UNTIL', 'FREQ=DAILY;UNTIL=2024-12-31'],
    ['a part given twice', 'FREQ=DAILY;FREQ=WEEKLY'],
    ['a bad weekday', 'FREQ=WEEKLY;BYDAY=XX'],
  ])('refuses %s as recurrence_invalid', (_name, rrule) => {
    expect(errorCode(() => rruleToGraph(rrule, { start: '2024-03-04', timeZone: NY }))).toBe('recurrence_invalid');
  });

  it('needs a zone to read a UTC UNTIL', () => {
    expect(errorCode(() => rruleToGraph('FREQ=DAILY;UNTIL=20241231T000000Z', { start: '2024-03-04' }))).toBe('time_zone_unknown');
  });
});

describe('round trips through the RRULE', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('keeps the meaning of: %s', (_name, c) => {
    const back = rruleToGraph(graphToRrule(c.graph), { start: c.graph.range.startDate, timeZone: c.graph.range.recurrenceTimeZone });
    expect(canonicalRecurrence(back)).toBe(canonicalRecurrence(c.graph));
  });

  const days: GraphDayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const zones = ['Eastern Standard Time', 'Pacific/Honolulu', 'Asia/Tokyo', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];
  const pattern = fc.oneof(
    fc.record({ type: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 99 }) }),
    fc.record({
      type: fc.constant('weekly' as const),
      interval: fc.constant(1),
      daysOfWeek: fc.uniqueArray(fc.constantFrom(...days), { minLength: 1, maxLength: 7 }),
    }),
    fc.record({
      type: fc.constant('weekly' as const),
      interval: fc.integer({ min: 2, max: 12 }),
      daysOfWeek: fc.uniqueArray(fc.constantFrom(...days), { minLength: 1, maxLength: 7 }),
      firstDayOfWeek: fc.constant('monday' as const),
    }),
    fc.record({
      type: fc.constant('absoluteMonthly' as const),
      interval: fc.integer({ min: 1, max: 12 }),
      dayOfMonth: fc.integer({ min: 1, max: 31 }),
    }),
    fc.record({
      type: fc.constant('relativeMonthly' as const),
      interval: fc.integer({ min: 1, max: 12 }),
      daysOfWeek: fc.constantFrom(...days).map((d) => [d]),
      index: fc.constantFrom<GraphWeekIndex[]>('first', 'second', 'third', 'fourth', 'last'),
    }),
    fc.record({
      type: fc.constant('absoluteYearly' as const),
      interval: fc.integer({ min: 1, max: 5 }),
      month: fc.integer({ min: 1, max: 12 }),
      dayOfMonth: fc.integer({ min: 1, max: 28 }),
    }),
    fc.record({
      type: fc.constant('relativeYearly' as const),
      interval: fc.integer({ min: 1, max: 5 }),
      month: fc.integer({ min: 1, max: 12 }),
      daysOfWeek: fc.constantFrom(...days).map((d) => [d]),
      index: fc.constantFrom<GraphWeekIndex[]>('first', 'second', 'third', 'fourth', 'last'),
    }),
  );
  const date = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const range = fc.oneof(
    fc.record({ type: fc.constant('noEnd' as const) }),
    fc.record({ type: fc.constant('numbered' as const), numberOfOccurrences: fc.integer({ min: 1, max: 999 }) }),
    fc.record({ type: fc.constant('endDate' as const), days: fc.integer({ min: 0, max: 2000 }) }),
  );

  it('keeps the meaning of any recurrence Webex can hold', () => {
    fc.assert(
      fc.property(pattern, range, date, fc.constantFrom(...zones), (p, r, startDate, zone) => {
        const rangeValue =
          r.type === 'endDate'
            ? {
                type: 'endDate' as const,
                startDate,
                endDate: new Date(Date.parse(startDate) + r.days * 86_400_000).toISOString().slice(0, 10),
                recurrenceTimeZone: zone,
              }
            : { ...r, startDate, recurrenceTimeZone: zone };
        const graph = { pattern: p, range: rangeValue } as GraphPatternedRecurrence;
        const back = rruleToGraph(graphToRrule(graph), { start: startDate, timeZone: zone });
        expect(canonicalRecurrence(back)).toBe(canonicalRecurrence(graph));
      }),
      { numRuns: 300 },
    );
  });
});
