/**
 * The backend's storage: opens the database (PGlite under <dataDir>/pglite, or the Postgres
 * server of DATABASE_URL), brings its schema up to date, and hands out the repositories.
 */
import type { Config } from '../config';
import { createAdminSessionRepository } from './admin-sessions';
import { type Db, openDb } from './db';
import { createEventLinkRepository } from './event-links';
import { createEventSyncInputRepository } from './event-sync-inputs';
import { createFingerprint, type Fingerprint } from './fingerprint';
import { createMeetingRepository } from './meetings';
import { createMsalCacheRepository } from './msal-caches';
import { createNotificationInboxRepository } from './notification-inbox';
import { createOAuthStateRepository } from './oauth-states';
import { runMigrations } from './run-migrations';
import { toError } from '../errors';
import type { StoreContext } from './store-context';
import { createSubscriptionRepository } from './subscriptions';
import { createSyncErrorRepository } from './sync-errors';
import { createSyncProblemRepository } from './sync-problems';
import { createTenantRepository } from './tenants';
import { createTokenCipher } from './token-cipher';
import { createUserRepository } from './users';
import { createWebexGrantRepository } from './webex-grants';
import { createWebexPendingLinkRepository } from './webex-pending-links';

/** One property per repository (`store.inbox.take(…)`, `tx.links.getByEvent(…)`). */
function createRepositories(context: StoreContext) {
  return {
    tenants: createTenantRepository(context),
    users: createUserRepository(context),
    webexGrants: createWebexGrantRepository(context),
    webexPendingLinks: createWebexPendingLinkRepository(context),
    msalCaches: createMsalCacheRepository(context),
    oauthStates: createOAuthStateRepository(context),
    meetings: createMeetingRepository(context),
    links: createEventLinkRepository(context),
    syncInputs: createEventSyncInputRepository(context),
    subscriptions: createSubscriptionRepository(context),
    syncErrors: createSyncErrorRepository(context),
    syncProblems: createSyncProblemRepository(context),
    inbox: createNotificationInboxRepository(context),
    adminSessions: createAdminSessionRepository(context),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** Each repository's type, for a dependency on part of the store (`Pick<Store, 'links' | 'meetings'>`, `Pick<MeetingRepository, 'get'>`). */
export type TenantRepository = ReturnType<typeof createTenantRepository>;
export type UserRepository = ReturnType<typeof createUserRepository>;
export type WebexGrantRepository = ReturnType<typeof createWebexGrantRepository>;
export type WebexPendingLinkRepository = ReturnType<typeof createWebexPendingLinkRepository>;
export type MsalCacheRepository = ReturnType<typeof createMsalCacheRepository>;
export type OAuthStateRepository = ReturnType<typeof createOAuthStateRepository>;
export type MeetingRepository = ReturnType<typeof createMeetingRepository>;
export type EventLinkRepository = ReturnType<typeof createEventLinkRepository>;
export type EventSyncInputRepository = ReturnType<typeof createEventSyncInputRepository>;
export type SubscriptionRepository = ReturnType<typeof createSubscriptionRepository>;
export type SyncErrorRepository = ReturnType<typeof createSyncErrorRepository>;
export type SyncProblemRepository = ReturnType<typeof createSyncProblemRepository>;
export type NotificationInboxRepository = ReturnType<typeof createNotificationInboxRepository>;
export type AdminSessionRepository = ReturnType<typeof createAdminSessionRepository>;

/** The repositories bound to one transaction, and that transaction's Db (e.g. to enqueue a job in it). */
export interface StoreTransaction extends Repositories {
  readonly db: Db;
}

export interface Store extends Repositories {
  readonly db: Db;
  /** Keyed HMAC-SHA256 of a value that must be compared but not stored, such as a subject. */
  fingerprint: Fingerprint;
  /** Runs fn with repositories bound to one transaction: all its writes land, or none. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Closes the database (when the store opened it). */
  close(): Promise<void>;
}

export interface StoreOptions extends Pick<Config, 'databaseUrl' | 'dataDir' | 'tokenEncryptionKey'> {
  /** Work in this schema (tests: one per suite). */
  schema?: string;
  /** PGlite only: keep the database in memory instead of under dataDir (tests). */
  inMemory?: boolean;
  /** Keys that sealed older values, still accepted for reading while values are resealed. */
  previousTokenEncryptionKeys?: Buffer[];
  /** Postgres only: size of the connection pool. */
  maxConnections?: number;
  /** Postgres only: faults of idle pooled connections. */
  onDbError?: (error: Error) => void;
  /** Postgres only: a statement tried again because the connection was lost (a restart, a failover). */
  onDbRetry?: (error: Error, attempt: number) => void;
}

/** Builds a store over a Db that is already open and migrated; close() leaves the Db open. */
export function createStore(db: Db, keys: { tokenEncryptionKey: Buffer; previousTokenEncryptionKeys?: Buffer[] }, ownsDb = false): Store {
  const cipher = createTokenCipher(keys.tokenEncryptionKey, keys.previousTokenEncryptionKeys);
  const fingerprint = createFingerprint(keys.tokenEncryptionKey);
  return {
    ...createRepositories({ db, cipher, fingerprint, gather: true }),
    db,
    fingerprint,
    transaction: (fn) => db.transaction((tx) => fn({ ...createRepositories({ db: tx, cipher, fingerprint }), db: tx })),
    close: async () => {
      if (ownsDb) await db.close();
    },
  };
}

/** Opens the database, applies pending migrations, and returns the store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  // Fail on a bad key before touching the database.
  createTokenCipher(options.tokenEncryptionKey, options.previousTokenEncryptionKeys);
  const db = await openDb({
    databaseUrl: options.databaseUrl,
    dataDir: options.inMemory ? undefined : options.dataDir,
    schema: options.schema,
    maxConnections: options.maxConnections,
    onError: options.onDbError,
    onRetry: options.onDbRetry,
  });
  try {
    await runMigrations(db);
  } catch (thrown) {
    await db.close();
    throw toError(thrown);
  }
  return createStore(db, options, true);
}
