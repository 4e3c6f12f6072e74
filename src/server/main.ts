/**
 * The backend process: reads the configuration (a bad one prints which variable to fix and exits
 * 1), has the composition root build every service once (src/server/compose.ts: the store, the job
 * queue, the clients, the sync engine, the app with the Graph receiver on /graph), starts the
 * workers and the inbox's drainer, listens, then checks the subscriptions it holds against Graph.
 * SIGTERM or SIGINT stops it gracefully: the server stops taking requests and finishes the ones
 * under way, then the drainer and the workers finish, then the job queue drains, then the store
 * closes (compose.ts's stop()).
 *
 * `npx tsx src/server/main.ts` with no environment runs in local mode against the emulators, with
 * the embedded database under .data/; if the emulators are down it still starts (/readyz says so).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { composeBackend, type ComposeOptions } from './compose';
import { loadConfigOrExit, type Config } from './config';
import { createLogger } from './logging/create-logger';
import { isConnectionLost } from './store';
import { verifySubscriptionsAtStartup, type StartupReport, type SyncContext } from './sync';
import { toError } from './errors';

export interface RunningBackend {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:3001. */
  url: string;
  /** The sync engine's context (store, queue, counters): e.g. ensureCalendarSync(backend.sync, ...). */
  sync: SyncContext;
  /** The start-up check of the subscriptions against Graph; resolves undefined when it failed (logged, never thrown). */
  startupCheck: Promise<StartupReport | undefined>;
  /** Stops the server, then the drainer and the workers, then the job queue, then the store. */
  stop(): Promise<void>;
}

/** How long a graceful stop may take before the process gives up on it (the job drain's 12 s included). */
const STOP_TIMEOUT_MS = 20_000;

export async function startBackend(config: Config, logger: Logger, options: ComposeOptions = {}): Promise<RunningBackend> {
  const backend = await composeBackend(config, { logger, clock: () => new Date() }, options);
  const { app, services } = backend;
  let stopping = false;
  let url: string;
  try {
    await backend.start();
    url = await app.listen({ host: config.host, port: config.port });
  } catch (thrown) {
    stopping = true;
    await backend.stop().catch(() => undefined);
    throw toError(thrown);
  }
  // Subscriptions Graph lost while no replica ran are recreated; not awaited: Graph may be slow or down.
  const startupCheck = verifySubscriptionsAtStartup(services.sync).then(
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
  return {
    app,
    url,
    sync: services.sync,
    startupCheck,
    async stop() {
      stopping = true;
      await backend.stop();
    },
  };
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
