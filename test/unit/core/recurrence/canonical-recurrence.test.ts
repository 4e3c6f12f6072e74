import { createHash } from 'node:crypto';
import { canonicalRecurrence, NO_RECURRENCE, recurrenceHash, type GraphPatternedRecurrence } from '../../../../src/core/recurrence';
import { CASES, graphPattern, graphRange } from './recurrence-cases';

const weekly = (
  p: Partial<GraphPatternedRecurrence['pattern']>,
  r: Partial<GraphPatternedRecurrence['range']> = {},
): GraphPatternedRecurrence => ({
  pattern: graphPattern({ type: 'weekly', daysOfWeek: ['monday', 'wednesday'], ...p }),
  range: graphRange({ type: 'endDate', endDate: '2024-12-31', ...r }),
});

describe('the canonical form of a recurrence', () => {
  it('spells a weekly series out', () => {
    expect(canonicalRecurrence(weekly({}))).toBe(
      'recurrence/v1;TYPE=weekly;INTERVAL=1;DAYS=MO,WE;START=2024-03-04;END=2024-12-31;TZ=America/New_York',
    );
  });

  it.each<[string, GraphPatternedRecurrence, GraphPatternedRecurrence]>([
    [
      'the defaults Graph fills in for unused properties',
      { pattern: graphPattern({ type: 'daily', interval: 2 }), range: graphRange({ type: 'noEnd' }) },
      {
        pattern: { type: 'daily', interval: 2 },
        range: { type: 'noEnd', startDate: '2024-03-04', recurrenceTimeZone: 'Eastern Standard Time' },
      },
    ],
    [
      'the order and case of days',
      weekly({ daysOfWeek: ['wednesday', 'monday'] }),
      weekly({ daysOfWeek: ['Monday', 'WEDNESDAY', 'monday'] as never }),
    ],
    ['a Windows or IANA name for one zone', weekly({}), weekly({}, { recurrenceTimeZone: 'America/New_York' })],
    ['an IANA alias', weekly({}, { recurrenceTimeZone: 'US/Eastern' }), weekly({}, { recurrenceTimeZone: 'America/New_York' })],
    ['how Graph spells UTC', weekly({}, { recurrenceTimeZone: 'tzone://Microsoft/Utc' }), weekly({}, { recurrenceTimeZone: 'Etc/UTC' })],
    ['the week start of a weekly series every week', weekly({ firstDayOfWeek: 'sunday' }), weekly({ firstDayOfWeek: 'monday' })],
    [
      'a week start that groups the days the same',
      weekly({ interval: 2, firstDayOfWeek: 'sunday' }),
      weekly({ interval: 2, firstDayOfWeek: 'monday' }),
    ],
    [
      '"the second day" and "day 2" of the month',
      {
        pattern: graphPattern({
          type: 'relativeMonthly',
          daysOfWeek: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
          index: 'second',
        }),
        range: graphRange({ type: 'noEnd' }),
      },
      { pattern: graphPattern({ type: 'absoluteMonthly', dayOfMonth: 2 }), range: graphRange({ type: 'noEnd' }) },
    ],
    [
      'numberOfOccurrences and endDate where the range type does not use them',
      { pattern: graphPattern({ type: 'daily' }), range: graphRange({ type: 'noEnd', numberOfOccurrences: 0, endDate: '0001-01-01' }) },
      {
        pattern: graphPattern({ type: 'daily' }),
        range: { type: 'noEnd', startDate: '2024-03-04', recurrenceTimeZone: 'Eastern Standard Time' },
      },
    ],
  ])('ignores %s', (_name, a, b) => {
    expect(canonicalRecurrence(a)).toBe(canonicalRecurrence(b));
    expect(recurrenceHash(a)).toBe(recurrenceHash(b));
  });

  it.each<[string, GraphPatternedRecurrence, GraphPatternedRecurrence]>([
    ['the interval', weekly({}), weekly({ interval: 2 })],
    ['a day', weekly({}), weekly({ daysOfWeek: ['monday', 'thursday'] })],
    ['the end date', weekly({}), weekly({}, { endDate: '2025-01-31' })],
    ['the start date', weekly({}), weekly({}, { startDate: '2024-03-11' })],
    ['an end date for a count', weekly({}), weekly({}, { type: 'numbered', numberOfOccurrences: 10 })],
    ['the count', weekly({}, { type: 'numbered', numberOfOccurrences: 10 }), weekly({}, { type: 'numbered', numberOfOccurrences: 11 })],
    ['no end for an end date', weekly({}), weekly({}, { type: 'noEnd' })],
    ['the zone', weekly({}), weekly({}, { recurrenceTimeZone: 'Pacific Standard Time' })],
    [
      'a week start that moves Sunday to another week',
      weekly({ interval: 2, daysOfWeek: ['sunday', 'monday'], firstDayOfWeek: 'sunday' }),
      weekly({ interval: 2, daysOfWeek: ['sunday', 'monday'], firstDayOfWeek: 'monday' }),
    ],
    [
      'a week start that splits Monday and Wednesday',
      weekly({ interval: 2, firstDayOfWeek: 'tuesday' }),
      weekly({ interval: 2, firstDayOfWeek: 'monday' }),
    ],
    [
      'the week of the month',
      {
        pattern: graphPattern({ type: 'relativeMonthly', daysOfWeek: ['tuesday'], index: 'second' }),
        range: graphRange({ type: 'noEnd' }),
      },
      { pattern: graphPattern({ type: 'relativeMonthly', daysOfWeek: ['tuesday'], index: 'last' }), range: graphRange({ type: 'noEnd' }) },
    ],
    [
      'the month of a yearly series',
      { pattern: graphPattern({ type: 'absoluteYearly', month: 3, dayOfMonth: 14 }), range: graphRange({ type: 'noEnd' }) },
      { pattern: graphPattern({ type: 'absoluteYearly', month: 4, dayOfMonth: 14 }), range: graphRange({ type: 'noEnd' }) },
    ],
  ])('tells a change of %s', (_name, a, b) => {
    expect(canonicalRecurrence(a)).not.toBe(canonicalRecurrence(b));
    expect(recurrenceHash(a)).not.toBe(recurrenceHash(b));
  });

  it('is one value for "no recurrence", different from every series', () => {
    expect(canonicalRecurrence(null)).toBe(NO_RECURRENCE);
    expect(canonicalRecurrence(undefined)).toBe(NO_RECURRENCE);
    for (const c of CASES) expect(recurrenceHash(c.graph)).not.toBe(recurrenceHash(null));
  });

  it('uses the zone it is given when the range names none', () => {
    const bare = weekly({}, { recurrenceTimeZone: undefined });
    expect(canonicalRecurrence(bare, { timeZone: 'Eastern Standard Time' })).toBe(canonicalRecurrence(weekly({})));
    expect(canonicalRecurrence(bare)).not.toContain('TZ=');
  });

  it('gives every table case its own hash', () => {
    expect(new Set(CASES.map((c) => recurrenceHash(c.graph))).size).toBe(CASES.length);
  });

  it('hashes with SHA-256 of the canonical form, as node:crypto does', () => {
    // Every table case: canonical forms of many lengths, across SHA-256's 64-byte block boundaries.
    for (const c of CASES)
      expect(recurrenceHash(c.graph)).toBe(createHash('sha256').update(canonicalRecurrence(c.graph), 'utf8').digest('hex'));
    expect(recurrenceHash(null)).toBe(createHash('sha256').update(NO_RECURRENCE).digest('hex'));
  });
});
