import {
  graphToRrule,
  officeSeriesAnchor,
  officeToGraphRecurrence,
  RecurrenceError,
  type GraphPatternedRecurrence,
  type OfficeRecurrence,
} from '../../../../src/core/recurrence';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RecurrenceError ? e.code : `not a RecurrenceError: ${String(e)}`;
  }
  return undefined;
}

const seriesTime = { startDate: '2024-03-04', endDate: '2024-12-31', startTime: 'T09:00:00:000', duration: 30 };
const zone = { name: 'Eastern Standard Time', offset: -300 };

function office(recurrenceType: string, recurrenceProperties: OfficeRecurrence['recurrenceProperties']): OfficeRecurrence {
  return { recurrenceType, recurrenceProperties, seriesTime, recurrenceTimeZone: zone };
}

const range = { type: 'endDate', startDate: '2024-03-04', endDate: '2024-12-31', recurrenceTimeZone: 'Eastern Standard Time' } as const;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

describe('Office.js recurrence to a Graph recurrence', () => {
  it.each<[string, OfficeRecurrence, GraphPatternedRecurrence['pattern']]>([
    ['every 3 days', office('daily', { interval: 3 }), { type: 'daily', interval: 3 }],
    ['every weekday', office('weekday', null), { type: 'weekly', interval: 1, daysOfWeek: [...WEEKDAYS], firstDayOfWeek: 'sunday' }],
    [
      'weekly on given days',
      office('weekly', { interval: 2, days: ['wed', 'Mon'], firstDayOfWeek: 'sun' }),
      { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'sunday' },
    ],
    [
      'weekly with no week start given',
      office('weekly', { interval: 1, days: ['fri'] }),
      { type: 'weekly', interval: 1, daysOfWeek: ['friday'] },
    ],
    ['monthly on a day', office('monthly', { interval: 1, dayOfMonth: 15 }), { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }],
    [
      'monthly on the second Tuesday',
      office('monthly', { interval: 2, dayOfWeek: 'tue', weekNumber: 'second' }),
      { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' },
    ],
    [
      'monthly on the last weekday',
      office('monthly', { interval: 1, dayOfWeek: 'weekday', weekNumber: 'last' }),
      { type: 'relativeMonthly', interval: 1, daysOfWeek: [...WEEKDAYS], index: 'last' },
    ],
    [
      'monthly on the first weekend day',
      office('monthly', { interval: 1, dayOfWeek: 'weekendDay', weekNumber: 'first' }),
      { type: 'relativeMonthly', interval: 1, daysOfWeek: ['saturday', 'sunday'], index: 'first' },
    ],
    [
      'monthly on the first day',
      office('monthly', { interval: 1, dayOfWeek: 'day', weekNumber: 'first' }),
      {
        type: 'relativeMonthly',
        interval: 1,
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
        index: 'first',
      },
    ],
    [
      'yearly on June 15',
      office('yearly', { interval: 1, month: 'jun', dayOfMonth: 15 }),
      { type: 'absoluteYearly', interval: 1, month: 6, dayOfMonth: 15 },
    ],
    [
      'yearly on the fourth Thursday of November',
      office('yearly', { interval: 1, month: 'Nov', dayOfWeek: 'thu', weekNumber: 'fourth' }),
      { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' },
    ],
  ])('converts %s', (_name, input, pattern) => {
    expect(officeToGraphRecurrence(input)).toEqual({ pattern, range });
  });

  it.each([
    ['no end date', undefined],
    ['an empty end date', ''],
    ['a null end date', null],
  ])('gives a series with %s no end', (_name, endDate) => {
    const result = officeToGraphRecurrence({ ...office('daily', { interval: 1 }), seriesTime: { ...seriesTime, endDate } });
    expect(result.range).toEqual({ type: 'noEnd', startDate: '2024-03-04', recurrenceTimeZone: 'Eastern Standard Time' });
  });

  it('leaves the zone out when Office.js names none', () => {
    expect(officeToGraphRecurrence({ ...office('daily', {}), recurrenceTimeZone: null }).range.recurrenceTimeZone).toBeUndefined();
  });

  it('carries through to the Webex rule', () => {
    expect(graphToRrule(officeToGraphRecurrence(office('weekly', { interval: 1, days: ['mon'] })))).toBe(
      'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20250101T045959Z',
    );
    expect(graphToRrule(officeToGraphRecurrence(office('monthly', { interval: 1, dayOfWeek: 'day', weekNumber: 'first' })))).toBe(
      'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1;UNTIL=20250101T045959Z',
    );
  });

  it.each<[string, OfficeRecurrence]>([
    ['an unknown type', office('hourly', {})],
    ['weekly without days', office('weekly', { interval: 1, days: [] })],
    ['an unknown day', office('weekly', { interval: 1, days: ['xyz'] })],
    ['monthly without a day', office('monthly', { interval: 1 })],
    ['an unknown week number', office('monthly', { interval: 1, dayOfWeek: 'mon', weekNumber: 'fifth' })],
    ['yearly without a month', office('yearly', { interval: 1, dayOfMonth: 3 })],
    ['interval 0', office('daily', { interval: 0 })],
    ['a start that is not a date', { ...office('daily', {}), seriesTime: { ...seriesTime, startDate: '03/04/2024' } }],
  ])('refuses %s as recurrence_invalid', (_name, input) => {
    expect(errorCode(() => officeToGraphRecurrence(input))).toBe('recurrence_invalid');
  });
});

describe('the first start of an Office.js series', () => {
  it.each([
    ['T09:30:00:000', '2024-03-04T09:30:00'],
    ['09:30', '2024-03-04T09:30:00'],
    ['9:05:30', '2024-03-04T09:05:30'],
  ])('reads start time %j', (startTime, start) => {
    expect(officeSeriesAnchor({ ...office('daily', {}), seriesTime: { ...seriesTime, startTime } })).toEqual({
      start,
      timeZone: 'Eastern Standard Time',
      durationMinutes: 30,
    });
  });

  it('falls back to the item’s zone', () => {
    expect(officeSeriesAnchor({ ...office('daily', {}), recurrenceTimeZone: null }, 'Europe/Berlin').timeZone).toBe('Europe/Berlin');
  });

  it('needs a zone from somewhere', () => {
    expect(errorCode(() => officeSeriesAnchor({ ...office('daily', {}), recurrenceTimeZone: { name: '' } }))).toBe('time_zone_unknown');
  });

  it('refuses a time that is not one', () => {
    expect(errorCode(() => officeSeriesAnchor({ ...office('daily', {}), seriesTime: { ...seriesTime, startTime: 'T25:00:00:000' } }))).toBe(
      'recurrence_invalid',
    );
  });
});
