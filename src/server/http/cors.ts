/**
 * CORS for /api: the task pane is served from the add-in's origin (https://localhost:3000 locally),
 * which may differ from the backend's, so browsers need to be told that origin may call. Only the
 * configured origins are answered; no credentials (cookies) are involved — the bearer token travels
 * in the Authorization header. @fastify/cors is not installed; this is the small subset needed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface CorsOptions {
  origins: readonly string[];
  maxAgeSeconds?: number;
}

export async function apiCors(app: FastifyInstance, options: CorsOptions): Promise<void> {
  const allowed = new Set(options.origins);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('Vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    void reply.header('Access-Control-Allow-Origin', origin);
    void reply.header('Access-Control-Expose-Headers', 'Retry-After, WWW-Authenticate, X-Request-Id');
  });

  // Preflight: answered before authentication (browsers send it without the Authorization header).
  app.options('/*', { config: { rateLimit: false } }, async (request, reply) => {
    if (request.headers.origin === undefined || !allowed.has(request.headers.origin)) return reply.code(204).send();
    return reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE')
      .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
      .header('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600))
      .send();
  });
}
