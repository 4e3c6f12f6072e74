/**
 * grant_type=client_credentials: an app-only token for `<resource>/.default`, with a secret or a
 * certificate assertion, at a tenant-specific endpoint. The token's roles are the application
 * permissions the tenant's admin consented to; an app that nobody in the tenant consented to
 * (no service principal there) is refused with AADSTS7000229, as Microsoft does.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { AadstsError, resourcePrincipalNotFound } from './aadsts-error';
import { authenticateClient, checkAudience, readClientCredentials } from './client-authentication';
import { grantedApplication, resourcePresent } from './consent-policy';
import { appAccessTokenClaims } from './token-claims';
import { requireParam, tokenEndpoints, type GrantDeps, type TokenRequest, type TokenResponse } from './token-request';

export async function clientCredentialsGrant(deps: GrantDeps, req: TokenRequest): Promise<TokenResponse> {
  const { state, signer } = deps;
  if (req.tenantSegment.kind !== 'tenant') {
    throw new AadstsError(
      'invalid_request',
      9001023,
      'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
    );
  }
  const tenant = req.tenantSegment.tenant;
  const client = await authenticateClient(state, readClientCredentials(req.form, req.authorization), {
    tenantLabel: req.tenantLabel,
    tokenEndpoints: tokenEndpoints(req),
    publicAllowed: false,
  });
  checkAudience(client.app, tenant.id);
  const scope = requireParam(req, 'scope').trim();
  const parts = scope.split(/\s+/);
  const invalid = new AadstsError(
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );
  if (parts.length !== 1 || !scope.endsWith('/.default')) throw invalid;
  const resource = state.resolveResource(scope.slice(0, -'/.default'.length));
  if (!resource || !resourcePresent(state, tenant.id, resource)) {
    throw resourcePrincipalNotFound(scope.slice(0, -'/.default'.length), tenant.displayName);
  }
  if (!state.hasServicePrincipal(tenant.id, client.app.clientId)) {
    throw new AadstsError(
      'invalid_client',
      7000229,
      `The client application ${client.app.clientId} is missing service principal in the tenant ${tenant.id}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
  }
  const lifetime = state.settings.tokenLifetimeSeconds;
  const accessToken = await signer.sign(
    appAccessTokenClaims({
      baseUrl: req.baseUrl,
      tenantId: tenant.id,
      client: client.app,
      clientAcr: client.acr,
      resource,
      roles: grantedApplication(state, tenant.id, client.app.clientId, resource),
      now: state.now(),
      lifetime,
    }),
  );
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
}
