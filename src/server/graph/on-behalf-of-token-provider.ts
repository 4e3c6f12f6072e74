/**
 * Delegated Graph tokens on behalf of a signed-in user (OAuth 2.0 on-behalf-of): the add-in's
 * token for our API is exchanged for a Graph token with the user's consented permissions. Used in
 * individual mode, where no admin has granted application permissions.
 */
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, type ConfidentialClientPoolOptions } from './confidential-client-pool';
import { graphDefaultScope } from './graph-resource';

export interface OnBehalfOfTokenProvider {
  /**
   * @param userAssertion the user's access token for our API (as received in Authorization)
   * @param scopes Graph scopes; default `<graph>/.default` (all the user has consented to)
   */
  getAccessToken(tenantId: string, userAssertion: string, scopes?: string[]): Promise<string>;
  /** The Graph SDK's one-method provider for one user's requests (GraphClient request `auth`). */
  forUser(tenantId: string, userAssertion: string, scopes?: string[]): AuthenticationProvider;
}

export function createOnBehalfOfTokenProvider(
  microsoft: MicrosoftConfig,
  options: ConfidentialClientPoolOptions = {},
): OnBehalfOfTokenProvider {
  const pool = new ConfidentialClientPool(microsoft, options);
  const defaultScopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  const getAccessToken = (tenantId: string, userAssertion: string, scopes: string[] = defaultScopes) =>
    pool.acquire(tenantId, (app) => app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes }));
  return {
    getAccessToken,
    forUser: (tenantId, userAssertion, scopes) => ({ getAccessToken: () => getAccessToken(tenantId, userAssertion, scopes) }),
  };
}
