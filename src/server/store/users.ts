/**
 * Users of the product, known only by their Entra tenant id and object id: no name, no email.
 * Everything else a user owns (grants, meetings, links, subscriptions) goes when the user goes.
 */
import type { StoreContext } from './store-context';

export interface UserRow {
  tenantId: string;
  userId: string;
  /** The user's preferences; never personal data. */
  settings: Record<string, unknown>;
  createdAt: Date;
  /** True when a Webex grant is stored for the user. */
  webexLinked: boolean;
  /** When the backend last reconciled the user's whole calendar; null before the first time. */
  calendarSyncedAt: Date | null;
}

interface UserRecord {
  tenant_id: string;
  user_id: string;
  settings: Record<string, unknown>;
  created_at: Date;
  webex_linked: boolean;
  calendar_synced_at: Date | null;
}

const SELECT_USER = `
  SELECT u.tenant_id, u.user_id, u.settings, u.created_at, u.calendar_synced_at,
         EXISTS (SELECT 1 FROM webex_grants g WHERE g.tenant_id = u.tenant_id AND g.user_id = u.user_id) AS webex_linked
  FROM users u`;

function toUser(r: UserRecord): UserRow {
  return {
    tenantId: r.tenant_id,
    userId: r.user_id,
    settings: r.settings ?? {},
    createdAt: r.created_at,
    webexLinked: r.webex_linked,
    calendarSyncedAt: r.calendar_synced_at,
  };
}

export function createUserRepository({ db }: StoreContext) {
  async function getUser(tenantId: string, userId: string): Promise<UserRow | undefined> {
    const [row] = await db.query<UserRecord>(`${SELECT_USER} WHERE u.tenant_id = $1 AND u.user_id = $2`, [tenantId, userId]);
    return row && toUser(row);
  }

  return {
    /**
     * Makes sure the user exists and returns it. A tenant seen for the first time is recorded in
     * individual mode: until an admin consents, each user authorizes for themselves.
     */
    async upsert(input: { tenantId: string; userId: string }): Promise<UserRow> {
      await db.query(`INSERT INTO tenants (id, mode) VALUES ($1, 'individual') ON CONFLICT (id) DO NOTHING`, [input.tenantId]);
      await db.query(`INSERT INTO users (tenant_id, user_id) VALUES ($1, $2) ON CONFLICT (tenant_id, user_id) DO NOTHING`, [
        input.tenantId,
        input.userId,
      ]);
      return (await getUser(input.tenantId, input.userId)) as UserRow;
    },

    get: getUser,

    /** Merges the given top-level keys into the user's settings; undefined if no such user. */
    async updateSettings(tenantId: string, userId: string, settings: Record<string, unknown>): Promise<UserRow | undefined> {
      const [updated] = await db.query(
        `UPDATE users SET settings = settings || $3::jsonb, updated_at = now() WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`,
        [tenantId, userId, JSON.stringify(settings)],
      );
      return updated ? getUser(tenantId, userId) : undefined;
    },

    async setCalendarSyncedAt(tenantId: string, userId: string, at: Date | null): Promise<boolean> {
      const rows = await db.query(
        `UPDATE users SET calendar_synced_at = $3, updated_at = now() WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`,
        [tenantId, userId, at],
      );
      return rows.length > 0;
    },

    /** Forgets the user and everything stored for them (grants, caches, meetings, links, subscriptions). */
    async delete(tenantId: string, userId: string): Promise<boolean> {
      const rows = await db.query(`DELETE FROM users WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`, [tenantId, userId]);
      return rows.length > 0;
    },
  };
}
