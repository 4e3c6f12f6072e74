import {
  expandGraphRecurrence,
  expandRrule,
  graphToRrule,
  officeSeriesAnchor,
  officeToGraphRecurrence,
  RecurrenceError,
} from '../../../../src/core/recurrence';
import { formatInTimeZone } from '../../../../src/core/time-zones';
import { graphPattern, graphRange } from './recurrence-cases';

const local = (d: Date, zone: string): string => formatInTimeZone(d, zone).slice(0, 19);
const utc = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';

describe('a weekly series across DST changes keeps its local time', () => {
  it.each([
    [
      'America/New_York',
      'Eastern Standard Time',
      '2024-03-04',
      '2024-11-25',
      ['2024-03-04T14:00:00Z', '2024-03-11T13:00:00Z'],
      ['2024-10-28T13:00:00Z', '2024-11-04T14:00:00Z'],
    ],
    [
      'Europe/Berlin',
      'W. Europe Standard Time',
      '2024-03-25',
      '2024-11-04',
      ['2024-03-25T08:00:00Z', '2024-04-01T07:00:00Z'],
      ['2024-10-21T07:00:00Z', '2024-10-28T08:00:00Z'],
    ],
    [
      'Australia/Sydney',
      'AUS Eastern Standard Time',
      '2024-03-25',
      '2024-10-14',
      ['2024-03-31T22:00:00Z', '2024-04-07T23:00:00Z'],
      ['2024-09-29T23:00:00Z', '2024-10-06T22:00:00Z'],
    ],
  ])('every Monday at 09:00 in %s', (iana, windows, startDate, endDate, aroundFirstChange, aroundSecondChange) => {
    const series = {
      pattern: graphPattern({ type: 'weekly', daysOfWeek: ['monday'] }),
      range: graphRange({ type: 'endDate', startDate, endDate, recurrenceTimeZone: windows }),
    };
    const occurrences = expandGraphRecurrence(series, '09:00');
    expect(occurrences.length).toBeGreaterThan(25);
    for (const o of occurrences) expect(local(o, iana).slice(11)).toBe('09:00:00');
    // Every occurrence is a Monday, one week apart in local dates.
    for (const o of occurrences) expect(new Date(local(o, iana) + 'Z').getUTCDay()).toBe(1);
    const utcs = occurrences.map(utc);
    for (const pair of [aroundFirstChange, aroundSecondChange]) {
      expect(utcs).toContain(pair[0]);
      expect(utcs).toContain(pair[1]);
    }
    // The last one is on the end date: UNTIL includes the whole local end day.
    expect(local(occurrences[occurrences.length - 1] as Date, iana).slice(0, 10)).toBe(endDate);
  });

  it('does so from the RRULE Webex gets, read in the meeting’s zone', () => {
    const rule = 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20241126T045959Z';
    const occurrences = expandRrule(rule, { start: '2024-03-04T09:00:00', timeZone: 'America/New_York' });
    expect(occurrences).toHaveLength(39);
    expect(occurrences.every((o) => local(o, 'America/New_York').endsWith('09:00:00'))).toBe(true);
    expect(utc(occurrences[0] as Date)).toBe('2024-03-04T14:00:00Z');
    expect(utc(occurrences[1] as Date)).toBe('2024-03-11T13:00:00Z');
    expect(utc(occurrences[occurrences.length - 1] as Date)).toBe('2024-11-25T14:00:00Z');
  });

  it('does so end to end from what the add-in reads in Office.js', () => {
    const recurrence = {
      recurrenceType: 'weekly',
      recurrenceProperties: { interval: 1, days: ['mon'] },
      seriesTime: { startDate: '2024-03-04', endDate: '2024-11-25', startTime: 'T09:00:00:000', duration: 30 },
      recurrenceTimeZone: { name: 'Eastern Standard Time' },
    };
    const graph = officeToGraphRecurrence(recurrence);
    const occurrences = expandRrule(graphToRrule(graph), officeSeriesAnchor(recurrence));
    expect(occurrences).toHaveLength(39);
    expect(new Set(occurrences.map((o) => local(o, 'America/New_York').slice(11)))).toEqual(new Set(['09:00:00']));
  });
});

describe('occurrences at hours a DST change skips or repeats (RFC 5545 3.3.5)', () => {
  it('moves 02:30 on the spring-forward night to 03:30 daylight time', () => {
    const occurrences = expandRrule('FREQ=DAILY;COUNT=3', { start: '2024-03-09T02:30:00', timeZone: 'America/New_York' });
    expect(occurrences.map((o) => local(o, 'America/New_York'))).toEqual([
      '2024-03-09T02:30:00',
      '2024-03-10T03:30:00',
      '2024-03-11T02:30:00',
    ]);
  });

  it('takes the first of the two 01:30s on the fall-back night', () => {
    const occurrences = expandRrule('FREQ=DAILY;COUNT=3', { start: '2024-11-02T01:30:00', timeZone: 'America/New_York' });
    expect(occurrences.map(utc)).toEqual(['2024-11-02T05:30:00Z', '2024-11-03T05:30:00Z', '2024-11-04T06:30:00Z']);
  });
});

describe('the end of a series', () => {
  it.each([
    ['Asia/Tokyo', '09:00', '2024-11-30T09:00:00', '2024-11-30T00:00:00Z'],
    ['Pacific/Honolulu', '20:00', '2024-11-30T20:00:00', '2024-12-01T06:00:00Z'],
  ])('includes the end date’s occurrence in %s, whatever its UTC date', (zone, time, lastLocal, lastUtc) => {
    const series = {
      pattern: graphPattern({ type: 'daily' }),
      range: graphRange({ type: 'endDate', startDate: '2024-11-25', endDate: '2024-11-30', recurrenceTimeZone: zone }),
    };
    const occurrences = expandGraphRecurrence(series, time);
    expect(occurrences).toHaveLength(6);
    expect(local(occurrences[5] as Date, zone)).toBe(lastLocal);
    expect(utc(occurrences[5] as Date)).toBe(lastUtc);
  });

  it('counts occurrences for a numbered range', () => {
    const series = {
      pattern: graphPattern({ type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 4, startDate: '2024-01-01' }),
    };
    expect(expandGraphRecurrence(series, '16:00').map((o) => local(o, 'America/New_York').slice(0, 10))).toEqual([
      '2024-01-26',
      '2024-02-23',
      '2024-03-29',
      '2024-04-26',
    ]);
  });

  it('stops an endless series at the limit', () => {
    expect(expandRrule('FREQ=DAILY', { start: '2024-01-01T09:00:00', timeZone: 'UTC' }, { limit: 10 })).toHaveLength(10);
  });

  it('starts where the pattern first matches on or after the start date, as Outlook does', () => {
    const series = {
      pattern: graphPattern({ type: 'weekly', daysOfWeek: ['thursday'] }),
      range: graphRange({ type: 'numbered', numberOfOccurrences: 2, startDate: '2024-03-04' }),
    };
    expect(expandGraphRecurrence(series, '09:00').map((o) => local(o, 'America/New_York'))).toEqual([
      '2024-03-07T09:00:00',
      '2024-03-14T09:00:00',
    ]);
  });

  it('needs a zone', () => {
    let code: string | undefined;
    try {
      expandRrule('FREQ=DAILY', { start: '2024-01-01T09:00:00', timeZone: 'Nowhere/Special' });
    } catch (e) {
      code = e instanceof RecurrenceError ? e.code : undefined;
    }
    expect(code).toBe('time_zone_unknown');
  });
});
