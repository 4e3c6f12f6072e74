/**
 * The sync engine's workers on the job queue: sync-event (coalesced per event), resync-mailbox,
 * subscription-lifecycle, and the two periodic sweeps (subscription renewals, unsaved meetings),
 * scheduled by cron once across all replicas (pg-boss schedules); and the notification inbox's
 * drainer, which turns what the receiver acknowledged into those jobs.
 *
 * stop() refuses new work (a job fetched meanwhile fails and is retried later) and waits for the
 * jobs under way; the queue's own stop() (after this one) drains pg-boss.
 *
 * With several replicas on one Postgres, give `liveness` (job-liveness.ts, started and stopped by
 * its owner, after the queue): each job is then held visibly while it runs, so that a job left
 * running by a replica that died is retried at once rather than when pg-boss expires it.
 */
import { createSyncContext, type SyncContext, type SyncDeps } from './sync-context';
import { resyncMailbox } from './delta-resync';
import type { JobLiveness } from './job-liveness';
import { sweepUnsavedMeetings } from './meeting-sweeper';
import { handleLifecycleEvent, renewDueSubscriptions } from './subscription-manager';
import { SyncError } from './sync-error';
import { syncEvent } from './sync-event';
import { renewSubscriptionsJob, resyncMailboxJob, SYNC_JOBS, subscriptionLifecycleJob, sweepMeetingsJob, syncEventJob } from './sync-jobs';

export interface SyncWorkers {
  readonly context: SyncContext;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SyncWorkersOptions {
  /** Shows which jobs this replica runs (Postgres only). */
  liveness?: JobLiveness;
}

/** The queues the workers handle (their jobs are the ones held and watched). */
export const SYNC_QUEUES: readonly string[] = SYNC_JOBS.map((job) => job.name);

export function createSyncWorkers(input: SyncContext | SyncDeps, workersOptions: SyncWorkersOptions = {}): SyncWorkers {
  const ctx: SyncContext = 'locks' in input ? input : createSyncContext(input);
  const { liveness } = workersOptions;
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  let started = false;

  const guarded = <T>(jobId: string, work: () => Promise<T>): Promise<T> => {
    if (stopping) return Promise.reject(new SyncError('sync_stopping', 'the workers are stopping; the job runs again later'));
    const promise = liveness ? liveness.hold(jobId, work) : work();
    running.add(promise);
    void promise.then(
      () => running.delete(promise),
      () => running.delete(promise),
    );
    return promise;
  };

  return {
    context: ctx,
    async start() {
      if (started) return;
      started = true;
      stopping = false;
      const { queue, options } = ctx;
      await queue.work(syncEventJob, async (payload, job) => {
        await guarded(job.id, () => syncEvent(ctx, payload, { retryCount: job.retryCount }));
      }, { concurrency: options.syncConcurrency });
      await queue.work(resyncMailboxJob, async (payload, job) => {
        await guarded(job.id, () => resyncMailbox(ctx, payload));
      });
      await queue.work(subscriptionLifecycleJob, async (payload, job) => {
        await guarded(job.id, () => handleLifecycleEvent(ctx, payload));
      });
      await queue.work(renewSubscriptionsJob, async (_payload, job) => {
        await guarded(job.id, () => renewDueSubscriptions(ctx));
      });
      await queue.work(sweepMeetingsJob, async (_payload, job) => {
        await guarded(job.id, () => sweepUnsavedMeetings(ctx));
      });
      await queue.schedule(renewSubscriptionsJob, options.renewCron, {});
      await queue.schedule(sweepMeetingsJob, options.sweepCron, {});
      // The receiver's acknowledged notifications become jobs in the background.
      ctx.inbox.start();
    },
    async stop() {
      stopping = true;
      await ctx.inbox.stop();
      await Promise.allSettled([...running]);
    },
  };
}
