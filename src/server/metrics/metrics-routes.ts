/**
 * GET /metrics in the Prometheus text format, and the hook that counts every answered request.
 * Without METRICS_TOKEN the endpoint is open (keep it off the public network, or set the token:
 * then a scraper sends `Authorization: Bearer <token>`, compared in constant time). It never counts
 * against rate limits and carries no personal data.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error';
import type { BackendMetrics } from './backend-metrics';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text';

export interface MetricsRoutesOptions {
  metrics: BackendMetrics;
  /** When set, the bearer token a scraper must send. */
  token?: string;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
        throw new ApiError(401, 'metrics_token_required', 'Send the metrics token as a bearer token.', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
    }
    const text = await options.metrics.registry.render();
    return reply.header('Cache-Control', 'no-store').type(PROMETHEUS_CONTENT_TYPE).send(text);
  });
}
