/**
 * Linking a user's Webex account (OAuth 2.0 authorization code flow with PKCE S256).
 *
 * The add-in cannot send our bearer token from an Office dialog (a plain browser window), so the
 * flow is bound to the user through one-time states stored in the database (any replica may finish
 * a flow another started):
 * 1. POST /api/webex/link (bearer) records a state holding the user and a fresh PKCE verifier
 *    (sealed) and answers `{ url }`: /auth/webex/start?state=<first state>, valid 10 minutes.
 * 2. GET /auth/webex/start consumes that state, records a second one for the same user and
 *    verifier, and redirects to Webex's authorize page with it and the S256 challenge. The URL the
 *    add-in got works once; the state Webex sees is another.
 * 3. GET /auth/webex/callback consumes the second state, exchanges the code with the verifier,
 *    stores the grant (sealed) and ends on a page that reports to the add-in.
 * DELETE /api/webex/link forgets the grant.
 *
 * Unknown, expired or reused states, and a user who declines, end on an error page with a code.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Store, WebexGrant } from '../store';
import { createPkcePair, pkceChallengeOf } from '../webex/create-pkce-pair';
import { callerOf } from './caller';
import { DIALOG_PAGE_HEADERS, sendLinkResultPage, type LinkResultPageOptions } from './link-result-page';

/** The OAuth calls of the flow (WebexOAuth provides them). */
export interface WebexOAuthApi {
  authorizeUrl(params: { state: string; codeChallenge: string }): string;
  exchangeCode(code: string, codeVerifier: string): Promise<WebexGrant>;
}

export type LinkStore = Pick<Store, 'upsertUser' | 'createOAuthState' | 'consumeOAuthState' | 'saveWebexGrant' | 'deleteWebexGrant'>;

export interface WebexLinkRoutesOptions {
  store: LinkStore;
  oauth: WebexOAuthApi;
  /** Where this backend is reached by browsers, e.g. https://scheduler.example.com. */
  publicBaseUrl: string;
  clock: () => Date;
  page: LinkResultPageOptions;
  /** How long each step of the flow may take. */
  stateLifetimeMs?: number;
}

function stateParam(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : undefined;
}

/** POST and DELETE /api/webex/link: register inside the authenticated /api scope. */
export async function webexLinkApiRoutes(app: FastifyInstance, options: WebexLinkRoutesOptions): Promise<void> {
  const lifetime = options.stateLifetimeMs ?? 10 * 60_000;

  app.post('/webex/link', async (request) => {
    const caller = callerOf(request);
    await options.store.upsertUser(caller);
    const { codeVerifier } = createPkcePair();
    const state = await options.store.createOAuthState({
      tenantId: caller.tenantId,
      userId: caller.userId,
      codeVerifier,
      expiresAt: new Date(options.clock().getTime() + lifetime),
    });
    return { url: `${options.publicBaseUrl}/auth/webex/start?state=${encodeURIComponent(state)}` };
  });

  app.delete('/webex/link', async (request, reply) => {
    const caller = callerOf(request);
    await options.store.deleteWebexGrant(caller.tenantId, caller.userId);
    return reply.code(204).send();
  });
}

/** GET /auth/webex/start and /auth/webex/callback: browser pages, no bearer token. */
export async function webexLinkBrowserRoutes(app: FastifyInstance, options: WebexLinkRoutesOptions): Promise<void> {
  const lifetime = options.stateLifetimeMs ?? 10 * 60_000;
  const fail = (reply: FastifyReply, statusCode: number, code: string) =>
    sendLinkResultPage(reply, statusCode, { status: 'failed', code }, options.page);

  app.get('/auth/webex/start', async (request, reply) => {
    const state = stateParam(request.query, 'state');
    const flow = state ? await options.store.consumeOAuthState(state, options.clock()) : undefined;
    if (!flow) {
      request.log.info({ code: 'webex_link_state_invalid' }, 'webex link refused');
      return fail(reply, 400, 'webex_link_state_invalid');
    }
    const next = await options.store.createOAuthState({
      tenantId: flow.tenantId,
      userId: flow.userId,
      codeVerifier: flow.codeVerifier,
      expiresAt: new Date(options.clock().getTime() + lifetime),
    });
    const url = options.oauth.authorizeUrl({ state: next, codeChallenge: pkceChallengeOf(flow.codeVerifier) });
    return reply.header('Cache-Control', 'no-store').headers(DIALOG_PAGE_HEADERS).redirect(url, 302);
  });

  app.get('/auth/webex/callback', async (request, reply) => {
    const state = stateParam(request.query, 'state');
    // Consumed whatever the outcome: a state is good for one answer.
    const flow = state ? await options.store.consumeOAuthState(state, options.clock()) : undefined;
    if (!flow) {
      request.log.info({ code: 'webex_link_state_invalid' }, 'webex link refused');
      return fail(reply, 400, 'webex_link_state_invalid');
    }
    if (stateParam(request.query, 'error')) {
      request.log.info({ code: 'webex_access_denied' }, 'webex link declined');
      return fail(reply, 400, 'webex_access_denied');
    }
    const code = stateParam(request.query, 'code');
    if (!code) return fail(reply, 400, 'webex_link_failed');
    let grant: WebexGrant;
    try {
      grant = await options.oauth.exchangeCode(code, flow.codeVerifier);
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      const errCode = (err as { code?: unknown }).code;
      const unavailable = typeof errCode === 'string' && (errCode.startsWith('outbound_') || errCode === 'webex_unavailable' || errCode === 'webex_rate_limited');
      request.log.warn({ err, code: unavailable ? 'webex_unavailable' : 'webex_link_failed' }, 'webex code exchange failed');
      return unavailable ? fail(reply, 503, 'webex_unavailable') : fail(reply, 400, 'webex_link_failed');
    }
    await options.store.upsertUser({ tenantId: flow.tenantId, userId: flow.userId });
    await options.store.saveWebexGrant(flow.tenantId, flow.userId, grant);
    request.log.info({ code: 'webex_linked' }, 'webex account linked');
    return sendLinkResultPage(reply, 200, { status: 'linked' }, options.page);
  });
}
