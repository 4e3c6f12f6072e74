/**
 * A sync context for tests of the Graph receiver alone (registerGraphReceiver on a bare Fastify
 * app): Webex and the users' tokens throw if anything calls them, Graph too unless the test gives
 * one, and the notification inbox drains only when the test asks (ctx.inbox.drain()). Jobs wait
 * an hour before they start, so that they stay countable.
 */
import type { JobQueue } from '../../src/server/jobs';
import type { Store } from '../../src/server/store';
import {
  createNotificationInbox,
  createSyncContext,
  createSyncMetrics,
  resolveSyncOptions,
  type SyncContext,
  type SyncDeps,
} from '../../src/server/sync';

const unused = (): never => {
  throw new Error('the receiver must not call out');
};

export function receiverSyncContext(
  store: Store,
  queue: JobQueue,
  given: Partial<Pick<SyncDeps, 'graph' | 'access' | 'clock'>> = {},
): SyncContext {
  const metrics = createSyncMetrics();
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const options = resolveSyncOptions({
    addinId: 'e11830dd-13a2-4b11-9012-8e90508d3f44',
    publicBaseUrl: 'https://backend.example',
    coalesceSeconds: 3600,
  });
  return createSyncContext({
    store,
    queue,
    graph: given.graph ?? { request: unused },
    access: given.access ?? { authFor: unused, startDelegated: unused, hasDelegated: unused, forgetDelegated: unused },
    webex: {
      getMeeting: unused,
      createMeeting: unused,
      updateMeeting: unused,
      deleteMeeting: unused,
      listMeetings: unused,
      listInvitees: unused,
      createInvitee: unused,
      bulkInsertInvitees: unused,
      deleteInvitee: unused,
    },
    webexActor: unused,
    inbox: createNotificationInbox({ store, queue, metrics, logger, coalesceSeconds: options.coalesceSeconds }),
    metrics,
    mailboxLimits: {},
    logger,
    options,
    clock: given.clock ?? (() => new Date()),
    checkpoint: () => undefined,
  });
}
