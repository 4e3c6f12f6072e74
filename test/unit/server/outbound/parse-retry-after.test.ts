import { parseRetryAfter } from '../../../../src/server/outbound/parse-retry-after';

const now = Date.parse('2026-03-02T09:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads a number of seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:12 GMT', now)).toBe(12_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:59:00 GMT', now)).toBe(0);
  });

  it('rounds fractional seconds up to whole milliseconds', () => {
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it.each([null, undefined, '', 'soon', '-5', 'NaN days'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
