/**
 * The backend process: reads the configuration (a bad one prints which variable to fix and exits
 * 1), opens the store (migrations run), starts the job queue, builds the clients and the app, and
 * listens. SIGTERM or SIGINT stops it gracefully: the server stops taking requests and finishes
 * the ones under way, then the job queue drains, then the store closes.
 *
 * `npx tsx src/server/main.ts` with no environment runs in local mode against the emulators, with
 * the embedded database under .data/; if the emulators are down it still starts (/readyz says so).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createAppOnlyTokenProvider, GraphClient } from './graph';
import { createJobQueue, type JobQueue } from './jobs';
import { createLogger } from './logging/create-logger';
import { createBackendMetrics } from './metrics';
import { openStore, type Store } from './store';
import { WebexClient } from './webex/webex-client';
import { WebexOAuth } from './webex/webex-oauth';

export interface RunningBackend {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:3001. */
  url: string;
  /** Stops the server, then the job queue, then the store. */
  stop(): Promise<void>;
}

/** How long a graceful stop may take before the process gives up on it. */
const STOP_TIMEOUT_MS = 20_000;
/** How long running jobs get to finish on stop; the rest are failed and retried (by any replica). Within STOP_TIMEOUT_MS. */
const JOB_DRAIN_TIMEOUT_MS = 12_000;

export async function startBackend(config: Config, logger: Logger): Promise<RunningBackend> {
  const store: Store = await openStore(config);
  let queue: JobQueue | undefined;
  try {
    queue = createJobQueue(store.db, {
      onError: (err, context) => logger.error({ err, code: (err as { code?: string }).code, queue: context.queue, jobId: context.jobId }, 'job failed'),
    });
    await queue.start();

    // Counted for /metrics: every call to Webex, Graph and the Microsoft token endpoint.
    const metrics = createBackendMetrics({ db: store.db });
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
    const app = await buildApp({ config, store, webex, webexOAuth, graph, logger, metrics, msalPoolOptions: { fetch: identityFetch } });
    const url = await app.listen({ host: config.host, port: config.port });
    const runningQueue = queue;
    return {
      app,
      url,
      async stop() {
        // Stop taking requests and finish the ones under way; then let running jobs finish (or
        // fail them, to be retried); then close the database.
        await app.close();
        await runningQueue.stop({ timeoutMs: JOB_DRAIN_TIMEOUT_MS });
        await store.close();
      },
    };
  } catch (thrown) {
    await queue?.stop({ timeoutMs: 1_000 }).catch(() => undefined);
    await store.close().catch(() => undefined);
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
}

/** Stops the backend gracefully on SIGTERM or SIGINT (a second signal exits at once), then exits. */
export function stopOnSignals(backend: RunningBackend, logger: Logger): void {
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
        logger.error({ err: thrown instanceof Error ? thrown : new Error(String(thrown)), code: 'backend_stop_failed' }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The configuration from the environment; a bad one prints which variable to fix and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (thrown) {
    if (thrown instanceof ConfigError) {
      console.error(`Configuration error: ${thrown.message}`);
      process.exit(1);
    }
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const backend = await startBackend(config, logger);
  logger.info({ url: backend.url, publicBaseUrl: config.publicBaseUrl, mode: config.mode, code: 'backend_listening' }, `backend listening on ${backend.url}`);
  stopOnSignals(backend, logger);
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
