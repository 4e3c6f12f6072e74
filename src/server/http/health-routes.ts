/**
 * Probes for the platform: /healthz says the process is alive (always 200 while it serves);
 * /readyz says whether it can do its work — the database answers and, in local mode, the
 * emulators it talks to are up — and names what is not ready. Neither needs a token nor counts
 * against rate limits.
 */
import type { FastifyInstance } from 'fastify';
import { withinTime } from '../within-time';

/** A dependency the backend needs; resolves when it is usable, rejects (or times out) when not. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthRoutesOptions {
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** How long one check may take before it counts as not ready. */
  timeoutMs?: number;
}

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const noLimit = { config: { rateLimit: false } } as const;

  app.get('/healthz', noLimit, async (_request, reply) => {
    return reply.header('Cache-Control', 'no-store').send({ status: 'ok' });
  });

  app.get('/readyz', noLimit, async (request, reply) => {
    const names = Object.keys(options.checks);
    const outcomes = await Promise.allSettled(
      names.map((name) => withinTime(options.checks[name] as ReadinessCheck, timeoutMs, 'readiness check timed out')),
    );
    const checks: Record<string, 'ok' | 'unavailable'> = {};
    outcomes.forEach((outcome, i) => {
      const name = names[i] as string;
      checks[name] = outcome.status === 'fulfilled' ? 'ok' : 'unavailable';
      if (outcome.status === 'rejected')
        request.log.warn({ check: name, err: outcome.reason as Error, code: 'not_ready' }, 'readiness check failed');
    });
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
