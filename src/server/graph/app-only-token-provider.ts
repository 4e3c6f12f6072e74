/**
 * App-only Graph tokens (client credentials) for a tenant that has granted the app admin consent:
 * what the backend uses in admin mode to read users and keep calendars in step.
 * MSAL caches each tenant's token and renews it before it expires.
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

export function createAppOnlyTokenProvider(microsoft: MicrosoftConfig, options: ConfidentialClientPoolOptions = {}): AppOnlyTokenProvider {
  const pool = new ConfidentialClientPool(microsoft, options);
  const scopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  const getAccessToken = (tenantId: string) => pool.acquire(tenantId, (app) => app.acquireTokenByClientCredential({ scopes }));
  return {
    getAccessToken,
    forTenant: (tenantId) => ({ getAccessToken: () => getAccessToken(tenantId) }),
  };
}
