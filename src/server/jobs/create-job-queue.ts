/**
 * Background jobs on pg-boss 10, in the backend's own database (PGlite or Postgres): the same
 * queues on both, so any replica may pick up any job and nothing a job needs lives in process
 * memory. Payloads come back from the database as `unknown` and are narrowed by the job's
 * assertion before the handler sees them. A failing attempt is retried with backoff; stop()
 * drains the jobs that are running (call it on SIGTERM).
 *
 * Payloads are stored in clear: they carry ids only, never a name, email, subject or body. A failed
 * attempt's error is stored too (pg-boss keeps it in the job's row): only its class, code, status,
 * request id and Retry-After (job-failure.ts), never a service's text.
 */
import PgBoss from 'pg-boss';
import type { Db } from '../store';
import { toError } from '../store';
import type { JobDefinition } from './define-job';
import { JobError } from './job-error';
import { JobFailure } from './job-failure';
import { pgBossDb } from './pg-boss-db';

export interface JobContext {
  id: string;
  name: string;
  /** Retries before this attempt (0 on the first attempt). */
  retryCount: number;
  /** True when a failure of this attempt is final. */
  isLastAttempt: boolean;
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
   * Failures worth logging: a handler that threw (it will be retried unless it was the last
   * attempt), a payload refused by its assertion (cancelled, not retried), pg-boss's own faults.
   * Log the error's code and the ids given, nothing of the payload.
   */
  onError?: (error: Error, context: JobFailureContext) => void;
}

export interface SendOptions {
  /** Send inside this transaction: the job exists only if the transaction commits. */
  tx?: Db;
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
  /** At most one job with this key waiting in the queue (with singletonSeconds: per time slot). */
  singletonKey?: string;
  singletonSeconds?: number;
}

export interface SendManyOptions {
  /** Send inside this transaction: the jobs exist only if the transaction commits. */
  tx?: Db;
  /** Not before this many seconds from now. */
  startAfterSeconds?: number;
  /** With each item's singletonKey: at most one job per key and time slot of this many seconds. */
  singletonSeconds?: number;
}

export interface WorkOptions {
  /** Jobs of this queue handled at once by this process (default 1). */
  concurrency?: number;
}

export interface JobQueue {
  start(): Promise<void>;
  /** Stops fetching, waits up to timeoutMs (default 30 s) for running jobs, then fails the rest (they are retried). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Resolves to the job id, or null when a singleton job of that key is already waiting. */
  send<T extends object>(job: JobDefinition<T>, payload: T, options?: SendOptions): Promise<string | null>;
  /**
   * Sends many jobs of one kind in one statement (pg-boss insert), as `send` would one by one,
   * except that it does not say which were coalesced into a waiting job.
   */
  sendMany<T extends object>(job: JobDefinition<T>, items: readonly { payload: T; singletonKey?: string }[], options?: SendManyOptions): Promise<void>;
  /** Wakes this process's idle workers of the queue (after a transaction that sent jobs has committed). */
  wake(job: JobDefinition<object>): void;
  work<T extends object>(job: JobDefinition<T>, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Runs the job on a cron schedule (UTC); one send per tick across all replicas. */
  schedule<T extends object>(job: JobDefinition<T>, cron: string, payload: T): Promise<void>;
  /** Jobs of the queue waiting or being retried (for health pages and tests). */
  queueSize(job: JobDefinition<object>): Promise<number>;
  /**
   * Fails a job that is not finished, as if its handler had thrown: it is retried per its job's
   * retry settings (e.g. a job whose worker process died while running it).
   */
  fail(queueName: string, jobId: string): Promise<void>;
}

function assertPayloadOf<T extends object>(job: JobDefinition<T>, data: unknown): asserts data is T {
  job.assertPayload(data);
}

export function createJobQueue(db: Db, options: JobQueueOptions = {}): JobQueue {
  const onError = options.onError ?? (() => undefined);
  const boss = new PgBoss({
    db: pgBossDb(db),
    schema: options.schema ?? 'pgboss',
    supervise: true,
    schedule: true,
    migrate: true,
  });
  // An 'error' event without a listener would end the process.
  boss.on('error', (thrown: unknown) => {
    const error = toError(thrown);
    onError(error, { queue: (thrown as { queue?: string } | null)?.queue });
  });

  const pollingIntervalSeconds = Math.max(0.5, options.pollingIntervalSeconds ?? 2);
  const queues = new Map<string, Promise<void>>();
  const workerIds = new Map<string, string[]>();
  let started = false;

  const retryOptions = (job: JobDefinition<object>) => ({
    retryLimit: job.retryLimit,
    retryDelay: job.retryDelaySeconds,
    retryBackoff: job.retryBackoff,
    expireInSeconds: job.expireInSeconds,
  });

  // pg-boss 10 refuses jobs for a queue that was never created; creating one is idempotent.
  const ensureQueue = (job: JobDefinition<object>): Promise<void> => {
    let created = queues.get(job.name);
    if (!created) {
      created = boss.createQueue(job.name, { name: job.name, policy: 'standard', ...retryOptions(job) });
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
    if (!queues.has(job.name)) {
      throw new JobError('job_queue_undeclared', `declare "${job.name}" in createJobQueue({ jobs }) to send it inside a transaction`);
    }
    await queues.get(job.name);
  };

  const wake = (job: JobDefinition<object>): void => {
    for (const workerId of workerIds.get(job.name) ?? []) boss.notifyWorker(workerId);
  };

  const assertStarted = (): void => {
    if (!started) throw new JobError('job_queue_not_started', 'start the job queue first');
  };

  return {
    async start() {
      if (started) return;
      await boss.start();
      started = true;
      for (const job of options.jobs ?? []) await ensureQueue(job);
    },

    async stop(stopOptions = {}) {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: stopOptions.timeoutMs ?? 30_000 });
      queues.clear();
      workerIds.clear();
    },

    async send(job, payload, sendOptions = {}) {
      assertStarted();
      assertPayloadOf(job, payload);
      await queueFor(job, sendOptions.tx);
      const id = await boss.send(job.name, payload, {
        ...retryOptions(job),
        startAfter: sendOptions.startAfter,
        singletonKey: sendOptions.singletonKey,
        singletonSeconds: sendOptions.singletonSeconds,
        db: sendOptions.tx ? pgBossDb(sendOptions.tx) : undefined,
      });
      // A job sent outside a transaction is visible now: wake this process's idle workers.
      if (!sendOptions.tx && sendOptions.startAfter === undefined) wake(job);
      return id;
    },

    async sendMany(job, items, sendOptions = {}) {
      assertStarted();
      if (items.length === 0) return;
      for (const item of items) assertPayloadOf(job, item.payload);
      await queueFor(job, sendOptions.tx);
      const retry = retryOptions(job);
      // pg-boss computes a job's singleton slot from singletonSeconds, a whole number of seconds.
      const singletonSeconds = sendOptions.singletonSeconds === undefined ? undefined : Math.max(1, Math.round(sendOptions.singletonSeconds));
      const jobs: PgBoss.JobInsert[] = items.map((item) => ({
        name: job.name,
        data: item.payload,
        retryLimit: retry.retryLimit,
        retryDelay: retry.retryDelay,
        retryBackoff: retry.retryBackoff,
        expireInSeconds: retry.expireInSeconds,
        ...(sendOptions.startAfterSeconds === undefined ? {} : { startAfter: String(sendOptions.startAfterSeconds) }),
        ...(item.singletonKey === undefined ? {} : { singletonKey: item.singletonKey, singletonSeconds }),
      }));
      await boss.insert(jobs, sendOptions.tx ? { db: pgBossDb(sendOptions.tx) } : {});
      if (!sendOptions.tx && sendOptions.startAfterSeconds === undefined) wake(job);
    },

    wake,

    async work(job, handler, workOptions = {}) {
      assertStarted();
      await ensureQueue(job);
      const concurrency = Math.max(1, Math.floor(workOptions.concurrency ?? 1));
      const run = async ([received]: PgBoss.JobWithMetadata<unknown>[], workerId: () => string | undefined): Promise<void> => {
        if (!received) return;
        const context: JobContext = {
          id: received.id,
          name: received.name,
          retryCount: received.retryCount,
          isLastAttempt: received.retryCount >= received.retryLimit,
        };
        const data: unknown = received.data;
        try {
          assertPayloadOf(job, data);
        } catch (thrown) {
          // Retrying cannot make a malformed payload valid: cancel it instead of failing it.
          onError(new JobError('job_payload_invalid', `a "${job.name}" job carried a payload its assertion refused`, { cause: toError(thrown) }), {
            queue: job.name,
            jobId: received.id,
            retryCount: received.retryCount,
          });
          await boss.cancel(job.name, received.id);
          return;
        }
        try {
          await handler(data, context);
        } catch (thrown) {
          const error = toError(thrown);
          onError(error, { queue: job.name, jobId: received.id, retryCount: received.retryCount });
          // What is thrown here is what pg-boss writes into the job's row: the stand-in, not the error.
          throw new JobFailure(error);
        } finally {
          // pg-boss waits a whole polling interval after every job, even when more are queued
          // (4 workers would take 4 jobs per 2 s): where there was one job there may be more, so
          // this worker fetches again at once; an empty fetch falls back to polling. Only this
          // one: waking every worker after every job would cost a fetch per idle worker per job.
          const id = workerId();
          if (id) boss.notifyWorker(id);
        }
      };
      for (let i = 0; i < concurrency; i++) {
        const worker: { id?: string } = {};
        worker.id = await boss.work<unknown>(job.name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds }, (jobs) => run(jobs, () => worker.id));
        workerIds.set(job.name, [...(workerIds.get(job.name) ?? []), worker.id]);
      }
    },

    async schedule(job, cron, payload) {
      assertStarted();
      assertPayloadOf(job, payload);
      await ensureQueue(job);
      await boss.schedule(job.name, cron, payload, { tz: 'UTC', ...retryOptions(job) });
    },

    async queueSize(job) {
      assertStarted();
      await ensureQueue(job);
      return boss.getQueueSize(job.name);
    },

    async fail(queueName, jobId) {
      assertStarted();
      await boss.fail(queueName, jobId);
    },
  };
}
