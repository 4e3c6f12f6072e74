/**
 * The sync engine's jobs (pg-boss queues). Payloads carry ids only: tenant, user, event and
 * subscription ids, never a subject, a body or an address.
 *
 * Declare them all when creating the queue (createJobQueue(db, { jobs: SYNC_JOBS })): the receiver
 * sends inside its transaction, which pg-boss allows only for queues created beforehand.
 */
import { defineJob, isRecord, JobError, type JobDefinition } from '../jobs';
import type { ChangeType, LifecycleEvent } from './notification-payload';

function requireString(data: Record<string, unknown>, key: string, job: string): string {
  const value = data[key];
  if (typeof value !== 'string' || value === '' || value.length > 512) {
    throw new JobError('job_payload_invalid', `${job} needs ${key}`);
  }
  return value;
}

function requireOneOf(data: Record<string, unknown>, key: string, values: readonly string[], job: string): void {
  if (typeof data[key] !== 'string' || !values.includes(data[key]))
    throw new JobError('job_payload_invalid', `${job}: ${key} must be one of ${values.join(', ')}`);
}

/** One event of one mailbox to bring in step (one job waiting per event: the queue is stately). */
export interface SyncEventPayload {
  tenantId: string;
  userId: string;
  eventId: string;
  /**
   * What the first notification of the coalesced batch said; informative only, since later ones
   * were merged into this job. A 'deleted' still reads the event (notifications are unordered).
   */
  changeType: ChangeType | 'resync';
  /**
   * The organizer asked to try again after a sync problem: the event is compared with what Webex
   * has, not with the last sync (reconcile's `retry`).
   */
  retry?: boolean;
}

export const syncEventJob = defineJob<SyncEventPayload>({
  name: 'sync-event',
  assertPayload(data): asserts data is SyncEventPayload {
    if (!isRecord(data)) throw new JobError('job_payload_invalid', 'sync-event needs an object');
    requireString(data, 'tenantId', 'sync-event');
    requireString(data, 'userId', 'sync-event');
    requireString(data, 'eventId', 'sync-event');
    requireOneOf(data, 'changeType', ['created', 'updated', 'deleted', 'resync'], 'sync-event');
    if (data.retry !== undefined && typeof data.retry !== 'boolean')
      throw new JobError('job_payload_invalid', 'sync-event: retry must be true or false');
  },
  // 2 s, then doubling: a worker that died, a 429 or a 5xx is tried again soon, then less often.
  retryLimit: 8,
  retryDelaySeconds: 2,
  retryBackoff: true,
  expireInSeconds: 300,
  // The notifications of one event, however many and whenever they come, are one waiting job; one
  // that comes while the event's job runs waits behind it (the run may have read the event before
  // the change).
  policy: 'stately',
  keyOf: syncEventKey,
});

export type ResyncReason = 'missed' | 'subscription_recreated' | 'subscription_lapsed' | 'requested';

/** A whole mailbox to compare with Graph (calendarView/delta). */
export interface ResyncMailboxPayload {
  tenantId: string;
  userId: string;
  reason: ResyncReason;
}

export const resyncMailboxJob = defineJob<ResyncMailboxPayload>({
  name: 'resync-mailbox',
  assertPayload(data): asserts data is ResyncMailboxPayload {
    if (!isRecord(data)) throw new JobError('job_payload_invalid', 'resync-mailbox needs an object');
    requireString(data, 'tenantId', 'resync-mailbox');
    requireString(data, 'userId', 'resync-mailbox');
    requireOneOf(data, 'reason', ['missed', 'subscription_recreated', 'subscription_lapsed', 'requested'], 'resync-mailbox');
  },
  retryLimit: 6,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 900,
  // One waiting resync per mailbox, whatever asked for it.
  policy: 'stately',
  keyOf: (payload) => `${payload.tenantId}/${payload.userId.toLowerCase()}`,
});

/** A lifecycle notification to act on. */
export interface SubscriptionLifecyclePayload {
  subscriptionId: string;
  lifecycleEvent: LifecycleEvent;
}

export const subscriptionLifecycleJob = defineJob<SubscriptionLifecyclePayload>({
  name: 'subscription-lifecycle',
  assertPayload(data): asserts data is SubscriptionLifecyclePayload {
    if (!isRecord(data)) throw new JobError('job_payload_invalid', 'subscription-lifecycle needs an object');
    requireString(data, 'subscriptionId', 'subscription-lifecycle');
    requireOneOf(data, 'lifecycleEvent', ['reauthorizationRequired', 'subscriptionRemoved', 'missed'], 'subscription-lifecycle');
  },
  retryLimit: 8,
  retryDelaySeconds: 10,
  retryBackoff: true,
  policy: 'stately',
  keyOf: (payload) => `${payload.subscriptionId}/${payload.lifecycleEvent}`,
});

/** The periodic sweeps carry nothing. */
export type SweepPayload = Record<string, never>;

function assertSweep(name: string) {
  return (data: unknown): asserts data is SweepPayload => {
    if (!isRecord(data)) throw new JobError('job_payload_invalid', `${name} needs an object`);
  };
}

export const renewSubscriptionsJob = defineJob<SweepPayload>({
  name: 'renew-subscriptions',
  assertPayload: assertSweep('renew-subscriptions'),
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 600,
});

export const sweepMeetingsJob = defineJob<SweepPayload>({
  name: 'sweep-meetings',
  assertPayload: assertSweep('sweep-meetings'),
  retryLimit: 2,
  retryDelaySeconds: 60,
  expireInSeconds: 900,
});

/** Every queue the sync engine uses: pass to createJobQueue({ jobs }). */
export const SYNC_JOBS: readonly JobDefinition<object>[] = [
  syncEventJob,
  resyncMailboxJob,
  subscriptionLifecycleJob,
  renewSubscriptionsJob,
  sweepMeetingsJob,
];

/** The key of an event's sync-event jobs: one job waiting per event. */
export function syncEventKey(payload: Pick<SyncEventPayload, 'tenantId' | 'userId' | 'eventId'>): string {
  return `${payload.tenantId}/${payload.userId.toLowerCase()}/${payload.eventId}`;
}
