/**
 * Background jobs on pg-boss 12, in the backend's own database (PGlite or Postgres): the same
 * queues on both, so any replica may pick up any job and nothing a job needs lives in process
 * memory. Payloads come back from the database as `unknown` and are narrowed by the job's
 * assertion before the handler sees them. A failing attempt is retried with backoff; stop()
 * drains the jobs that are running (call it on SIGTERM).
 *
 * A running attempt beats a heartbeat (pg-boss: heartbeat_on, every heartbeatSeconds / 2); pg-boss's
 * monitor, every monitorIntervalSeconds on whichever process gets there first, fails an attempt
 * not heard of for heartbeatSeconds, and the job is retried: the job of a process that died (kill -9,
 * a lost machine, the embedded database's previous run) runs again within seconds, on any process.
 *
 * Payloads are stored in clear: they carry ids only, never a name, email, subject or body. A failed
 * attempt's error is stored too (pg-boss keeps it in the job's row): only its class, code, status,
 * request id and Retry-After (job-failure.ts), never a service's text.
 */
import { PgBoss, type JobInsert, type JobWithMetadata } from 'pg-boss';
import type { Db } from '../store';
import { toError } from '../errors';
import type { JobDefinition } from './define-job';
import { createBatchWorker, type BatchWorker } from './batch-worker';
import { JobError } from './job-error';
import { JobFailure } from './job-failure';
import { pgBossDb } from './pg-boss-db';
import { moveAsideV10Schema, moveV10Jobs, type V10UpgradeReport } from './pg-boss-v10-upgrade';

export interface JobContext {
  id: string;
  name: string;
  /** Retries before this attempt (0 on the first attempt). */
  retryCount: number;
  /** True when a failure of this attempt is final. */
  isLastAttempt: boolean;
  /**
   * True when the previous attempt was failed by pg-boss because it stopped beating its heartbeat:
   * the process running it died (or its event loop stalled for heartbeatSeconds).
   */
  previousAttemptLost: boolean;
}

export type JobHandler<T> = (payload: T, job: JobContext) => Promise<void>;

export interface JobFailureContext {
  queue?: string;
  jobId?: string;
  retryCount?: number;
}

export interface JobQueueOptions {
  /** Schema of pg-boss's tables (default 'pgboss'); tests give each suite its own. */
  schema?: string;
  /** Queues to create at start(), so that send() works inside a transaction from the first call. */
  jobs?: readonly JobDefinition<object>[];
  /** How often an idle worker looks for jobs (default 2 s, at least 0.5). A local send() wakes it at once. */
  pollingIntervalSeconds?: number;
  /**
   * How often pg-boss's monitor fails the attempts whose heartbeat lapsed or that ran past their
   * expiry (default 5 s): a dead process's job runs again within heartbeatSeconds plus this.
   */
  monitorIntervalSeconds?: number;
  /**
   * Failures worth logging: a handler that threw (it will be retried unless it was the last
   * attempt), a payload refused by its assertion (cancelled, not retried), pg-boss's own faults.
   * Log the error's code and the ids given, nothing of the payload.
   */
  onError?: (error: Error, context: JobFailureContext) => void;
  /** Told once when start() moved the jobs of a pg-boss 10 database into the current schema. */
  onUpgrade?: (report: V10UpgradeReport) => void;
}

export interface SendOptions {
  /** Send inside this transaction: the job exists only if the transaction commits. */
  tx?: Db;
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
}

export interface SendManyOptions {
  /** Send inside this transaction: the jobs exist only if the transaction commits. */
  tx?: Db;
  /** Not before this many seconds from now. */
  startAfterSeconds?: number;
  /** Instead: each payload not before this time (by index; the database's clock decides). */
  startAt?: readonly Date[];
}

export interface WorkOptions {
  /** Jobs of this queue handled at once by this process (default 1). */
  concurrency?: number;
}

export interface JobQueue {
  start(): Promise<void>;
  /** Stops fetching, waits up to timeoutMs (default 30 s) for running jobs, then fails the rest (they are retried). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Resolves to the job id, or null when a stately job of the same key is already waiting. */
  send<T extends object>(job: JobDefinition<T>, payload: T, options?: SendOptions): Promise<string | null>;
  /**
   * Sends many jobs of one kind in one statement (pg-boss insert), as `send` would one by one,
   * except that it does not say which were dropped for a waiting job of their key.
   */
  sendMany<T extends object>(job: JobDefinition<T>, payloads: readonly T[], options?: SendManyOptions): Promise<void>;
  /**
   * Wakes this process's idle workers of the queue (after a transaction that sent jobs has
   * committed), or, with afterSeconds, once the jobs sent to start that much later may start: a
   * delayed job then starts on time instead of at the next poll.
   */
  wake(job: JobDefinition<object>, afterSeconds?: number): void;
  work<T extends object>(job: JobDefinition<T>, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Runs the job on a cron schedule (UTC); one send per tick across all replicas. */
  schedule<T extends object>(job: JobDefinition<T>, cron: string, payload: T): Promise<void>;
  /** Jobs of the queue waiting or waiting for a retry (for health pages and tests). */
  queueSize(job: JobDefinition<object>): Promise<number>;
}

/** What pg-boss writes into a job's row when its monitor fails an attempt whose heartbeat lapsed. */
const HEARTBEAT_LOST = 'job heartbeat timeout';

/** A delayed job's wake-up comes this long after its start time (timers and clocks are not exact). */
const WAKE_MARGIN_MS = 20;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,54}$/;

function assertPayloadOf<T extends object>(job: JobDefinition<T>, data: unknown): asserts data is T {
  job.assertPayload(data);
}

function lostHeartbeat(output: unknown): boolean {
  return (output as { value?: { message?: unknown } } | null)?.value?.message === HEARTBEAT_LOST;
}

export function createJobQueue(db: Db, options: JobQueueOptions = {}): JobQueue {
  const onError = options.onError ?? (() => undefined);
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema)) throw new JobError('job_definition_invalid', `"${schema}" is not a schema name the job queue can use`);
  const monitorIntervalSeconds = Math.max(1, options.monitorIntervalSeconds ?? 5);
  const boss = new PgBoss({
    db: pgBossDb(db),
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    schema,
    supervise: true,
    schedule: true,
    migrate: true,
    // The monitor pass (expiry, lapsed heartbeats) runs on the supervise timer, for the queues whose
    // monitor time is due: both at the same pace.
    superviseIntervalSeconds: monitorIntervalSeconds,
    monitorIntervalSeconds,
    // The instance registry (getInstances) is read by nothing here; its heartbeat would be one more
    // writer on the embedded database's only connection.
    registerInstance: false,
    // Nothing here sends flows (jobs that wait for others), so their resolver need not look every 5 s.
    flowIntervalSeconds: 3_600,
  });
  // An 'error' event without a listener would end the process.
  boss.on('error', (thrown: unknown) => {
    const error = toError(thrown);
    onError(error, { queue: (thrown as { queue?: string } | null)?.queue });
  });

  const pollingIntervalSeconds = Math.max(0.5, options.pollingIntervalSeconds ?? 2);
  const queues = new Map<string, Promise<void>>();
  const workers = new Map<string, BatchWorker[]>();
  let started = false;

  /** Per job as well as on its queue: a queue created by an older release keeps its own settings. */
  const jobOptions = (job: JobDefinition<object>) => ({
    retryLimit: job.retryLimit,
    retryDelay: job.retryDelaySeconds,
    retryBackoff: job.retryBackoff,
    expireInSeconds: job.expireInSeconds,
    heartbeatSeconds: job.heartbeatSeconds,
  });

  const keyOf = <T extends object>(job: JobDefinition<T>, payload: T): { singletonKey?: string } =>
    job.keyOf ? { singletonKey: job.keyOf(payload) } : {};

  // pg-boss refuses jobs for a queue that was never created; creating one is idempotent.
  const ensureQueue = (job: JobDefinition<object>): Promise<void> => {
    let created = queues.get(job.name);
    if (!created) {
      created = boss.createQueue(job.name, { policy: job.policy, ...jobOptions(job) });
      queues.set(job.name, created);
      created.catch(() => queues.delete(job.name));
    }
    return created;
  };

  /** The job's queue, ready to be sent to (inside `tx` when given). */
  const queueFor = async (job: JobDefinition<object>, tx: Db | undefined): Promise<void> => {
    if (!tx) {
      await ensureQueue(job);
      return;
    }
    // Creating the queue here would use the outer connection, not the caller's transaction.
    const created = queues.get(job.name);
    if (!created) {
      throw new JobError('job_queue_undeclared', `declare "${job.name}" in createJobQueue({ jobs }) to send it inside a transaction`);
    }
    await created;
  };

  const wake = (job: JobDefinition<object>, afterSeconds?: number): void => {
    if (afterSeconds !== undefined && afterSeconds > 0) {
      // A little after the start time the database gave the jobs (now() + afterSeconds when sent).
      setTimeout(() => wake(job), afterSeconds * 1000 + WAKE_MARGIN_MS).unref();
      return;
    }
    for (const worker of workers.get(job.name) ?? []) worker.wake();
  };

  const assertStarted = (): void => {
    if (!started) throw new JobError('job_queue_not_started', 'start the job queue first');
  };

  return {
    async start() {
      if (started) return;
      // pg-boss 12 migrates its schema from pg-boss 11's on; a pg-boss 10 schema is moved aside
      // first, and its jobs moved over once the queues exist (pg-boss-v10-upgrade.ts).
      const fromV10 = await moveAsideV10Schema(db, schema);
      await boss.start();
      started = true;
      for (const job of options.jobs ?? []) await ensureQueue(job);
      if (fromV10) {
        const report = await moveV10Jobs(db, schema, {
          definitions: options.jobs ?? [],
          insert: async (job, jobs, tx) => {
            const inserts: JobInsert[] = jobs.map(({ id, data, priority, startAfter }) => ({
              id,
              data,
              priority,
              ...jobOptions(job),
              ...keyOf(job, data),
              ...(startAfter ? { startAfter } : {}),
            }));
            return (await boss.insert(job.name, inserts, { db: pgBossDb(tx), returnId: true }))?.length ?? 0;
          },
        });
        if (report) options.onUpgrade?.(report);
      }
    },

    async stop(stopOptions = {}) {
      if (!started) return;
      started = false;
      const timeoutMs = stopOptions.timeoutMs ?? 30_000;
      const stopping = [...workers.values()].flat();
      workers.clear();
      await Promise.all(stopping.map((worker) => worker.stop(timeoutMs)));
      await boss.stop({ graceful: true, close: false, timeout: timeoutMs });
      queues.clear();
    },

    async send(job, payload, sendOptions = {}) {
      assertStarted();
      assertPayloadOf(job, payload);
      await queueFor(job, sendOptions.tx);
      const id = await boss.send(job.name, payload, {
        ...jobOptions(job),
        ...keyOf(job, payload),
        ...(sendOptions.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }),
        ...(sendOptions.tx ? { db: pgBossDb(sendOptions.tx) } : {}),
      });
      // A job sent outside a transaction is visible now, or at its start: wake this process's idle workers then.
      if (!sendOptions.tx && (sendOptions.startAfter === undefined || typeof sendOptions.startAfter === 'number'))
        wake(job, sendOptions.startAfter);
      return id;
    },

    async sendMany(job, payloads, sendOptions = {}) {
      assertStarted();
      if (payloads.length === 0) return;
      for (const payload of payloads) assertPayloadOf(job, payload);
      await queueFor(job, sendOptions.tx);
      const startAfter = (i: number): Date | number | undefined => sendOptions.startAt?.[i] ?? sendOptions.startAfterSeconds;
      const jobs: JobInsert[] = payloads.map((payload, i) => ({
        data: payload,
        ...jobOptions(job),
        ...keyOf(job, payload),
        ...(startAfter(i) === undefined ? {} : { startAfter: startAfter(i) }),
      }));
      await boss.insert(job.name, jobs, sendOptions.tx ? { db: pgBossDb(sendOptions.tx) } : {});
      if (sendOptions.tx) return;
      if (!sendOptions.startAt) wake(job, sendOptions.startAfterSeconds);
      else for (const at of new Set(sendOptions.startAt.map((d) => d.getTime()))) wake(job, Math.max(0, (at - Date.now()) / 1000));
    },

    wake,

    async work(job, handler, workOptions = {}) {
      assertStarted();
      await ensureQueue(job);
      const concurrency = Math.max(1, Math.floor(workOptions.concurrency ?? 1));
      const run = async (received: JobWithMetadata<unknown>): Promise<'completed' | 'settled'> => {
        const context: JobContext = {
          id: received.id,
          name: received.name,
          retryCount: received.retryCount,
          isLastAttempt: received.retryCount >= received.retryLimit,
          previousAttemptLost: received.retryCount > 0 && lostHeartbeat(received.output),
        };
        const data: unknown = received.data;
        try {
          assertPayloadOf(job, data);
        } catch (thrown) {
          // Retrying cannot make a malformed payload valid: cancel it instead of failing it.
          onError(
            new JobError('job_payload_invalid', `a "${job.name}" job carried a payload its assertion refused`, { cause: toError(thrown) }),
            {
              queue: job.name,
              jobId: received.id,
              retryCount: received.retryCount,
            },
          );
          await boss.cancel(job.name, received.id);
          return 'settled';
        }
        try {
          await handler(data, context);
          return 'completed';
        } catch (thrown) {
          const error = toError(thrown);
          onError(error, { queue: job.name, jobId: received.id, retryCount: received.retryCount });
          // What is given here is what pg-boss writes into the job's row: the stand-in, not the error.
          await boss.fail(job.name, [received], new JobFailure(error));
          return 'settled';
        }
      };
      const worker = createBatchWorker({
        boss,
        name: job.name,
        concurrency,
        pollingIntervalSeconds,
        heartbeatSeconds: job.heartbeatSeconds,
        run,
        onError,
      });
      workers.set(job.name, [...(workers.get(job.name) ?? []), worker]);
    },

    async schedule(job, cron, payload) {
      assertStarted();
      assertPayloadOf(job, payload);
      await ensureQueue(job);
      await boss.schedule(job.name, cron, payload, { tz: 'UTC', ...jobOptions(job), ...keyOf(job, payload) });
    },

    async queueSize(job) {
      assertStarted();
      await ensureQueue(job);
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}".job WHERE name = $1 AND state IN ('created', 'retry')`,
        [job.name],
      );
      return row?.n ?? 0;
    },
  };
}
