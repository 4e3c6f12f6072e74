import { graphToRrule, RecurrenceError, type GraphPatternedRecurrence } from '../../../../src/core/recurrence';
import { normalizeRecurrenceRule } from '../../../../src/core/meeting-draft';
import { parseRecurrence } from '../../../../src/emulators/webex/meeting-recurrence';
import { CASES, graphPattern, graphRange } from './recurrence-cases';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RecurrenceError ? e.code : `not a RecurrenceError: ${String(e)}`;
  }
  return undefined;
}

describe('Graph recurrence to the RRULE Webex stores', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(graphToRrule(c.graph)).toBe(c.rrule);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('writes a rule the meeting draft accepts unchanged: %s', (_name, c) => {
    expect(normalizeRecurrenceRule(graphToRrule(c.graph))).toEqual({ ok: true, rule: c.rrule });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('writes a rule the Webex emulator accepts: %s', (_name, c) => {
    expect(() => parseRecurrence(graphToRrule(c.graph))).not.toThrow();
  });

  it('reads the zone passed in over the range’s own', () => {
    const g = CASES[2]?.graph as GraphPatternedRecurrence;
    expect(graphToRrule(g, { timeZone: 'Europe/Berlin' })).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR;UNTIL=20241231T225959Z');
  });

  it('places UNTIL at the end of the local day in UTC, on a DST day too', () => {
    // 2024-11-03 is the November change in New York: 23:59:59 EST is 04:59:59Z the next day.
    const g = { pattern: graphPattern({ type: 'daily' }), range: graphRange({ type: 'endDate', endDate: '2024-11-03' }) };
    expect(graphToRrule(g)).toBe('FREQ=DAILY;INTERVAL=1;UNTIL=20241104T045959Z');
    const summer = { ...g, range: graphRange({ type: 'endDate', endDate: '2024-07-01' }) };
    expect(graphToRrule(summer)).toBe('FREQ=DAILY;INTERVAL=1;UNTIL=20240702T035959Z');
  });

  it('needs no time zone for a rule without an end date', () => {
    const g = {
      pattern: graphPattern({ type: 'daily' }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 3, recurrenceTimeZone: '' }),
    };
    expect(graphToRrule(g)).toBe('FREQ=DAILY;INTERVAL=1;COUNT=3');
  });

  it('accepts day names in any case and drops repeated days', () => {
    const g = {
      pattern: graphPattern({ type: 'weekly', daysOfWeek: ['Friday', 'MONDAY', 'friday'] as never }),
      range: graphRange({ type: 'noEnd' }),
    };
    expect(graphToRrule(g)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,FR');
  });

  it('accepts a week start that changes nothing', () => {
    const g = {
      pattern: graphPattern({ type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'monday'], firstDayOfWeek: 'monday' }),
      range: graphRange({ type: 'noEnd' }),
    };
    expect(graphToRrule(g)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU');
  });
});

describe('recurrences Webex cannot hold', () => {
  it.each([
    [
      'the last weekday of the month (five days)',
      {
        pattern: graphPattern({
          type: 'relativeMonthly',
          daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          index: 'last',
        }),
        range: graphRange({ type: 'noEnd' }),
      },
    ],
    [
      'the first weekend day of June',
      {
        pattern: graphPattern({ type: 'relativeYearly', month: 6, daysOfWeek: ['saturday', 'sunday'], index: 'first' }),
        range: graphRange({ type: 'noEnd' }),
      },
    ],
    [
      'every 2 weeks on Sunday and Monday with weeks starting on Sunday',
      {
        pattern: graphPattern({ type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'monday'], firstDayOfWeek: 'sunday' }),
        range: graphRange({ type: 'noEnd' }),
      },
    ],
    ['every 100 days', { pattern: graphPattern({ type: 'daily', interval: 100 }), range: graphRange({ type: 'noEnd' }) }],
  ])('refuses %s as recurrence_unsupported', (_name, g) => {
    expect(errorCode(() => graphToRrule(g as GraphPatternedRecurrence))).toBe('recurrence_unsupported');
  });
});

describe('malformed recurrences', () => {
  const ok = { pattern: graphPattern({ type: 'daily' }), range: graphRange({ type: 'noEnd' }) };
  it.each([
    ['no pattern', { range: ok.range }],
    ['an unknown type', { ...ok, pattern: graphPattern({ type: 'hourly' as never }) }],
    ['interval 0', { ...ok, pattern: graphPattern({ type: 'daily', interval: 0 }) }],
    ['a fractional interval', { ...ok, pattern: graphPattern({ type: 'daily', interval: 1.5 }) }],
    ['weekly without days', { ...ok, pattern: graphPattern({ type: 'weekly', daysOfWeek: [] }) }],
    ['an unknown day', { ...ok, pattern: graphPattern({ type: 'weekly', daysOfWeek: ['funday' as never] }) }],
    ['day 32 of the month', { ...ok, pattern: graphPattern({ type: 'absoluteMonthly', dayOfMonth: 32 }) }],
    ['February 30', { ...ok, pattern: graphPattern({ type: 'absoluteYearly', month: 2, dayOfMonth: 30 }) }],
    ['month 13', { ...ok, pattern: graphPattern({ type: 'absoluteYearly', month: 13, dayOfMonth: 1 }) }],
    ['a fifth week', { ...ok, pattern: graphPattern({ type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'fifth' as never }) }],
    ['an unknown range type', { ...ok, range: graphRange({ type: 'forever' as never }) }],
    ['an end before the start', { ...ok, range: graphRange({ type: 'endDate', endDate: '2024-03-01' }) }],
    ['a start that is not a date', { ...ok, range: graphRange({ type: 'noEnd', startDate: '2024-02-30' }) }],
    ['zero occurrences', { ...ok, range: graphRange({ type: 'numbered', numberOfOccurrences: 0 }) }],
  ])('refuses %s as recurrence_invalid', (_name, g) => {
    expect(errorCode(() => graphToRrule(g as GraphPatternedRecurrence))).toBe('recurrence_invalid');
  });

  it('refuses an end date without a usable time zone as time_zone_unknown', () => {
    const g = {
      pattern: graphPattern({ type: 'daily' }),
      range: graphRange({ type: 'endDate', endDate: '2024-12-31', recurrenceTimeZone: 'Mars Standard Time' }),
    };
    expect(errorCode(() => graphToRrule(g))).toBe('time_zone_unknown');
  });
});
