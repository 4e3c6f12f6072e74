/**
 * A small HTTP load generator for the ingest figures (autocannon is not installed; this does the
 * two things the bench needs, on node:http keep-alive agents):
 *
 * - closedLoop: `connections` keep-alive connections, each sending its next POST as soon as the
 *   previous answer is in, for a fixed time: the most a server acknowledges per second.
 * - openLoop: POSTs sent on a fixed schedule (ratePerSecond), whatever the answers do, latency
 *   counted from when each request was DUE, not when it went out, so a server falling behind is
 *   not hidden by a generator that waits for it (coordinated omission).
 *
 * Both are bounded: in time, and in requests in flight (open loop).
 */
import { Agent, request } from 'node:http';

export interface LoadTarget {
  /** http:// URL on the loopback interface. */
  url: string;
  /** The body of the i-th request (JSON text). */
  body(index: number): string;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  /** Requests answered (any status) within the measured time. */
  answered: number;
  /** Answered with the expected status. */
  ok: number;
  /** Connection faults and unexpected statuses. */
  errors: number;
  statuses: Record<string, number>;
  durationMs: number;
  okPerSecond: number;
  latencyMs: LatencySummary;
}

export interface OpenLoopResult extends LoadResult {
  ratePerSecond: number;
  /** Requests that could not be sent on time because maxInFlight were outstanding. */
  late: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function summarize(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 100) / 100;
  return { p50: r(percentile(sorted, 50)), p90: r(percentile(sorted, 90)), p99: r(percentile(sorted, 99)), max: r(sorted.at(-1) ?? 0) };
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const now = () => performance.now();

export async function closedLoop(
  target: LoadTarget,
  options: { connections: number; durationMs: number; warmupMs?: number; expectStatus: number },
): Promise<LoadResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let index = 0;
  const warmupEnds = now() + (options.warmupMs ?? 0);
  const ends = warmupEnds + options.durationMs;
  const connection = async () => {
    while (now() < ends) {
      const body = target.body(index++);
      const sent = now();
      let status: number | 'error';
      try {
        status = await post(agent, url, body);
      } catch {
        status = 'error';
      }
      const done = now();
      if (sent < warmupEnds || done > ends) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(done - sent);
      if (status === options.expectStatus) ok += 1;
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  agent.destroy();
  return {
    answered: latencies.length,
    ok,
    errors,
    statuses,
    durationMs: options.durationMs,
    okPerSecond: Math.round((ok / options.durationMs) * 1000 * 10) / 10,
    latencyMs: summarize(latencies),
  };
}

export async function openLoop(
  target: LoadTarget,
  options: { ratePerSecond: number; durationMs: number; maxInFlight: number; expectStatus: number },
): Promise<OpenLoopResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxInFlight });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let ok = 0;
  let errors = 0;
  let late = 0;
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const interval = 1000 / options.ratePerSecond;
  const started = now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (pending.size >= options.maxInFlight) {
      late += 1;
      await Promise.race(pending);
    }
    const attempt = post(agent, url, target.body(i)).then(
      (status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(now() - due);
        if (status === options.expectStatus) ok += 1;
        else errors += 1;
      },
      () => {
        statuses.error = (statuses.error ?? 0) + 1;
        errors += 1;
      },
    );
    pending.add(attempt);
    void attempt.finally(() => pending.delete(attempt));
  }
  await Promise.all(pending);
  agent.destroy();
  const durationMs = now() - started;
  return {
    answered: latencies.length,
    ok,
    errors,
    statuses,
    durationMs: Math.round(durationMs),
    okPerSecond: Math.round((ok / durationMs) * 1000 * 10) / 10,
    latencyMs: summarize(latencies),
    ratePerSecond: options.ratePerSecond,
    late,
  };
}
