/**
 * The sync engine's workers on the job queue: sync-event (coalesced per event), resync-mailbox,
 * subscription-lifecycle, and the two periodic sweeps (subscription renewals, unsaved meetings),
 * scheduled by cron once across all replicas (pg-boss schedules). The notification inbox's drainer,
 * which turns what the receiver acknowledged into those jobs, is started and stopped beside them by
 * the composition root (src/server/compose.ts).
 *
 * stop() refuses new work (a job fetched meanwhile fails and is retried later) and waits for the
 * jobs under way; the queue's own stop() (after this one) drains pg-boss.
 *
 * A job whose process died while running it (kill -9, a lost machine, on any replica, or the
 * embedded database's previous run) is failed by pg-boss once its heartbeat lapses, and retried
 * on whichever process is free (create-job-queue.ts); such a run is counted here.
 */
import type { JobContext } from '../jobs';
import type { SyncContext } from './sync-context';
import { resyncMailbox } from './delta-resync';
import { sweepUnsavedMeetings } from './meeting-sweeper';
import { handleLifecycleEvent, renewDueSubscriptions } from './subscription-manager';
import { SyncError } from './sync-error';
import { syncEvent } from './sync-event';
import { renewSubscriptionsJob, resyncMailboxJob, subscriptionLifecycleJob, sweepMeetingsJob, syncEventJob } from './sync-jobs';

export interface SyncWorkers {
  readonly context: SyncContext;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSyncWorkers(ctx: SyncContext): SyncWorkers {
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  let started = false;

  const guarded = <T>(job: JobContext, work: () => Promise<T>): Promise<T> => {
    if (stopping) return Promise.reject(new SyncError('sync_stopping', 'the workers are stopping; the job runs again later'));
    if (job.previousAttemptLost) {
      ctx.metrics.inc('orphaned_jobs_retried', { queue: job.name });
      ctx.logger.info(
        { code: 'orphaned_job_retried', queue: job.name, jobId: job.id },
        'a job whose process stopped answering while running it runs again',
      );
    }
    const promise = work();
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
      await queue.work(
        syncEventJob,
        async (payload, job) => {
          await guarded(job, () => syncEvent(ctx, payload, { retryCount: job.retryCount }));
        },
        { concurrency: options.syncConcurrency },
      );
      await queue.work(resyncMailboxJob, async (payload, job) => {
        await guarded(job, () => resyncMailbox(ctx, payload));
      });
      await queue.work(subscriptionLifecycleJob, async (payload, job) => {
        await guarded(job, () => handleLifecycleEvent(ctx, payload));
      });
      await queue.work(renewSubscriptionsJob, async (_payload, job) => {
        await guarded(job, () => renewDueSubscriptions(ctx));
      });
      await queue.work(sweepMeetingsJob, async (_payload, job) => {
        await guarded(job, () => sweepUnsavedMeetings(ctx));
      });
      await queue.schedule(renewSubscriptionsJob, options.renewCron, {});
      await queue.schedule(sweepMeetingsJob, options.sweepCron, {});
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...running]);
    },
  };
}
