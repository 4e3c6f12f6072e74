import { formatRfc5545Utc, instantOfWallClock, parseLocalDateTime, wallClockAt } from '../../../../src/core/recurrence/zoned-time';

const wall = (text: string): number => parseLocalDateTime(text) as number;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('wall-clock time in a zone', () => {
  it.each([
    ['an ordinary winter time', '2024-01-15T09:00:00', 'America/New_York', '2024-01-15T14:00:00.000Z'],
    ['an ordinary summer time', '2024-07-15T09:00:00', 'America/New_York', '2024-07-15T13:00:00.000Z'],
    [
      'a time the spring change skips (read with the offset before it)',
      '2024-03-10T02:30:00',
      'America/New_York',
      '2024-03-10T07:30:00.000Z',
    ],
    ['a time the autumn change repeats (the first one)', '2024-11-03T01:30:00', 'America/New_York', '2024-11-03T05:30:00.000Z'],
    ['a zone east of UTC', '2024-03-31T02:30:00', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'],
    ['a half-hour zone', '2024-06-01T09:00:00', 'Asia/Kolkata', '2024-06-01T03:30:00.000Z'],
    ['UTC', '2024-06-01T09:00:00', 'UTC', '2024-06-01T09:00:00.000Z'],
  ])('places %s', (_name, local, zone, expected) => {
    expect(iso(instantOfWallClock(wall(local), zone))).toBe(expected);
  });

  it('reads an instant back as the wall clock it names', () => {
    expect(iso(wallClockAt(Date.parse('2024-11-03T06:30:00Z'), 'America/New_York'))).toBe('2024-11-03T01:30:00.000Z');
  });

  it.each(['2024-02-30', '2023-02-29T10:00', '2024-01-01T24:00', '2024-1-1', 'tomorrow', '2024-01-01T10:00:00Z'])(
    'refuses %j as a local date-time',
    (text) => {
      expect(parseLocalDateTime(text)).toBeUndefined();
    },
  );

  it('writes RFC 5545 UTC date-times', () => {
    expect(formatRfc5545Utc(Date.parse('2025-01-01T04:59:59.750Z'))).toBe('20250101T045959Z');
  });
});
