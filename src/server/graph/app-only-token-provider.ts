/**
 * App-only Graph tokens (client credentials) for a tenant that has granted the app admin consent:
 * what the backend uses in admin mode to read users and keep calendars in step.
 * MSAL caches each tenant's token and renews it before it expires; the token it gave is also kept
 * here until then, which spares MSAL's cache lookup on every Graph call.
 */
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, type ConfidentialClientPoolOptions } from './confidential-client-pool';
import { graphDefaultScope } from './graph-resource';

/** Tokens for a tenant: what GraphClient needs. */
export interface TenantTokenProvider {
  getAccessToken(tenantId: string): Promise<string>;
  /** The Graph SDK's one-method provider, bound to a tenant. */
  forTenant(tenantId: string): AuthenticationProvider;
}

export type AppOnlyTokenProvider = TenantTokenProvider;

/** MSAL renews a cached token this long before it expires (its tokenRenewalOffsetSeconds, 300 by default). */
const RENEW_BEFORE_MS = 300_000;

export function createAppOnlyTokenProvider(microsoft: MicrosoftConfig, options: ConfidentialClientPoolOptions = {}): AppOnlyTokenProvider {
  const pool = new ConfidentialClientPool(microsoft, options);
  const scopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  // Every Graph call asks for the token; MSAL answers from its cache, but the lookup (authority,
  // cache filters, telemetry) cost a sync job about a twentieth of its CPU in the bench's profile
  // (docs/architecture.md#bench-figures). The token MSAL gave is kept here until MSAL would renew it.
  const held = new Map<string, { token: string; until: number }>();
  const getAccessToken = async (tenantId: string): Promise<string> => {
    const key = tenantId.toLowerCase();
    const kept = held.get(key);
    if (kept && Date.now() < kept.until) return kept.token;
    const result = await pool.acquireResult(tenantId, (app) => app.acquireTokenByClientCredential({ scopes }));
    const expiresAt = result.expiresOn ? result.expiresOn.getTime() - RENEW_BEFORE_MS : 0;
    const until = Math.min(expiresAt, result.refreshOn ? result.refreshOn.getTime() : Infinity);
    if (until > Date.now()) held.set(key, { token: result.accessToken, until });
    else held.delete(key);
    return result.accessToken;
  };
  return {
    getAccessToken,
    forTenant: (tenantId) => ({ getAccessToken: () => getAccessToken(tenantId) }),
  };
}
