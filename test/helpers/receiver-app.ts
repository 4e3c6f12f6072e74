/**
 * The backend's app with the Graph receiver registered, in-process (scripts/world/world.ts without
 * emulators, the sync workers not started), on an in-memory PGlite store with pg-boss's queues,
 * for tests that throw notifications at it: one tenant in admin mode with two users, each with a
 * subscription whose clientState the test knows, and a second tenant with a user and a
 * subscription of its own. Nothing outbound is called: the
 * receiver only verifies and enqueues. What the backend logs is kept in `logLines`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { JobQueue } from '../../src/server/jobs';
import type { Store } from '../../src/server/store';
import type { SyncContext } from '../../src/server/sync';
import { subscriptionLifecycleJob, syncEventJob } from '../../src/server/sync/sync-jobs';
import { startWorld, type World } from '../../scripts/world/world';

export interface KnownSubscription {
  id: string;
  clientState: string;
  tenantId: string;
  userId: string;
}

export interface ReceiverApp {
  app: FastifyInstance;
  ctx: SyncContext;
  store: Store;
  queue: JobQueue;
  /** Tenant A's users' subscriptions. */
  alice: KnownSubscription;
  bob: KnownSubscription;
  /** Tenant B's user's subscription. */
  other: KnownSubscription;
  logLines: string[];
  /** sync-event and subscription-lifecycle jobs waiting, once what the receiver stored is drained into jobs. */
  jobs(): Promise<number>;
  close(): Promise<void>;
}

export async function startReceiverApp(): Promise<ReceiverApp> {
  const world = await startWorld({
    emulators: false,
    // Nothing listens there: nothing outbound may be needed.
    env: { IDENTITY_EMULATOR_PORT: '9', GRAPH_EMULATOR_PORT: '9', WEBEX_EMULATOR_PORT: '9', LOG_LEVEL: 'debug' },
    sync: { workers: false },
  });
  const { app, store, logLines } = world;
  const { ctx, queue } = world.sync as NonNullable<World['sync']>;

  const subscribe = async (tenantId: string): Promise<KnownSubscription> => {
    const known = { id: randomUUID(), clientState: randomBytes(32).toString('base64url'), tenantId, userId: randomUUID() };
    await store.tenants.upsert({ id: tenantId, mode: 'admin' });
    await store.users.upsert({ tenantId, userId: known.userId });
    await store.subscriptions.save({
      id: known.id,
      tenantId,
      userId: known.userId,
      resource: `users/${known.userId}/events`,
      expiresAt: new Date(Date.now() + 86_400_000),
      clientState: known.clientState,
    });
    return known;
  };
  const tenantA = randomUUID();
  const alice = await subscribe(tenantA);
  const bob = await subscribe(tenantA);
  const other = await subscribe(randomUUID());

  return {
    app,
    ctx,
    store,
    queue,
    alice,
    bob,
    other,
    logLines,
    jobs: async () => {
      await ctx.inbox.drain();
      return (await queue.queueSize(syncEventJob)) + (await queue.queueSize(subscriptionLifecycleJob));
    },
    close: world.close,
  };
}

/** One change notification as Graph sends it, for `sub`, naming `userId`'s event (the subscription's own user by default). */
export function changeNotification(
  sub: KnownSubscription,
  overrides: Record<string, unknown> = {},
  eventId = `AAMkAG${randomBytes(8).toString('hex')}=`,
): Record<string, unknown> {
  const userId = (overrides.userId as string | undefined) ?? sub.userId;
  const resource = `Users/${userId}/Events/${eventId}`;
  const { userId: _userId, ...rest } = overrides;
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    changeType: 'updated',
    resource,
    resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': resource, '@odata.etag': 'W/"DwAAABYAAAA1"', id: eventId },
    clientState: sub.clientState,
    tenantId: sub.tenantId,
    ...rest,
  };
}
