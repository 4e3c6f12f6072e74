/**
 * The backend app built from a production configuration (the real services' URLs, nothing local),
 * on an in-memory store and a free port of 127.0.0.1 (scripts/world/world.ts without emulators):
 * enough for what needs no outside service — the manifests of the deployment, /metrics, the probes.
 */
import { randomBytes } from 'node:crypto';
import type { Env } from '../../../src/server/config';
import { startWorld, type World } from '../../../scripts/world/world';

export const PRODUCTION_ENV: Env = {
  MS_CLIENT_ID: 'f0000000-0000-4000-8000-0000000000b1',
  MS_CLIENT_SECRET: 'not-a-real-secret',
  PUBLIC_BASE_URL: 'https://scheduler.example.com',
  WEBEX_CLIENT_ID: 'webex-client',
  WEBEX_CLIENT_SECRET: 'webex-secret',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ADDIN_ID: 'a0000000-0000-4000-8000-0000000000a1',
  ADDIN_CLIENT_ID: 'c0000000-0000-4000-8000-0000000000c1',
  METRICS_TOKEN: 'metrics-token-of-the-tests',
  DATA_DIR: '/nonexistent-data-dir-not-used',
  LOG_LEVEL: 'silent',
};

export interface ProductionApp extends World {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

export interface ProductionAppOptions {
  /** The app's clock (tests move it, e.g. past the metrics' cache). */
  clock?: () => Date;
}

export async function startProductionApp(env: Env = {}, options: ProductionAppOptions = {}): Promise<ProductionApp> {
  const world = await startWorld({
    emulators: false,
    env: { ...PRODUCTION_ENV, ...env },
    ...(options.clock ? { clock: options.clock } : {}),
    adjustDeps: (deps) => {
      // The real services are not there to be checked.
      deps.readinessChecks = {};
    },
  });
  return Object.assign(world, {
    get: (path: string, headers: Record<string, string> = {}) => fetch(`${world.url}${path}`, { headers, redirect: 'manual' }),
  });
}
