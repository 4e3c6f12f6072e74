/**
 * CORS for /api, with @fastify/cors: the task pane is served from the add-in's origin
 * (https://localhost:3000 locally), which may differ from the backend's, so browsers need to be
 * told that origin may call. Only the configured origins are answered; no credentials (cookies) are
 * involved — the bearer token travels in the Authorization header. Preflights are answered in the
 * plugin's onRequest hook, registered before the bearer check, since browsers send them without the
 * Authorization header.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export interface CorsOptions {
  origins: readonly string[];
  maxAgeSeconds?: number;
}

export async function apiCors(app: FastifyInstance, options: CorsOptions): Promise<void> {
  const allowed = new Set(options.origins);
  await app.register(cors, {
    // A function, not the list: an origin outside it gets no CORS header at all (rather than `false`).
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
    credentials: false,
    maxAge: options.maxAgeSeconds ?? 600,
    strictPreflight: false,
  });
}
