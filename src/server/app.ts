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
 * - errors in one shape, { error: { code, message, requestId } }, never a stack trace;
 * - counted for GET /metrics by route template.
 *
 * Besides /api: the probes and /metrics, the Webex linking pages, the admin pages and the Microsoft
 * sign-in of admins and of users' own calendars (src/server/admin), the deployment's manifests, and,
 * when SERVE_ADDIN_FROM is set, the built add-in's files (sent without the API's framing limits).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createAuthorizationContext, type CalendarAvailableHook, type DelegatedMailboxAccess } from './admin/authorization-context';
import { createHostEmailResolver } from './admin/host-email-resolver';
import { recordedSyncErrors, type SyncErrorSource } from './admin/sync-error-source';
import { bearerAuthHook } from './http/bearer-auth-hook';
import { createBearerTokenVerifier } from './auth/bearer-token-verifier';
import type { Config } from './config';
import { ApiError } from './http/api-error';
import { microsoftLinkApiRoutes, microsoftSignInRoutes } from './http/admin-authorization-routes';
import { adminRoutes } from './http/admin-routes';
import { apiCors } from './http/cors';
import { installErrorHandling } from './http/error-handling';
import { healthRoutes, type ReadinessCheck } from './http/health-routes';
import { addinFileRoutes } from './http/manifest-addin-files';
import { manifestRoutes } from './http/manifest-routes';
import { meRoutes } from './http/me-routes';
import { meetingRoutes } from './http/meeting-routes';
import { meetingSyncRoutes } from './http/meeting-sync-routes';
import { readinessChecks } from './http/readiness-checks';
import { teamsApiRoutes, teamsBrowserRoutes, type TeamsRoutesOptions } from './http/teams-routes';
import { webexLinkApiRoutes, webexLinkBrowserRoutes, type WebexLinkRoutesOptions, type WebexOAuthApi } from './http/webex-link-routes';
import { createDelegation } from './meetings/delegation';
import { createInviteeService, type WebexInviteesApi } from './meetings/meeting-invitees';
import { createMeetingService, type WebexMeetingsApi } from './meetings/meeting-service';
import { createMeetingSyncStateService, type RetrySync } from './meetings/meeting-sync-state';
import { createMeetingChoicesService, type WebexChoicesApi } from './meetings/meeting-choices';
import { createWebexActorResolver } from './meetings/webex-actor';
import { createAppOnlyTokenProvider, GraphClient, type ConfidentialClientPoolOptions } from './graph';
import { installHttpMetrics, metricsRoutes } from './http/metrics-routes';
import { createBackendMetrics, type BackendMetrics } from './metrics';
import { createGraphAccess } from './sync/graph-access';
import type { SyncMetrics } from './sync/sync-metrics';
import type { Store } from './store';
import { getWebexAccessToken } from './webex/webex-access-token';
import type { WebexTokenSet } from './webex/webex-oauth';

export interface AppDeps {
  config: Config;
  store: Store;
  /** Webex Meetings API, its invitees, and the People API (WebexClient). */
  webex: WebexMeetingsApi & WebexInviteesApi & WebexChoicesApi;
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
  /** The metrics of GET /metrics; main.ts makes them first so that its outbound clients count into them. */
  metrics?: BackendMetrics;
  /** The sync engine's counters (its SyncMetrics), shown on /metrics. */
  syncMetrics?: Pick<SyncMetrics, 'register'>;
  /** Graph access to users' mailboxes (the sync engine's GraphAccess); made from the config by default. */
  graphAccess?: DelegatedMailboxAccess;
  /** Where the admin page reads recent sync errors; by default those the sync engine records, and failed jobs. */
  syncErrors?: SyncErrorSource;
  /** Called when the backend may read a user's calendar: the sync engine subscribes to it (idempotent). */
  onCalendarAvailable?: CalendarAvailableHook;
  /** Syncs one event now, compared with Webex (the pane's "try again" after a sync problem); without it, 503. */
  retrySync?: RetrySync;
  /** manifest.xml as written in the repository; read from the repository root by default. */
  manifestTemplate?: string;
  /** Network options of the MSAL applications that exchange authorization codes (tests). */
  msalPoolOptions?: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'>;
  /** Pauses between the checks of a fresh admin consent (default 1 s then 3 s). */
  consentRetryDelaysMs?: readonly number[];
  /** The Teams calling tab's Graph access; built from the config by default (tests replace parts). */
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
    // A number of hops, as proxy-addr reads it (Fastify's types list only the function form).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
  }) as unknown as FastifyInstance;

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  installErrorHandling(app);
  const metrics =
    deps.metrics ?? createBackendMetrics({ db: store.db, ...(deps.syncMetrics ? { syncMetrics: deps.syncMetrics } : {}), clock });
  installHttpMetrics(app, metrics);

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
  const limitRefusedCaller = app.createRateLimit({
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (r) => `refused:${r.ip}`,
  });

  await app.register(healthRoutes, { checks: deps.readinessChecks ?? readinessChecks(config, store) });
  await app.register(metricsRoutes, { metrics, token: config.metricsToken });

  await app.register(teamsBrowserRoutes, { config });

  const verify = createBearerTokenVerifier({
    authorityHost: config.microsoft.authorityHost,
    audiences: config.microsoft.apiAudiences,
    allowedTenants: config.microsoft.allowedTenants,
    allowedClientIds: config.microsoft.allowedClientIds,
    clock,
  });
  // Admin mode and individual mode (src/server/admin): the tenant's app-only Graph, the users' own.
  const graph =
    deps.graph ?? new GraphClient({ baseUrl: config.microsoft.graphBaseUrl, tokens: createAppOnlyTokenProvider(config.microsoft) });
  const graphAccess = deps.graphAccess ?? createGraphAccess({ store, microsoft: config.microsoft, poolOptions: deps.msalPoolOptions });
  const hostEmails = createHostEmailResolver({ graph, clock });
  const webexAccessToken =
    deps.webexAccessToken ?? ((tenantId: string, userId: string) => getWebexAccessToken(store, deps.webexOAuth, tenantId, userId, clock()));
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
    syncErrors: deps.syncErrors ?? recordedSyncErrors(store),
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
    template: deps.manifestTemplate ?? readFileSync(join(__dirname, '..', '..', 'manifest.xml'), 'utf8'),
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

  const webexActor = createWebexActorResolver({
    store,
    serviceToken: config.webex.serviceToken,
    hostEmailFor: hostEmails.hostEmailFor,
    personalToken: webexAccessToken,
  });
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
    ...(deps.msalPoolOptions ? { poolOptions: deps.msalPoolOptions } : {}),
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
    },
    { prefix: '/api' },
  );

  return app;
}
