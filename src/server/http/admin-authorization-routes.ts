/**
 * Signing in with Microsoft, for the admin page and for a user's own calendar (individual mode):
 *
 * - POST   /api/microsoft/link (bearer): a user of a tenant no admin authorized asks to let the
 *          backend follow their calendar. When Microsoft already has the user's consent, the
 *          user's token is exchanged on-behalf-of at once: `{ status: 'linked' }`. Otherwise
 *          `{ status: 'consent_required', url }`: the add-in opens `url` in an Office dialog.
 *          In an admin-mode tenant: `{ status: 'not_required' }`.
 * - DELETE /api/microsoft/link (bearer): the user withdraws it: their subscriptions and their
 *          stored Microsoft tokens are deleted (409 calendar_managed_by_organization in admin mode).
 * - GET    /auth/microsoft/start: consumes the one-time state of that URL and sends the browser to
 *          Microsoft's authorize page (delegated offline_access Calendars.ReadWrite User.Read, with
 *          PKCE and a nonce) under a second state.
 * - GET    /auth/callback: Microsoft's answer to both flows. The admin page's sign-in is told apart
 *          by its flow cookie; the user's authorization by its state in the database (any replica
 *          can finish it). The user's tokens are kept only when the account that signed in is the
 *          one that asked; MSAL's cache, refresh token included, is stored sealed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, type AdminErrorCode } from '../admin/admin-error';
import { adminLanguage } from '../admin/admin-page';
import { holdsTenantAdminRole } from '../admin/admin-roles';
import { clearCookie, FLOW_COOKIE, readBrowserFlow } from '../admin/admin-session';
import { startAdminSession } from '../admin/admin-sessions';
import { individualScopes, type AuthorizationContext } from '../admin/authorization-context';
import { sendAuthorizationResultPage } from './authorization-result-page';
import { revokeCalendarAccess } from '../admin/calendar-revocation';
import { authorizeUrl, exchangeAuthorizationCode, nonceFor } from '../admin/microsoft-sign-in';
import { graphResourceOf } from '../graph';
import { createPkcePair, pkceChallengeOf } from '../webex/create-pkce-pair';
import { ApiError } from './api-error';
import { sendAdminPage } from './admin-routes';
import { callerOf } from './caller';
import { DIALOG_PAGE_HEADERS } from './dialog-result-page';
import { codeOf, toError } from '../errors';
import { adminErrorStatus } from './error-handling';
import type { MicrosoftLinkResponse } from '../../core/api-types';

/** The OAuth flow of a user's own calendar authorization: its states are refused by every other flow. */
const MICROSOFT_LINK = 'microsoft-link';
const STATE_LIFETIME_MS = 10 * 60_000;

function query(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 4096 ? value : undefined;
}

async function calendarAvailable(
  ctx: AuthorizationContext,
  request: FastifyRequest,
  tenantId: string,
  userId: string,
  userAssertion?: string,
): Promise<void> {
  if (!ctx.onCalendarAvailable) return;
  try {
    await ctx.onCalendarAvailable(tenantId, userId, userAssertion);
  } catch (thrown) {
    const err = toError(thrown);
    request.log.warn({ err, code: codeOf(err) ?? 'calendar_subscribe_failed' }, 'could not start following the calendar');
  }
}

/** POST and DELETE /api/microsoft/link: register inside the authenticated /api scope. */
export async function microsoftLinkApiRoutes(app: FastifyInstance, ctx: AuthorizationContext): Promise<void> {
  app.post('/microsoft/link', async (request): Promise<MicrosoftLinkResponse> => {
    const caller = callerOf(request);
    await ctx.store.users.upsert(caller);
    const tenant = await ctx.store.tenants.get(caller.tenantId);
    if (tenant?.mode === 'admin') return { status: 'not_required' };

    const assertion = /^Bearer +(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
    if (ctx.mailboxAccess.startDelegated && assertion) {
      try {
        await ctx.mailboxAccess.startDelegated(caller.tenantId, caller.userId, assertion);
        request.log.info({ code: 'calendar_authorized', via: 'on_behalf_of' }, 'calendar authorized');
        await calendarAvailable(ctx, request, caller.tenantId, caller.userId, assertion);
        return { status: 'linked' };
      } catch (thrown) {
        const code = codeOf(thrown);
        if (code === 'graph_token_unavailable' || code?.startsWith('outbound_')) {
          throw new ApiError(
            503,
            'microsoft_unavailable',
            'Microsoft 365 cannot be reached right now; try again shortly.',
            { 'Retry-After': '30' },
            { cause: thrown },
          );
        }
        // Most often consent_required: the user has not consented yet. The dialog asks them.
        request.log.info({ code: code ?? 'graph_token_failed' }, 'on-behalf-of exchange refused; asking the user');
      }
    }
    const { codeVerifier } = createPkcePair();
    const state = await ctx.store.oauthStates.create({
      flow: MICROSOFT_LINK,
      tenantId: caller.tenantId,
      userId: caller.userId,
      codeVerifier,
      expiresAt: new Date(ctx.clock().getTime() + STATE_LIFETIME_MS),
    });
    return { status: 'consent_required', url: `${ctx.config.publicBaseUrl}/auth/microsoft/start?state=${encodeURIComponent(state)}` };
  });

  app.delete('/microsoft/link', async (request, reply) => {
    const caller = callerOf(request);
    const tenant = await ctx.store.tenants.get(caller.tenantId);
    if (tenant?.mode === 'admin') {
      throw new ApiError(
        409,
        'calendar_managed_by_organization',
        'Your organization authorized this app for everyone; ask your administrator to withdraw it.',
      );
    }
    await revokeCalendarAccess(
      {
        store: ctx.store,
        graph: ctx.graph,
        mailboxAccess: ctx.mailboxAccess,
        onGraphDeleteFailed: (err, subscriptionId) =>
          request.log.warn({ code: codeOf(err) ?? 'graph_error', subscriptionId }, 'a subscription could not be deleted in Graph'),
      },
      caller.tenantId,
      caller.userId,
    );
    request.log.info({ code: 'calendar_unlinked' }, 'calendar authorization withdrawn');
    return reply.code(204).send();
  });
}

/** GET /auth/microsoft/start and /auth/callback: browser pages, no bearer token. */
export async function microsoftSignInRoutes(app: FastifyInstance, ctx: AuthorizationContext): Promise<void> {
  const { config } = ctx;
  const graphResource = graphResourceOf(config.microsoft.graphBaseUrl);
  const redirectUri = `${config.publicBaseUrl}/auth/callback`;
  const pageOptions = (request: FastifyRequest) => ({
    loadOfficeJs: config.mode === 'production',
    addinOrigin: new URL(config.addinBaseUrl).origin,
    language: adminLanguage(request.headers['accept-language']),
  });
  // These pages run in the Office dialog: it must keep its opener (see DIALOG_PAGE_HEADERS).
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(DIALOG_PAGE_HEADERS);
    return payload;
  });
  const userFailed = (reply: FastifyReply, request: FastifyRequest, code: AdminErrorCode, status: number) => {
    request.log.info({ code }, 'calendar authorization failed');
    return sendAuthorizationResultPage(reply, status, { status: 'failed', code }, pageOptions(request));
  };

  app.get('/auth/microsoft/start', async (request, reply) => {
    const state = query(request, 'state');
    const flow = state ? await ctx.store.oauthStates.consume(state, MICROSOFT_LINK, ctx.clock()) : undefined;
    if (!flow) return userFailed(reply, request, 'authorization_flow_invalid', 400);
    const next = await ctx.store.oauthStates.create({
      flow: MICROSOFT_LINK,
      tenantId: flow.tenantId,
      userId: flow.userId,
      codeVerifier: flow.codeVerifier,
      expiresAt: new Date(ctx.clock().getTime() + STATE_LIFETIME_MS),
    });
    const url = authorizeUrl({
      authorityHost: config.microsoft.authorityHost,
      tenant: flow.tenantId,
      clientId: config.microsoft.clientId,
      redirectUri,
      scopes: ['openid', 'profile', 'offline_access', ...individualScopes(graphResource)],
      state: next,
      codeChallenge: pkceChallengeOf(flow.codeVerifier),
      nonce: nonceFor(flow.codeVerifier),
    });
    return reply.header('Cache-Control', 'no-store').redirect(url, 302);
  });

  app.get('/auth/callback', async (request, reply) => {
    const state = query(request, 'state');
    const adminFlow = readBrowserFlow(ctx, request);
    if (adminFlow?.purpose === 'admin-sign-in' && state === adminFlow.state) {
      clearCookie(ctx, reply, FLOW_COOKIE);
      try {
        if (query(request, 'error')) throw new AdminError('authorization_declined', 'Microsoft reported that the sign-in was declined.');
        const code = query(request, 'code');
        if (!code || !adminFlow.codeVerifier) throw new AdminError('sign_in_failed', 'Microsoft sent no code.');
        const signedIn = await exchangeAuthorizationCode(
          config.microsoft,
          {
            tenant: 'organizations',
            code,
            codeVerifier: adminFlow.codeVerifier,
            redirectUri,
            scopes: [`${graphResource}/User.Read`],
            nonce: nonceFor(adminFlow.codeVerifier),
          },
          ctx.msalPoolOptions,
        );
        if (!holdsTenantAdminRole(signedIn.accessTokenClaims, signedIn.idTokenClaims))
          throw new AdminError('admin_role_required', 'This account may not authorize apps for its organization.');
        // Without it the role could not be looked up again during the session (admin-sessions.ts).
        if (!signedIn.refreshToken) throw new AdminError('sign_in_failed', 'Microsoft granted no refresh token (offline_access).');
        await startAdminSession(ctx, reply, { tenantId: signedIn.tenantId, userId: signedIn.userId, refreshToken: signedIn.refreshToken });
        request.log.info({ code: 'admin_signed_in', tenantId: signedIn.tenantId }, 'admin signed in');
        return reply.redirect('/admin', 303);
      } catch (thrown) {
        if (!(thrown instanceof AdminError)) throw toError(thrown);
        request.log.info({ code: thrown.code }, 'admin sign-in refused');
        return sendAdminPage(reply, request, adminErrorStatus(thrown), { errorCode: thrown.code });
      }
    }

    // A user's own calendar authorization; the state is consumed whatever the outcome.
    const flow = state ? await ctx.store.oauthStates.consume(state, MICROSOFT_LINK, ctx.clock()) : undefined;
    if (!flow) return userFailed(reply, request, 'authorization_flow_invalid', 400);
    if (query(request, 'error')) return userFailed(reply, request, 'authorization_declined', 400);
    const code = query(request, 'code');
    if (!code) return userFailed(reply, request, 'sign_in_failed', 400);
    try {
      const signedIn = await exchangeAuthorizationCode(
        config.microsoft,
        {
          tenant: flow.tenantId,
          code,
          codeVerifier: flow.codeVerifier,
          redirectUri,
          scopes: individualScopes(graphResource),
          nonce: nonceFor(flow.codeVerifier),
        },
        ctx.msalPoolOptions,
      );
      if (signedIn.tenantId !== flow.tenantId || signedIn.userId !== flow.userId) {
        // Another account's tokens must never be kept for this user: they are dropped here.
        return userFailed(reply, request, 'authorization_account_mismatch', 403);
      }
      await ctx.store.msalCaches.save(flow.tenantId, flow.userId, signedIn.serializedCache);
    } catch (thrown) {
      if (!(thrown instanceof AdminError)) throw toError(thrown);
      return userFailed(reply, request, thrown.code, adminErrorStatus(thrown));
    }
    request.log.info({ code: 'calendar_authorized', via: 'authorization_code' }, 'calendar authorized');
    await calendarAvailable(ctx, request, flow.tenantId, flow.userId);
    return sendAuthorizationResultPage(reply, 200, { status: 'linked' }, pageOptions(request));
  });
}
