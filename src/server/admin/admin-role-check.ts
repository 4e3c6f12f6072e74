/**
 * Looks an admin's directory role up again, without them: the refresh token of their sign-in is
 * redeemed for a new Graph token (delegated User.Read, as at sign-in), whose `wids` Entra computes
 * when it issues it — a role taken away since is missing from it (admin-roles.ts). This works
 * whether or not the tenant has granted the app its application permissions yet, which a look-up
 * with the app's own Graph access (Directory.Read.All) would need.
 *
 * MSAL's acquireTokenByRefreshToken rather than a stored MSAL cache and acquireTokenSilent: the
 * session then keeps the refresh token alone, not the account's name and username that the cache
 * holds beside it. Each call goes to the token endpoint.
 */
import type { AuthenticationResult } from '@azure/msal-node';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, GraphTokenError, graphResourceOf, type ConfidentialClientPoolOptions } from '../graph';
import { ClientFaultError } from '../outbound/client-fault-error';
import { AdminError } from './admin-error';
import { holdsTenantAdminRole } from './admin-roles';
import { claimsOf } from './microsoft-sign-in';

/**
 * - `holds_role`: Microsoft renewed the sign-in and the admin still holds an admin role;
 * - `role_lost`: renewed, without the role;
 * - `sign_in_ended`: Microsoft would not renew it (sessions revoked, account disabled or deleted,
 *   consent withdrawn, refresh token expired): `reason` is the refusal's code, for the logs.
 */
export type AdminRoleCheckResult = { outcome: 'holds_role' } | { outcome: 'role_lost' } | { outcome: 'sign_in_ended'; reason: string };

/** Throws AdminError microsoft_unavailable when Microsoft could not be asked. */
export type AdminRoleCheck = (session: { tenantId: string; userId: string; refreshToken: string }) => Promise<AdminRoleCheckResult>;

export function createAdminRoleCheck(
  microsoft: MicrosoftConfig,
  poolOptions: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'> = {},
): AdminRoleCheck {
  const scopes = [`${graphResourceOf(microsoft.graphBaseUrl)}/User.Read`];
  return async ({ tenantId, userId, refreshToken }) => {
    let result: AuthenticationResult | null = null;
    try {
      // A pool for each look-up: MSAL remembers a failed answer and refuses further requests of its
      // application for a minute, which would keep a session from its check long after an outage.
      await new ConfidentialClientPool(microsoft, poolOptions).acquire(tenantId, async (app) => {
        result = await app.acquireTokenByRefreshToken({ refreshToken, scopes });
        return result;
      });
    } catch (thrown) {
      if (thrown instanceof ClientFaultError || (thrown instanceof GraphTokenError && thrown.code === 'graph_token_unavailable')) {
        throw new AdminError('microsoft_unavailable', 'Microsoft could not be asked for the admin’s role.', { cause: thrown });
      }
      if (thrown instanceof GraphTokenError) return { outcome: 'sign_in_ended', reason: thrown.code };
      throw thrown;
    }
    const done = result as AuthenticationResult | null;
    const accessTokenClaims = claimsOf(done?.accessToken);
    const idTokenClaims = (done?.idTokenClaims ?? {}) as Record<string, unknown>;
    // Someone else's tokens from this refresh token would be a fault of ours or Microsoft's: no role then.
    const named = typeof idTokenClaims.oid === 'string' ? idTokenClaims : accessTokenClaims;
    if (String(named.tid).toLowerCase() !== tenantId || String(named.oid).toLowerCase() !== userId)
      return { outcome: 'sign_in_ended', reason: 'another_account' };
    return holdsTenantAdminRole(accessTokenClaims, idTokenClaims) ? { outcome: 'holds_role' } : { outcome: 'role_lost' };
  };
}
