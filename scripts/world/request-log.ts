/**
 * What an emulator was asked, and when: one entry per request with the instant it arrived and the
 * instant its answer went out (milliseconds since the epoch, sub-millisecond), its status and any
 * Retry-After sent. The fault suite reads it to prove that no Retry-After was ignored, the bench to
 * count Graph reads and Webex calls from the outside world's side rather than the backend's own
 * counters.
 */
import type { FastifyInstance } from 'fastify';

export interface LoggedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  receivedAt: number;
  answeredAt: number;
  status: number;
  /** Seconds, when the answer carried Retry-After. */
  retryAfter?: number;
  /** The caller's Authorization header, to tell callers apart (kept in memory only). */
  authorization?: string;
}

export interface RequestLog {
  readonly entries: LoggedRequest[];
  /** Entries answered since `mark` (an index returned by mark()). */
  since(mark: number): LoggedRequest[];
  mark(): number;
  clear(): void;
}

const preciseNow = () => performance.timeOrigin + performance.now();
const RECEIVED_AT = Symbol('receivedAt');

/** Records every request except the control surface (/_emulator/); call before the app listens. */
export function recordRequests(app: FastifyInstance): RequestLog {
  const entries: LoggedRequest[] = [];
  app.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, number>)[RECEIVED_AT] = preciseNow();
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/_emulator/')) return;
    const header = reply.getHeader('retry-after');
    const retryAfter = header === undefined ? undefined : Number(header);
    const authorization = request.headers.authorization;
    entries.push({
      method: request.method,
      url: request.url,
      receivedAt: (request as unknown as Record<symbol, number>)[RECEIVED_AT] ?? preciseNow(),
      answeredAt: preciseNow(),
      status: reply.statusCode,
      ...(retryAfter !== undefined && Number.isFinite(retryAfter) ? { retryAfter } : {}),
      ...(authorization ? { authorization } : {}),
    });
  });
  return {
    entries,
    since: (mark) => entries.slice(mark),
    mark: () => entries.length,
    clear: () => {
      entries.length = 0;
    },
  };
}

/**
 * Requests repeated sooner than the Retry-After of the answer before them: for each answer with
 * Retry-After, the next request with the same method and URL must arrive at least that long after
 * the answer went out, less `toleranceMs`: timers fire a millisecond early, and on a busy machine
 * the emulator logs its answer a few milliseconds after the client has it. A Retry-After ignored is
 * short by about the whole delay.
 */
export function retryAfterViolations(
  entries: readonly LoggedRequest[],
  toleranceMs = 25,
): { url: string; waitedMs: number; retryAfterMs: number }[] {
  const violations: { url: string; waitedMs: number; retryAfterMs: number }[] = [];
  const byRequest = new Map<string, LoggedRequest[]>();
  // A retry is the same request from the same caller: two users creating meetings at the same
  // moment are not each other's retries.
  for (const entry of entries) {
    const key = `${entry.method} ${entry.url} ${entry.authorization ?? ''}`;
    const list = byRequest.get(key) ?? [];
    list.push(entry);
    byRequest.set(key, list);
  }
  for (const list of byRequest.values()) {
    list.sort((a, b) => a.receivedAt - b.receivedAt);
    for (const [i, answer] of list.entries()) {
      if (answer.retryAfter === undefined || answer.status < 400) continue;
      const next = list.slice(i + 1).find((e) => e.receivedAt >= answer.answeredAt);
      if (!next) continue;
      const waitedMs = next.receivedAt - answer.answeredAt;
      const retryAfterMs = answer.retryAfter * 1000;
      if (waitedMs + toleranceMs < retryAfterMs)
        violations.push({ url: answer.url.split('?')[0] ?? answer.url, waitedMs: Math.round(waitedMs), retryAfterMs });
    }
  }
  return violations;
}
