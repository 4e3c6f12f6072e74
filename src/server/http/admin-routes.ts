/**
 * The admin page of a tenant (admin mode, docs/architecture.md#authorization-modes), for its
 * administrators only:
 *
 * - GET  /admin                      the page: sign-in button, or the tenant's authorization state,
 *                                    users kept in step, subscriptions, recent sync errors, revoke;
 * - GET  /admin/sign-in              to Microsoft's sign-in (any work account; the callback, shared
 *                                    with the users' own authorization, is /auth/callback);
 * - GET  /admin/consent/start        to Microsoft's admin consent for the signed-in admin's tenant;
 * - GET  /admin/consent/callback     checks the consent with the app's own token (GET /organization)
 *                                    and records the tenant in admin mode;
 * - POST /admin/consent/verify       checks again (Entra may take minutes to apply a consent);
 * - POST /admin/revoke               deletes the tenant's subscriptions and stored tokens;
 * - POST /admin/default-template     sets (templateId '' clears) the organization's default meeting
 *                                    template, used when a user has chosen none (docs/admin-guide.md);
 * - POST /admin/sign-out;
 * - JSON for scripts and tests: GET /admin/api/session, GET /admin/api/tenants/:tenantId,
 *   POST /admin/api/tenants/:tenantId/revoke, POST /admin/api/tenants/:tenantId/default-template
 *   (X-CSRF-Token header; JSON body { templateId }).
 *
 * Only a Global Administrator or Privileged Role Administrator gets a session (admin-roles.ts), and
 * a session shows and changes its own tenant only: another tenant's id answers 403. Sessions are
 * held on the server (admin-sessions.ts): signing out ends one for good, and one whose admin lost
 * the role ends within five minutes (403 admin_role_required).
 * Forms carry the session's anti-forgery token; the cookies are SameSite=Lax.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, type AdminErrorCode } from '../admin/admin-error';
import { adminLanguage, renderAdminPage, type AdminPageModel } from '../admin/admin-page';
import {
  clearCookie,
  FLOW_COOKIE,
  readAdminSessionCookie,
  readBrowserFlow,
  writeBrowserFlow,
  type AdminSession,
} from '../admin/admin-session';
import { currentAdminSession, endAdminSession } from '../admin/admin-sessions';
import type { AuthorizationContext } from '../admin/authorization-context';
import { revokeCalendarAccess, type RevocationResult } from '../admin/calendar-revocation';
import { adminConsentUrl, authorizeUrl, nonceFor } from '../admin/microsoft-sign-in';
import { verifyAndRecordAdminConsent } from '../admin/tenant-consent';
import { tenantOverview, type TenantOverview } from '../admin/tenant-overview';
import { graphResourceOf } from '../graph';
import { createPkcePair, pkceChallengeOf } from '../webex/create-pkce-pair';
import { ApiError } from './api-error';
import { toError } from '../errors';
import { isTemplateIdSetting } from '../meetings/user-settings';
import type { DefaultTemplateModel } from '../admin/admin-page';
import { adminErrorStatus } from './error-handling';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function query(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 2048 ? value : undefined;
}

function field(request: FastifyRequest, name: string): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body[name] : undefined;
}

const NOTICES = new Set(['authorized', 'revoked', 'signed_out', 'template_saved']);

export function sendAdminPage(
  reply: FastifyReply,
  request: FastifyRequest,
  statusCode: number,
  model: Omit<AdminPageModel, 'nonce' | 'language'>,
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .code(statusCode)
    .header('Cache-Control', 'no-store')
    .header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    .type('text/html; charset=utf-8')
    .send(renderAdminPage({ ...model, nonce, language: adminLanguage(request.headers['accept-language']) }));
}

export async function adminRoutes(app: FastifyInstance, ctx: AuthorizationContext): Promise<void> {
  await app.register(formbody, { bodyLimit: 4096 });
  const { config } = ctx;
  const graphResource = graphResourceOf(config.microsoft.graphBaseUrl);

  const overviewOf = (tenantId: string): Promise<TenantOverview> =>
    tenantOverview(
      {
        db: ctx.store.db,
        getTenant: (id) => ctx.store.tenants.get(id),
        syncErrors: ctx.syncErrors,
        hasWebexServiceToken: Boolean(config.webex.serviceToken),
      },
      tenantId,
      { now: ctx.clock() },
    );

  const revoke = async (request: FastifyRequest, tenantId: string): Promise<RevocationResult> => {
    const result = await revokeCalendarAccess(
      {
        store: ctx.store,
        graph: ctx.graph,
        mailboxAccess: ctx.mailboxAccess,
        onGraphDeleteFailed: (err, subscriptionId) =>
          request.log.warn(
            { code: (err as { code?: string }).code ?? 'graph_error', subscriptionId },
            'a subscription could not be deleted in Graph',
          ),
      },
      tenantId,
    );
    ctx.hostEmails?.forget(tenantId);
    request.log.info({ code: 'tenant_revoked', tenantId, subscriptions: result.subscriptions }, 'tenant authorization revoked');
    return result;
  };

  const verifyConsent = async (tenantId: string) => {
    await verifyAndRecordAdminConsent(
      { graph: ctx.graph, store: ctx.store, clock: ctx.clock, retryDelaysMs: ctx.consentRetryDelaysMs },
      tenantId,
    );
    ctx.hostEmails?.forget(tenantId);
  };

  /**
   * The organization's default template as the page shows it: with the organization's templates to
   * choose from when the deployment has an organization Webex token and the tenant is in admin mode
   * (the token schedules only for such tenants, webex-actor.ts); else a field for a template id.
   */
  const defaultTemplateOf = async (
    request: FastifyRequest,
    session: AdminSession,
    overview: TenantOverview,
  ): Promise<DefaultTemplateModel> => {
    const templateId = (await ctx.store.tenants.get(overview.tenantId))?.defaultTemplateId ?? '';
    if (!ctx.organizationTemplates || overview.mode !== 'admin') return { templateId };
    try {
      const templates = await ctx.organizationTemplates(session.tenantId, session.userId);
      return { templateId, choices: templates.map((t) => ({ id: t.id, name: t.name, siteUrl: t.siteUrl })) };
    } catch (thrown) {
      request.log.warn(
        { code: (thrown as { code?: string } | null)?.code ?? 'webex_error' },
        'the organization’s meeting templates could not be listed',
      );
      return { templateId, choicesUnavailable: true };
    }
  };

  /** The page for a signed-in admin, with an error or a notice. */
  const page = async (
    reply: FastifyReply,
    request: FastifyRequest,
    status: number,
    session: AdminSession | undefined,
    extra: { errorCode?: AdminErrorCode; notice?: string } = {},
  ) => {
    if (!session) return sendAdminPage(reply, request, status, extra);
    const overview = await overviewOf(session.tenantId);
    return sendAdminPage(reply, request, status, {
      ...extra,
      session: { csrf: session.csrf, overview, defaultTemplate: await defaultTemplateOf(request, session, overview) },
    });
  };

  /** Sets the tenant's default template; '' clears it. */
  const setDefaultTemplate = async (request: FastifyRequest, tenantId: string, templateId: unknown): Promise<string> => {
    const value = typeof templateId === 'string' ? templateId.trim() : templateId;
    if (!isTemplateIdSetting(value)) throw new AdminError('admin_template_invalid', 'The template must be a Webex template id, or none.');
    await ctx.store.tenants.setDefaultTemplate(tenantId, value === '' ? null : value);
    request.log.info({ code: 'tenant_default_template_set', tenantId, cleared: value === '' }, 'organization default template changed');
    return value;
  };

  const failed = async (reply: FastifyReply, request: FastifyRequest, session: AdminSession | undefined, thrown: unknown) => {
    if (!(thrown instanceof AdminError)) throw toError(thrown);
    request.log.info({ code: thrown.code }, 'admin action refused');
    return page(reply, request, adminErrorStatus(thrown), session, { errorCode: thrown.code });
  };

  /** The request's session, still good on the server (AdminError admin_sign_in_required otherwise). */
  const signedInSession = async (request: FastifyRequest, reply: FastifyReply): Promise<AdminSession> => {
    const session = await currentAdminSession(ctx, request, reply);
    if (!session) throw new AdminError('admin_sign_in_required', 'Sign in first.');
    return session;
  };

  /** A form post must carry the session's anti-forgery token. */
  const checkFormToken = (request: FastifyRequest, session: AdminSession): void => {
    if (!sameSecret(field(request, 'csrf'), session.csrf)) throw new AdminError('admin_csrf_invalid', 'The form is not this session’s.');
  };

  app.get('/admin', async (request, reply) => {
    let session: AdminSession | undefined;
    try {
      session = await currentAdminSession(ctx, request, reply);
    } catch (thrown) {
      return failed(reply, request, undefined, thrown);
    }
    const done = query(request, 'done');
    return page(reply, request, 200, session, done && NOTICES.has(done) ? { notice: done } : {});
  });

  app.get('/admin/sign-in', async (_request, reply) => {
    const { codeVerifier } = createPkcePair();
    const state = randomBytes(32).toString('base64url');
    writeBrowserFlow(ctx, reply, { purpose: 'admin-sign-in', state, codeVerifier });
    const url = authorizeUrl({
      authorityHost: config.microsoft.authorityHost,
      tenant: 'organizations',
      clientId: config.microsoft.clientId,
      redirectUri: `${config.publicBaseUrl}/auth/callback`,
      // User.Read: the Graph token that names the admin's directory roles (wids); offline_access:
      // the refresh token that lets the backend look those roles up again (admin-sessions.ts).
      scopes: ['openid', 'profile', 'offline_access', `${graphResource}/User.Read`],
      state,
      codeChallenge: pkceChallengeOf(codeVerifier),
      nonce: nonceFor(codeVerifier),
      prompt: 'select_account',
    });
    return reply.header('Cache-Control', 'no-store').redirect(url, 302);
  });

  app.get('/admin/consent/start', async (request, reply) => {
    let session: AdminSession;
    try {
      session = await signedInSession(request, reply);
    } catch (thrown) {
      return failed(reply, request, undefined, thrown);
    }
    const state = randomBytes(32).toString('base64url');
    writeBrowserFlow(ctx, reply, { purpose: 'admin-consent', state });
    const url = adminConsentUrl({
      authorityHost: config.microsoft.authorityHost,
      tenant: session.tenantId,
      clientId: config.microsoft.clientId,
      redirectUri: `${config.publicBaseUrl}/admin/consent/callback`,
      scope: `${graphResource}/.default`,
      state,
    });
    return reply.header('Cache-Control', 'no-store').redirect(url, 302);
  });

  app.get('/admin/consent/callback', async (request, reply) => {
    let session: AdminSession | undefined;
    const flow = readBrowserFlow(ctx, request);
    clearCookie(ctx, reply, FLOW_COOKIE);
    try {
      const state = query(request, 'state');
      if (!flow || flow.purpose !== 'admin-consent' || !state || !sameSecret(state, flow.state)) {
        session = await currentAdminSession(ctx, request, reply);
        throw new AdminError('authorization_flow_invalid', 'This answer does not belong to a consent started here.');
      }
      session = await signedInSession(request, reply);
      if (query(request, 'error') || query(request, 'admin_consent')?.toLowerCase() !== 'true') {
        throw new AdminError('authorization_declined', 'Microsoft reported that the consent was not granted.');
      }
      if (query(request, 'tenant')?.toLowerCase() !== session.tenantId) {
        throw new AdminError('admin_consent_tenant_mismatch', 'The consent was granted in another tenant.');
      }
      await verifyConsent(session.tenantId);
      request.log.info({ code: 'tenant_authorized', tenantId: session.tenantId }, 'tenant authorized by its admin');
      return reply.redirect('/admin?done=authorized', 303);
    } catch (thrown) {
      return failed(reply, request, session, thrown);
    }
  });

  app.post('/admin/consent/verify', async (request, reply) => {
    let session: AdminSession | undefined;
    try {
      session = await signedInSession(request, reply);
      checkFormToken(request, session);
      await verifyConsent(session.tenantId);
      return reply.redirect('/admin?done=authorized', 303);
    } catch (thrown) {
      return failed(reply, request, session, thrown);
    }
  });

  app.post('/admin/revoke', async (request, reply) => {
    let session: AdminSession | undefined;
    try {
      session = await signedInSession(request, reply);
      checkFormToken(request, session);
      await revoke(request, session.tenantId);
      return reply.redirect('/admin?done=revoked', 303);
    } catch (thrown) {
      return failed(reply, request, session, thrown);
    }
  });

  app.post('/admin/default-template', async (request, reply) => {
    let session: AdminSession | undefined;
    try {
      session = await signedInSession(request, reply);
      checkFormToken(request, session);
      await setDefaultTemplate(request, session.tenantId, field(request, 'templateId'));
      return reply.redirect('/admin?done=template_saved', 303);
    } catch (thrown) {
      return failed(reply, request, session, thrown);
    }
  });

  // Signing out needs only the cookie and its form token: no role look-up stands in its way.
  app.post('/admin/sign-out', async (request, reply) => {
    const session = readAdminSessionCookie(ctx, request);
    try {
      if (!session) throw new AdminError('admin_sign_in_required', 'Sign in first.');
      checkFormToken(request, session);
    } catch (thrown) {
      return failed(reply, request, undefined, thrown);
    }
    await endAdminSession(ctx, reply, session);
    request.log.info({ code: 'admin_signed_out', tenantId: session.tenantId }, 'admin signed out');
    return reply.redirect('/admin?done=signed_out', 303);
  });

  // JSON: the same, for scripts and tests. Errors in the API's one shape.
  const apiSession = async (request: FastifyRequest, reply: FastifyReply, tenantId?: string): Promise<AdminSession> => {
    let session: AdminSession | undefined;
    try {
      session = await currentAdminSession(ctx, request, reply);
    } catch (thrown) {
      if (!(thrown instanceof AdminError)) throw thrown;
      throw new ApiError(
        adminErrorStatus(thrown),
        thrown.code,
        thrown.message,
        thrown.code === 'microsoft_unavailable' ? { 'Retry-After': '30' } : {},
        { cause: thrown },
      );
    }
    if (!session) throw new ApiError(401, 'admin_sign_in_required', 'Sign in to the admin page first.');
    if (tenantId !== undefined && tenantId.toLowerCase() !== session.tenantId) {
      throw new ApiError(403, 'admin_other_tenant', 'Your session is for another organization.');
    }
    return session;
  };
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  app.get('/admin/api/session', async (request, reply) => {
    const session = await apiSession(request, reply);
    noStore(reply);
    return { tenantId: session.tenantId, userId: session.userId, csrfToken: session.csrf };
  });

  app.get<{ Params: { tenantId: string } }>('/admin/api/tenants/:tenantId', async (request, reply) => {
    const session = await apiSession(request, reply, request.params.tenantId);
    noStore(reply);
    return overviewOf(session.tenantId);
  });

  app.post<{ Params: { tenantId: string } }>('/admin/api/tenants/:tenantId/revoke', async (request, reply) => {
    const session = await apiSession(request, reply, request.params.tenantId);
    if (!sameSecret(request.headers['x-csrf-token'], session.csrf))
      throw new ApiError(403, 'admin_csrf_invalid', 'Send the session’s X-CSRF-Token.');
    noStore(reply);
    return revoke(request, session.tenantId);
  });

  app.post<{ Params: { tenantId: string } }>('/admin/api/tenants/:tenantId/default-template', async (request, reply) => {
    const session = await apiSession(request, reply, request.params.tenantId);
    if (!sameSecret(request.headers['x-csrf-token'], session.csrf))
      throw new ApiError(403, 'admin_csrf_invalid', 'Send the session’s X-CSRF-Token.');
    noStore(reply);
    try {
      return { templateId: await setDefaultTemplate(request, session.tenantId, field(request, 'templateId')) };
    } catch (thrown) {
      if (thrown instanceof AdminError) throw new ApiError(adminErrorStatus(thrown), thrown.code, thrown.message, {}, { cause: thrown });
      throw thrown;
    }
  });
}
