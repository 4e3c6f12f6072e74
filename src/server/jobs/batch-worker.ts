/**
 * One queue's worker in this process: it runs up to `concurrency` jobs at once and talks to the
 * database in batches (docs/architecture.md#bench-figures, db_statements_per_sync_job):
 *
 * - one fetch claims as many waiting jobs as there are free slots (pg-boss fetch, batchSize);
 * - the jobs that finish within a moment of each other are completed by one statement (pg-boss
 *   complete with the fetched attempts, so a job whose claim lapsed meanwhile is left alone);
 * - one heartbeat statement keeps every running job of the queue alive (pg-boss touch, every
 *   heartbeatSeconds / 2): pg-boss's monitor fails an attempt not heard of for heartbeatSeconds,
 *   and the job runs again elsewhere (create-job-queue.ts).
 *
 * When the fetch filled every free slot, more may be waiting: the worker fetches again once a
 * quarter of its slots are free, or half a second after the first one freed (not once per freed
 * slot, which would be a fetch per job). When it found fewer, it sleeps until wake() (a local send,
 * a delayed job's start time) or its polling interval (half a second while jobs run and for a few
 * seconds after). stop() fetches nothing more, waits for the running jobs, completes what
 * finished, and fails what is still running after the timeout (pg-boss retries it).
 */
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { toError } from '../errors';
import { JobError } from './job-error';
import { JobFailure } from './job-failure';

export interface BatchWorkerOptions {
  boss: PgBoss;
  name: string;
  concurrency: number;
  pollingIntervalSeconds: number;
  heartbeatSeconds: number;
  /** Runs one job; 'completed' to have it completed with the others, 'settled' when it was failed or cancelled already. */
  run(job: JobWithMetadata<unknown>): Promise<'completed' | 'settled'>;
  onError(error: Error, context: { queue?: string; jobId?: string }): void;
}

export interface BatchWorker {
  readonly name: string;
  wake(): void;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * While jobs run, and for a while after, the worker looks this often: a job that had to wait for
 * another of its key (a stately queue) or for a retry is taken soon after it may start, at the
 * price of a few fetches while the queue is busy; idle, it polls at its polling interval.
 */
const BUSY_POLL_MS = 500;
const BUSY_MS = 5_000;

/**
 * With more jobs waiting than slots, the worker fetches again once a quarter of its slots are free,
 * or this long after the first one freed: a job waits a little for its slot, the database sees one
 * fetch per several jobs.
 */
const BACKLOG_GATHER_MS = 500;

/** How long a finished job waits for others to be completed with it: short beside a job, long beside a statement. */
const COMPLETE_WINDOW_MS = 20;

export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { boss, name, concurrency, run, onError } = options;
  const running = new Map<string, { job: JobWithMetadata<unknown>; done: Promise<void> }>();
  let finished: JobWithMetadata<unknown>[] = [];
  let completing: Promise<void> | undefined;
  let completeTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  /** Set while the worker waits for slots to free (slotsFree). */
  let onSlotFreed: (() => void) | undefined;
  /** The last fetch filled every free slot: more jobs may be waiting for the next slot that frees. */
  let backlog = false;
  let lastWorkAt = -Infinity;
  const pollMs = options.pollingIntervalSeconds * 1000;
  const gatherSlots = Math.max(1, Math.floor(concurrency / 4));

  const wake = (): void => {
    woken = true;
    wakeUp?.();
  };

  /** One statement for every job finished since the last one (fenced to the attempts fetched). */
  const completeFinished = async (): Promise<void> => {
    if (completeTimer) clearTimeout(completeTimer);
    completeTimer = undefined;
    while (completing) await completing;
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    completing = boss
      .complete(name, batch)
      .then(
        () => undefined,
        // Left active, the jobs are failed by the monitor once their heartbeat lapses, and run again.
        (thrown: unknown) => onError(toError(thrown), { queue: name }),
      )
      .finally(() => {
        completing = undefined;
      });
    await completing;
  };

  const start = (job: JobWithMetadata<unknown>): void => {
    const done = run(job)
      .then(
        (outcome) => {
          if (outcome !== 'completed') return;
          finished.push(job);
          if (finished.length >= concurrency) void completeFinished();
          else completeTimer ??= setTimeout(() => void completeFinished(), COMPLETE_WINDOW_MS);
        },
        (thrown: unknown) => onError(toError(thrown), { queue: name, jobId: job.id }),
      )
      .finally(() => {
        running.delete(job.id);
        lastWorkAt = performance.now();
        onSlotFreed?.();
        if (backlog || stopped) wake();
      });
    running.set(job.id, { job, done });
  };

  const heartbeatMs = (options.heartbeatSeconds * 1000) / 2;
  const heartbeat = setInterval(() => {
    if (running.size === 0) return;
    boss
      .touch(
        name,
        [...running.values()].map((r) => r.job),
      )
      .catch((thrown: unknown) => onError(toError(thrown), { queue: name }));
  }, heartbeatMs);
  heartbeat.unref();

  /**
   * Resolves once `done()` holds (checked now and whenever the hook given to `install` is called),
   * or after `ms`.
   */
  const waitFor = (ms: number, done: () => boolean, install: (hook: (() => void) | undefined) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      if (done()) {
        resolve();
        return;
      }
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        install(undefined);
        resolve();
      }
      install(() => {
        if (done()) finish();
      });
    });

  /** Until wake() or `ms`. */
  const sleep = (ms: number): Promise<void> =>
    waitFor(
      ms,
      () => woken,
      (hook) => (wakeUp = hook),
    );

  /** Until `slots` slots are free, stop(), or `ms`. */
  const slotsFree = (slots: number, ms: number): Promise<void> =>
    waitFor(
      ms,
      () => stopped || concurrency - running.size >= slots,
      (hook) => (onSlotFreed = hook),
    );

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      // More are waiting (the last fetch filled every free slot): let a quarter of the slots free,
      // or wait BACKLOG_GATHER_MS after the first, before fetching again (a fetch per freed slot
      // would be a statement per job).
      if (backlog) await slotsFree(gatherSlots, BACKLOG_GATHER_MS);
      if (stopped) break;
      const free = concurrency - running.size;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = await boss.fetch<unknown>(name, { batchSize: free, includeMetadata: true });
          fetched = jobs.length;
          for (const job of jobs) start(job);
        } catch (thrown) {
          onError(toError(thrown), { queue: name });
        }
      }
      if (stopped) break;
      // A full fetch: fetch again once slots free (the next turn gathers them). A short one: the
      // queue is empty for now, until a wake() or the next poll.
      if (free > 0) backlog = fetched === free;
      if (fetched > 0) lastWorkAt = performance.now();
      if (backlog && running.size < concurrency) continue;
      await sleep(running.size > 0 || performance.now() - lastWorkAt < BUSY_MS ? Math.min(BUSY_POLL_MS, pollMs) : pollMs);
    }
  })();

  return {
    name,
    wake,
    async stop(timeoutMs) {
      stopped = true;
      onSlotFreed?.();
      wake();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      await Promise.race([Promise.allSettled([...running.values()].map((r) => r.done)), timedOut]);
      clearTimeout(timer);
      clearInterval(heartbeat);
      await completeFinished();
      const left = [...running.values()].map((r) => r.job);
      if (left.length > 0) {
        // Run again later, here or on another replica.
        await boss
          .fail(name, left, new JobFailure(new JobError('job_queue_stopped', 'the job queue stopped before the job finished')))
          .catch((thrown: unknown) => onError(toError(thrown), { queue: name }));
      }
    },
  };
}
