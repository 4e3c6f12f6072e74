/**
 * The notification inbox's rows: what the Graph receiver acknowledged and the drainer has not yet
 * turned into jobs. Entries are stored as the JSON text the sync engine wrote; the store does not
 * read them.
 */
import type { StoreContext } from './store-context';

export interface InboxRow {
  id: string;
  receivedAt: Date;
  /** The JSON text appended. */
  entries: string;
}

export function createNotificationInboxRepository({ db }: StoreContext) {
  return {
    /** Stores one JSON text of entries; durable when this resolves. */
    async append(entries: string): Promise<void> {
      await db.query(`INSERT INTO notification_inbox (entries) VALUES ($1)`, [entries]);
    },

    /**
     * The oldest rows, locked for the caller's transaction; rows another replica's drainer holds
     * are skipped rather than waited for.
     */
    async take(limit: number): Promise<InboxRow[]> {
      const rows = await db.query<{ id: string | number; received_at: Date; entries: string }>(
        `SELECT id, received_at, entries FROM notification_inbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      return rows.map((r) => ({ id: String(r.id), receivedAt: r.received_at, entries: r.entries }));
    },

    async delete(ids: string[]): Promise<void> {
      if (ids.length > 0) await db.query(`DELETE FROM notification_inbox WHERE id = ANY($1::bigint[])`, [ids]);
    },

    /** Rows waiting, and when the oldest arrived (health pages, the bench). */
    async backlog(): Promise<{ rows: number; oldest: Date | undefined }> {
      const [row] = await db.query<{ rows: string | number; oldest: Date | null }>(
        `SELECT count(*) AS rows, min(received_at) AS oldest FROM notification_inbox`,
      );
      return { rows: Number(row?.rows ?? 0), oldest: row?.oldest ?? undefined };
    },
  };
}
