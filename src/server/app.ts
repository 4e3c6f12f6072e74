/**
 * The backend's HTTP application, built from its dependencies so that tests build it in-process
 * (app.inject() or a real listen on port 0) with the emulators, a PGlite store and a moved clock.
 *
 * What every request goes through, in order:
 * - a request id (a fresh UUID; a caller's X-Request-Id is not trusted) echoed as X-Request-Id;
 * - security headers (@fastify/helmet; the API serves JSON, so its CSP forbids everything);
 * - on /api: CORS for the add-in's origin, then the bearer token (401 with a code otherwise), then
 *   the per-user rate limit (keyed by tenant and user; callers without a user, such as the Webex
 *   linking pages or refused tokens, are limited by IP); JSON bodies only (415 otherwise), 64 KiB;
 * - errors in one shape, { error: { code, message, requestId } }, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { bearerAuthHook } from './auth/bearer-auth-hook';
import { createBearerTokenVerifier } from './auth/bearer-token-verifier';
import type { Config } from './config';
import { ApiError } from './http/api-error';
import { apiCors } from './http/cors';
import { installErrorHandling } from './http/error-handling';
import { healthRoutes, type ReadinessCheck } from './http/health-routes';
import { meRoutes } from './http/me-routes';
import { meetingRoutes } from './http/meeting-routes';
import { readinessChecks } from './http/readiness-checks';
import { webexLinkApiRoutes, webexLinkBrowserRoutes, type WebexLinkRoutesOptions, type WebexOAuthApi } from './http/webex-link-routes';
import { createMeetingService, type WebexMeetingsApi } from './meetings/meeting-service';
import type { GraphClient } from './graph';
import type { Store } from './store';
import { getWebexAccessToken } from './webex/webex-access-token';
import type { WebexTokenSet } from './webex/webex-oauth';

export interface AppDeps {
  config: Config;
  store: Store;
  /** Webex Meetings API (WebexClient). */
  webex: WebexMeetingsApi;
  /** Webex OAuth (WebexOAuth): linking accounts, refreshing their tokens. */
  webexOAuth: WebexOAuthApi & { refresh(refreshToken: string): Promise<WebexTokenSet> };
  /** The user's Webex access token; by default the stored grant's, refreshed near expiry (getWebexAccessToken). */
  webexAccessToken?: (tenantId: string, userId: string) => Promise<string>;
  /** Microsoft Graph, app-only per tenant; for the routes that read or write calendars (not used by /api yet). */
  graph?: GraphClient;
  logger: Logger;
  /** Current time; tests move it. */
  clock?: () => Date;
  /** What /readyz checks; by default the database and, in local mode, the emulators. */
  readinessChecks?: Record<string, ReadinessCheck>;
}

/** Request bodies of this API are small JSON documents. */
const BODY_LIMIT_BYTES = 64 * 1024;

function rateLimitKey(request: FastifyRequest): string {
  return request.caller ? `user:${request.caller.tenantId}:${request.caller.userId}` : `ip:${request.ip}`;
}

function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'rate_limited', 'Too many requests; slow down and try again shortly.', {
    'Retry-After': String(Math.max(1, retryAfterSeconds)),
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const addinOrigin = new URL(config.addinBaseUrl).origin;

  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  installErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(rateLimit, {
    global: true,
    // After authentication, so that the key is the user rather than a shared proxy's address.
    hook: 'preHandler',
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => tooManyRequests(Math.ceil(context.ttl / 1000)),
  });
  const limitRefusedCaller = app.createRateLimit({ max: config.rateLimitPerMinute, timeWindow: 60_000, keyGenerator: (r) => `refused:${r.ip}` });

  await app.register(healthRoutes, { checks: deps.readinessChecks ?? readinessChecks(config, store) });

  const linkOptions: WebexLinkRoutesOptions = {
    store,
    oauth: deps.webexOAuth,
    publicBaseUrl: config.publicBaseUrl,
    clock,
    page: { loadOfficeJs: config.mode === 'production', addinOrigin },
  };
  await app.register(webexLinkBrowserRoutes, linkOptions);

  const verify = createBearerTokenVerifier({
    authorityHost: config.microsoft.authorityHost,
    audiences: config.microsoft.apiAudiences,
    allowedTenants: config.microsoft.allowedTenants,
    clock,
  });
  const meetings = createMeetingService({
    store,
    webex: deps.webex,
    webexAccessToken: deps.webexAccessToken ?? ((tenantId, userId) => getWebexAccessToken(store, deps.webexOAuth, tenantId, userId, clock())),
    clock,
    onCleanupFailed: (err, meetingId) => logger.error({ err, code: 'meeting_cleanup_failed', meetingId }, 'a Webex meeting could not be taken back'),
  });

  await app.register(
    async (api) => {
      await apiCors(api, { origins: [addinOrigin] });
      // JSON only: text/plain is accepted by Fastify by default, so refuse it here (415).
      api.removeContentTypeParser('text/plain');
      api.addHook(
        'onRequest',
        bearerAuthHook({
          verify,
          realm: config.microsoft.apiAudiences[0] ?? 'api',
          onRefused: async (request) => {
            const limit = await limitRefusedCaller(request);
            if (!limit.isAllowed && limit.isExceeded) throw tooManyRequests(limit.ttlInSeconds);
          },
        }),
      );
      api.addHook('onSend', async (_request, reply, payload) => {
        void reply.header('Cache-Control', 'no-store');
        return payload;
      });
      await api.register(meRoutes, { store });
      await api.register(meetingRoutes, { meetings });
      await api.register(webexLinkApiRoutes, linkOptions);
    },
    { prefix: '/api' },
  );

  return app;
}
