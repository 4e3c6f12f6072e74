/**
 * The backend's HTTP application: routes registered on the services it is given, none built here.
 * The composition root (src/server/compose.ts) builds them once, from the configuration, for the
 * process and for the tests that build the app in-process (a real listen on port 0) with the
 * emulators, a PGlite store and a moved clock.
 *
 * What every request goes through, in order:
 * - a request id (a fresh UUID; a caller's X-Request-Id is not trusted) echoed as X-Request-Id;
 * - security headers (helmet's, computed once: http/security-headers.ts; the API serves JSON, so its CSP forbids everything);
 * - on /api: CORS for the add-in's origin, then the bearer token (401 with a code otherwise), then
 *   the per-user rate limit (keyed by tenant and user; callers without a user, such as the Webex
 *   linking pages or refused tokens, are limited by IP); JSON bodies only (415 otherwise), 64 KiB
 *   (the join-block routes, which take a mail body, 8 MiB);
 * - errors in one shape, { error: { code, message, requestId } }, never a stack trace;
 * - counted for GET /metrics by route template.
 *
 * Besides /api: the probes and /metrics, the Webex linking pages, the admin pages and the Microsoft
 * sign-in of admins and of users' own calendars (src/server/admin), the deployment's manifests, and,
 * when SERVE_ADDIN_FROM is set, the built add-in's files (sent without the API's framing limits).
 */
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createAuthorizationContext, type CalendarAvailableHook, type DelegatedMailboxAccess } from './admin/authorization-context';
import type { HostEmailResolver } from './admin/host-email-resolver';
import type { SyncErrorSource } from './admin/sync-error-source';
import { bearerAuthHook } from './http/bearer-auth-hook';
import { createBearerTokenVerifier } from './auth/bearer-token-verifier';
import type { Config } from './config';
import { ApiError } from './http/api-error';
import { microsoftLinkApiRoutes, microsoftSignInRoutes } from './http/admin-authorization-routes';
import { adminRoutes } from './http/admin-routes';
import { apiCors } from './http/cors';
import { installErrorHandling } from './http/error-handling';
import { healthRoutes, type ReadinessCheck } from './http/health-routes';
import { installSecurityHeaders } from './http/security-headers';
import { addinFileRoutes } from './http/manifest-addin-files';
import { manifestRoutes } from './http/manifest-routes';
import { joinBlockRoutes } from './http/join-block-routes';
import { meRoutes } from './http/me-routes';
import { meetingRoutes } from './http/meeting-routes';
import { meetingSyncRoutes } from './http/meeting-sync-routes';
import { teamsApiRoutes, teamsBrowserRoutes, type TeamsRoutesOptions } from './http/teams-routes';
import { webexLinkApiRoutes, webexLinkBrowserRoutes, type WebexLinkRoutesOptions, type WebexOAuthApi } from './http/webex-link-routes';
import { createDelegation } from './meetings/delegation';
import { createInviteeService, type WebexInviteesApi } from './meetings/meeting-invitees';
import { createMeetingService, type WebexMeetingsApi } from './meetings/meeting-service';
import { createMeetingSyncStateService, type RetrySync } from './meetings/meeting-sync-state';
import { createMeetingChoicesService, type WebexChoicesApi } from './meetings/meeting-choices';
import type { WebexActorResolver } from './meetings/webex-actor';
import type { ConfidentialClientPoolOptions, GraphClient } from './graph';
import { installHttpMetrics, metricsRoutes } from './http/metrics-routes';
import type { BackendMetrics } from './metrics';
import type { Store } from './store';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  /** Current time; tests move it. */
  clock: () => Date;
  /** Webex Meetings API, its invitees, and the People API (WebexClient). */
  webex: WebexMeetingsApi & WebexInviteesApi & WebexChoicesApi;
  /** Webex OAuth (WebexOAuth): linking accounts. */
  webexOAuth: WebexOAuthApi;
  /** The user's Webex access token: the stored grant's, refreshed near expiry (getWebexAccessToken). */
  webexAccessToken: (tenantId: string, userId: string) => Promise<string>;
  /** Who acts in Webex for a user: their own token, or the organization's with hostEmail (meetings/webex-actor.ts). */
  webexActor: WebexActorResolver;
  /** Microsoft Graph, app-only per tenant (admin mode: host emails, delegation, consent checks). */
  graph: GraphClient;
  /** Graph access to users' mailboxes (the sync engine's GraphAccess). */
  graphAccess: DelegatedMailboxAccess;
  /** Users' email addresses for hostEmail, read from Graph and checked against the tenant's domains. */
  hostEmails: HostEmailResolver;
  /** The metrics of GET /metrics (with the sync engine's counters, when it runs). */
  metrics: BackendMetrics;
  /** What /readyz checks (readiness-checks.ts: the database and, in local mode, the emulators). */
  readinessChecks: Record<string, ReadinessCheck>;
  /** Where the admin page reads recent sync errors (those the sync engine records, and failed jobs). */
  syncErrors: SyncErrorSource;
  /** manifest.xml as written in the repository. */
  manifestTemplate: string;
  /** Network options of the MSAL applications that exchange authorization codes. */
  msalPoolOptions: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'>;
  /** Called when the backend may read a user's calendar: the sync engine subscribes to it (idempotent); none without the engine. */
  onCalendarAvailable?: CalendarAvailableHook;
  /** Syncs one event now, compared with Webex (the pane's "try again" after a sync problem); without it, 503. */
  retrySync?: RetrySync;
  /** Pauses between the checks of a fresh admin consent (default 1 s then 3 s). */
  consentRetryDelaysMs?: readonly number[];
  /** Parts of the Teams calling tab's Graph access in place of those teams-routes.ts builds from the config (tests). */
  teams?: Omit<TeamsRoutesOptions, 'config'>;
}

/** Request bodies of this API are small JSON documents. */
const BODY_LIMIT_BYTES = 64 * 1024;

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

function rateLimitKey(request: FastifyRequest): string {
  return request.caller ? `user:${request.caller.tenantId}:${request.caller.userId}` : `ip:${request.ip}`;
}

function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'rate_limited', 'Too many requests; slow down and try again shortly.', {
    'Retry-After': String(Math.max(1, retryAfterSeconds)),
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, logger, clock, metrics, graph, graphAccess, hostEmails, webexAccessToken, webexActor } = deps;
  const addinOrigin = new URL(config.addinBaseUrl).origin;

  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    // A number of hops, as proxy-addr reads it (Fastify's types list only the function form).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
  }) as unknown as FastifyInstance;

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  installErrorHandling(app);
  installHttpMetrics(app, metrics);

  installSecurityHeaders(app, {
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
  const limitRefusedCaller = app.createRateLimit({
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (r) => `refused:${r.ip}`,
  });

  await app.register(healthRoutes, { checks: deps.readinessChecks });
  await app.register(metricsRoutes, { metrics, token: config.metricsToken });

  await app.register(teamsBrowserRoutes, { config });

  const verify = createBearerTokenVerifier({
    authorityHost: config.microsoft.authorityHost,
    audiences: config.microsoft.apiAudiences,
    allowedTenants: config.microsoft.allowedTenants,
    allowedClientIds: config.microsoft.allowedClientIds,
    clock,
  });
  const linkOptions: WebexLinkRoutesOptions = {
    store,
    oauth: deps.webexOAuth,
    publicBaseUrl: config.publicBaseUrl,
    clock,
    page: { loadOfficeJs: config.mode === 'production', addinOrigin },
    linkedAccountEmail: async (tenantId, userId) => (await deps.webex.getMe(await webexAccessToken(tenantId, userId))).emails[0],
  };
  await app.register(webexLinkBrowserRoutes, linkOptions);
  const authorization = createAuthorizationContext({
    config,
    store,
    graph,
    mailboxAccess: graphAccess,
    hostEmails,
    syncErrors: deps.syncErrors,
    clock,
    msalPoolOptions: deps.msalPoolOptions,
    consentRetryDelaysMs: deps.consentRetryDelaysMs,
    onCalendarAvailable: deps.onCalendarAvailable,
    ...(config.webex.serviceToken
      ? {
          organizationTemplates: async (tenantId: string, adminUserId: string) =>
            deps.webex.listTemplates(config.webex.serviceToken as string, {
              hostEmail: await hostEmails.hostEmailFor(tenantId, adminUserId),
            }),
        }
      : {}),
  });
  await app.register(adminRoutes, authorization);
  await app.register(microsoftSignInRoutes, authorization);
  await app.register(manifestRoutes, {
    template: deps.manifestTemplate,
    settings: config.manifest,
    ...(config.serveAddinFrom ? { servedAddinPrefix: new URL(config.addinBaseUrl).pathname } : {}),
  });
  if (config.serveAddinFrom) {
    await app.register(addinFileRoutes, {
      root: config.serveAddinFrom,
      prefix: new URL(config.addinBaseUrl).pathname,
      csp: { apiBaseUrl: config.publicBaseUrl, authorityHost: config.microsoft.authorityHost },
    });
  }

  const invitees = createInviteeService({ store, webex: deps.webex, actorOf: webexActor });
  const meetings = createMeetingService({
    store,
    webex: deps.webex,
    webexAccessToken,
    webexActor,
    checkAlternateHosts: invitees.checkAlternateHosts,
    clock,
    onCleanupFailed: (err, meetingId) =>
      logger.error({ err, code: 'meeting_cleanup_failed', meetingId }, 'a Webex meeting could not be taken back'),
  });

  const delegation = createDelegation({
    microsoft: config.microsoft,
    graph,
    store,
    webexServiceToken: Boolean(config.webex.serviceToken),
    hasCalendarAuthorization: (tenantId, userId) => graphAccess.hasDelegated(tenantId, userId),
    ...(deps.onCalendarAvailable
      ? { onCalendarAvailable: (tenantId: string, userId: string) => (deps.onCalendarAvailable as CalendarAvailableHook)(tenantId, userId) }
      : {}),
    onFollowFailed: (err) =>
      logger.warn(
        { err, code: (err as { code?: string }).code ?? 'calendar_subscribe_failed' },
        'could not start following a delegate owner’s calendar',
      ),
    poolOptions: deps.msalPoolOptions,
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
      await api.register(meRoutes, {
        store,
        webexServiceToken: Boolean(config.webex.serviceToken),
        hasCalendarAuthorization: (tenantId, userId) => graphAccess.hasDelegated(tenantId, userId),
        onCalendarAvailable: deps.onCalendarAvailable,
      });
      await api.register(microsoftLinkApiRoutes, authorization);
      await api.register(meetingRoutes, { meetings, delegation });
      await api.register(meetingSyncRoutes, {
        invitees,
        delegation,
        choices: createMeetingChoicesService({ webex: deps.webex, actorOf: webexActor }),
        syncState: createMeetingSyncStateService({ store, retrySync: deps.retrySync }),
      });
      await api.register(webexLinkApiRoutes, linkOptions);
      await api.register(teamsApiRoutes, { config, ...deps.teams });
      await api.register(joinBlockRoutes);
    },
    { prefix: '/api' },
  );

  return app;
}
