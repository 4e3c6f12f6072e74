import fc from 'fast-check';
import { ClientFaultError } from '../../../../src/server/outbound/client-fault-error';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  decideRetry,
  isIdempotentMethod,
  resolveRetryPolicy,
} from '../../../../src/server/outbound/retry-policy';

const policy = DEFAULT_RETRY_POLICY;
const ctx = (over: Partial<Parameters<typeof decideRetry>[1]> = {}) => ({
  attempt: 1,
  idempotent: true,
  policy,
  random: () => 0.5,
  ...over,
});

describe('decideRetry', () => {
  it('waits exactly the Retry-After a 429 carries', () => {
    expect(decideRetry({ kind: 'response', status: 429, retryAfterMs: 3000 }, ctx())).toEqual({
      retry: true,
      delayMs: 3000,
      basis: 'retry-after',
    });
  });

  it('hands a Retry-After beyond the cap back to the caller', () => {
    const d = decideRetry({ kind: 'response', status: 429, retryAfterMs: policy.maxRetryAfterMs + 1 }, ctx());
    expect(d).toEqual({ retry: false, reason: 'retry-after-too-long' });
  });

  it('repeats a POST after 429 or 503, which guarantee nothing was done, but not after 504', () => {
    const post = ctx({ idempotent: false });
    expect(decideRetry({ kind: 'response', status: 429 }, post).retry).toBe(true);
    expect(decideRetry({ kind: 'response', status: 503 }, post).retry).toBe(true);
    expect(decideRetry({ kind: 'response', status: 504 }, post)).toEqual({ retry: false, reason: 'unsafe-to-repeat' });
  });

  it('does not repeat a POST whose connection broke after sending', () => {
    const fault = new ClientFaultError('outbound_network', { service: 't', attempts: 1 });
    expect(decideRetry({ kind: 'fault', fault }, ctx({ idempotent: false }))).toEqual({ retry: false, reason: 'unsafe-to-repeat' });
  });

  it('repeats even a POST whose connection was refused', () => {
    const fault = new ClientFaultError('outbound_connect_failed', { service: 't', attempts: 1 });
    expect(decideRetry({ kind: 'fault', fault }, ctx({ idempotent: false })).retry).toBe(true);
  });

  it('never retries a TLS failure', () => {
    const fault = new ClientFaultError('outbound_tls_failed', { service: 't', attempts: 1 });
    expect(decideRetry({ kind: 'fault', fault }, ctx())).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it.each([400, 401, 403, 404, 409, 500])('does not retry a %i', (status) => {
    expect(decideRetry({ kind: 'response', status }, ctx())).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('stops at the last allowed attempt', () => {
    expect(decideRetry({ kind: 'response', status: 503 }, ctx({ attempt: policy.maxAttempts }))).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });
});

describe('backoffDelay', () => {
  it('doubles each step, capped, with between half and all of the step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
        const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
        const d = backoffDelay(retry, policy, () => r);
        return d >= Math.floor(step / 2) && d <= step;
      }),
    );
  });
});

describe('isIdempotentMethod', () => {
  it('counts GET, PUT and DELETE as idempotent and POST and PATCH as not', () => {
    expect(['GET', 'put', 'DELETE', 'HEAD'].every(isIdempotentMethod)).toBe(true);
    expect(['POST', 'PATCH'].some(isIdempotentMethod)).toBe(false);
  });
});

describe('resolveRetryPolicy', () => {
  it('keeps defaults for settings left undefined', () => {
    expect(resolveRetryPolicy({ maxAttempts: undefined, timeoutMs: 50 })).toEqual({ ...policy, timeoutMs: 50 });
  });

  it('refuses zero attempts', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
