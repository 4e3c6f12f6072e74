/**
 * Which token a Graph request for a user's mailbox goes out with (DESIGN.md section 1):
 * - admin mode (the tenant's admin consented to application permissions): the tenant's app-only
 *   token, GraphClient's default;
 * - individual mode: the user's own delegated token. The first one comes on-behalf-of the user's
 *   token for our API (when they use the add-in); MSAL keeps the refresh token in its cache, which
 *   is persisted encrypted (store.saveMsalCache) through a cache plugin, so that workers on any
 *   replica can refresh it long after the user's API token expired.
 *
 * One MSAL application per user in individual mode (its cache is that user's alone), kept in a
 * bounded map: the persisted cache is the truth, the map only saves re-reading it.
 */
import type { ICachePlugin } from '@azure/msal-node';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, graphDefaultScope, GraphTokenError, type ConfidentialClientPoolOptions } from '../graph';
import type { Store } from '../store';
import { SyncError } from './sync-error';

export type GraphAccessStore = Pick<Store, 'getTenant' | 'getMsalCache' | 'saveMsalCache' | 'deleteMsalCache'>;

export interface GraphAccess {
  /** The provider for a user's mailbox; undefined means the tenant's app-only token (admin mode). */
  authFor(tenantId: string, userId: string): Promise<AuthenticationProvider | undefined>;
  /** Individual mode: exchanges the user's API token for a delegated Graph token and keeps MSAL's cache. */
  startDelegated(tenantId: string, userId: string, userAssertion: string): Promise<void>;
  /** Whether a delegated cache is stored for the user. */
  hasDelegated(tenantId: string, userId: string): Promise<boolean>;
  /** Forgets the user's delegated tokens (unlink). */
  forgetDelegated(tenantId: string, userId: string): Promise<void>;
}

export interface GraphAccessDeps {
  store: GraphAccessStore;
  microsoft: MicrosoftConfig;
  /** Network and clock options of the MSAL applications (tests). */
  poolOptions?: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'>;
  /** Users whose MSAL application is kept in memory (default 1000). */
  maxCachedUsers?: number;
}

/** A cache plugin that reads and writes one user's MSAL cache in the store, sealed. */
export function storeCachePlugin(store: GraphAccessStore, tenantId: string, userId: string): ICachePlugin {
  return {
    async beforeCacheAccess(context) {
      const serialized = await store.getMsalCache(tenantId, userId);
      if (serialized !== undefined) context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context) {
      if (context.cacheHasChanged) await store.saveMsalCache(tenantId, userId, context.tokenCache.serialize());
    },
  };
}

export function createGraphAccess(deps: GraphAccessDeps): GraphAccess {
  const { store, microsoft } = deps;
  const scopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  const maxUsers = deps.maxCachedUsers ?? 1000;
  const pools = new Map<string, ConfidentialClientPool>();

  const poolFor = (tenantId: string, userId: string): ConfidentialClientPool => {
    const key = `${tenantId.toLowerCase()}/${userId.toLowerCase()}`;
    let pool = pools.get(key);
    if (pool) {
      // Most recently used last, so that the oldest is the first to go.
      pools.delete(key);
    } else {
      pool = new ConfidentialClientPool(microsoft, { ...deps.poolOptions, cachePluginFor: () => storeCachePlugin(store, tenantId, userId) });
      if (pools.size >= maxUsers) pools.delete(pools.keys().next().value as string);
    }
    pools.set(key, pool);
    return pool;
  };

  const delegatedToken = (tenantId: string, userId: string): Promise<string> =>
    poolFor(tenantId, userId).acquire(tenantId, async (app) => {
      const accounts = await app.getTokenCache().getAllAccounts();
      const account = accounts.find((a) => a.localAccountId.toLowerCase() === userId.toLowerCase()) ?? accounts[0];
      if (!account) throw new GraphTokenError('graph_interaction_required', { msalCode: 'no_cached_account' });
      return app.acquireTokenSilent({ account, scopes });
    });

  return {
    async authFor(tenantId, userId) {
      const tenant = await store.getTenant(tenantId);
      if (tenant?.mode === 'admin') return undefined;
      return { getAccessToken: () => delegatedToken(tenantId, userId) };
    },

    async startDelegated(tenantId, userId, userAssertion) {
      await poolFor(tenantId, userId).acquire(tenantId, (app) => app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes }));
      if ((await store.getMsalCache(tenantId, userId)) === undefined) {
        throw new SyncError('graph_user_token_missing', 'the on-behalf-of exchange left no token cache to refresh from');
      }
    },

    async hasDelegated(tenantId, userId) {
      return (await store.getMsalCache(tenantId, userId)) !== undefined;
    },

    async forgetDelegated(tenantId, userId) {
      pools.delete(`${tenantId.toLowerCase()}/${userId.toLowerCase()}`);
      await store.deleteMsalCache(tenantId, userId);
    },
  };
}
