/**
 * The backend as main.ts composes it (the app with the Graph receiver registered), in-process
 * (app.inject), on an in-memory PGlite store with pg-boss's queues, for tests that throw
 * notifications at it: one tenant in admin mode with two users, each with a subscription whose
 * clientState the test knows, and a second tenant with a user and a subscription of its own.
 * Nothing outbound is called: the receiver only verifies and enqueues. What the backend logs is kept in `logLines`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { composeBackend } from '../../src/server/compose';
import { loadConfig } from '../../src/server/config';
import type { JobQueue } from '../../src/server/jobs';
import { createLogger } from '../../src/server/logging/create-logger';
import { openStore, type Store } from '../../src/server/store';
import type { SyncContext } from '../../src/server/sync';
import { subscriptionLifecycleJob, syncEventJob } from '../../src/server/sync/sync-jobs';

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
  const config = loadConfig({
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    // Nothing listens there: nothing outbound may be needed.
    IDENTITY_EMULATOR_PORT: '9',
    GRAPH_EMULATOR_PORT: '9',
    WEBEX_EMULATOR_PORT: '9',
    LOG_LEVEL: 'debug',
  });
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });
  const store = await openStore({ ...config, inMemory: true });
  // As main.ts composes it (src/server/compose.ts), not started: no worker runs and nothing drains
  // the inbox in the background (jobs() drains it).
  const backend = await composeBackend(
    config,
    { logger, clock: () => new Date(), store },
    { sync: { addinId: 'e11830dd-13a2-4b11-9012-8e90508d3f44', publicBaseUrl: config.publicBaseUrl }, jobDrainTimeoutMs: 2_000 },
  );
  const { app } = backend;
  const { sync: ctx, queue } = backend.services;
  await app.ready();

  const subscribe = async (tenantId: string): Promise<KnownSubscription> => {
    const known = { id: randomUUID(), clientState: randomBytes(32).toString('base64url'), tenantId, userId: randomUUID() };
    await store.upsertTenant({ id: tenantId, mode: 'admin' });
    await store.upsertUser({ tenantId, userId: known.userId });
    await store.saveSubscription({
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
    async close() {
      await backend.stop();
      await store.close();
    },
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
