import { formatInTimeZone, isIanaTimeZone, resolveTimeZone, timeZoneOffsetMinutes } from '../../../src/core/time-zones';

describe('time zones', () => {
  it('keeps an IANA name as it is', () => {
    expect(resolveTimeZone('America/Los_Angeles')).toBe('America/Los_Angeles');
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('maps a Windows name to its primary IANA zone', () => {
    expect(resolveTimeZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(resolveTimeZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveTimeZone('Tokyo Standard Time')).toBe('Asia/Tokyo');
  });

  it('prefers the current IANA name where CLDR lists an old one first', () => {
    expect(resolveTimeZone('India Standard Time')).toBe('Asia/Kolkata');
    expect(resolveTimeZone('Nepal Standard Time')).toBe('Asia/Kathmandu');
  });

  it('knows neither a made-up name, an offset nor an empty string', () => {
    expect(resolveTimeZone('Mars Standard Time')).toBeUndefined();
    expect(resolveTimeZone('Europe/Atlantis')).toBeUndefined();
    expect(resolveTimeZone('+05:00')).toBeUndefined();
    expect(resolveTimeZone('  ')).toBeUndefined();
    expect(isIanaTimeZone('Pacific Standard Time')).toBe(false);
  });

  it('gives the offset a zone observes at an instant, daylight saving included', () => {
    expect(timeZoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-480);
    expect(timeZoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-420);
    expect(timeZoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('formats an instant as local time with its offset, as Webex answers', () => {
    expect(formatInTimeZone(new Date('2026-11-24T17:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-24T09:00:00-08:00');
    expect(formatInTimeZone(new Date('2026-06-01T08:30:00Z'), 'Asia/Kolkata')).toBe('2026-06-01T14:00:00+05:30');
    expect(formatInTimeZone(new Date('2026-06-01T08:30:00Z'), 'UTC')).toBe('2026-06-01T08:30:00+00:00');
  });

  it('formats the hour after a daylight saving change correctly', () => {
    // Clocks in Los Angeles went forward at 02:00 local (10:00 UTC) on 8 March 2026.
    expect(formatInTimeZone(new Date('2026-03-08T09:59:00Z'), 'America/Los_Angeles')).toBe('2026-03-08T01:59:00-08:00');
    expect(formatInTimeZone(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-08T03:00:00-07:00');
  });
});
