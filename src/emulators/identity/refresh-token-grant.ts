/**
 * grant_type=refresh_token. Every use returns a new refresh token; as at Microsoft the old one is
 * not invalidated by use. Refresh tokens die by inactivity (AADSTS700082), by the fixed 24-hour
 * lifetime of single-page apps (AADSTS700084), or when the user's sessions are revoked
 * (AADSTS50173, POST /_emulator/revoke, like revokeSignInSessions).
 * https://learn.microsoft.com/entra/identity-platform/refresh-tokens
 */
import { AadstsError, aadstsTimestamp } from './aadsts-error';
import { spaRedemptionRequiresOrigin } from './authorization-code-grant';
import { authenticateClient, checkAudience, readClientCredentials } from './client-authentication';
import { checkSameTenant, requireParam, tokenEndpoints, type GrantDeps, type TokenRequest, type TokenResponse } from './token-request';
import { issueUserTokens } from './user-token-issuer';

export async function refreshTokenGrant(deps: GrantDeps, req: TokenRequest): Promise<TokenResponse> {
  const { state } = deps;
  const rt = state.refreshToken(requireParam(req, 'refresh_token'));
  if (!rt) throw new AadstsError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  checkSameTenant(req, rt.tenantId);
  const client = await authenticateClient(state, readClientCredentials(req.form, req.authorization), {
    tenantLabel: req.tenantLabel,
    tokenEndpoints: tokenEndpoints(req, rt.tenantId),
    publicAllowed: rt.publicClient || rt.spa,
    publicForbidden: rt.spa,
  });
  if (client.app.clientId !== rt.clientId)
    throw new AadstsError(
      'invalid_grant',
      70000,
      'Provided grant is invalid or malformed. The refresh token was issued to another client.',
    );
  checkAudience(client.app, rt.tenantId);
  if (rt.spa && !req.origin) throw spaRedemptionRequiresOrigin();
  const issued = aadstsTimestamp(new Date(rt.issuedAt * 1000));
  if (state.isRevoked(rt)) {
    throw new AadstsError(
      'invalid_grant',
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}'.`,
    );
  }
  if (state.now() > rt.expiresAt) {
    if (rt.spa) {
      throw new AadstsError(
        'invalid_grant',
        700084,
        `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${issued}.`,
      );
    }
    throw new AadstsError(
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for too long.`,
    );
  }
  const tenant = state.tenant(rt.tenantId);
  const user = state.user(rt.tenantId, rt.userId);
  if (!tenant || !user) throw new AadstsError('invalid_grant', 50034, 'The user account does not exist in the directory.');
  return issueUserTokens(deps, req, {
    tenant,
    user,
    client,
    scope: req.form.scope || rt.scope,
    sessionId: rt.sessionId,
    refresh: { spa: rt.spa, publicClient: rt.publicClient, ...(rt.spa ? { expiresAt: rt.expiresAt } : {}) },
  });
}
