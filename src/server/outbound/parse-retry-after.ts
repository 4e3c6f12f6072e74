/**
 * Reads a Retry-After header (RFC 9110 section 10.2.3): either a whole number of seconds or an
 * HTTP-date. Returns the wait in milliseconds from `nowMs`, or undefined when the header is absent
 * or unreadable (the caller then falls back to its own backoff).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Some services send fractional seconds although the RFC does not allow them; honour them anyway.
  if (/^\d*\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000);
  // Only accept something that looks like a date, so that "-5" or "soon" are not parsed by Date.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
