/**
 * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with requested_token_use=on_behalf_of:
 * a confidential API exchanges the user's access token it received (issued by this emulator, for
 * this API, unexpired) for a token to another resource as the same user, within what the user or
 * an admin consented to for the API.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 */
import type { JWTPayload } from 'jose';
import { AadstsError } from './aadsts-error';
import { authenticateClient, checkAudience, readClientCredentials } from './client-authentication';
import { issuer } from './token-claims';
import { requireParam, specificTenant, tokenEndpoints, type GrantDeps, type TokenRequest, type TokenResponse } from './token-request';
import { issueUserTokens } from './user-token-issuer';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export async function onBehalfOfGrant(deps: GrantDeps, req: TokenRequest): Promise<TokenResponse> {
  const { state, signer } = deps;
  if (requireParam(req, 'requested_token_use') !== 'on_behalf_of') {
    throw new AadstsError('invalid_request', 90014, "The required field 'requested_token_use' must be 'on_behalf_of'.");
  }
  const assertion = requireParam(req, 'assertion');
  const client = await authenticateClient(state, readClientCredentials(req.form, req.authorization), {
    tenantLabel: req.tenantLabel,
    tokenEndpoints: tokenEndpoints(req),
    publicAllowed: false,
  });
  let claims: JWTPayload;
  try {
    claims = await signer.verifySignature(assertion);
  } catch {
    throw new AadstsError('invalid_grant', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]');
  }
  const tid = typeof claims.tid === 'string' ? claims.tid : '';
  const oid = typeof claims.oid === 'string' ? claims.oid : '';
  if (claims.idtyp === 'app' || typeof claims.scp !== 'string' || !tid || !oid) {
    throw new AadstsError('invalid_grant', 50013, 'Assertion is invalid: it is not a delegated access token of a user.');
  }
  if (claims.iss !== issuer(req.baseUrl, tid, 2) && claims.iss !== issuer(req.baseUrl, tid, 1)) {
    throw new AadstsError('invalid_grant', 50013, 'Assertion is invalid: the token issuer does not match.');
  }
  const now = state.now();
  if (typeof claims.exp !== 'number' || now > claims.exp) {
    throw new AadstsError(
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${new Date(now * 1000).toISOString()}, expiry time of assertion ${typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : '-'}.`,
    );
  }
  const audiences = [client.app.clientId, ...client.app.identifierUris].map((a) => a.replace(/\/+$/, '').toLowerCase());
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud.replace(/\/+$/, '').toLowerCase())) {
    throw new AadstsError(
      'invalid_grant',
      500131,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(claims.aud)}' and the expected audience is '${client.app.clientId}' or one of the Application Uris of this application with App ID '${client.app.clientId}'(${client.app.displayName}).`,
    );
  }
  const urlTenant = specificTenant(req);
  if (urlTenant && urlTenant.id.toLowerCase() !== tid.toLowerCase()) {
    throw new AadstsError('invalid_grant', 50013, 'Assertion is invalid: it was issued in another tenant.');
  }
  checkAudience(client.app, tid);
  const tenant = state.tenant(tid);
  const user = tenant && state.user(tid, oid);
  if (!tenant || !user) throw new AadstsError('invalid_grant', 50034, 'The user account does not exist in the directory.');
  return issueUserTokens(deps, req, {
    tenant,
    user,
    client,
    scope: requireParam(req, 'scope'),
    refresh: { spa: false, publicClient: false },
  });
}
