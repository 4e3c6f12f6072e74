/**
 * The sync engine's workers on the job queue: sync-event (coalesced per event), resync-mailbox,
 * subscription-lifecycle, and the two periodic sweeps (subscription renewals, unsaved meetings),
 * scheduled by cron once across all replicas (pg-boss schedules).
 *
 * stop() refuses new work (a job fetched meanwhile fails and is retried later) and waits for the
 * jobs under way; the queue's own stop() (after this one) drains pg-boss.
 */
import { createSyncContext, type SyncContext, type SyncDeps } from './sync-context';
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

export function createSyncWorkers(input: SyncContext | SyncDeps): SyncWorkers {
  const ctx: SyncContext = 'locks' in input ? input : createSyncContext(input);
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  let started = false;

  const guarded = <T>(work: () => Promise<T>): Promise<T> => {
    if (stopping) return Promise.reject(new SyncError('sync_stopping', 'the workers are stopping; the job runs again later'));
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
      await queue.work(syncEventJob, async (payload, job) => {
        await guarded(() => syncEvent(ctx, payload, { retryCount: job.retryCount }));
      }, { concurrency: options.syncConcurrency });
      await queue.work(resyncMailboxJob, async (payload) => {
        await guarded(() => resyncMailbox(ctx, payload));
      });
      await queue.work(subscriptionLifecycleJob, async (payload) => {
        await guarded(() => handleLifecycleEvent(ctx, payload));
      });
      await queue.work(renewSubscriptionsJob, async () => {
        await guarded(() => renewDueSubscriptions(ctx));
      });
      await queue.work(sweepMeetingsJob, async () => {
        await guarded(() => sweepUnsavedMeetings(ctx));
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
