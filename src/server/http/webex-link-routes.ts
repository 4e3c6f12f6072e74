/**
 * Linking a user's Webex account (OAuth 2.0 authorization code flow with PKCE S256), completed
 * only by the user who started it, in their own add-in.
 *
 * The add-in cannot send our bearer token from an Office dialog (a plain browser window), and the
 * Webex callback carries none: whoever opens a start URL and consents in Webex decides which Webex
 * account comes back. A start URL forwarded to a colleague ("please check this Webex page") must
 * therefore never link the colleague's account to the sender. So the flow ends in the add-in:
 * 1. POST /api/webex/link (bearer) records a state of the 'webex-link' flow holding the user and a
 *    fresh PKCE verifier (sealed) and answers `{ url }`: /auth/webex/start?state=<first state>,
 *    valid two minutes (the add-in opens it at once).
 * 2. GET /auth/webex/start consumes that state, records a second one for the same user and
 *    verifier, and redirects to Webex's authorize page with it and the S256 challenge.
 * 3. GET /auth/webex/callback consumes the second state and exchanges the code with the verifier.
 *    The grant is NOT saved for the user yet: it waits, sealed, as a pending link under a one-time
 *    completion code (src/server/store/webex-pending-links.ts), and the result page passes that
 *    code to the add-in through the dialog message, addressed to the add-in's origin only.
 * 4. POST /api/webex/link/complete (bearer) `{ code }` claims the pending link. The grant is saved
 *    only when the caller is the user who started the flow; otherwise the pending grant is dropped
 *    (the claim deleted it) and nothing is linked: 403 webex_link_user_mismatch.
 * GET /api/webex/account answers the linked account's email, read from Webex each time (never
 * stored), so that the pane can show which account is linked. DELETE /api/webex/link forgets the grant.
 *
 * States of other flows (a calendar authorization's, the admin page's, the Teams tab's) are refused
 * here, as this flow's are there. Unknown, expired or reused states and codes, and a user who
 * declines, end on an error page or answer with a code.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { webexFailureToDomainError } from '../meetings/webex-failure';
import {
  isCompletionCode,
  type UserRepository,
  type OAuthStateRepository,
  type WebexGrantRepository,
  type WebexPendingLinkRepository,
  type WebexGrant,
} from '../store';
import { createPkcePair, pkceChallengeOf } from '../webex/create-pkce-pair';
import { ApiError } from './api-error';
import { callerOf } from './caller';
import { DIALOG_PAGE_HEADERS } from './dialog-result-page';
import { sendLinkResultPage, type LinkResultPageOptions } from './link-result-page';

/** The OAuth calls of the flow (WebexOAuth provides them). */
export interface WebexOAuthApi {
  authorizeUrl(params: { state: string; codeChallenge: string }): string;
  exchangeCode(code: string, codeVerifier: string): Promise<WebexGrant>;
}

export type LinkStore = {
  users: Pick<UserRepository, 'upsert'>;
  oauthStates: Pick<OAuthStateRepository, 'create' | 'consume'>;
  webexGrants: Pick<WebexGrantRepository, 'save' | 'delete'>;
  webexPendingLinks: Pick<WebexPendingLinkRepository, 'create' | 'claim'>;
};

export interface WebexLinkRoutesOptions {
  store: LinkStore;
  oauth: WebexOAuthApi;
  /** Where this backend is reached by browsers, e.g. https://scheduler.example.com. */
  publicBaseUrl: string;
  clock: () => Date;
  page: LinkResultPageOptions;
  /** The email of the Webex account linked for the user, read from Webex (GET /people/me with their token). */
  linkedAccountEmail(tenantId: string, userId: string): Promise<string | undefined>;
}

/** The start URL: the add-in opens it at once, so a URL that lingers (in a chat, a mail) soon stops working. */
export const START_URL_LIFETIME_MS = 2 * 60_000;
/** Signing in to Webex and consenting. */
export const CONSENT_LIFETIME_MS = 10 * 60_000;
/** From the result page to the add-in's claim: the dialog reports at once. */
export const COMPLETION_LIFETIME_MS = 5 * 60_000;

function stateParam(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : undefined;
}

async function accountEmail(options: WebexLinkRoutesOptions, tenantId: string, userId: string): Promise<string | undefined> {
  try {
    return await options.linkedAccountEmail(tenantId, userId);
  } catch (thrown) {
    throw webexFailureToDomainError(thrown) ?? thrown;
  }
}

/** POST and DELETE /api/webex/link, POST /api/webex/link/complete, GET /api/webex/account: inside the authenticated /api scope. */
export async function webexLinkApiRoutes(app: FastifyInstance, options: WebexLinkRoutesOptions): Promise<void> {
  app.post('/webex/link', async (request) => {
    const caller = callerOf(request);
    await options.store.users.upsert(caller);
    const { codeVerifier } = createPkcePair();
    const state = await options.store.oauthStates.create({
      flow: 'webex-link',
      tenantId: caller.tenantId,
      userId: caller.userId,
      codeVerifier,
      expiresAt: new Date(options.clock().getTime() + START_URL_LIFETIME_MS),
    });
    return { url: `${options.publicBaseUrl}/auth/webex/start?state=${encodeURIComponent(state)}` };
  });

  app.post('/webex/link/complete', async (request) => {
    const caller = callerOf(request);
    const code = (request.body as { code?: unknown } | undefined)?.code;
    if (!isCompletionCode(code))
      throw new ApiError(400, 'webex_link_completion_invalid', 'This Webex sign-in cannot be completed; start again.');
    const pending = await options.store.webexPendingLinks.claim(code, options.clock());
    if (!pending)
      throw new ApiError(400, 'webex_link_completion_invalid', 'This Webex sign-in has expired or was already used; start again.');
    if (pending.tenantId !== caller.tenantId || pending.userId !== caller.userId) {
      // Someone else's Webex consent, or a code taken from another person's window: the claim
      // already deleted the pending grant, so nobody can link it now.
      request.log.warn(
        { code: 'webex_link_user_mismatch' },
        'a Webex link was completed by another user than the one who started it; dropped',
      );
      throw new ApiError(
        403,
        'webex_link_user_mismatch',
        'This Webex sign-in was started by someone else; start again from your own add-in.',
      );
    }
    await options.store.webexGrants.save(caller.tenantId, caller.userId, pending.grant);
    request.log.info({ code: 'webex_linked' }, 'webex account linked');
    let email: string | undefined;
    try {
      email = await options.linkedAccountEmail(caller.tenantId, caller.userId);
    } catch (thrown) {
      // Linked all the same; the pane asks again when it shows the account.
      request.log.info({ code: (thrown as { code?: unknown }).code ?? 'webex_account_unreadable' }, 'linked Webex account not read');
    }
    return { status: 'linked', ...(email ? { email } : {}) };
  });

  app.get('/webex/account', async (request) => {
    const caller = callerOf(request);
    const email = await accountEmail(options, caller.tenantId, caller.userId);
    return email ? { email } : {};
  });

  app.delete('/webex/link', async (request, reply) => {
    const caller = callerOf(request);
    await options.store.webexGrants.delete(caller.tenantId, caller.userId);
    return reply.code(204).send();
  });
}

/** GET /auth/webex/start and /auth/webex/callback: browser pages, no bearer token. */
export async function webexLinkBrowserRoutes(app: FastifyInstance, options: WebexLinkRoutesOptions): Promise<void> {
  const fail = (reply: FastifyReply, statusCode: number, code: string) =>
    sendLinkResultPage(reply, statusCode, { status: 'failed', code }, options.page);

  app.get('/auth/webex/start', async (request, reply) => {
    const state = stateParam(request.query, 'state');
    const flow = state ? await options.store.oauthStates.consume(state, 'webex-link', options.clock()) : undefined;
    if (!flow) {
      request.log.info({ code: 'webex_link_state_invalid' }, 'webex link refused');
      return fail(reply, 400, 'webex_link_state_invalid');
    }
    const next = await options.store.oauthStates.create({
      flow: 'webex-link',
      tenantId: flow.tenantId,
      userId: flow.userId,
      codeVerifier: flow.codeVerifier,
      expiresAt: new Date(options.clock().getTime() + CONSENT_LIFETIME_MS),
    });
    const url = options.oauth.authorizeUrl({ state: next, codeChallenge: pkceChallengeOf(flow.codeVerifier) });
    return reply.header('Cache-Control', 'no-store').headers(DIALOG_PAGE_HEADERS).redirect(url, 302);
  });

  app.get('/auth/webex/callback', async (request, reply) => {
    const state = stateParam(request.query, 'state');
    // Consumed whatever the outcome: a state is good for one answer.
    const flow = state ? await options.store.oauthStates.consume(state, 'webex-link', options.clock()) : undefined;
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
      const errCode = (thrown as { code?: unknown } | undefined)?.code;
      const unavailable =
        typeof errCode === 'string' &&
        (errCode.startsWith('outbound_') || errCode === 'webex_unavailable' || errCode === 'webex_rate_limited');
      const resultCode = unavailable ? 'webex_unavailable' : 'webex_link_failed';
      request.log.warn({ code: resultCode, cause: typeof errCode === 'string' ? errCode : undefined }, 'webex code exchange failed');
      return unavailable ? fail(reply, 503, resultCode) : fail(reply, 400, resultCode);
    }
    await options.store.users.upsert({ tenantId: flow.tenantId, userId: flow.userId });
    const completion = await options.store.webexPendingLinks.create(
      flow.tenantId,
      flow.userId,
      grant,
      new Date(options.clock().getTime() + COMPLETION_LIFETIME_MS),
    );
    request.log.info({ code: 'webex_link_consented' }, 'webex consent received; waiting for the add-in');
    return sendLinkResultPage(reply, 200, { status: 'consented', completion }, options.page);
  });
}
