/**
 * Validates an authorize (or admin consent) request in Microsoft's order: errors about the tenant,
 * the client or the redirect URI cannot be sent back to an app that is not trusted yet, so they
 * are shown on an error page; later errors are redirected to the app.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
 */
import { AadstsError, tenantNotFound } from './aadsts-error';
import type { ApplicationRegistration } from './application-registration';
import { appNotFound, checkAudience } from './client-authentication';
import type { IdentityState, RedirectKind, TenantSegment } from './identity-state';
import type { ResponseMode } from './redirect-response';
import { parseScopes, type ScopeRequest } from './scope-request';

export type AuthorizeParams = Record<string, string | undefined>;

export interface ClientAndRedirect {
  segment: TenantSegment;
  app: ApplicationRegistration;
  redirectUri: string;
  redirectKind: RedirectKind;
}

export interface AuthorizeRequest extends ClientAndRedirect {
  responseMode: ResponseMode;
  scope: string;
  scopes: ScopeRequest;
  state?: string;
  nonce?: string;
  prompt?: string;
  loginHint?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/** Thrown for an error that must be shown on a page rather than redirected. */
export class PageError extends Error {
  readonly code: string;
  constructor(readonly reason: AadstsError) {
    super(reason.message);
    this.code = reason.code;
  }
}

/** Thrown for an error to send back to the app's redirect URI. */
export class RedirectError extends Error {
  readonly code: string;
  constructor(
    readonly reason: AadstsError,
    readonly redirectUri: string,
    readonly responseMode: ResponseMode,
  ) {
    super(reason.message);
    this.code = reason.code;
  }
}

function redirectKindOf(app: ApplicationRegistration, uri: string): RedirectKind | undefined {
  if (app.redirectUris.web.includes(uri)) return 'web';
  if (app.redirectUris.spa.includes(uri)) return 'spa';
  if (app.redirectUris.publicClient.includes(uri)) return 'publicClient';
  return undefined;
}

/** Tenant, client and redirect URI: failures here are PageErrors. */
export function validateClientAndRedirect(state: IdentityState, tenantParam: string, p: AuthorizeParams): ClientAndRedirect {
  const segment = state.resolveTenant(tenantParam);
  if (!segment) throw new PageError(tenantNotFound(tenantParam));
  const clientId = p.client_id;
  if (!clientId)
    throw new PageError(new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."));
  const app = state.application(clientId);
  if (!app) throw new PageError(appNotFound(clientId, tenantParam));
  if (segment.kind === 'tenant') {
    try {
      checkAudience(app, segment.tenant.id);
    } catch (e) {
      throw new PageError(e as AadstsError);
    }
  }
  const all = [...app.redirectUris.web, ...app.redirectUris.spa, ...app.redirectUris.publicClient];
  if (all.length === 0)
    throw new PageError(new AadstsError('invalid_request', 500113, 'No reply address is registered for the application.'));
  const redirectUri = p.redirect_uri ?? (all.length === 1 ? all[0] : undefined);
  const redirectKind = redirectUri ? redirectKindOf(app, redirectUri) : undefined;
  if (!redirectUri || !redirectKind) {
    throw new PageError(
      new AadstsError(
        'invalid_request',
        50011,
        `The redirect URI '${p.redirect_uri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
      ),
    );
  }
  return { segment, app, redirectUri, redirectKind };
}

export function validateAuthorizeRequest(state: IdentityState, tenantParam: string, p: AuthorizeParams): AuthorizeRequest {
  const base = validateClientAndRedirect(state, tenantParam, p);
  const rawMode = p.response_mode ?? 'query';
  const modeOk = rawMode === 'query' || rawMode === 'fragment' || rawMode === 'form_post';
  const responseMode: ResponseMode = modeOk ? rawMode : 'query';
  const fail = (err: AadstsError) => new RedirectError(err, base.redirectUri, responseMode);
  if (!modeOk) throw fail(new AadstsError('invalid_request', 70007, `The response_mode '${rawMode}' is not supported.`));
  if (p.response_type !== 'code') {
    throw fail(
      new AadstsError(
        'unsupported_response_type',
        70005,
        `The application requested an unsupported response type '${p.response_type ?? ''}' (only 'code' is supported here).`,
      ),
    );
  }
  const scope = p.scope;
  if (!scope) throw fail(new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'scope'."));
  let scopes: ScopeRequest;
  try {
    scopes = parseScopes(scope, (id) => state.resolveResource(id), { multipleResources: true });
  } catch (e) {
    if (e instanceof AadstsError) throw fail(e);
    throw e;
  }
  let codeChallengeMethod: 'S256' | 'plain' | undefined;
  const codeChallenge = p.code_challenge || undefined;
  if (codeChallenge) {
    const m = p.code_challenge_method ?? 'plain';
    if (m !== 'S256' && m !== 'plain') throw fail(new AadstsError('invalid_request', 50149, 'Invalid Code_Challenge_method parameter.'));
    codeChallengeMethod = m;
    if (codeChallenge.length < 43 || codeChallenge.length > 128) {
      throw fail(new AadstsError('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.'));
    }
  } else if (base.redirectKind === 'spa') {
    throw fail(
      new AadstsError(
        'invalid_request',
        9002325,
        'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
      ),
    );
  }
  return {
    ...base,
    responseMode,
    scope,
    scopes,
    state: p.state,
    nonce: p.nonce,
    prompt: p.prompt,
    loginHint: p.login_hint,
    codeChallenge,
    codeChallengeMethod,
  };
}
