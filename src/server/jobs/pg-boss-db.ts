/**
 * pg-boss's database port (`db: { executeSql }`) over the store's Db, so the queue runs on PGlite
 * and on Postgres alike, and a job can be sent inside the caller's transaction. pg-boss sends
 * parameterised statements, and scripts without parameters (several statements, some with their
 * own BEGIN/COMMIT) which only the simple protocol accepts; of a script it reads the rows of every
 * statement (Db.exec answers with them all).
 *
 * Not pg-boss's own PGlite adapter (fromPglite): it talks to the PGlite instance directly, past the
 * store's lock, so one of pg-boss's statements could land inside a transaction the store has open
 * on PGlite's only connection (and be rolled back with it). Through the store's Db, pg-boss waits
 * for the lock like every other caller, and on Postgres gets the store's reconnection on a lost
 * connection (docs/operations.md, Scaling).
 */
import type { Db as PgBossDb } from 'pg-boss';
import type { Db } from '../store';

export function pgBossDb(db: Db): PgBossDb {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values && values.length > 0 ? await db.query(text, values) : await db.exec(text);
      return { rows };
    },
  };
}
