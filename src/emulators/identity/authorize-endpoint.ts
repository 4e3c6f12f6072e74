/**
 * GET|POST /{tenant}/oauth2/v2.0/authorize and GET /{tenant}/oauth2/v2.0/logout.
 *
 * The sign-in page lists the tenant's seeded users (all tenants' for common/organizations); the
 * user picks one (login_hint preselects), the password is filled in, and the permissions asked
 * for are shown with a consent checkbox, ticked by default. Signing in records the user's consent
 * (or, for an admin who ticks "on behalf of your organization", tenant-wide consent), starts a
 * session cookie and redirects with `code` and `state`. With a session, prompt=none (and a request
 * without prompt that needs no consent) signs in silently, as Microsoft's SSO does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import { AadstsError } from './aadsts-error';
import { appNotFound, checkAudience } from './client-authentication';
import { consentItems, decideDelegated, needsAdmin, type ConsentItem } from './consent-policy';
import { correlationId, type IdentityContext } from './identity-context';
import { derivedGuid, type SignInSession, type TenantSegment } from './identity-state';
import { errorParams, sendRedirectResponse } from './redirect-response';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie';
import { renderErrorPage, renderSignedOut, renderSignInPage, type PagePermission, type SignInPageModel } from './sign-in-page';
import { clientInfo } from './token-claims';
import { PageError, RedirectError, validateAuthorizeRequest, type AuthorizeParams, type AuthorizeRequest } from './authorize-request';

type TenantRequest = FastifyRequest<{ Params: { tenant: string }; Querystring: AuthorizeParams; Body: AuthorizeParams }>;

/** Form fields of the sign-in page itself, not carried as request parameters. */
const PAGE_FIELDS = new Set(['login', 'passwd', 'consent', 'consent_org', 'action']);

export function tenantsOf(ctx: IdentityContext, segment: TenantSegment): DirectoryTenant[] {
  return segment.kind === 'tenant' ? [segment.tenant] : ctx.state.tenants();
}

/** What the sign-in and admin-consent pages are given beyond the page model's own fields. */
export interface SignInPageRequest extends Omit<SignInPageModel, 'hidden' | 'tenants' | 'error'> {
  /** The request's parameters: all but the page's own fields are carried through the form. */
  params: AuthorizeParams;
  pageFields: ReadonlySet<string>;
  /** Whose users the page offers: one tenant, or every tenant for a multi-tenant segment. */
  segment: TenantSegment;
  /** The last try's error, shown without its AADSTS number. */
  error?: AadstsError;
}

/** Sends the sign-in or admin-consent page (never cached: it carries the request's parameters). */
export function sendSignInPage(ctx: IdentityContext, reply: FastifyReply, page: SignInPageRequest): FastifyReply {
  const { params, pageFields, segment, error, ...model } = page;
  const hidden: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && !pageFields.has(k)) hidden[k] = v;
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      renderSignInPage({
        ...model,
        hidden,
        tenants: tenantsOf(ctx, segment).map((t) => ({ displayName: t.displayName, users: t.users })),
        ...(error ? { error: { code: error.code, message: error.message.replace(/^AADSTS\d+: /, '') } } : {}),
      }),
    );
}

export function pagePermissions(items: ConsentItem[]): PagePermission[] {
  return items.flatMap((i) =>
    i.permissions.map((p) => ({
      resource: i.resource.displayName,
      permission: p,
      kind: 'delegated' as const,
      adminOnly: needsAdmin(i.resource, p),
    })),
  );
}

/** Sends an error the way it must go: a page (untrusted client or redirect URI) or a redirect. */
export function sendAuthorizeError(
  ctx: IdentityContext,
  req: FastifyRequest,
  reply: FastifyReply,
  e: unknown,
  extra: Record<string, string> = {},
): FastifyReply {
  if (e instanceof PageError) {
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage({ code: e.code, message: e.reason.message }));
  }
  if (e instanceof RedirectError) {
    const params = errorParams(e.reason, randomUUID(), correlationId(req), new Date(ctx.state.now() * 1000), {});
    return sendRedirectResponse(reply, e.redirectUri, e.responseMode, { ...params, ...extra });
  }
  throw e;
}

export function registerAuthorizeEndpoint(app: FastifyInstance, ctx: IdentityContext): void {
  const { state } = ctx;

  const missingConsent = (tenant: DirectoryTenant, user: DirectoryUser, items: ConsentItem[]) =>
    items.flatMap((item) => {
      const client = state.application(item.clientId);
      if (!client) return [];
      const subject = { tenantId: tenant.id, userId: user.id, clientId: item.clientId };
      const { missing } = decideDelegated(state, subject, client, {
        resource: item.resource,
        permissions: item.permissions,
        isDefault: false,
      });
      return missing.length ? [{ ...item, permissions: missing }] : [];
    });

  const issueCode = (
    reply: FastifyReply,
    ar: AuthorizeRequest,
    tenant: DirectoryTenant,
    user: DirectoryUser,
    session: SignInSession,
    p: AuthorizeParams,
  ) => {
    const grant = state.saveCode({
      tenantId: tenant.id,
      clientId: ar.app.clientId,
      userId: user.id,
      redirectUri: ar.redirectUri,
      redirectKind: ar.redirectKind,
      scope: ar.scope,
      codeChallenge: ar.codeChallenge,
      codeChallengeMethod: ar.codeChallengeMethod,
      nonce: ar.nonce,
      sessionId: session.id,
    });
    setSessionCookie(reply, session.id);
    return sendRedirectResponse(reply, ar.redirectUri, ar.responseMode, {
      code: grant.code,
      ...(p.client_info === '1' ? { client_info: clientInfo(user, tenant) } : {}),
      ...(ar.state !== undefined ? { state: ar.state } : {}),
      session_state: derivedGuid('session_state', session.id),
    });
  };

  const showPage = (
    reply: FastifyReply,
    req: TenantRequest,
    ar: AuthorizeRequest,
    p: AuthorizeParams,
    error?: AadstsError,
    login?: string,
  ) =>
    sendSignInPage(ctx, reply, {
      mode: 'sign-in',
      action: `/${encodeURIComponent(req.params.tenant)}/oauth2/v2.0/authorize`,
      params: p,
      pageFields: PAGE_FIELDS,
      appName: ar.app.displayName,
      segment: ar.segment,
      selectedLogin: login ?? ar.loginHint,
      permissions: pagePermissions(consentItems(state, ar.app, ar.scopes)),
      error,
    });

  /** The one signed-in user a silent request can use, if there is exactly one that fits. */
  const sessionUser = (session: SignInSession | undefined, ar: AuthorizeRequest) => {
    if (!session) return undefined;
    const fits = tenantsOf(ctx, ar.segment).flatMap((tenant) =>
      tenant.users
        .filter((u) => session.userIds.includes(u.id))
        .filter((u) => !ar.loginHint || u.userPrincipalName.toLowerCase() === ar.loginHint.toLowerCase())
        .map((user) => ({ tenant, user })),
    );
    return fits.length === 1 ? fits[0] : undefined;
  };

  const start = (req: TenantRequest, reply: FastifyReply, p: AuthorizeParams) => {
    let ar: AuthorizeRequest;
    try {
      ar = validateAuthorizeRequest(state, req.params.tenant, p);
    } catch (e) {
      return sendAuthorizeError(ctx, req, reply, e, p.state !== undefined ? { state: p.state } : {});
    }
    const session = state.session(readSessionCookie(req));
    const candidate = sessionUser(session, ar);
    const fail = (err: AadstsError) =>
      sendAuthorizeError(
        ctx,
        req,
        reply,
        new RedirectError(err, ar.redirectUri, ar.responseMode),
        ar.state !== undefined ? { state: ar.state } : {},
      );
    if (ar.prompt === 'none') {
      if (!candidate || !session) {
        return fail(new AadstsError('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'));
      }
      if (missingConsent(candidate.tenant, candidate.user, consentItems(state, ar.app, ar.scopes)).length) {
        return fail(
          new AadstsError(
            'consent_required',
            65001,
            `The user or administrator has not consented to use the application with ID '${ar.app.clientId}' named '${ar.app.displayName}'. Send an interactive authorization request for this user and resource.`,
          ),
        );
      }
      return issueCode(reply, ar, candidate.tenant, candidate.user, session, p);
    }
    if (
      !ar.prompt &&
      candidate &&
      session &&
      missingConsent(candidate.tenant, candidate.user, consentItems(state, ar.app, ar.scopes)).length === 0
    ) {
      return issueCode(reply, ar, candidate.tenant, candidate.user, session, p);
    }
    return showPage(reply, req, ar, p);
  };

  const submit = (req: TenantRequest, reply: FastifyReply, p: AuthorizeParams) => {
    let ar: AuthorizeRequest;
    try {
      ar = validateAuthorizeRequest(state, req.params.tenant, p);
    } catch (e) {
      return sendAuthorizeError(ctx, req, reply, e, p.state !== undefined ? { state: p.state } : {});
    }
    const withState: Record<string, string> = ar.state !== undefined ? { state: ar.state } : {};
    const fail = (err: AadstsError) =>
      sendAuthorizeError(ctx, req, reply, new RedirectError(err, ar.redirectUri, ar.responseMode), withState);
    if (p.action === 'cancel') {
      return fail(new AadstsError('access_denied', 65004, 'User declined to consent to access the app.', 400, 'cancel'));
    }
    const login = p.login ?? '';
    const found = tenantsOf(ctx, ar.segment)
      .map((t) => state.findUserByLogin(login, t))
      .find((f) => f !== undefined);
    if (!found) {
      return showPage(reply, req, ar, p, new AadstsError('invalid_grant', 50034, "We couldn't find an account with that username."), login);
    }
    if (found.user.password !== p.passwd) {
      return showPage(
        reply,
        req,
        ar,
        p,
        new AadstsError('invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
        login,
      );
    }
    try {
      checkAudience(ar.app, found.tenant.id);
    } catch {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(renderErrorPage({ code: 'AADSTS700016', message: appNotFound(ar.app.clientId, found.tenant.id).message }));
    }
    const items = consentItems(state, ar.app, ar.scopes);
    const missing = missingConsent(found.tenant, found.user, items);
    if (missing.length) {
      if (p.consent !== 'yes') return fail(new AadstsError('access_denied', 65004, 'User declined to consent to access the app.'));
      const onBehalfOfOrg = p.consent_org === 'yes' && found.user.isTenantAdmin;
      const adminOnly = missing.some((m) => m.permissions.some((perm) => needsAdmin(m.resource, perm)));
      if (adminOnly && !found.user.isTenantAdmin) {
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(
            renderErrorPage({
              code: 'AADSTS90094',
              message: `Need admin approval: ${ar.app.displayName} needs permission to access resources in your organization that only an admin can grant.`,
            }),
          );
      }
      for (const m of missing) {
        if (onBehalfOfOrg) {
          state.grantAdminConsent(found.tenant.id, m.clientId, {
            grantedBy: found.user.id,
            delegated: { [m.resource.appId]: m.permissions },
          });
        } else {
          state.grantUserConsent(found.tenant.id, found.user.id, m.clientId, m.resource.appId, m.permissions);
        }
      }
    }
    const session = state.signIn(readSessionCookie(req), found.user.id);
    return issueCode(reply, ar, found.tenant, found.user, session, p);
  };

  app.get('/:tenant/oauth2/v2.0/authorize', async (req: TenantRequest, reply) => start(req, reply, req.query));
  app.post('/:tenant/oauth2/v2.0/authorize', async (req: TenantRequest, reply) => {
    const p = (req.body ?? {}) as AuthorizeParams;
    return p.action ? submit(req, reply, p) : start(req, reply, p);
  });

  app.get(
    '/:tenant/oauth2/v2.0/logout',
    async (req: FastifyRequest<{ Querystring: { post_logout_redirect_uri?: string; state?: string } }>, reply) => {
      state.endSession(readSessionCookie(req));
      clearSessionCookie(reply);
      const target = req.query.post_logout_redirect_uri;
      const registered = state
        .applications()
        .some((a) => [...a.redirectUris.web, ...a.redirectUris.spa, ...a.redirectUris.publicClient].includes(target ?? ''));
      if (target && registered) {
        return sendRedirectResponse(reply, target, 'query', req.query.state !== undefined ? { state: req.query.state } : {});
      }
      return reply.type('text/html; charset=utf-8').send(renderSignedOut());
    },
  );
}
