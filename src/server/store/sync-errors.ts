/**
 * Sync errors by code: an event that could not be kept in step with its Webex meeting (an all-day
 * event, a meeting Webex refused, a revoked grant…). Only codes and ids are kept.
 */
import type { StoreContext } from './store-context';

export interface SyncErrorCount {
  code: string;
  count: number;
  lastAt: Date;
}

export function createSyncErrorRepository({ db }: StoreContext) {
  return {
    /** Records one error; a user unknown to the store (removed meanwhile) records nothing. */
    async record(input: { tenantId: string; userId: string; code: string; at?: Date }): Promise<void> {
      await db.query(
        `INSERT INTO sync_errors (tenant_id, user_id, code, occurred_at)
         SELECT $1, $2, $3, COALESCE($4::timestamptz, now())
         WHERE EXISTS (SELECT 1 FROM users WHERE tenant_id = $1 AND user_id = $2)`,
        [input.tenantId, input.userId, input.code.slice(0, 100), input.at ?? null],
      );
    },

    /** A tenant's errors since a moment, counted by code, most frequent first. */
    async count(tenantId: string, since: Date): Promise<SyncErrorCount[]> {
      const rows = await db.query<{ code: string; count: string | number; last_at: Date }>(
        `SELECT code, count(*) AS count, max(occurred_at) AS last_at FROM sync_errors
         WHERE tenant_id = $1 AND occurred_at >= $2
         GROUP BY code ORDER BY count(*) DESC, code`,
        [tenantId, since],
      );
      return rows.map((r) => ({ code: r.code, count: Number(r.count), lastAt: r.last_at }));
    },

    /** Forgets errors older than a moment; answers how many. */
    async prune(before: Date): Promise<number> {
      const rows = await db.query(`DELETE FROM sync_errors WHERE occurred_at < $1 RETURNING id`, [before]);
      return rows.length;
    },
  };
}
