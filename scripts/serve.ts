/**
 * `npm run serve`: the backend as it runs in production, after `npm run build` — the API, the admin
 * pages and the built add-in (dist/, or SERVE_ADDIN_FROM) from one process, configured only by
 * environment variables (README.md, docs/operations.md). It refuses to start, exit code 1 and one
 * line naming what to fix, when a variable is missing or malformed or the build is missing.
 * SIGTERM stops it gracefully (requests under way finish, running jobs drain, the pool closes).
 *
 * With MS_CLIENT_ID unset it runs in local mode against the emulators, as `npm start` would,
 * which is how the built add-in is tried on one machine.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderManifest } from '../src/core/manifest';
import type { Config } from '../src/server/config';
import { createLogger } from '../src/server/logging/create-logger';
import { loadConfigOrExit } from '../src/server/config';
import { exitOnUnexpectedRejections, startBackend, stopOnSignals } from '../src/server/main';

const root = join(__dirname, '..');

/** The files a build must hold for Outlook to load the add-in. */
export const BUILT_ADDIN_FILES = ['taskpane.html', 'commands.html', 'launchevent.html', 'launchevent.js', 'manifest.xml'] as const;

export class ServeError extends Error {
  constructor(
    readonly code: 'addin_build_missing',
    message: string,
  ) {
    super(message);
    this.name = 'ServeError';
  }
}

/** Throws ServeError when `dir` is not a build of the add-in. */
export function checkBuiltAddin(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ServeError(
      'addin_build_missing',
      `SERVE_ADDIN_FROM: no built add-in at ${dir}; run \`npm run build\` first (or point SERVE_ADDIN_FROM at the build)`,
    );
  }
  const missing = BUILT_ADDIN_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    throw new ServeError('addin_build_missing', `SERVE_ADDIN_FROM: ${dir} lacks ${missing.join(', ')}; run \`npm run build\` again`);
  }
}

/** True when the build's manifest is the one this configuration renders (else the build was made for another deployment). */
export function buildMatchesConfig(dir: string, config: Pick<Config, 'manifest'>): boolean {
  const built = readFileSync(join(dir, 'manifest.xml'), 'utf8');
  return built === renderManifest(readFileSync(join(root, 'manifest.xml'), 'utf8'), config.manifest);
}

async function main(): Promise<void> {
  const env = { ...process.env, SERVE_ADDIN_FROM: process.env.SERVE_ADDIN_FROM?.trim() || resolve(root, 'dist') };
  const config = loadConfigOrExit(env);
  const dir = config.serveAddinFrom as string;
  try {
    checkBuiltAddin(dir);
  } catch (thrown) {
    if (!(thrown instanceof ServeError)) throw thrown;
    console.error(`Configuration error: ${thrown.message}`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  exitOnUnexpectedRejections(logger);
  if (!buildMatchesConfig(dir, config)) {
    // The backend answers manifest.xml for the running configuration; the pages may still carry the build's.
    logger.warn(
      { code: 'addin_build_mismatch' },
      'the add-in in SERVE_ADDIN_FROM was built for another ADDIN_BASE_URL or ids: run `npm run build` with this environment',
    );
  }
  const backend = await startBackend(config, logger);
  logger.info(
    {
      url: backend.url,
      publicBaseUrl: config.publicBaseUrl,
      addinBaseUrl: config.addinBaseUrl,
      mode: config.mode,
      code: 'backend_listening',
    },
    `serving the API and the add-in on ${backend.url}`,
  );
  stopOnSignals(backend, logger);
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
