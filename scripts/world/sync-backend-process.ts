/**
 * The backend process of src/server/main.ts — its startBackend, the same assembly (compose.ts) —
 * with the two hooks main.ts takes only from code (ComposeOptions), read here from the environment
 * for the fault suite:
 *
 *   node --import tsx scripts/world/sync-backend-process.ts   (environment as for main.ts, plus:)
 *   SYNC_OPTIONS_JSON   SyncOptions over the defaults (e.g. {"coalesceSeconds":1})
 *   SYNC_CRASH_AT_STEP  kill -9 this process the first time a job reaches that checkpoint
 *                       (sync-event.ts names them: 'update:after-webex', 'copy:before-create', ...)
 *
 * The benchmark runs src/server/main.ts itself. This prints one line
 * `{"code":"backend_listening","url":...}` on stdout once it listens, whatever LOG_LEVEL says;
 * SIGTERM stops it gracefully, as main.ts does.
 */
import { createLogger } from '../../src/server/logging/create-logger';
import { loadConfigOrExit } from '../../src/server/config';
import { exitOnUnexpectedRejections, startBackend, stopOnSignals } from '../../src/server/main';
import type { SyncOptions } from '../../src/server/sync';

function syncOverrides(): Partial<SyncOptions> {
  const raw = process.env.SYNC_OPTIONS_JSON;
  return raw ? (JSON.parse(raw) as Partial<SyncOptions>) : {};
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  exitOnUnexpectedRejections(logger);
  const crashAt = process.env.SYNC_CRASH_AT_STEP;
  const backend = await startBackend(config, logger, {
    sync: syncOverrides(),
    checkpoint: (step) => {
      // A real crash at a known point: no finally block, no graceful stop.
      if (step === crashAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stdout.write(`${JSON.stringify({ code: 'backend_listening', url: backend.url, pid: process.pid })}\n`);
  stopOnSignals(backend, logger);
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
