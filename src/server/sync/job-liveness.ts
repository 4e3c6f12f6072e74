/**
 * Several replicas on one Postgres: a job whose replica died while running it (kill -9, a lost
 * machine) must run again soon, on a replica that lives. pg-boss 10 knows only that the job is
 * `active`; it fails it once its expireInSeconds have passed (minutes for sync-event), and its
 * maintenance runs every two minutes. Meanwhile the event would stay out of step.
 *
 * So each replica shows, in Postgres itself, which jobs it is running: it holds a session-level
 * advisory lock per job, on one connection of its own, for as long as the job runs. Postgres
 * releases a session's locks when the session ends, and the session ends when the process dies
 * (the kernel closes its socket). Every few seconds each replica looks at the jobs that have been
 * active for a while: one whose lock it can take has nobody running it, and is failed through the
 * queue (JobQueue.fail), which retries it per its job's settings, on whichever replica is free.
 *
 * Taking the lock costs one round trip on the replica's own connection at the start of a job and
 * one at its end. The lock is released a moment after the job's handler returns, so that pg-boss
 * has marked the job completed before anyone may judge it. If the connection fails, its locks are
 * gone and the jobs under way may be run twice: the sync engine's jobs are idempotent, so that
 * costs calls, not correctness.
 *
 * Only for a Postgres server: with the embedded database there is one process, hence no replica
 * to die under another one.
 */
import pg from 'pg';
import type { SyncContext, SyncLogger } from './sync-context';
import { toError } from './sync-error';

export interface OrphanedJob {
  id: string;
  /** The job's queue (pg-boss name). */
  queue: string;
}

export interface JobLiveness {
  /** Runs `work` while this replica visibly holds the job. */
  hold<T>(jobId: string, work: () => Promise<T>): Promise<T>;
  /** Connects and starts looking for jobs whose replica died. */
  start(): Promise<void>;
  /** Stops looking and closes the connection (which releases every lock this replica held). */
  stop(): Promise<void>;
}

export interface PostgresJobLivenessOptions {
  /** The Postgres server of the job queue (config.databaseUrl). */
  databaseUrl: string;
  /** pg-boss's schema (config.jobSchema). */
  jobSchema: string;
  /** The queues whose jobs are held and watched. */
  queues: readonly string[];
  /** Hands a job whose replica died back to the queue (retryOrphanedJob). */
  onOrphan: (job: OrphanedJob) => Promise<void>;
  logger: SyncLogger;
  /** A job active for less than this is not judged: its replica may be about to take its lock (default 5 s). */
  graceSeconds?: number;
  /** How often active jobs are looked at (default 5 s). */
  intervalMs?: number;
  /** How long a finished job's lock is kept, so that pg-boss has completed the job first (default 2 s). */
  releaseDelayMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPostgresJobLiveness(options: PostgresJobLivenessOptions): JobLiveness {
  if (!SCHEMA_NAME.test(options.jobSchema)) throw new Error(`"${options.jobSchema}" is not a schema name`);
  const { logger } = options;
  const graceSeconds = options.graceSeconds ?? 5;
  const intervalMs = options.intervalMs ?? 5_000;
  const releaseDelayMs = options.releaseDelayMs ?? 2_000;
  // The lock space is the whole database: keep this deployment's (and this schema's) apart.
  const namespace = `webex-scheduler:jobs:${options.jobSchema}`;
  const jobTable = `${options.jobSchema}.job`;
  const queues = [...options.queues];

  /** Jobs this replica holds (running, or finished with the lock not yet released), by id: how many holds. */
  const held = new Map<string, number>();
  const releases = new Set<NodeJS.Timeout>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let stopped = false;

  const connection = (): Promise<pg.Client | undefined> => {
    if (client) return Promise.resolve(client);
    if (stopped) return Promise.resolve(undefined);
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: options.databaseUrl, application_name: 'webex-scheduler-job-liveness' });
      fresh.on('error', (thrown: unknown) => {
        // Its locks went with it: the jobs under way may be run again elsewhere (idempotent).
        logger.warn({ err: toError(thrown), code: 'job_liveness_connection_lost' }, 'the job liveness connection failed');
        if (client === fresh) client = undefined;
        fresh.end().catch(() => undefined);
      });
      try {
        await fresh.connect();
      } catch (thrown) {
        logger.warn({ err: toError(thrown), code: 'job_liveness_unavailable' }, 'the job liveness connection could not be opened');
        return undefined;
      }
      if (stopped) {
        await fresh.end().catch(() => undefined);
        return undefined;
      }
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const tryLock = async (db: pg.Client, jobId: string): Promise<boolean> => {
    const result = await db.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS got', [namespace, jobId]);
    return result.rows[0]?.got === true;
  };

  const unlock = async (db: pg.Client, jobId: string): Promise<void> => {
    await db.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [namespace, jobId]);
  };

  const release = (jobId: string, db: pg.Client | undefined): void => {
    const timeout = setTimeout(() => {
      releases.delete(timeout);
      const left = (held.get(jobId) ?? 1) - 1;
      if (left > 0) held.set(jobId, left);
      else held.delete(jobId);
      // A connection replaced meanwhile took the lock with it.
      if (db && db === client) unlock(db, jobId).catch(() => undefined);
    }, releaseDelayMs);
    timeout.unref();
    releases.add(timeout);
  };

  /** Fails the jobs whose lock nobody holds any more. */
  const lookForOrphans = async (): Promise<void> => {
    const db = await connection();
    if (!db) return;
    const candidates = await db.query<{ id: string; name: string }>(
      `SELECT id::text AS id, name FROM ${jobTable}
       WHERE state = 'active' AND name = ANY($1::text[]) AND started_on < now() - make_interval(secs => $2)
       ORDER BY started_on LIMIT 100`,
      [queues, graceSeconds],
    );
    for (const job of candidates.rows) {
      if (stopped) return;
      if (held.has(job.id) || !(await tryLock(db, job.id))) continue;
      try {
        // Still active and old enough now that we hold its lock: nobody is running it.
        const still = await db.query(`SELECT 1 FROM ${jobTable} WHERE id = $1::uuid AND name = $2 AND state = 'active' AND started_on < now() - make_interval(secs => $3)`, [
          job.id,
          job.name,
          graceSeconds,
        ]);
        if ((still.rowCount ?? 0) > 0) await options.onOrphan({ id: job.id, queue: job.name });
      } finally {
        await unlock(db, job.id);
      }
    }
  };

  return {
    async hold(jobId, work) {
      held.set(jobId, (held.get(jobId) ?? 0) + 1);
      let db: pg.Client | undefined;
      try {
        db = await connection();
        // Not taken (another replica's look-out is testing it this instant): the job runs anyway.
        if (db && !(await tryLock(db, jobId))) db = undefined;
      } catch (thrown) {
        logger.warn({ err: toError(thrown), code: 'job_liveness_lock_failed' }, 'a job runs without its liveness lock');
        db = undefined;
      }
      try {
        return await work();
      } finally {
        release(jobId, db);
      }
    },

    async start() {
      stopped = false;
      await connection();
      const run = () => {
        if (pass || stopped) return;
        pass = lookForOrphans()
          .catch((thrown: unknown) => {
            logger.warn({ err: toError(thrown), code: 'job_liveness_check_failed' }, 'active jobs could not be checked');
          })
          .finally(() => {
            pass = undefined;
          });
      };
      timer = setInterval(run, intervalMs);
      timer.unref();
    },

    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await pass;
      for (const timeout of releases) clearTimeout(timeout);
      releases.clear();
      held.clear();
      await connecting;
      const closing = client;
      client = undefined;
      await closing?.end().catch(() => undefined);
    },
  };
}

/** Fails a job left running by a replica that died, so that the queue retries it (and counts it). */
export async function retryOrphanedJob(ctx: Pick<SyncContext, 'queue' | 'metrics' | 'logger'>, job: OrphanedJob): Promise<void> {
  try {
    await ctx.queue.fail(job.queue, job.id);
  } catch (thrown) {
    ctx.logger.warn({ err: toError(thrown), code: 'orphaned_job_not_retried', queue: job.queue, jobId: job.id }, 'a job left by a replica that died could not be retried');
    return;
  }
  ctx.metrics.inc('orphaned_jobs_retried', { queue: job.queue });
  ctx.logger.info({ code: 'orphaned_job_retried', queue: job.queue, jobId: job.id }, 'a job left running by a replica that died is retried');
}

/**
 * The embedded database: one process owns it, so at start-up, before its workers fetch anything,
 * every sync job still `active` was left by this process's previous run (killed, or its machine
 * lost). Each is handed back to the queue at once, rather than when pg-boss expires it (minutes).
 * Never for a Postgres server, where the active jobs may be other replicas' (the liveness look-out
 * above handles those).
 */
export async function retryJobsLeftActive(
  ctx: Pick<SyncContext, 'store' | 'queue' | 'metrics' | 'logger'>,
  options: { jobSchema: string; queues: readonly string[] },
): Promise<number> {
  if (!SCHEMA_NAME.test(options.jobSchema)) throw new Error(`"${options.jobSchema}" is not a schema name`);
  const left = await ctx.store.db.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM ${options.jobSchema}.job WHERE state = 'active' AND name = ANY($1::text[])`, [
    [...options.queues],
  ]);
  for (const job of left) await retryOrphanedJob(ctx, { id: job.id, queue: job.name });
  return left.length;
}
