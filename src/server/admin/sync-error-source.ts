/**
 * Where the admin page reads a tenant's recent sync errors by code, as every replica sees them:
 * - the errors the sync engine records for events it will not retry (store.syncErrors.count);
 * - its jobs that failed for good after every retry, which pg-boss keeps with their payload (ids
 *   only) and their error (serialized with its `code`), first in the job table, later in the archive.
 */
import type { Db, Store, SyncErrorRepository } from '../store';

export interface SyncErrorSource {
  /** Failures since `since`, counted by error code ('unknown' when a failure carried none). */
  errorsByCode(tenantId: string, since: Date): Promise<Record<string, number>>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Failed jobs of pg-boss (schema default 'pgboss') whose payload names the tenant. */
export function jobQueueSyncErrors(db: Pick<Db, 'query'>, schema = 'pgboss'): SyncErrorSource {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`"${schema}" is not a schema name`);
  return {
    async errorsByCode(tenantId, since) {
      const tables: string[] = [];
      for (const table of ['job', 'archive']) {
        const [row] = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${schema}.${table}`]);
        if (row?.present) tables.push(`${schema}.${table}`);
      }
      if (tables.length === 0) return {};
      const union = tables.map((t) => `SELECT output, data, state, completed_on FROM ${t}`).join(' UNION ALL ');
      const rows = await db.query<{ code: string | null; n: number }>(
        `SELECT output->>'code' AS code, count(*)::int AS n FROM (${union}) j
         WHERE j.state = 'failed' AND j.data->>'tenantId' = $1 AND j.completed_on >= $2
         GROUP BY 1`,
        [tenantId, since],
      );
      const byCode: Record<string, number> = {};
      for (const r of rows) byCode[r.code ?? 'unknown'] = (byCode[r.code ?? 'unknown'] ?? 0) + r.n;
      return byCode;
    },
  };
}

/**
 * What the admin page shows: the errors the sync engine records for events it could not keep in
 * step (store.syncErrors.count), plus its jobs that failed for good after every retry.
 */
export function recordedSyncErrors(
  store: Pick<Store, 'db'> & { syncErrors: Pick<SyncErrorRepository, 'count'> },
  schema = 'pgboss',
): SyncErrorSource {
  const jobs = jobQueueSyncErrors(store.db, schema);
  return {
    async errorsByCode(tenantId, since) {
      const byCode = await jobs.errorsByCode(tenantId, since);
      for (const { code, count } of await store.syncErrors.count(tenantId, since)) byCode[code] = (byCode[code] ?? 0) + count;
      return byCode;
    },
  };
}
