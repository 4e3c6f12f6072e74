/**
 * The backend process: reads the configuration (a bad one prints which variable to fix and exits
 * 1), opens the store (migrations run), starts the job queue, builds the clients, the app and the
 * sync engine (the Graph receiver on /graph, its workers, a user's calendar followed as soon as the
 * backend may read it), listens, then checks the subscriptions it holds against Graph. SIGTERM or
 * SIGINT stops it gracefully: the server stops taking requests and finishes the ones under way,
 * then the workers finish their jobs, then the job queue drains, then the store closes.
 *
 * `npx tsx src/server/main.ts` with no environment runs in local mode against the emulators, with
 * the embedded database under .data/; if the emulators are down it still starts (/readyz says so).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { loadConfigOrExit, type Config } from './config';
import { createAppOnlyTokenProvider, GraphClient } from './graph';
import { createJobQueue, type JobQueue } from './jobs';
import { createLogger } from './logging/create-logger';
import { createBackendMetrics, type BackendMetrics } from './metrics';
import { isConnectionLost, openStore, type Store } from './store';
import {
  addinIdOfManifest,
  createSyncContext,
  createSyncMetrics,
  createSyncWorkers,
  ensureCalendarSync,
  registerGraphReceiver,
  SYNC_JOBS,
  syncEvent,
  verifySubscriptionsAtStartup,
  type StartupReport,
  type SyncContext,
  type SyncOptions,
  type SyncWorkers,
} from './sync';
import { WebexClient } from './webex/webex-client';
import { webexIntegrationOf, WebexOAuth } from './webex/webex-oauth';
import { toError } from './errors';

export interface RunningBackend {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:3001. */
  url: string;
  /** The sync engine's context (store, queue, counters): e.g. ensureCalendarSync(backend.sync, ...). */
  sync: SyncContext;
  /** The start-up check of the subscriptions against Graph; resolves undefined when it failed (logged, never thrown). */
  startupCheck: Promise<StartupReport | undefined>;
  /** Stops the server, then the workers, then the job queue, then the store. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** The sync engine's settings over its defaults (the benchmark: coalescing, concurrency). */
  sync?: Partial<SyncOptions>;
  /** Called at named steps of the sync jobs (tests and the benchmark's crash: see sync-context.ts). */
  checkpoint?: (step: string) => void | Promise<void>;
}

/** How long a graceful stop may take before the process gives up on it. */
const STOP_TIMEOUT_MS = 20_000;
/** How long running jobs get to finish on stop; the rest are failed and retried (by any replica). Within STOP_TIMEOUT_MS. */
const JOB_DRAIN_TIMEOUT_MS = 12_000;

/** The outbound clients, each counting its calls into the metrics of /metrics. */
function createClients(config: Config, metrics: BackendMetrics) {
  const identityFetch = metrics.countingFetch('identity');
  return {
    identityFetch,
    webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, fetch: metrics.countingFetch('webex') }),
    webexOAuth: new WebexOAuth({ ...webexIntegrationOf(config), fetch: metrics.countingFetch('webex') }),
    graph: new GraphClient({
      baseUrl: config.microsoft.graphBaseUrl,
      tokens: createAppOnlyTokenProvider(config.microsoft, { fetch: identityFetch }),
      fetch: metrics.countingFetch('graph'),
    }),
  };
}

/** The add-in id whose custom properties carry the marker: ADDIN_ID, else the template manifest's. */
function addinIdOf(config: Config): string {
  return config.manifest.appId ?? addinIdOfManifest(readFileSync(join(__dirname, '..', '..', 'manifest.xml'), 'utf8'));
}

// Postgres's answers when two processes create the same schema, type, table or partition at once.
const CONCURRENT_INSTALL = new Set(['23505', '42P06', '42710', '42P07', '40P01']);

/**
 * Starts the job queue. Replicas starting together on a new database all install pg-boss's tables
 * and queues; pg-boss serializes its install with an advisory lock, but the later one's catalog
 * lookups may not see the first one's schema yet, and creating the same queues' partitions at
 * once can deadlock. The one that lost tries again, and then finds everything in place.
 */
async function startJobQueue(make: () => JobQueue): Promise<JobQueue> {
  for (let attempt = 1; ; attempt++) {
    const queue = make();
    try {
      await queue.start();
      return queue;
    } catch (thrown) {
      await queue.stop({ timeoutMs: 1_000 }).catch(() => undefined);
      if (attempt >= 4 || !CONCURRENT_INSTALL.has(String((thrown as { code?: unknown }).code))) throw toError(thrown);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 300));
    }
  }
}

/** Waits for `work`, or for `ms`, whichever comes first. */
async function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export async function startBackend(config: Config, logger: Logger, options: BackendOptions = {}): Promise<RunningBackend> {
  const store: Store = await openStore({
    ...config,
    schema: config.databaseSchema,
    onDbError: (err) => logger.warn({ err, code: 'database_connection_dropped' }, 'an idle database connection was dropped'),
    onDbRetry: (err, attempt) =>
      logger.warn({ err, code: 'database_reconnecting', attempt }, 'the database connection was lost: trying again'),
  });
  let queue: JobQueue | undefined;
  let app: FastifyInstance | undefined;
  let workers: SyncWorkers | undefined;
  let stopping = false;
  try {
    queue = await startJobQueue(() =>
      createJobQueue(store.db, {
        schema: config.jobSchema,
        // Declared up front: the Graph receiver enqueues inside its transaction.
        jobs: SYNC_JOBS,
        onError: (err, context) =>
          logger.error({ err, code: (err as { code?: string }).code, queue: context.queue, jobId: context.jobId }, 'job failed'),
        onUpgrade: (report) =>
          logger.info(
            { code: 'job_queue_upgraded', ...report },
            'the job queue of pg-boss 10 was moved to the current schema with its unfinished jobs',
          ),
      }),
    );

    // Counted for /metrics: every call to Webex, Graph and the Microsoft token endpoint, and the sync engine's counters.
    const syncMetrics = createSyncMetrics();
    const metrics = createBackendMetrics({ db: store.db, jobSchema: config.jobSchema, syncMetrics });
    const { webex, webexOAuth, graph, identityFetch } = createClients(config, metrics);
    const sync = createSyncContext({
      config,
      store,
      queue,
      graph,
      webex,
      webexOAuth,
      logger,
      metrics: syncMetrics,
      options: { addinId: addinIdOf(config), publicBaseUrl: config.publicBaseUrl, ...options.sync },
      // Graph's per-mailbox limits are the app's, whichever replica calls: each keeps its share.
      mailboxLimits: { replicas: config.replicas },
      msalOptions: { fetch: identityFetch },
      checkpoint: options.checkpoint,
    });

    app = await buildApp({
      config,
      store,
      webex,
      webexOAuth,
      graph,
      logger,
      metrics,
      msalPoolOptions: { fetch: identityFetch },
      graphAccess: sync.access,
      onCalendarAvailable: async (tenantId, userId, userAssertion) => {
        await ensureCalendarSync(sync, { tenantId, userId, userAssertion });
      },
      retrySync: async (tenantId, userId, eventId) => {
        await syncEvent(sync, { tenantId, userId, eventId, changeType: 'resync', retry: true });
      },
    });
    await registerGraphReceiver(app, sync);

    workers = createSyncWorkers(sync);
    await workers.start();

    const url = await app.listen({ host: config.host, port: config.port });
    // Subscriptions Graph lost while no replica ran are recreated; not awaited: Graph may be slow or down.
    const startupCheck = verifySubscriptionsAtStartup(sync).then(
      (report) => {
        logger.info({ code: 'subscriptions_verified', ...report }, 'subscriptions checked against Graph');
        return report;
      },
      (thrown: unknown) => {
        if (!stopping)
          logger.warn(
            { err: toError(thrown), code: (thrown as { code?: string }).code ?? 'subscription_check_failed' },
            'subscriptions could not be checked against Graph',
          );
        return undefined;
      },
    );
    const [runningApp, runningQueue, runningWorkers] = [app, queue, workers];
    return {
      app: runningApp,
      url,
      sync,
      startupCheck,
      async stop() {
        stopping = true;
        // Stop taking requests and finish the ones under way; then let running jobs finish (or
        // fail them, to be retried); then close the database.
        await runningApp.close();
        const drainDeadline = Date.now() + JOB_DRAIN_TIMEOUT_MS;
        await atMost(JOB_DRAIN_TIMEOUT_MS, runningWorkers.stop());
        await runningQueue.stop({ timeoutMs: Math.max(1_000, drainDeadline - Date.now()) });
        await store.close();
      },
    };
  } catch (thrown) {
    stopping = true;
    await app?.close().catch(() => undefined);
    await workers?.stop().catch(() => undefined);
    await queue?.stop({ timeoutMs: 1_000 }).catch(() => undefined);
    await store.close().catch(() => undefined);
    throw toError(thrown);
  }
}

/** Stops the backend gracefully on SIGTERM or SIGINT (a second signal exits at once), then exits. */
export function stopOnSignals(backend: Pick<RunningBackend, 'stop'> & Partial<RunningBackend>, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ code: 'backend_forced_stop', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ code: 'backend_stopping', signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ code: 'backend_stop_timeout' }, 'graceful stop took too long: exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timer.unref();
    backend.stop().then(
      () => {
        logger.info({ code: 'backend_stopped' }, 'stopped');
        process.exit(0);
      },
      (thrown: unknown) => {
        logger.error({ err: toError(thrown), code: 'backend_stop_failed' }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * A promise rejected with no one to hear it. The job queue runs statements on timers of its own
 * (pg-boss: heartbeats, its monitor, the completion of a finished job), so when the database stays
 * unreachable longer than the store's reconnect window, such a rejection may reach no caller. It
 * costs nothing lasting — a job left active is failed once its heartbeat lapses and run again, and
 * sync jobs are idempotent — so the process logs it and stays up. Any other unhandled rejection is
 * a bug: logged, and the process exits 1 as Node would (a supervisor restarts it).
 */
export function exitOnUnexpectedRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    const err = toError(reason);
    if (isConnectionLost(reason)) {
      logger.warn(
        { err, code: 'database_unreachable_in_background' },
        'a background database statement failed: the database connection was lost',
      );
      return;
    }
    logger.fatal({ err, code: 'unhandled_rejection' }, 'unhandled promise rejection: exiting');
    process.exit(1);
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  exitOnUnexpectedRejections(logger);
  const backend = await startBackend(config, logger);
  logger.info(
    { url: backend.url, publicBaseUrl: config.publicBaseUrl, mode: config.mode, code: 'backend_listening' },
    `backend listening on ${backend.url}`,
  );
  stopOnSignals(backend, logger);
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
