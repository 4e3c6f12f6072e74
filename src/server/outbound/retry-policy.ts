/**
 * When an outbound request is tried again, and after how long. Pure: the loop that sends lives in
 * send-with-retry.ts.
 *
 * - 429, 503 and 504 are retried (as msgraph-sdk-javascript's RetryHandler does). 429 and 503 mean
 *   the service did nothing, so they are retried for any method; a 504 or a timeout may hide a
 *   request that was carried out, so those are retried only for idempotent requests — a repeated
 *   POST /meetings would create a second meeting.
 * - A Retry-After is waited exactly. Beyond `maxRetryAfterMs` we stop and hand the wait to the
 *   caller (a job reschedules itself rather than holding a worker).
 * - Otherwise exponential backoff with jitter, so that replicas throttled together do not come back
 *   together.
 */
import { ClientFaultError } from './client-fault-error';

export interface RetryPolicy {
  /** Total attempts, the first included (1 = never retry). */
  maxAttempts: number;
  /** Per-attempt timeout, covering the response body too. */
  timeoutMs: number;
  /** First backoff step; doubles with each retry. */
  baseDelayMs: number;
  /** Ceiling of one backoff step. */
  maxDelayMs: number;
  /** Longest Retry-After we wait in process; longer ones are returned to the caller. */
  maxRetryAfterMs: number;
  /** Statuses worth retrying. */
  retryStatuses: readonly number[];
  /** Of those, the ones that guarantee nothing was done, so that even a POST may be repeated. */
  safeForAnyMethodStatuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  timeoutMs: 15_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  retryStatuses: [429, 503, 504],
  safeForAnyMethodStatuses: [429, 503],
};

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...dropUndefined(overrides) };
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1) throw new RangeError('maxAttempts must be a whole number >= 1');
  if (!(p.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  return p;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** RFC 9110 section 9.2.2. PATCH and POST are not, unless the caller knows better. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** What one attempt produced. */
export type AttemptOutcome = { kind: 'response'; status: number; retryAfterMs?: number } | { kind: 'fault'; fault: ClientFaultError };

export type RetryDecision =
  | { retry: true; delayMs: number; basis: 'retry-after' | 'backoff' }
  | { retry: false; reason: 'done' | 'not-retryable' | 'unsafe-to-repeat' | 'attempts-exhausted' | 'retry-after-too-long' };

export interface RetryContext {
  /** 1-based number of the attempt that produced the outcome. */
  attempt: number;
  idempotent: boolean;
  policy: RetryPolicy;
  /** Uniform in [0, 1). */
  random: () => number;
}

/** Backoff before retry number `retry` (1 for the first retry): half fixed, half random. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function decideRetry(outcome: AttemptOutcome, ctx: RetryContext): RetryDecision {
  const { policy } = ctx;
  let retryAfterMs: number | undefined;
  if (outcome.kind === 'response') {
    if (outcome.status < 400) return { retry: false, reason: 'done' };
    if (!policy.retryStatuses.includes(outcome.status)) return { retry: false, reason: 'not-retryable' };
    if (!ctx.idempotent && !policy.safeForAnyMethodStatuses.includes(outcome.status)) {
      return { retry: false, reason: 'unsafe-to-repeat' };
    }
    retryAfterMs = outcome.retryAfterMs;
  } else {
    if (!outcome.fault.retryable) return { retry: false, reason: 'not-retryable' };
    if (outcome.fault.mayHaveReachedServer && !ctx.idempotent) return { retry: false, reason: 'unsafe-to-repeat' };
  }
  if (ctx.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: retryAfterMs, basis: 'retry-after' };
  }
  return { retry: true, delayMs: backoffDelay(ctx.attempt, policy, ctx.random), basis: 'backoff' };
}
