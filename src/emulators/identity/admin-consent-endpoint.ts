/**
 * The tenant admin consent endpoints: GET /{tenant}/adminconsent (v1.0 shape) and
 * GET /{tenant}/v2.0/adminconsent (with `scope`; `.default` asks for everything the app's
 * registration requires, application permissions included). An administrator signs in and
 * accepts; the app gets `admin_consent=True&tenant=<tid>` (and `scope` for v2.0) on its redirect
 * URI. A user who is not an administrator is sent back with error=access_denied (AADSTS90094);
 * Cancel sends error=consent_required (AADSTS65004), as in Microsoft's documentation.
 * https://learn.microsoft.com/entra/identity-platform/v2-admin-consent
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AadstsError } from './aadsts-error';
import type { ApplicationRegistration } from './application-registration';
import { checkAudience } from './client-authentication';
import { pagePermissions, sendAuthorizeError, sendSignInPage, tenantsOf } from './authorize-endpoint';
import { PageError, RedirectError, validateClientAndRedirect, type AuthorizeParams, type ClientAndRedirect } from './authorize-request';
import type { IdentityContext } from './identity-context';
import type { IdentityState } from './identity-state';
import { sendRedirectResponse } from './redirect-response';
import { canonicalPermission, parseScopes, type ResourceRef } from './scope-request';
import { setSessionCookie } from './session-cookie';
import type { PagePermission } from './sign-in-page';

type ConsentRequest = FastifyRequest<{ Params: { tenant: string }; Querystring: AuthorizeParams; Body: AuthorizeParams }>;

interface RequestedGrant {
  resource: ResourceRef;
  delegated: string[];
  application: string[];
}

const PAGE_FIELDS = new Set(['login', 'passwd', 'action']);

/** Everything the app's registration requires, delegated and application (what `.default` asks for). */
function requiredByRegistration(state: IdentityState, app: ApplicationRegistration): RequestedGrant[] {
  const out: RequestedGrant[] = [];
  for (const rra of app.requiredResourceAccess) {
    const resource = state.resolveResource(rra.resource);
    if (!resource) continue;
    out.push({
      resource,
      delegated: rra.delegated.map((p) => canonicalPermission(resource, p, 'delegated')).filter((p): p is string => !!p),
      application: rra.application.map((p) => canonicalPermission(resource, p, 'application')).filter((p): p is string => !!p),
    });
  }
  return out;
}

function scopeUri(resource: ResourceRef, permission: string): string {
  const id = resource.kind === 'graph' ? 'https://graph.microsoft.com' : (resource.app?.identifierUris[0] ?? resource.appId);
  return `${id}/${permission}`;
}

export function registerAdminConsentEndpoint(app: FastifyInstance, ctx: IdentityContext): void {
  const { state } = ctx;

  const handle = (v2: boolean) => async (req: ConsentRequest, reply: FastifyReply) => {
    const p = (req.method === 'POST' ? (req.body ?? {}) : req.query) as AuthorizeParams;
    const withState: Record<string, string> = { admin_consent: 'True', ...(p.state !== undefined ? { state: p.state } : {}) };
    let base: ClientAndRedirect;
    try {
      base = validateClientAndRedirect(state, req.params.tenant, p);
    } catch (e) {
      return sendAuthorizeError(ctx, req, reply, e);
    }
    const fail = (err: AadstsError) => sendAuthorizeError(ctx, req, reply, new RedirectError(err, base.redirectUri, 'query'), withState);

    let requested: RequestedGrant[] = requiredByRegistration(state, base.app);
    let everything = true;
    if (v2) {
      if (!p.scope)
        return fail(new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'scope'."));
      try {
        const scopes = parseScopes(p.scope, (id) => state.resolveResource(id), { multipleResources: true });
        const named = [scopes.primary, ...scopes.others].filter((s) => s !== undefined);
        if (!named.some((s) => s.isDefault)) {
          everything = false;
          requested = named.map((s) => ({ resource: s.resource, delegated: s.permissions, application: [] }));
        }
      } catch (e) {
        if (e instanceof AadstsError) return fail(e);
        throw e;
      }
    }
    const permissions: PagePermission[] = requested.flatMap((r) => [
      ...pagePermissions([{ clientId: base.app.clientId, resource: r.resource, permissions: r.delegated }]),
      ...r.application.map((a) => ({ resource: r.resource.displayName, permission: a, kind: 'application' as const, adminOnly: true })),
    ]);

    const showPage = (error?: AadstsError, login?: string) =>
      sendSignInPage(ctx, reply, {
        mode: 'admin-consent',
        action: `/${encodeURIComponent(req.params.tenant)}/${v2 ? 'v2.0/' : ''}adminconsent`,
        params: p,
        pageFields: PAGE_FIELDS,
        appName: base.app.displayName,
        segment: base.segment,
        selectedLogin: login ?? p.login_hint,
        permissions,
        error,
      });

    if (req.method !== 'POST' || !p.action) return showPage();
    if (p.action === 'cancel')
      return fail(new AadstsError('consent_required', 65004, 'The resource owner or authorization server denied the request.'));
    const login = p.login ?? '';
    const found = tenantsOf(ctx, base.segment)
      .map((t) => state.findUserByLogin(login, t))
      .find((f) => f !== undefined);
    if (!found) return showPage(new AadstsError('invalid_grant', 50034, "We couldn't find an account with that username."), login);
    if (found.user.password !== p.passwd) {
      return showPage(new AadstsError('invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'), login);
    }
    try {
      checkAudience(base.app, found.tenant.id);
    } catch (e) {
      return sendAuthorizeError(ctx, req, reply, new PageError(e as AadstsError));
    }
    if (!found.user.isTenantAdmin) {
      return fail(
        new AadstsError(
          'access_denied',
          90094,
          `Administrator consent is required: ${base.app.displayName} needs permission to access resources in your organization that only an admin can grant.`,
        ),
      );
    }
    const delegated: Record<string, string[]> = {};
    for (const r of requested) delegated[r.resource.appId] = r.delegated;
    state.grantAdminConsent(
      found.tenant.id,
      base.app.clientId,
      everything ? { grantedBy: found.user.id } : { grantedBy: found.user.id, delegated },
    );
    setSessionCookie(reply, state.signIn(undefined, found.user.id).id);
    const granted = requested.flatMap((r) => [...r.delegated, ...r.application].map((perm) => scopeUri(r.resource, perm)));
    return sendRedirectResponse(reply, base.redirectUri, 'query', {
      admin_consent: 'True',
      tenant: found.tenant.id,
      ...(v2 ? { scope: granted.join(' ') } : {}),
      ...(p.state !== undefined ? { state: p.state } : {}),
    });
  };

  app.get('/:tenant/adminconsent', handle(false));
  app.post('/:tenant/adminconsent', handle(false));
  app.get('/:tenant/v2.0/adminconsent', handle(true));
  app.post('/:tenant/v2.0/adminconsent', handle(true));
}
