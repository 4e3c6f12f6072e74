/**
 * Graph as the user who called the tab's API: their SSO token (the bearer the API verified) is
 * exchanged on-behalf-of for a Graph token with the tab's permissions (teams-graph-scopes.ts).
 *
 * The tab opens with several reads at once, each arriving with the same SSO token; the exchanges
 * of one token are shared while one is in flight, so that the identity platform sees one request,
 * not one per read. MSAL caches the result for the token's life; nothing is written anywhere.
 */
import { createHash } from 'node:crypto';
import type { GraphClient } from '../graph/graph-client';
import type { OnBehalfOfTokenProvider } from '../graph/on-behalf-of-token-provider';
import type { UserGraph } from './teams-calling';

export interface UserGraphFactoryOptions {
  graph: Pick<GraphClient, 'request'>;
  tokens: Pick<OnBehalfOfTokenProvider, 'getAccessToken'>;
  scopes: string[];
}

export type UserGraphFactory = (caller: { tenantId: string; userId: string }, ssoToken: string) => UserGraph;

export function createUserGraphFactory(options: UserGraphFactoryOptions): UserGraphFactory {
  const inFlight = new Map<string, Promise<string>>();

  const exchange = (tenantId: string, ssoToken: string): Promise<string> => {
    const key = createHash('sha256').update(`${tenantId}\n${ssoToken}`).digest('base64url');
    let pending = inFlight.get(key);
    if (!pending) {
      pending = options.tokens.getAccessToken(tenantId, ssoToken, options.scopes).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };

  return (caller, ssoToken) => ({
    userId: caller.userId,
    request: (call) =>
      options.graph.request(caller.tenantId, { ...call, auth: { getAccessToken: () => exchange(caller.tenantId, ssoToken) } }),
  });
}
