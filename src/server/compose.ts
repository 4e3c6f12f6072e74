/**
 * The composition root: from the configuration and the outside world (a logger, a clock, and for
 * tests an open store or clients of their own), builds every service of the backend once and hands
 * each what it needs. The modules it wires take their dependencies as required arguments and build
 * no default of their own (docs/architecture.md#wiring).
 *
 * composeBackend builds, in this order:
 *  1. the store (opened, migrations run), unless one is given;
 *  2. the job queue, started with SYNC_JOBS declared (the Graph receiver enqueues inside its transaction);
 *  3. the counters (the sync engine's and /metrics'), then the outbound clients counting into them —
 *     Graph with the app-only token provider, Webex, Webex OAuth, MSAL's fetch of the token endpoint —
 *     and on them the per-user Graph tokens, the users' Webex tokens, the host-email resolver and who
 *     acts in Webex for a user, one of each for the app and the sync engine (composeAppServices);
 *  4. the notification inbox, the sync context, the sync workers;
 *  5. the HTTP app (buildApp) with the Graph receiver on /graph.
 * Nothing runs in the background until start(): the workers take jobs and the periodic sweeps are
 * scheduled, then the inbox's drainer turns what the receiver stored into jobs. stop() undoes it in
 * reverse: the app stops taking requests and finishes those under way, the drainer finishes its
 * drain, the workers finish their jobs (at most jobDrainTimeoutMs; the rest are failed and retried
 * by any replica), the job queue stops, and the store closes when it was opened here.
 *
 * Listening, the start-up check of the subscriptions and the signals are main.ts's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createHostEmailResolver } from './admin/host-email-resolver';
import { recordedSyncErrors } from './admin/sync-error-source';
import { buildApp, type AppDeps } from './app';
import type { Config } from './config';
import { toError } from './errors';
import { createAppOnlyTokenProvider, GraphClient } from './graph';
import { readinessChecks } from './http/readiness-checks';
import { createJobQueue, type JobQueue } from './jobs';
import { createWebexActorResolver } from './meetings/webex-actor';
import { createBackendMetrics, type OutboundService } from './metrics';
import { createOutboundFetch } from './outbound/outbound-fetch';
import { openStore, type Store, type StoredWebexGrant } from './store';
import { startEmbeddedVacuum, type EmbeddedVacuum } from './store/embedded-vacuum';
import {
  addinIdOfManifest,
  createGraphAccess,
  createNotificationInbox,
  createSyncContext,
  createSyncMetrics,
  createSyncWorkers,
  ensureCalendarSync,
  registerGraphReceiver,
  resolveSyncOptions,
  SYNC_JOBS,
  syncEvent,
  type GraphAccess,
  type NotificationInbox,
  type SyncContext,
  type SyncMetrics,
  type SyncOptions,
  type SyncWorkers,
} from './sync';
import { getWebexAccessToken } from './webex/webex-access-token';
import { WebexClient } from './webex/webex-client';
import { webexIntegrationOf, WebexOAuth } from './webex/webex-oauth';

/** What the backend is composed against that the configuration does not say. */
export interface World {
  logger: Logger;
  /** Current time (tests move it). */
  clock: () => Date;
  /** An open store (tests: PGlite in memory); without it the configuration's is opened, and closed by stop(). */
  store?: Store;
  /** Clients in place of those built from the configuration (tests: fewer retries, the emulators' Webex tokens). */
  clients?: Partial<Clients>;
}

/** The outside services' clients, and the token sources built on them. */
export interface Clients {
  /** Microsoft Graph with the app-only token provider. */
  graph: GraphClient;
  webex: WebexClient;
  webexOAuth: WebexOAuth;
  /** Per-user Graph tokens (delegated: MSAL on-behalf-of, its cache sealed in the store). */
  graphAccess: GraphAccess;
  /** The user's Webex access token: the stored grant's (or the one a job read), refreshed near expiry. */
  webexAccessToken: (tenantId: string, userId: string, knownGrant?: StoredWebexGrant) => Promise<string>;
}

/** What buildApp is given, with the concrete clients the sync engine shares. */
export type AppServices = Omit<AppDeps, keyof Clients> & Clients;

export interface ComposeOptions {
  /** The sync engine's settings over its defaults (the benchmark: coalescing, concurrency). */
  sync?: Partial<SyncOptions>;
  /** Called at named steps of the sync jobs (the fault suite's crash: see sync-event.ts). */
  checkpoint?: (step: string) => void | Promise<void>;
  /** How often an idle worker looks for jobs (default 2 s). */
  pollingIntervalSeconds?: number;
  /** Time between two vacuums of the embedded database (default one hour; store/embedded-vacuum.ts). */
  embeddedVacuumIntervalMs?: number;
  /** How long running jobs get to finish on stop (default 12 s); the rest are failed and retried. */
  jobDrainTimeoutMs?: number;
  /**
   * Changes to what buildApp is given, before it builds the app (tests: no pauses between consent
   * checks, a suite's own clock or readiness checks). The sync engine keeps the services as composed.
   */
  adjustAppDeps?: (deps: AppDeps) => void;
}

/** Every service of the backend, each built once. */
export interface Services extends AppServices {
  queue: JobQueue;
  /** The sync engine's counters (also shown on /metrics). */
  syncMetrics: SyncMetrics;
  /** What the Graph receiver acknowledged, on its way to becoming jobs; its drainer runs from start() to stop(). */
  inbox: NotificationInbox;
  sync: SyncContext;
  workers: SyncWorkers;
}

/** composed: built, nothing running; start() makes it running; stop() (once, from any state) makes it stopped. */
export type BackendState = 'composed' | 'starting' | 'running' | 'stopping' | 'stopped';

export interface Backend {
  services: Services;
  /** The HTTP app with every route and the Graph receiver; not listening. */
  app: FastifyInstance;
  readonly state: BackendState;
  /** Starts the workers, then the inbox's drainer; only from 'composed'. */
  start(): Promise<void>;
  /** Stops the app, the drainer, the workers, the job queue, then the store (when it was opened here); a second call waits for the first. */
  stop(): Promise<void>;
}

/** How long running jobs get to finish on stop; the rest are failed and retried (by any replica). Within main.ts's STOP_TIMEOUT_MS. */
const JOB_DRAIN_TIMEOUT_MS = 12_000;

const MANIFEST_TEMPLATE = join(__dirname, '..', '..', 'manifest.xml');

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

/**
 * The app's services, built from the configuration on an open store: what composeBackend hands
 * buildApp, and what tests of the HTTP surface alone give it (with their changes) when they run no
 * sync engine. `syncMetrics` are shown on /metrics when the engine runs; `fetch` is what the
 * outbound clients send with (composeBackend's pool, src/server/outbound/outbound-fetch.ts; the
 * platform's fetch when not given).
 */
export function composeAppServices(
  config: Config,
  store: Store,
  world: World,
  shared: { syncMetrics?: SyncMetrics; fetch?: typeof fetch } = {},
): AppServices {
  const { logger, clock } = world;
  const given = world.clients ?? {};
  const { syncMetrics } = shared;
  // Counted for /metrics: every call to Webex, Graph and the Microsoft token endpoint.
  const metrics = createBackendMetrics({ db: store.db, jobSchema: config.jobSchema, clock, ...(syncMetrics ? { syncMetrics } : {}) });
  const counted = (service: OutboundService) => metrics.countingFetch(service, shared.fetch);
  const msalPoolOptions = { fetch: counted('identity') };
  const graph =
    given.graph ??
    new GraphClient({
      baseUrl: config.microsoft.graphBaseUrl,
      tokens: createAppOnlyTokenProvider(config.microsoft, msalPoolOptions),
      fetch: counted('graph'),
    });
  const webex = given.webex ?? new WebexClient({ baseUrl: config.webex.apiBaseUrl, fetch: counted('webex') });
  const webexOAuth = given.webexOAuth ?? new WebexOAuth({ ...webexIntegrationOf(config), fetch: counted('webex') });
  const graphAccess = given.graphAccess ?? createGraphAccess({ store, microsoft: config.microsoft, poolOptions: msalPoolOptions });
  const webexAccessToken =
    given.webexAccessToken ??
    ((tenantId: string, userId: string, knownGrant?: StoredWebexGrant) =>
      getWebexAccessToken(store.webexGrants, webexOAuth, tenantId, userId, clock(), knownGrant));
  // Admin mode with an organization token: meetings are scheduled for the user's address, read from Graph.
  const hostEmails = createHostEmailResolver({ graph, clock });
  const webexActor = createWebexActorResolver({
    store,
    serviceToken: config.webex.serviceToken,
    hostEmailFor: hostEmails.hostEmailFor,
    personalToken: webexAccessToken,
  });
  return {
    config,
    store,
    logger,
    clock,
    metrics,
    graph,
    webex,
    webexOAuth,
    graphAccess,
    webexAccessToken,
    hostEmails,
    webexActor,
    readinessChecks: readinessChecks(config, store),
    syncErrors: recordedSyncErrors(store, config.jobSchema),
    manifestTemplate: readFileSync(MANIFEST_TEMPLATE, 'utf8'),
    msalPoolOptions,
  };
}

/** Builds the whole backend once (see the top of this file); nothing runs until start(). */
export async function composeBackend(config: Config, world: World, options: ComposeOptions = {}): Promise<Backend> {
  const { logger, clock } = world;
  const store =
    world.store ??
    (await openStore({
      ...config,
      schema: config.databaseSchema,
      onDbError: (err) => logger.warn({ err, code: 'database_connection_dropped' }, 'an idle database connection was dropped'),
      onDbRetry: (err, attempt) =>
        logger.warn({ err, code: 'database_reconnecting', attempt }, 'the database connection was lost: trying again'),
    }));
  const closeStore = world.store === undefined ? () => store.close() : async () => undefined;
  // One pool of connections to the outside services for every client (src/server/outbound/outbound-fetch.ts).
  const outbound = createOutboundFetch();
  let queue: JobQueue | undefined;
  try {
    queue = await startJobQueue(() =>
      createJobQueue(store.db, {
        schema: config.jobSchema,
        // Declared up front: the Graph receiver enqueues inside its transaction.
        jobs: SYNC_JOBS,
        ...(options.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
        onError: (err, context) =>
          logger.error({ err, code: (err as { code?: string }).code, queue: context.queue, jobId: context.jobId }, 'job failed'),
        onUpgrade: (report) =>
          logger.info(
            { code: 'job_queue_upgraded', ...report },
            'the job queue of pg-boss 10 was moved to the current schema with its unfinished jobs',
          ),
      }),
    );

    const syncMetrics = createSyncMetrics();
    const appServices = composeAppServices(config, store, world, { syncMetrics, fetch: outbound.fetch });
    const syncOptions = resolveSyncOptions({
      // The add-in id whose custom properties carry the marker: ADDIN_ID, else the template manifest's.
      addinId: config.manifest.appId ?? addinIdOfManifest(appServices.manifestTemplate),
      publicBaseUrl: config.publicBaseUrl,
      ...options.sync,
    });
    const inbox = createNotificationInbox({ store, queue, metrics: syncMetrics, logger, coalesceSeconds: syncOptions.coalesceSeconds });
    const sync = createSyncContext({
      store,
      queue,
      graph: appServices.graph,
      access: appServices.graphAccess,
      webex: appServices.webex,
      webexActor: appServices.webexActor,
      inbox,
      metrics: syncMetrics,
      // Graph's per-mailbox limits are the app's, whichever replica calls: each keeps its share.
      mailboxLimits: { replicas: config.replicas },
      logger,
      options: syncOptions,
      clock,
      checkpoint: options.checkpoint ?? (() => undefined),
    });
    const workers = createSyncWorkers(sync);

    const appDeps: AppDeps = {
      ...appServices,
      onCalendarAvailable: async (tenantId, userId, userAssertion) => {
        await ensureCalendarSync(sync, { tenantId, userId, userAssertion });
      },
      retrySync: async (tenantId, userId, eventId) => {
        await syncEvent(sync, { tenantId, userId, eventId, changeType: 'resync', retry: true });
      },
    };
    options.adjustAppDeps?.(appDeps);
    const app = await buildApp(appDeps);
    await registerGraphReceiver(app, sync);

    const runningQueue = queue;
    const jobDrainTimeoutMs = options.jobDrainTimeoutMs ?? JOB_DRAIN_TIMEOUT_MS;
    let state: BackendState = 'composed';
    let stopped: Promise<void> | undefined;
    let vacuum: EmbeddedVacuum | undefined;
    return {
      services: { ...appServices, queue: runningQueue, syncMetrics, inbox, sync, workers },
      app,
      get state() {
        return state;
      },
      async start() {
        if (state !== 'composed') throw new Error(`the backend cannot start: it is ${state}`);
        state = 'starting';
        await workers.start();
        inbox.start();
        // The embedded database has no autovacuum (store/embedded-vacuum.ts); a Postgres server has its own.
        if (state === 'starting')
          vacuum = startEmbeddedVacuum({
            db: store.db,
            schemas: [store.db.schema ?? 'public', config.jobSchema],
            ...(options.embeddedVacuumIntervalMs === undefined ? {} : { intervalMs: options.embeddedVacuumIntervalMs }),
            onError: (err) => logger.warn({ err, code: 'embedded_vacuum_failed' }, 'the embedded database could not be vacuumed'),
          });
        // A stop() called meanwhile has already moved the state on.
        if (state === 'starting') state = 'running';
      },
      stop() {
        stopped ??= (async () => {
          state = 'stopping';
          // Stop taking requests and finish the ones under way (the receiver's appends among them);
          // then let the drain and the running jobs finish (or fail them, to be retried); then close.
          await app.close();
          const drainDeadline = Date.now() + jobDrainTimeoutMs;
          await atMost(
            jobDrainTimeoutMs,
            (async () => {
              await inbox.stop();
              await workers.stop();
            })(),
          );
          await runningQueue.stop({ timeoutMs: Math.max(1_000, drainDeadline - Date.now()) });
          await vacuum?.stop();
          await outbound.close();
          await closeStore();
          state = 'stopped';
        })();
        return stopped;
      },
    };
  } catch (thrown) {
    await queue?.stop({ timeoutMs: 1_000 }).catch(() => undefined);
    await outbound.close().catch(() => undefined);
    await closeStore().catch(() => undefined);
    throw toError(thrown);
  }
}
