/**
 * A backend process WITH the sync engine, for the benchmark's crash figure and the fault suite:
 * src/server/main.ts's startBackend does not run the Graph receiver or the sync workers yet (the
 * wiring is under way in app.ts/main.ts), so this entry assembles the same pieces main.ts does
 * (config from the environment, store, job queue, counted Graph and Webex clients, buildApp) and
 * adds the sync engine the way test/integration/sync/sync-stack.ts does: the receiver on /graph,
 * the sync workers, the counters on /metrics. When main.ts runs the sync engine itself, spawn it
 * instead (backend-process.ts names the entry).
 *
 *   tsx scripts/bench/sync-backend-process.ts      (environment as for src/server/main.ts, plus:)
 *   SYNC_OPTIONS_JSON   SyncOptions overrides (coalesceSeconds, syncConcurrency...)
 *   SYNC_SUBSCRIBE_FILE a JSON array of user ids whose calendars to sync at start (ensureCalendarSync)
 *   SYNC_CRASH_AT_STEP  kill -9 this process the first time a job reaches that checkpoint
 *
 * Prints one line `{"code":"backend_listening","url":...}` on stdout when it listens and its
 * subscriptions are in place; SIGTERM stops it gracefully, as main.ts does.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { createAppOnlyTokenProvider, GraphClient } from '../../src/server/graph';
import { createJobQueue, type JobQueue } from '../../src/server/jobs';
import { createLogger } from '../../src/server/logging/create-logger';
import { loadConfigOrExit, stopOnSignals } from '../../src/server/main';
import { createBackendMetrics } from '../../src/server/metrics';
import { openStore, type Store } from '../../src/server/store';
import {
  createSyncContext,
  createSyncMetrics,
  createSyncWorkers,
  ensureCalendarSync,
  registerGraphReceiver,
  SYNC_JOBS,
  type SyncOptions,
} from '../../src/server/sync';
import { WebexClient } from '../../src/server/webex/webex-client';
import { WebexOAuth } from '../../src/server/webex/webex-oauth';

/** The add-in's manifest <Id>: its custom properties carry the marker. */
export const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';

function syncOverrides(): Partial<SyncOptions> {
  const raw = process.env.SYNC_OPTIONS_JSON;
  return raw ? (JSON.parse(raw) as Partial<SyncOptions>) : {};
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const crashAt = process.env.SYNC_CRASH_AT_STEP;
  const store: Store = await openStore(config);
  const queue: JobQueue = createJobQueue(store.db, {
    jobs: SYNC_JOBS,
    onError: (err, context) => logger.warn({ err, code: (err as { code?: string }).code, queue: context.queue, jobId: context.jobId }, 'job failed'),
  });
  await queue.start();

  const syncMetrics = createSyncMetrics();
  const metrics = createBackendMetrics({ db: store.db, syncExposition: () => syncMetrics.toPrometheus() });
  const webex = new WebexClient({ baseUrl: config.webex.apiBaseUrl, fetch: metrics.countingFetch('webex') });
  const webexOAuth = new WebexOAuth({
    baseUrl: config.webex.apiBaseUrl,
    clientId: config.webex.clientId,
    clientSecret: config.webex.clientSecret,
    redirectUri: `${config.publicBaseUrl}/auth/webex/callback`,
    scopes: config.webex.scopes,
    fetch: metrics.countingFetch('webex'),
  });
  const identityFetch = metrics.countingFetch('identity');
  const graph = new GraphClient({
    baseUrl: config.microsoft.graphBaseUrl,
    tokens: createAppOnlyTokenProvider(config.microsoft, { fetch: identityFetch }),
    fetch: metrics.countingFetch('graph'),
  });
  const ctx = createSyncContext({
    config,
    store,
    queue,
    graph,
    webex,
    webexOAuth,
    logger,
    metrics: syncMetrics,
    options: { addinId: ADDIN_ID, publicBaseUrl: config.publicBaseUrl, ...syncOverrides() },
    msalOptions: { fetch: identityFetch },
    checkpoint: (step) => {
      // A real crash at a known point: no finally block, no graceful stop.
      if (step === crashAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  const app: FastifyInstance = await buildApp({
    config,
    store,
    webex,
    webexOAuth,
    graph,
    logger,
    metrics,
    graphAccess: ctx.access,
    msalPoolOptions: { fetch: identityFetch },
    onCalendarAvailable: async (tenantId, userId) => {
      await ensureCalendarSync(ctx, { tenantId, userId });
    },
  });
  await registerGraphReceiver(app, ctx);
  const url = await app.listen({ host: config.host, port: config.port });
  const workers = createSyncWorkers(ctx);
  await workers.start();

  const subscribeFile = process.env.SYNC_SUBSCRIBE_FILE;
  if (subscribeFile) {
    const tenant = (await store.listTenants())[0];
    const userIds = JSON.parse(readFileSync(subscribeFile, 'utf8')) as string[];
    if (tenant) {
      // A few at a time: each creation waits for Graph's validation handshakes with this process.
      for (let i = 0; i < userIds.length; i += 8) {
        await Promise.all(userIds.slice(i, i + 8).map((userId) => ensureCalendarSync(ctx, { tenantId: tenant.id, userId })));
      }
    }
  }

  process.stdout.write(`${JSON.stringify({ code: 'backend_listening', url, pid: process.pid })}\n`);
  stopOnSignals(
    {
      app,
      url,
      async stop() {
        await app.close();
        await workers.stop();
        await queue.stop({ timeoutMs: 12_000 });
        await store.close();
      },
    },
    logger,
  );
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
