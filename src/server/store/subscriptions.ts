/**
 * Microsoft Graph change-notification subscriptions. The clientState secret sent with each
 * notification is stored only as its SHA-256 and compared in constant time.
 */
import { requireUser } from './require-user';
import { hashSecret, secretMatchesHash } from './secret-hash';
import type { StoreContext } from './store-context';

export type SubscriptionState = 'active' | 'reauthorize' | 'removed';

export interface SubscriptionRow {
  /** Graph subscription id. */
  id: string;
  tenantId: string;
  userId: string;
  /** e.g. users/{object id}/events */
  resource: string;
  expiresAt: Date;
  clientStateHash: string;
  state: SubscriptionState;
  createdAt: Date;
  renewedAt: Date | null;
}

export interface NewSubscription {
  id: string;
  tenantId: string;
  userId: string;
  resource: string;
  expiresAt: Date;
  /** The clientState secret given to Graph; only its hash is kept. */
  clientState: string;
}

interface SubscriptionRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  resource: string;
  expires_at: Date;
  client_state_hash: string;
  state: SubscriptionState;
  created_at: Date;
  renewed_at: Date | null;
}

const COLUMNS = 'id, tenant_id, user_id, resource, expires_at, client_state_hash, state, created_at, renewed_at';

function toSubscription(r: SubscriptionRecord): SubscriptionRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    resource: r.resource,
    expiresAt: r.expires_at,
    clientStateHash: r.client_state_hash,
    state: r.state,
    createdAt: r.created_at,
    renewedAt: r.renewed_at,
  };
}

/** True when a notification's clientState is the one this subscription was created with. */
export function clientStateMatches(subscription: Pick<SubscriptionRow, 'clientStateHash'>, clientState: string): boolean {
  return secretMatchesHash(clientState, subscription.clientStateHash);
}

export function createSubscriptionRepository({ db }: StoreContext) {
  return {
    /** Records a subscription Graph created (or replaces the one with that id), as active. */
    async save(input: NewSubscription): Promise<SubscriptionRow> {
      const [row] = await requireUser(() =>
        db.query<SubscriptionRecord>(
          `INSERT INTO subscriptions (id, tenant_id, user_id, resource, expires_at, client_state_hash)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET
             tenant_id = EXCLUDED.tenant_id, user_id = EXCLUDED.user_id, resource = EXCLUDED.resource,
             expires_at = EXCLUDED.expires_at, client_state_hash = EXCLUDED.client_state_hash,
             state = 'active', renewed_at = NULL
           RETURNING ${COLUMNS}`,
          [input.id, input.tenantId, input.userId, input.resource, input.expiresAt, hashSecret(input.clientState)],
        ),
      );
      return toSubscription(row as SubscriptionRecord);
    },

    async get(id: string): Promise<SubscriptionRow | undefined> {
      const [row] = await db.query<SubscriptionRecord>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
      return row && toSubscription(row);
    },

    /** The subscriptions of these ids that exist, in one query. */
    async getMany(ids: readonly string[]): Promise<SubscriptionRow[]> {
      if (ids.length === 0) return [];
      const rows = await db.query<SubscriptionRecord>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = ANY($1::text[])`, [ids]);
      return rows.map(toSubscription);
    },

    /** The subscription when it exists and the clientState matches; undefined otherwise (forged). */
    async verifyClientState(id: string, clientState: string): Promise<SubscriptionRow | undefined> {
      const [row] = await db.query<SubscriptionRecord>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
      if (!row) return undefined;
      const subscription = toSubscription(row);
      return clientStateMatches(subscription, clientState) ? subscription : undefined;
    },

    /** Records a renewal (PATCH expirationDateTime) and makes the subscription active again. */
    async renew(id: string, expiresAt: Date, renewedAt: Date = new Date()): Promise<SubscriptionRow | undefined> {
      const [row] = await db.query<SubscriptionRecord>(
        `UPDATE subscriptions SET expires_at = $2, renewed_at = $3, state = 'active' WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, expiresAt, renewedAt],
      );
      return row && toSubscription(row);
    },

    /** Records many renewals in one statement (a renewal sweep's); answers how many subscriptions it found. */
    async renewMany(renewals: readonly { id: string; expiresAt: Date; renewedAt: Date }[]): Promise<number> {
      if (renewals.length === 0) return 0;
      const rows = await db.query(
        `UPDATE subscriptions s SET expires_at = r.expires_at, renewed_at = r.renewed_at, state = 'active'
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r (id, expires_at, renewed_at)
         WHERE s.id = r.id RETURNING s.id`,
        [renewals.map((r) => r.id), renewals.map((r) => r.expiresAt), renewals.map((r) => r.renewedAt)],
      );
      return rows.length;
    },

    async setState(id: string, state: SubscriptionState): Promise<SubscriptionRow | undefined> {
      const [row] = await db.query<SubscriptionRecord>(`UPDATE subscriptions SET state = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
        state,
      ]);
      return row && toSubscription(row);
    },

    /** Subscriptions not removed that expire before `before`, soonest first (the renewal sweep). */
    async listExpiringBefore(before: Date, limit = 100): Promise<SubscriptionRow[]> {
      const rows = await db.query<SubscriptionRecord>(
        `SELECT ${COLUMNS} FROM subscriptions WHERE state <> 'removed' AND expires_at < $1 ORDER BY expires_at, id LIMIT $2`,
        [before, limit],
      );
      return rows.map(toSubscription);
    },

    async listForUser(tenantId: string, userId: string): Promise<SubscriptionRow[]> {
      const rows = await db.query<SubscriptionRecord>(
        `SELECT ${COLUMNS} FROM subscriptions WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at, id`,
        [tenantId, userId],
      );
      return rows.map(toSubscription);
    },

    async delete(id: string): Promise<boolean> {
      return (await db.query(`DELETE FROM subscriptions WHERE id = $1 RETURNING id`, [id])).length > 0;
    },
  };
}
