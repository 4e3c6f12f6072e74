/**
 * grant_type=authorization_code: one-time codes, bound to client, redirect URI and tenant, with
 * PKCE (S256 or plain). Codes issued to a `spa` redirect URI must be redeemed cross-origin, with
 * PKCE and without a client credential; `web` ones need the client's credential.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
 */
import { createHash } from 'node:crypto';
import { AadstsError } from './aadsts-error';
import { authenticateClient, checkAudience, readClientCredentials } from './client-authentication';
import { checkSameTenant, requireParam, tokenEndpoints, type GrantDeps, type TokenRequest, type TokenResponse } from './token-request';
import { issueUserTokens } from './user-token-issuer';

export function spaRedemptionRequiresOrigin(): AadstsError {
  return new AadstsError(
    'invalid_request',
    9002327,
    "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
  );
}

export async function authorizationCodeGrant(deps: GrantDeps, req: TokenRequest): Promise<TokenResponse> {
  const { state } = deps;
  const code = requireParam(req, 'code');
  const grant = state.code(code);
  if (!grant) throw new AadstsError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  if (grant.redeemed) {
    throw new AadstsError(
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  if (state.now() > grant.expiresAt) {
    throw new AadstsError(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    );
  }
  checkSameTenant(req, grant.tenantId);
  const client = await authenticateClient(state, readClientCredentials(req.form, req.authorization), {
    tenantLabel: req.tenantLabel,
    tokenEndpoints: tokenEndpoints(req, grant.tenantId),
    publicAllowed: grant.redirectKind !== 'web',
    publicForbidden: grant.redirectKind === 'spa',
  });
  if (client.app.clientId !== grant.clientId)
    throw new AadstsError('invalid_grant', 70000, 'Provided grant is invalid or malformed. The code was issued to another client.');
  checkAudience(client.app, grant.tenantId);
  if (grant.redirectKind === 'spa' && !req.origin) throw spaRedemptionRequiresOrigin();
  const redirectUri = req.form.redirect_uri;
  if (redirectUri !== grant.redirectUri) {
    throw new AadstsError(
      'invalid_grant',
      500112,
      `The reply address '${redirectUri ?? ''}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`,
    );
  }
  if (grant.codeChallenge) {
    const verifier = req.form.code_verifier ?? '';
    if (grant.codeChallengeMethod === 'plain') {
      if (verifier !== grant.codeChallenge) {
        throw new AadstsError(
          'invalid_grant',
          50148,
          'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
        );
      }
    } else if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
      throw new AadstsError(
        'invalid_grant',
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      );
    }
  }
  grant.redeemed = true;
  const tenant = state.tenant(grant.tenantId);
  const user = state.user(grant.tenantId, grant.userId);
  if (!tenant || !user) throw new AadstsError('invalid_grant', 50034, 'The user account does not exist in the directory.');
  return issueUserTokens(deps, req, {
    tenant,
    user,
    client,
    scope: req.form.scope || grant.scope,
    nonce: grant.nonce,
    sessionId: grant.sessionId,
    refresh: { spa: grant.redirectKind === 'spa', publicClient: !client.confidential },
  });
}
