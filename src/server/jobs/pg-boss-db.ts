/**
 * pg-boss's database port (`db: { executeSql }`) over the store's Db, so the queue runs on PGlite
 * and on Postgres alike, and a job can be sent inside the caller's transaction. pg-boss sends
 * parameterised statements, and scripts without parameters (several statements, some with their
 * own BEGIN/COMMIT) which only the simple protocol accepts.
 */
import type PgBoss from 'pg-boss';
import type { Db } from '../store';

export function pgBossDb(db: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values && values.length > 0 ? await db.query(text, values) : await db.exec(text);
      return { rows };
    },
  };
}
