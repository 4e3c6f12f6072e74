/** The store's public surface: import from here, not from the files behind it. */
export { openStore, createStore, type Store, type StoreTransaction, type StoreOptions, type Repositories } from './open-store';
export { openDb, assertSchemaName, type Db, type DbKind, type OpenDbOptions } from './db';
export { runMigrations, readMigrations, MIGRATIONS_DIR, type Migration } from './run-migrations';
export { createTokenCipher, type TokenCipher } from './token-cipher';
export { createFingerprint, type Fingerprint } from './fingerprint';
export { hashSecret, secretMatchesHash } from './secret-hash';
export { StoreError, type StoreErrorCode } from './store-error';
export { toError } from './to-error';
export type { TenantMode, TenantRow } from './tenants';
export type { UserRow } from './users';
export type { WebexGrant, StoredWebexGrant } from './webex-grants';
export type { NewOAuthState, OAuthStateRow } from './oauth-states';
export type { MeetingRow, NewMeeting } from './meetings';
export type { EventLink, NewEventLink, SyncState, EventKey } from './event-links';
export type { InboxRow } from './notification-inbox';
export type { NewAdminSession, AdminSessionRow } from './admin-sessions';
export { clientStateMatches, type SubscriptionRow, type SubscriptionState, type NewSubscription } from './subscriptions';
export { isConnectionLost } from './sql-errors';
