/**
 * Issues the tokens of a delegated grant (code, refresh, password, on-behalf-of): an access token
 * for the one resource asked for with the consented scopes, an id_token when `openid` was asked,
 * a refresh token with `offline_access`, and client_info when MSAL asks for it.
 */
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import { AadstsError, resourcePrincipalNotFound } from './aadsts-error';
import type { AuthenticatedClient } from './client-authentication';
import { decideDelegated, resourcePresent } from './consent-policy';
import { graphResource, parseScopes, responseScope, type ScopeRequest } from './scope-request';
import { clientInfo, delegatedAccessTokenClaims, idTokenClaims } from './token-claims';
import type { GrantDeps, TokenRequest, TokenResponse } from './token-request';

export interface UserTokenArgs {
  tenant: DirectoryTenant;
  user: DirectoryUser;
  client: AuthenticatedClient;
  /** The scope string of the request (kept with the refresh token). */
  scope: string;
  nonce?: string;
  sessionId?: string;
  refresh: { spa: boolean; publicClient: boolean; expiresAt?: number };
}

export function consentRequired(clientId: string, displayName: string): AadstsError {
  return new AadstsError(
    'invalid_grant',
    65001,
    `The user or administrator has not consented to use the application with ID '${clientId}' named '${displayName}'. Send an interactive authorization request for this user and resource.`,
    400,
    'consent_required',
  );
}

/** Parses a token request's scope: exactly one resource, as the token endpoint requires. */
export function tokenScopes(deps: GrantDeps, scope: string): ScopeRequest {
  return parseScopes(scope, (id) => deps.state.resolveResource(id), { multipleResources: false });
}

export async function issueUserTokens(deps: GrantDeps, req: TokenRequest, args: UserTokenArgs): Promise<TokenResponse> {
  const { state, signer } = deps;
  const request = tokenScopes(deps, args.scope);
  const subject = { tenantId: args.tenant.id, userId: args.user.id, clientId: args.client.app.clientId };
  let resource = request.primary?.resource;
  let scopes: string[];
  if (request.primary && resource) {
    if (!resourcePresent(state, args.tenant.id, resource)) {
      throw resourcePrincipalNotFound(resource.identifier, args.tenant.displayName);
    }
    const decision = decideDelegated(state, subject, args.client.app, request.primary);
    if (decision.missing.length) throw consentRequired(args.client.app.clientId, args.client.app.displayName);
    scopes = decision.scopes;
  } else {
    // Sign-in only: Microsoft returns a Graph token carrying the OpenID scopes.
    resource = graphResource();
    scopes = (['openid', 'profile', 'email'] as const).filter((s) => request.oidc.has(s));
  }
  const now = state.now();
  const lifetime = state.settings.tokenLifetimeSeconds;
  const accessToken = await signer.sign(
    delegatedAccessTokenClaims({
      baseUrl: req.baseUrl,
      tenant: args.tenant,
      user: args.user,
      client: args.client.app,
      clientAcr: args.client.acr,
      resource,
      scopes,
      now,
      lifetime,
      sessionId: args.sessionId,
    }),
  );
  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: responseScope(request.primary ? resource : undefined, request.primary ? scopes : [], request.oidc),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
  };
  if (request.oidc.has('offline_access')) {
    const rt = state.issueRefreshToken({
      tenantId: args.tenant.id,
      userId: args.user.id,
      clientId: args.client.app.clientId,
      scope: args.scope,
      spa: args.refresh.spa,
      publicClient: args.refresh.publicClient,
      sessionId: args.sessionId,
      ...(args.refresh.expiresAt !== undefined ? { expiresAt: args.refresh.expiresAt } : {}),
    });
    response.refresh_token = rt.token;
    if (rt.spa) response.refresh_token_expires_in = Math.max(0, rt.expiresAt - now);
  }
  if (request.oidc.has('openid')) {
    response.id_token = await signer.sign(
      idTokenClaims({
        baseUrl: req.baseUrl,
        tenant: args.tenant,
        user: args.user,
        client: args.client.app,
        now,
        lifetime,
        nonce: args.nonce,
        sessionId: args.sessionId,
        email: request.oidc.has('email'),
      }),
    );
  }
  if (req.form.client_info === '1') response.client_info = clientInfo(args.user, args.tenant);
  return response;
}
