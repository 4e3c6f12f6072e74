/**
 * The one retry loop of every outbound client (docs/architecture.md#conventions: one outbound
 * client per service, with retry, Retry-After and timeouts written once, used everywhere).
 *
 * Each attempt gets its own AbortController and timeout; the timeout covers reading the body, so a
 * response that stalls half-way is a timeout too. The body is read into memory before the attempt
 * ends, which also frees the connection of a response we are about to retry.
 *
 * The loop returns the last Response whatever its status — turning a status into WebexError or
 * GraphError is the service client's business — and throws ClientFaultError when no response came.
 */
import { ClientFaultError, classifyFetchFailure } from './client-fault-error';
import { Clock, systemClock } from './clock';
import { parseRetryAfter } from './parse-retry-after';
import { toError } from '../errors';
import { AttemptOutcome, RetryPolicy, decideRetry, isIdempotentMethod, resolveRetryPolicy } from './retry-policy';

/** Reported before each wait, for logs and metrics (no URL: it may hold personal data). */
export interface RetryEvent {
  service: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  basis: 'retry-after' | 'backoff';
  status?: number;
  faultCode?: string;
}

/** What every outbound service client takes beside its base URL, to shape its retries. */
export interface OutboundClientOptions {
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Longest Retry-After waited in process (default 30 s); longer ones fail at once with the service's throttling error (graph_throttled, webex_rate_limited). */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface SendWithRetryOptions {
  /** Names the service in errors and events: 'webex', 'graph', ... */
  service: string;
  method: string;
  /** Defaults from the method (GET, HEAD, OPTIONS, PUT, DELETE). Say true for a PATCH that sets absolute values. */
  idempotent?: boolean;
  policy?: Partial<RetryPolicy>;
  clock?: Clock;
  random?: () => number;
  /** Aborts the attempt in flight and any wait: the call then fails with `outbound_aborted`. */
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}

/** Makes one attempt; must pass `signal` to fetch. */
export type AttemptFn = (signal: AbortSignal, attempt: number) => Promise<Response>;

type AttemptResult = { response: Response } | { fault: ClientFaultError };

// The Fetch standard forbids a body on these statuses; `new Response(body, ...)` throws for them.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function errorCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Tells a transport failure from a bug in the caller's code, which must not be retried. */
function isTransportFailure(e: Error): boolean {
  if (errorCode(e) !== undefined || errorCode(e.cause) !== undefined) return true;
  // Compared by name: fetch's TypeError comes from another realm (see to-error.ts).
  return e.name === 'TypeError' && (e.message === 'fetch failed' || e.message === 'terminated');
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts: a fetch implementation or a body
 * stream that ignores the signal must not hold the attempt past its timeout.
 */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(toError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(toError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(toError(e));
      },
    );
  });
}

async function attemptOnce(doRequest: AttemptFn, attempt: number, timeoutMs: number, opts: SendWithRetryOptions): Promise<AttemptResult> {
  const outer = opts.signal;
  if (outer?.aborted) return { fault: new ClientFaultError('outbound_aborted', { service: opts.service, attempts: attempt - 1 }) };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`${opts.service}: no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let res: Response | undefined;
  try {
    res = await unlessAborted(doRequest(controller.signal, attempt), controller.signal);
    const body = NULL_BODY_STATUSES.has(res.status) ? null : await unlessAborted(res.arrayBuffer(), controller.signal);
    return { response: new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers }) };
  } catch (e) {
    const err = toError(e);
    // Release the connection of a body we gave up on.
    if (res?.body && !res.bodyUsed) res.body.cancel().catch(() => undefined);
    if (timedOut) return { fault: new ClientFaultError('outbound_timeout', { service: opts.service, attempts: attempt, cause: err }) };
    if (outer?.aborted)
      return { fault: new ClientFaultError('outbound_aborted', { service: opts.service, attempts: attempt, cause: err }) };
    if (!isTransportFailure(err)) throw err;
    return { fault: classifyFetchFailure(err, opts.service, attempt) };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

export async function sendWithRetry(doRequest: AttemptFn, opts: SendWithRetryOptions): Promise<Response> {
  const policy = resolveRetryPolicy(opts.policy);
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const idempotent = opts.idempotent ?? isIdempotentMethod(opts.method);

  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(doRequest, attempt, policy.timeoutMs, opts);
    let outcome: AttemptOutcome;
    if ('response' in result) {
      const retryAfterMs = parseRetryAfter(result.response.headers.get('retry-after'), clock.now());
      outcome = { kind: 'response', status: result.response.status, retryAfterMs };
    } else {
      outcome = { kind: 'fault', fault: result.fault };
    }
    const decision = decideRetry(outcome, { attempt, idempotent, policy, random });
    if (!decision.retry) {
      if ('response' in result) return result.response;
      throw result.fault;
    }
    opts.onRetry?.({
      service: opts.service,
      attempt,
      delayMs: decision.delayMs,
      basis: decision.basis,
      status: 'response' in result ? result.response.status : undefined,
      faultCode: 'fault' in result ? result.fault.code : undefined,
    });
    try {
      await clock.sleep(decision.delayMs, opts.signal);
    } catch (e) {
      throw new ClientFaultError('outbound_aborted', {
        service: opts.service,
        attempts: attempt,
        cause: toError(e),
      });
    }
  }
}
