/**
 * A database the product ran on with pg-boss 10 (its schema version 24). pg-boss 12 migrates its
 * schema only from pg-boss 11's (version 25) on, and pg-boss 11 had no migration from 10 either:
 * the way from 10 that pg-boss's author gives is a new schema and the unfinished jobs moved into
 * it. So, when the job queue starts (createJobQueue):
 *
 * 1. moveAsideV10Schema, before pg-boss starts: a schema of version 24 under the queue's name is
 *    renamed `<name>_v10`, and pg-boss installs its current schema under the name.
 * 2. moveV10Jobs, once pg-boss has created the queues: the jobs of the old schema still to run are
 *    sent into the new queues (pg-boss's insert), and the old schema is dropped, in one
 *    transaction. A process killed between 1 and 2 finds `<name>_v10` at its next start and moves
 *    the jobs then.
 *
 * Both steps hold one advisory lock (replicas starting together on one Postgres: the first one
 * moves, the others find nothing left to move). Stop every replica of the old release first: one
 * still running cannot use the new schema (its sends fail; the notifications they were for stay
 * in the notification inbox, which a new replica drains).
 *
 * What is moved: the jobs created, waiting for a retry, or active (the version changed, so the
 * process running an active one has stopped), of the declared queues, whose payload passes the
 * job's assertion: their id, payload, priority and start time (an active one starts now). Their
 * retry count starts again at 0. What is not: finished jobs (completed, failed, cancelled: history,
 * so the admin page's counts of jobs failed for good start again), schedules (created again by
 * the workers' start), jobs of queues no longer declared.
 */
import type { Db } from '../store';
import type { JobDefinition } from './define-job';
import { JobError } from './job-error';

/** What pg-boss 10 left as its schema version. */
const V10_SCHEMA_VERSION = 24;
/** The first schema version pg-boss 12 migrates from (pg-boss 11.0). */
const FIRST_MIGRATED_VERSION = 25;

export interface V10UpgradeReport {
  fromSchemaVersion: number;
  /** Unfinished jobs moved into the new queues (less those a stately queue already held one of for their key). */
  movedJobs: number;
  /** Unfinished jobs left behind: their queue is no longer declared, or their payload is refused. */
  droppedJobs: number;
}

/** A job of the old schema, its payload checked, to send again. */
export interface V10Job {
  id: string;
  data: object;
  priority: number;
  /** When a waiting job was to start; undefined for one that was running (it starts now). */
  startAfter?: Date;
}

export interface MoveV10JobsOptions {
  definitions: readonly JobDefinition<object>[];
  /** Inserts the jobs into the new queue inside `tx`; resolves to how many it inserted. */
  insert(job: JobDefinition<object>, jobs: V10Job[], tx: Db): Promise<number>;
}

const legacyName = (schema: string): string => `${schema}_v10`;

async function lock(tx: Db, schema: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webex-scheduler:pg-boss-v10-upgrade:${schema}`]);
}

/** The pg-boss schema version stored in `schema`, or undefined when pg-boss is not installed there. */
async function schemaVersion(tx: Db, schema: string): Promise<number | undefined> {
  const [table] = await tx.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [`"${schema}".version`]);
  if (!table?.present) return undefined;
  const [row] = await tx.query<{ version: number | string }>(`SELECT version FROM "${schema}".version`);
  return row === undefined ? undefined : Number(row.version);
}

/**
 * Renames a pg-boss 10 schema `schema` to `<schema>_v10`. Resolves to true when `<schema>_v10` holds
 * jobs to move (renamed now, or by a start that did not get to move them).
 */
export async function moveAsideV10Schema(db: Db, schema: string): Promise<boolean> {
  const legacy = legacyName(schema);
  return db.transaction(async (tx) => {
    await lock(tx, schema);
    const version = await schemaVersion(tx, schema);
    if (version !== undefined && version < FIRST_MIGRATED_VERSION) {
      if (version !== V10_SCHEMA_VERSION) {
        throw new JobError(
          'job_schema_unsupported',
          `the job queue's schema "${schema}" is of pg-boss schema version ${version}: start the release that ran on pg-boss 10 once, which brings it to version ${V10_SCHEMA_VERSION}`,
        );
      }
      if ((await schemaVersion(tx, legacy)) !== undefined) {
        throw new JobError(
          'job_schema_unsupported',
          `both "${schema}" and "${legacy}" hold a pg-boss 10 schema: drop the one whose jobs are not wanted`,
        );
      }
      await tx.query(`ALTER SCHEMA "${schema}" RENAME TO "${legacy}"`);
      return true;
    }
    const legacyVersion = await schemaVersion(tx, legacy);
    if (legacyVersion !== undefined && legacyVersion !== V10_SCHEMA_VERSION) {
      throw new JobError('job_schema_unsupported', `"${legacy}" holds pg-boss schema version ${legacyVersion}, not pg-boss 10's`);
    }
    return legacyVersion !== undefined;
  });
}

/** The payload, if the job's assertion accepts it. */
function accepted(definition: JobDefinition<object>, data: unknown): object | undefined {
  try {
    definition.assertPayload(data);
    return data;
  } catch {
    return undefined;
  }
}

/** Moves the unfinished jobs of `<schema>_v10` into the new queues and drops it; undefined when another process did. */
export async function moveV10Jobs(db: Db, schema: string, options: MoveV10JobsOptions): Promise<V10UpgradeReport | undefined> {
  const legacy = legacyName(schema);
  const byName = new Map(options.definitions.map((definition) => [definition.name, definition]));
  return db.transaction(async (tx) => {
    await lock(tx, schema);
    if ((await schemaVersion(tx, legacy)) === undefined) return undefined;
    const rows = await tx.query<{ id: string; name: string; data: unknown; priority: number; state: string; start_after: Date }>(
      `SELECT id::text AS id, name, data, priority, state::text AS state, start_after
       FROM "${legacy}".job WHERE state IN ('created', 'retry', 'active') ORDER BY created_on`,
    );
    const jobs = new Map<JobDefinition<object>, V10Job[]>();
    let droppedJobs = 0;
    for (const row of rows) {
      const definition = byName.get(row.name);
      const data = definition && accepted(definition, row.data ?? {});
      if (!definition || !data) {
        droppedJobs += 1;
        continue;
      }
      const list = jobs.get(definition) ?? [];
      list.push({ id: row.id, data, priority: row.priority, ...(row.state === 'active' ? {} : { startAfter: new Date(row.start_after) }) });
      jobs.set(definition, list);
    }
    let movedJobs = 0;
    for (const [definition, list] of jobs) movedJobs += await options.insert(definition, list, tx);
    await tx.exec(`DROP SCHEMA "${legacy}" CASCADE`);
    return { fromSchemaVersion: V10_SCHEMA_VERSION, movedJobs, droppedJobs };
  });
}
