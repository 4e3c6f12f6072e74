/** The store's public surface: import from here, not from the files behind it. */
export {
  openStore,
  createStore,
  type Store,
  type StoreTransaction,
  type StoreOptions,
  type Repositories,
  type TenantRepository,
  type UserRepository,
  type WebexGrantRepository,
  type WebexPendingLinkRepository,
  type MsalCacheRepository,
  type OAuthStateRepository,
  type MeetingRepository,
  type EventLinkRepository,
  type EventSyncInputRepository,
  type SubscriptionRepository,
  type SyncErrorRepository,
  type SyncProblemRepository,
  type NotificationInboxRepository,
  type AdminSessionRepository,
} from './open-store';
export { openDb, assertSchemaName, type Db, type DbKind, type OpenDbOptions } from './db';
export { runMigrations, readMigrations, MIGRATIONS_DIR, type Migration } from './run-migrations';
export { createTokenCipher, type TokenCipher } from './token-cipher';
export { createFingerprint, type Fingerprint } from './fingerprint';
export { hashSecret, secretMatchesHash } from './secret-hash';
export { StoreError, type StoreErrorCode } from './store-error';
export type { TenantMode, TenantRow } from './tenants';
export type { UserRow } from './users';
export type { WebexGrant, StoredWebexGrant } from './webex-grants';
export type { NewOAuthState, OAuthFlow, OAuthStateRow } from './oauth-states';
export { isCompletionCode, type PendingWebexLink } from './webex-pending-links';
export type { MeetingRow, NewMeeting } from './meetings';
export type { EventLink, NewEventLink, SyncState, EventKey } from './event-links';
export type { EventSyncInputs } from './event-sync-inputs';
export type { InboxRow } from './notification-inbox';
export type { EventSyncProblem } from './sync-problems';
export type { NewAdminSession, AdminSessionRow } from './admin-sessions';
export { clientStateMatches, type SubscriptionRow, type SubscriptionState, type NewSubscription } from './subscriptions';
export { isConnectionLost } from './sql-errors';
