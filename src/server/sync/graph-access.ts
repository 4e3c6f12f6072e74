/**
 * Which token a Graph request for a user's mailbox goes out with
 * (docs/architecture.md#authorization-modes):
 * - admin mode (the tenant's admin consented to application permissions): the tenant's app-only
 *   token, GraphClient's default;
 * - individual mode: the user's own delegated token. The first one comes on-behalf-of the user's
 *   token for our API (when they use the add-in); MSAL keeps the refresh token in its cache, which
 *   is persisted encrypted (store.msalCaches.save) through a cache plugin, so that workers on any
 *   replica can refresh it long after the user's API token expired.
 *
 * One MSAL application per user in individual mode (its cache is that user's alone), kept in a
 * bounded map: the persisted cache is the truth, the map only saves re-reading it. Every access
 * reads the stored cache into MSAL's in-memory one (MSAL merges it in: it never removes anything).
 * So when none is stored any more (the user, or an admin, revoked the access, perhaps through
 * another replica), the user's MSAL application is dropped with its in-memory cache before any
 * token of it is used, so that no replica goes on with a revoked user's tokens; and an access that
 * found nothing stored writes nothing back: only an on-behalf-of exchange (startDelegated) or a
 * sign-in may store a cache anew.
 */
import type { ICachePlugin } from '@azure/msal-node';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, graphDefaultScope, GraphTokenError, type ConfidentialClientPoolOptions } from '../graph';
import type { Store, TenantRepository, TenantRow } from '../store';
import { SyncError } from './sync-error';

export type GraphAccessStore = Pick<Store, 'msalCaches'> & { tenants: Pick<TenantRepository, 'get'> };

export interface GraphAccess {
  /**
   * The provider for a user's mailbox; undefined means the tenant's app-only token (admin mode).
   * `known` is the tenant as the caller just read it (a sync job's one read, store/event-sync-inputs.ts).
   */
  authFor(tenantId: string, userId: string, known?: { tenant: TenantRow | undefined }): Promise<AuthenticationProvider | undefined>;
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

export interface StoreCachePluginOptions {
  /**
   * Whether an access that found no stored cache may store the one it made (default: yes). No for
   * token refreshes: the cache was deleted (revoked) while they ran, and must stay deleted.
   */
  mayCreate?: () => boolean;
  /** Told, on each access, whether a cache was stored. */
  onRead?: (stored: boolean) => void;
}

/** A cache plugin that reads and writes one user's MSAL cache in the store, sealed. */
export function storeCachePlugin(
  store: GraphAccessStore,
  tenantId: string,
  userId: string,
  options: StoreCachePluginOptions = {},
): ICachePlugin {
  let foundStored = false;
  return {
    async beforeCacheAccess(context) {
      const serialized = await store.msalCaches.get(tenantId, userId);
      foundStored = serialized !== undefined;
      options.onRead?.(foundStored);
      if (serialized !== undefined) context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context) {
      if (!context.cacheHasChanged) return;
      if (!foundStored && !(options.mayCreate?.() ?? true)) return;
      await store.msalCaches.save(tenantId, userId, context.tokenCache.serialize());
    },
  };
}

export function createGraphAccess(deps: GraphAccessDeps): GraphAccess {
  const { store, microsoft } = deps;
  const scopes = [graphDefaultScope(microsoft.graphBaseUrl)];
  const maxUsers = deps.maxCachedUsers ?? 1000;
  /** One user's MSAL application, how many on-behalf-of exchanges (which may store a cache anew) are under way, what the last read found. */
  interface UserPool {
    pool: ConfidentialClientPool;
    starting: { count: number };
    lastRead: { stored: boolean };
  }
  const pools = new Map<string, UserPool>();
  const keyOf = (tenantId: string, userId: string): string => `${tenantId.toLowerCase()}/${userId.toLowerCase()}`;

  const poolFor = (tenantId: string, userId: string): UserPool => {
    const key = keyOf(tenantId, userId);
    let entry = pools.get(key);
    if (entry) {
      // Most recently used last, so that the oldest is the first to go.
      pools.delete(key);
    } else {
      const starting = { count: 0 };
      const lastRead = { stored: false };
      const pool = new ConfidentialClientPool(microsoft, {
        ...deps.poolOptions,
        cachePluginFor: () =>
          storeCachePlugin(store, tenantId, userId, {
            mayCreate: () => starting.count > 0,
            onRead: (stored) => {
              lastRead.stored = stored;
            },
          }),
      });
      entry = { pool, starting, lastRead };
      if (pools.size >= maxUsers) pools.delete(pools.keys().next().value as string);
    }
    pools.set(key, entry);
    return entry;
  };

  const delegatedToken = (tenantId: string, userId: string): Promise<string> => {
    const entry = poolFor(tenantId, userId);
    return entry.pool.acquire(tenantId, async (app) => {
      // Reads the stored cache into MSAL's.
      const accounts = await app.getTokenCache().getAllAccounts();
      if (!entry.lastRead.stored) {
        // Revoked, here or on another replica: what MSAL still holds in memory must not be used.
        if (pools.get(keyOf(tenantId, userId)) === entry) pools.delete(keyOf(tenantId, userId));
        throw new GraphTokenError('graph_interaction_required', { msalCode: 'no_stored_cache' });
      }
      const account = accounts.find((a) => a.localAccountId.toLowerCase() === userId.toLowerCase()) ?? accounts[0];
      if (!account) throw new GraphTokenError('graph_interaction_required', { msalCode: 'no_cached_account' });
      return app.acquireTokenSilent({ account, scopes });
    });
  };

  return {
    async authFor(tenantId, userId, known) {
      const tenant = known ? known.tenant : await store.tenants.get(tenantId);
      if (tenant?.mode === 'admin') return undefined;
      return { getAccessToken: () => delegatedToken(tenantId, userId) };
    },

    async startDelegated(tenantId, userId, userAssertion) {
      const entry = poolFor(tenantId, userId);
      entry.starting.count += 1;
      try {
        await entry.pool.acquire(tenantId, (app) => app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes }));
      } finally {
        entry.starting.count -= 1;
      }
      if ((await store.msalCaches.get(tenantId, userId)) === undefined) {
        throw new SyncError('graph_user_token_missing', 'the on-behalf-of exchange left no token cache to refresh from');
      }
    },

    async hasDelegated(tenantId, userId) {
      return (await store.msalCaches.get(tenantId, userId)) !== undefined;
    },

    async forgetDelegated(tenantId, userId) {
      pools.delete(keyOf(tenantId, userId));
      await store.msalCaches.delete(tenantId, userId);
    },
  };
}
