/**
 * GET /metrics in the Prometheus text format, and the hook that counts every answered request.
 * With METRICS_TOKEN (always, in production: config.ts) a scraper sends `Authorization: Bearer
 * <token>`, compared in constant time, before anything is read; without it (local mode) the endpoint
 * is open. It never counts against rate limits and carries no personal data.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { BackendMetrics } from '../metrics';
import { ApiError } from './api-error';

export interface MetricsRoutesOptions {
  metrics: BackendMetrics;
  /** When set, the bearer token a scraper must send. */
  token?: string;
}

// Digests of equal length: comparing them takes the same time whatever was sent, its length included.
const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Counts each answered request by its route template; register on the root instance. */
export function installHttpMetrics(app: FastifyInstance, metrics: BackendMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.recordHttpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
}

export async function metricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): Promise<void> {
  app.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
    if (options.token) {
      const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
      if (!match || !sameSecret(match[1] as string, options.token)) {
        throw new ApiError(401, 'metrics_token_required', 'Send the metrics token as a bearer token.', {
          'WWW-Authenticate': 'Bearer realm="metrics"',
        });
      }
    }
    const { registry } = options.metrics;
    const text = await registry.metrics();
    return reply.header('Cache-Control', 'no-store').type(registry.contentType).send(text);
  });
}
