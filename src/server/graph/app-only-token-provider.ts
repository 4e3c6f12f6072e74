/**
 * App-only Graph tokens (client credentials) for a tenant that has granted the app admin consent:
 * what the backend uses in admin mode to read users and keep calendars in step.
 * MSAL caches each tenant's token and renews it before it expires.
 */
import type { AuthenticationResult } from '@azure/msal-node';
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

/** MSAL renews a cached token this long before it expires (its tokenRenewalOffsetSeconds); the token held here goes as early. */
const RENEW_BEFORE_EXPIRY_MS = 300_000;

export function createAppOnlyTokenProvider(microsoft: MicrosoftConfig, options: ConfidentialClientPoolOptions = {}): AppOnlyTokenProvider {
  const pool = new ConfidentialClientPool(microsoft, options);
  const scopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  // Each tenant's last token, until MSAL would renew it (refreshOn, or five minutes before it
  // expires, by the real clock as MSAL reads it): every Graph request asks for a token, and MSAL's
  // cache lookup is not cheap (a tenth of the CPU of the bench's subscription simulation).
  const held = new Map<string, { token: string; until: number }>();
  const getAccessToken = async (tenantId: string): Promise<string> => {
    const key = tenantId.toLowerCase();
    const kept = held.get(key);
    if (kept && Date.now() < kept.until) return kept.token;
    let result: AuthenticationResult | null = null;
    const token = await pool.acquire(tenantId, async (app) => (result = await app.acquireTokenByClientCredential({ scopes })));
    const { expiresOn, refreshOn } = (result ?? {}) as Partial<AuthenticationResult>;
    const until = Math.min((expiresOn?.getTime() ?? 0) - RENEW_BEFORE_EXPIRY_MS, refreshOn?.getTime() ?? Number.POSITIVE_INFINITY);
    if (until > Date.now()) held.set(key, { token, until });
    else held.delete(key);
    return token;
  };
  return {
    getAccessToken,
    forTenant: (tenantId) => ({ getAccessToken: () => getAccessToken(tenantId) }),
  };
}
