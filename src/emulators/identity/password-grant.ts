/**
 * grant_type=password (ROPC) for the seeded users, so that scripts and tests can act as a user.
 * Public clients need "allow public client flows"; confidential ones authenticate as usual.
 * No consent can be given here: scopes nobody consented to fail with AADSTS65001.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth-ropc
 */
import { AadstsError } from './aadsts-error';
import { authenticateClient, checkAudience, readClientCredentials } from './client-authentication';
import { requireParam, specificTenant, tokenEndpoints, type GrantDeps, type TokenRequest, type TokenResponse } from './token-request';
import { issueUserTokens } from './user-token-issuer';

export async function passwordGrant(deps: GrantDeps, req: TokenRequest): Promise<TokenResponse> {
  const { state } = deps;
  const username = requireParam(req, 'username');
  const password = requireParam(req, 'password');
  const scope = requireParam(req, 'scope');
  const client = await authenticateClient(state, readClientCredentials(req.form, req.authorization), {
    tenantLabel: req.tenantLabel,
    tokenEndpoints: tokenEndpoints(req),
    publicAllowed: state.application(req.form.client_id ?? '')?.allowPublicClient === true,
  });
  const found = state.findUserByLogin(username, specificTenant(req));
  if (!found) {
    throw new AadstsError(
      'invalid_grant',
      50034,
      `The user account {EmailHidden} does not exist in the ${req.tenantLabel} directory. To sign into this application, the account must be added to the directory.`,
    );
  }
  if (found.user.password !== password)
    throw new AadstsError('invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
  checkAudience(client.app, found.tenant.id);
  return issueUserTokens(deps, req, {
    tenant: found.tenant,
    user: found.user,
    client,
    scope,
    refresh: { spa: false, publicClient: !client.confidential },
  });
}
