/**
 * The subscription figures (docs/architecture.md#bench-figures): 10,000 users' calendar
 * subscriptions over 30 simulated days, on a controllable clock, with 1% of Graph's answers failing
 * (429 with Retry-After, 503) and random lifecycle notifications:
 *
 * - renewals_per_sub_day: successful renewals (the engine's own counter, and Graph's PATCHes beside
 *   it) per subscription per simulated day. Target <= 0.25.
 * - lapsed_subscriptions: subscriptions Graph saw expire unrenewed (the emulator's expiry sweep,
 *   counted). Target 0.
 *
 * Everything runs in this process on one simulated clock: the Graph emulator reads it, the engine's
 * clock is it, and the Graph client's sleeps (Retry-After, back-off) advance it instead of waiting.
 * Every simulated hour the engine's renewal sweep runs (renewDueSubscriptions, what the
 * renew-subscriptions job runs on its cron); every third simulated day a batch of lifecycle
 * notifications (reauthorizationRequired, subscriptionRemoved, missed) goes to the real receiver
 * over HTTP, and its jobs run on pg-boss before the clock moves on. The first subscription is
 * created through the engine (validation handshakes and all); the others are seeded in Graph and in
 * the store as that creation leaves them, all expiring together: renewals come in one wave.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import type { Subscription } from '../../src/emulators/graph/subscription-store';
import { createAppOnlyTokenProvider, GraphClient } from '../../src/server/graph';
import { createJobQueue } from '../../src/server/jobs';
import { hashSecret, openStore } from '../../src/server/store';
import {
  createGraphAccess,
  createNotificationInbox,
  createSyncContext,
  createSyncMetrics,
  ensureCalendarSync,
  handleLifecycleEvent,
  registerGraphReceiver,
  renewDueSubscriptions,
  resolveSyncOptions,
  resyncMailbox,
  SYNC_JOBS,
  type NotificationInbox,
} from '../../src/server/sync';
import { resyncMailboxJob, subscriptionLifecycleJob } from '../../src/server/sync/sync-jobs';
import { WebexClient } from '../../src/server/webex/webex-client';
import { sleep, waitUntil } from './bounded';
import { topTexts } from '../world/db-statement-tally';
import type { FigureGroup } from './figure-group';
import { freePort } from '../world/free-port';
import { injectFetch } from './inject-fetch';
import { countStatementsIn } from './statement-scope';
import { ADDIN_ID, startWorld } from '../world/world';
import { benchTenant } from './bench-directory';

/**
 * The population docs/architecture.md#bench-figures names: about 60,000 renewals in 30 days, each
 * a PATCH through the product's GraphClient to the Graph emulator, in about a minute of CPU (the
 * group's time is in inputs.subscriptions: seeding_seconds, simulation_seconds). Another is run
 * with BENCH_SUBSCRIPTION_USERS (a sample larger than the sweep's batch, 1,000, still makes
 * renewals queue across sweeps as they do for 10,000).
 */
const USERS = Number(process.env.BENCH_SUBSCRIPTION_USERS ?? 10_000);
const DAYS = 30;
/** The product sweeps every 15 minutes; sweeping hourly here can only make a lapse likelier. */
const TICK_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
const LIFETIME_MINUTES = 10_080;
const FAULT_RATE = 0.01;
/** Lifecycle notifications come in a batch every few simulated days (each batch waits for its jobs in real time). */
const LIFECYCLE_EVERY_DAYS = 3;
const LIFECYCLE_PER_BATCH = 30;
const LIFECYCLE_MIX: readonly { event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'; share: number }[] = [
  { event: 'reauthorizationRequired', share: 0.4 },
  { event: 'subscriptionRemoved', share: 0.3 },
  { event: 'missed', share: 0.3 },
];

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

function pickLifecycleEvent(random: number): 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed' {
  let acc = 0;
  for (const { event, share } of LIFECYCLE_MIX) {
    acc += share;
    if (random < acc) return event;
  }
  return 'missed';
}

export const subscriptionFigures: FigureGroup = {
  name: 'subscriptions',
  figureNames: ['renewals_per_sub_day', 'lapsed_subscriptions'],

  async run({ workDir, log }) {
    const started = Date.now();
    let simNow = Math.ceil(Date.now() / TICK_MS) * TICK_MS;
    const simStart = simNow;
    const { tenant, mailboxes } = benchTenant(USERS);
    // The emulators only: the engine's subscription side is composed here, on the simulated clock.
    const world = await startWorld({
      tenants: [tenant],
      identity: { adminConsent: true },
      graph: {
        now: () => simNow,
        maxSubscriptionMinutes: LIFETIME_MINUTES,
        notifications: { batchWindowMs: 5, retryBaseMs: 50, retryMaxDelayMs: 500 },
      },
      backend: 'none',
    });
    const port = await freePort();
    const config = world.backendConfig({ port, dataDir: join(workDir, 'data') });
    const store = await openStore({ ...config, inMemory: true });
    // What the renewal sweeps send to the database, apart from the job queue's polling meanwhile.
    const sweepStatements = countStatementsIn(store.db);
    const queue = createJobQueue(store.db, { jobs: SYNC_JOBS, pollingIntervalSeconds: 0.5 });
    const receiver = Fastify();
    let inbox: NotificationInbox | undefined;
    try {
      await queue.start();
      const simClock = {
        now: () => simNow,
        // Waiting out a Retry-After or a back-off moves the simulated clock, not the real one.
        sleep: async (ms: number) => {
          simNow += ms;
          await new Promise((r) => setImmediate(r));
        },
      };
      const graph = new GraphClient({
        baseUrl: config.microsoft.graphBaseUrl,
        tokens: createAppOnlyTokenProvider(config.microsoft),
        clock: simClock,
        // Graph requests go to the emulator's routes in this process, not through a socket (inject-fetch.ts).
        fetch: injectFetch(world.graph.app, config.microsoft.graphBaseUrl),
      });
      // Only the subscription side of the engine runs here, on the simulated clock: its own
      // composition of what src/server/compose.ts builds for the whole backend.
      const logger = pino({ level: 'silent' });
      const metrics = createSyncMetrics();
      // Lifecycle jobs run at once (no coalescing window) so that the simulated clock need not wait.
      const options = resolveSyncOptions({
        addinId: ADDIN_ID,
        publicBaseUrl: `http://localhost:${port}`,
        coalesceSeconds: 0,
        subscriptionLifetimeMinutes: LIFETIME_MINUTES,
      });
      inbox = createNotificationInbox({ store, queue, metrics, logger, coalesceSeconds: options.coalesceSeconds });
      const ctx = createSyncContext({
        store,
        queue,
        graph,
        access: createGraphAccess({ store, microsoft: config.microsoft }),
        webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl }),
        webexActor: () => Promise.reject(new Error('no Webex in the subscription simulation')),
        inbox,
        metrics,
        mailboxLimits: {},
        logger,
        options,
        clock: () => new Date(simNow),
        checkpoint: () => undefined,
      });
      await registerGraphReceiver(receiver, ctx);
      await receiver.listen({ host: '127.0.0.1', port });
      // What the receiver stores becomes jobs.
      inbox.start();

      let inFlight = 0;
      let lifecycleHandled = 0;
      const guarded = async (work: () => Promise<unknown>) => {
        inFlight += 1;
        try {
          await work();
        } finally {
          inFlight -= 1;
        }
      };
      // A worker fetches its next job as soon as it finishes one, so a few drain a batch quickly;
      // idle ones poll the embedded database, which many would keep busy for nothing.
      const concurrency = 4;
      await queue.work(
        subscriptionLifecycleJob,
        (payload) =>
          guarded(async () => {
            await handleLifecycleEvent(ctx, payload);
            lifecycleHandled += 1;
          }),
        { concurrency },
      );
      await queue.work(resyncMailboxJob, (payload) => guarded(() => resyncMailbox(ctx, payload)), { concurrency });

      // Graph's expiry sweep is where a subscription lapses: count what it removes.
      let lapsed = 0;
      const sweep = world.graph.subscriptions.sweep.bind(world.graph.subscriptions);
      world.graph.subscriptions.sweep = () => {
        const expired = sweep();
        lapsed += expired.length;
        return expired;
      };

      const tenantId = tenant.id;
      await store.tenants.upsert({ id: tenantId, mode: 'admin' });
      log(`seeding ${USERS} users' subscriptions (the first through Graph's handshake)…`);
      const [first, ...rest] = mailboxes;
      if (!first) throw new Error('no users');
      const created = await ensureCalendarSync(ctx, { tenantId, userId: first.id });
      const template = world.graph.subscriptions.get(created.subscriptionId) as Subscription;
      const seeded = rest.map((user) => {
        const clientState = randomBytes(32).toString('base64url');
        const sub = world.graph.subscriptions.add({
          ...template,
          resource: `users/${user.id}/events`,
          mailboxId: user.id.toLowerCase(),
          clientState,
          expiration: template.expiration,
          createdAt: simNow,
        });
        return { userId: user.id, sub, clientState };
      });
      // The rows upsertUser and saveSubscription leave, in two statements (one by one, their 40,000
      // statements took most of the seeding); the store then recognises a seeded clientState.
      await store.transaction(async (tx) => {
        await tx.db.query(`INSERT INTO users (tenant_id, user_id) SELECT $1, unnest($2::text[])`, [tenantId, seeded.map((s) => s.userId)]);
        await tx.db.query(
          `INSERT INTO subscriptions (id, tenant_id, user_id, resource, expires_at, client_state_hash)
           SELECT id, $1, user_id, resource, expires_at, client_state_hash
           FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS s (id, user_id, resource, expires_at, client_state_hash)`,
          [
            tenantId,
            seeded.map((s) => s.sub.id),
            seeded.map((s) => s.userId),
            seeded.map((s) => s.sub.resource),
            seeded.map((s) => new Date(s.sub.expiration)),
            seeded.map((s) => hashSecret(s.clientState)),
          ],
        );
      });
      const sample = seeded.at(-1);
      if (sample && !(await store.subscriptions.verifyClientState(sample.sub.id, sample.clientState)))
        throw new Error('a seeded subscription is not as saveSubscription stores one');
      const seedSeconds = Math.round((Date.now() - started) / 1000);

      world.graph.faults.push(
        { id: 'bench-429', status: 429, retryAfter: 1, rate: FAULT_RATE / 2 },
        { id: 'bench-503', status: 503, rate: FAULT_RATE / 2 },
      );
      const graphMark = world.graphRequests.mark();
      const lifecycleSent: Record<string, number> = {};
      let sweepsFailed = 0;
      let mostSweepStatements = 0;
      let sweepMs = 0;
      let lifecycleMs = 0;
      const random = mulberry32(0x5eed);
      const sweeps = DAYS * (DAY_MS / TICK_MS);
      log(`simulating ${DAYS} days in ${sweeps} renewal sweeps…`);
      const simStarted = Date.now();
      for (let day = 0; day < DAYS; day++) {
        const lifecycleTick = day % LIFECYCLE_EVERY_DAYS === 1 ? Math.floor(random() * (DAY_MS / TICK_MS)) : -1;
        for (let tick = 0; tick < DAY_MS / TICK_MS; tick++) {
          simNow = Math.max(simNow, simStart + day * DAY_MS + tick * TICK_MS);
          world.graph.subscriptions.sweep();
          const sweepStarted = Date.now();
          const { value: report, statements } = await sweepStatements.during(() => renewDueSubscriptions(ctx));
          sweepMs += Date.now() - sweepStarted;
          sweepsFailed += report.failed;
          mostSweepStatements = Math.max(mostSweepStatements, statements);
          if (tick === lifecycleTick) {
            const lifecycleStarted = Date.now();
            const rows = await store.db.query<{ id: string }>(
              `SELECT id FROM subscriptions WHERE state <> 'removed' ORDER BY random() LIMIT ${LIFECYCLE_PER_BATCH}`,
            );
            for (const { id } of rows) {
              const event = pickLifecycleEvent(random());
              if (world.graph.notifier.sendLifecycle(id, event).sent) lifecycleSent[event] = (lifecycleSent[event] ?? 0) + 1;
            }
            await world.graph.notifier.flush();
            const expected = ctx.metrics.total('lifecycle_received');
            await waitUntil(
              'the lifecycle jobs',
              async () => {
                const waiting = (await queue.queueSize(subscriptionLifecycleJob)) + (await queue.queueSize(resyncMailboxJob));
                return waiting === 0 && inFlight === 0 && lifecycleHandled >= expected ? true : undefined;
              },
              20_000,
              25,
            );
            lifecycleMs += Date.now() - lifecycleStarted;
          }
        }
        if (day % 5 === 4)
          log(`day ${day + 1}: ${ctx.metrics.get('subscriptions', { op: 'renew', outcome: 'ok' })} renewals, ${lapsed} lapsed`);
      }
      simNow = simStart + DAYS * DAY_MS;
      world.graph.subscriptions.sweep();
      await sleep(0);

      const renewals = ctx.metrics.get('subscriptions', { op: 'renew', outcome: 'ok' });
      const requests = world.graphRequests.since(graphMark);
      const live = new Set(world.graph.subscriptions.all().map((s) => s.mailboxId));
      const subscriptionDays = USERS * DAYS;
      return {
        figures: {
          renewals_per_sub_day: round(renewals / subscriptionDays),
          lapsed_subscriptions: lapsed,
        },
        inputs: {
          users: USERS,
          simulated_days: DAYS,
          sweep_every_simulated_minutes: TICK_MS / 60_000,
          population_note:
            USERS < 10_000
              ? `a sample of ${USERS} users (BENCH_SUBSCRIPTION_USERS; the default is the full population of docs/architecture.md)`
              : 'the full population',
          subscription_lifetime_minutes: LIFETIME_MINUTES,
          renew_when_remaining: ctx.options.renewWhenRemaining,
          renewals,
          subscription_operations: Object.fromEntries(
            Object.entries(ctx.metrics.snapshot()).filter(([k]) => k.startsWith('subscriptions')),
          ),
          graph_patch_subscription_requests: requests.filter((r) => r.method === 'PATCH' && r.url.includes('/subscriptions/')).length,
          graph_requests: requests.length,
          injected_faults: { rate: FAULT_RATE, answered: world.graph.faultCounters.injected },
          lifecycle_notifications_sent: lifecycleSent,
          lifecycle_received_by_backend: ctx.metrics.total('lifecycle_received'),
          resyncs: ctx.metrics.total('resyncs'),
          renewal_sweep_failures: sweepsFailed,
          renewal_sweeps: sweeps,
          sweep_db_statements: {
            total: sweepStatements.counts.statements,
            per_sweep: round(sweepStatements.counts.statements / sweeps, 1),
            most_in_one_sweep: mostSweepStatements,
            per_renewal: renewals > 0 ? round(sweepStatements.counts.statements / renewals, 3) : null,
            most_sent: topTexts(sweepStatements.counts, 4),
          },
          users_without_live_subscription_at_end: USERS - live.size,
          seeding_seconds: seedSeconds,
          simulation_seconds: Math.round((Date.now() - simStarted) / 1000),
          // Of the simulation: the renewal sweeps, and the lifecycle batches with their jobs.
          sweep_seconds: Math.round(sweepMs / 1000),
          lifecycle_seconds: Math.round(lifecycleMs / 1000),
          clock: 'simulated: Graph emulator, engine clock and Graph client sleeps share it; pg-boss and token lifetimes run on real time',
        },
      };
    } finally {
      await receiver.close();
      await inbox?.stop();
      await queue.stop({ timeoutMs: 2_000 });
      await store.close();
      await world.close();
    }
  },
};

/** A small seeded PRNG, so that runs pick the same lifecycle notifications. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
