import {
  formatCivilDate,
  PatternedRecurrence,
  recurrenceDates,
  RecurrencePattern,
  RecurrenceRange,
} from '../../../../src/emulators/graph/recurrence-expansion';

function dates(pattern: Partial<RecurrencePattern>, range: Partial<RecurrenceRange>, take = 50): string[] {
  const recurrence: PatternedRecurrence = {
    pattern: { type: 'daily', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: 'sunday', index: 'first', ...pattern },
    range: { type: 'noEnd', startDate: '2026-01-01', endDate: '0001-01-01', recurrenceTimeZone: 'UTC', numberOfOccurrences: 0, ...range },
  };
  const out: string[] = [];
  for (const d of recurrenceDates(recurrence)) {
    out.push(formatCivilDate(d));
    if (out.length >= take) break;
  }
  return out;
}

describe('recurrence patterns as Outlook reads them', () => {
  it('daily every other day, to an inclusive end date', () => {
    expect(dates({ type: 'daily', interval: 2 }, { type: 'endDate', startDate: '2026-03-01', endDate: '2026-03-07' })).toEqual([
      '2026-03-01',
      '2026-03-03',
      '2026-03-05',
      '2026-03-07',
    ]);
  });

  it('weekly on two days every second week counts weeks from the week of the start date', () => {
    const got = dates(
      { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'monday' },
      { type: 'numbered', startDate: '2026-03-05', numberOfOccurrences: 5 },
    );
    // 2026-03-05 is a Thursday: its Monday (03-02) is before the start and not an occurrence.
    expect(got).toEqual(['2026-03-05', '2026-03-16', '2026-03-19', '2026-03-30', '2026-04-02']);
  });

  it('absoluteMonthly on the 31st falls on the last day of shorter months', () => {
    expect(
      dates({ type: 'absoluteMonthly', dayOfMonth: 31 }, { type: 'numbered', startDate: '2026-01-31', numberOfOccurrences: 4 }),
    ).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('relativeMonthly on the last Friday, and on the first weekday', () => {
    expect(
      dates(
        { type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' },
        { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 3 },
      ),
    ).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
    const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
    expect(
      dates(
        { type: 'relativeMonthly', daysOfWeek: [...weekdays], index: 'first' },
        { type: 'numbered', startDate: '2026-02-01', numberOfOccurrences: 2 },
      ),
    ).toEqual(['2026-02-02', '2026-03-02']);
  });

  it('absoluteYearly on 29 February keeps to the 28th in other years; relativeYearly on the first Monday of September', () => {
    expect(
      dates({ type: 'absoluteYearly', month: 2, dayOfMonth: 29 }, { type: 'numbered', startDate: '2028-02-29', numberOfOccurrences: 2 }),
    ).toEqual(['2028-02-29', '2029-02-28']);
    expect(
      dates(
        { type: 'relativeYearly', month: 9, daysOfWeek: ['monday'], index: 'first' },
        { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 2 },
      ),
    ).toEqual(['2026-09-07', '2027-09-06']);
  });

  it('a series with no end keeps going', () => {
    expect(dates({ type: 'daily' }, { type: 'noEnd', startDate: '2026-12-30' }, 4)).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });
});
