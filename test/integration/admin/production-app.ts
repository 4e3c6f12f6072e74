/**
 * The backend app built from a production configuration (the real services' URLs, nothing local),
 * on an in-memory store and a free port of 127.0.0.1: enough for what needs no outside service —
 * the manifests of the deployment, /metrics, the probes.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { composeAppServices } from '../../../src/server/compose';
import { loadConfig, type Config, type Env } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';

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

export interface ProductionApp {
  app: FastifyInstance;
  store: Store;
  config: Config;
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface ProductionAppOptions {
  /** The app's clock (tests move it, e.g. past the metrics' cache). */
  clock?: () => Date;
}

export async function startProductionApp(env: Env = {}, options: ProductionAppOptions = {}): Promise<ProductionApp> {
  const config = loadConfig({ ...PRODUCTION_ENV, ...env });
  const store = await openStore({ ...config, inMemory: true });
  // The app's services as main.ts composes them (no sync engine); /readyz checks nothing outside.
  const services = composeAppServices(config, store, {
    logger: createLogger({ level: 'silent' }),
    clock: options.clock ?? (() => new Date()),
  });
  const app = await buildApp({ ...services, readinessChecks: {} });
  const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
  return {
    app,
    store,
    config,
    url,
    get: (path, headers = {}) => fetch(`${url}${path}`, { headers, redirect: 'manual' }),
    async close() {
      await app.close();
      await store.close();
    },
  };
}
