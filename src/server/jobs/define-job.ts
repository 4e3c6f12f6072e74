/**
 * A kind of background job: its queue name, the assertion that narrows the `unknown` payload
 * read back from the database, and its retry policy. Senders and workers share one definition,
 * so the payload type is written once.
 *
 *   interface SyncEvent { tenantId: string; userId: string; eventId: string }
 *   export const syncEvent = defineJob<SyncEvent>({
 *     name: 'sync-event',
 *     assertPayload(data): asserts data is SyncEvent {
 *       if (!isRecord(data) || typeof data.tenantId !== 'string' || ...) {
 *         throw new JobError('job_payload_invalid', 'sync-event needs tenantId, userId, eventId');
 *       }
 *     },
 *   });
 */
import { JobError } from './job-error';

export type PayloadAssertion<T> = (data: unknown) => asserts data is T;

export interface JobDefinition<T extends object> {
  readonly name: string;
  readonly assertPayload: PayloadAssertion<T>;
  /** Attempts after the first one (default 5). */
  readonly retryLimit: number;
  /** Delay before the first retry; with backoff it roughly doubles on each retry (default 5 s). */
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  /** How long one attempt may run before it counts as failed (default 5 min). */
  readonly expireInSeconds: number;
  /**
   * 'standard': every job sent is queued. 'stately' (pg-boss's policy): per key (keyOf), at most one
   * job waiting, one waiting for its retry and one running, and a waiting job is not started while
   * another of its key runs; a job sent while one of its key is already waiting is dropped (that one
   * has not started, so it will see what the new one would have). A change that comes while the
   * job of its key runs is not lost: it waits behind it.
   */
  readonly policy: JobPolicy;
  /** With 'stately': the job's key (pg-boss singletonKey), from its payload. */
  keyOf?(payload: T): string;
  /**
   * A running attempt tells the database it is alive every half of this; one not heard of for this
   * long (its process died, its machine was lost) is failed by pg-boss's monitor and retried per the
   * job's retry settings (default 10 s, pg-boss's least).
   */
  readonly heartbeatSeconds: number;
}

export type JobPolicy = 'standard' | 'stately';

export interface JobSpec<T extends object> {
  name: string;
  assertPayload: PayloadAssertion<T>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  policy?: JobPolicy;
  keyOf?(payload: T): string;
  heartbeatSeconds?: number;
}

const QUEUE_NAME = /^[a-z0-9][a-z0-9_-]{0,49}$/;

export function defineJob<T extends object>(spec: JobSpec<T>): JobDefinition<T> {
  if (!QUEUE_NAME.test(spec.name)) {
    throw new JobError('job_definition_invalid', 'a job name is 1-50 lower-case letters, digits, - and _');
  }
  const definition: JobDefinition<T> = {
    name: spec.name,
    assertPayload: spec.assertPayload,
    retryLimit: spec.retryLimit ?? 5,
    retryDelaySeconds: spec.retryDelaySeconds ?? 5,
    retryBackoff: spec.retryBackoff ?? true,
    expireInSeconds: spec.expireInSeconds ?? 300,
    policy: spec.policy ?? 'standard',
    ...(spec.keyOf ? { keyOf: spec.keyOf } : {}),
    heartbeatSeconds: spec.heartbeatSeconds ?? 10,
  };
  for (const [key, value] of Object.entries({ retryLimit: definition.retryLimit, retryDelaySeconds: definition.retryDelaySeconds })) {
    if (!Number.isInteger(value) || value < 0) throw new JobError('job_definition_invalid', `${key} must be a whole number >= 0`);
  }
  if (!Number.isInteger(definition.expireInSeconds) || definition.expireInSeconds < 1) {
    throw new JobError('job_definition_invalid', 'expireInSeconds must be a whole number >= 1');
  }
  if (
    !Number.isInteger(definition.heartbeatSeconds) ||
    definition.heartbeatSeconds < 10 ||
    definition.heartbeatSeconds >= definition.expireInSeconds
  ) {
    throw new JobError('job_definition_invalid', 'heartbeatSeconds must be a whole number >= 10 and less than expireInSeconds');
  }
  if (definition.policy !== 'standard' && definition.policy !== 'stately')
    throw new JobError('job_definition_invalid', "policy must be 'standard' or 'stately'");
  // Without a key every job of a stately queue would share one, and the queue would hold one job.
  if ((definition.policy === 'stately') !== (definition.keyOf !== undefined)) {
    throw new JobError('job_definition_invalid', 'a stately job needs keyOf, and only a stately job has one');
  }
  return Object.freeze(definition);
}

/** For assertion functions: a plain object whose fields can be checked one by one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
