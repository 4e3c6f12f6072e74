/**
 * The composition root (src/server/compose.ts): every service is built once and the app and the
 * sync engine are handed the same ones; the backend runs between one start() and one stop(), and
 * leaves a store it was given open for the caller.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readDevCerts } from '../../../scripts/dev-certs';
import { composeBackend, type Backend } from '../../../src/server/compose';
import { DEFAULT_CONNECTIONS_PER_ORIGIN } from '../../../src/server/outbound/outbound-fetch';
import { loadConfig } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';

const environment = {
  DATA_DIR: '/nonexistent-data-dir-not-used',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  // Nothing listens there: composing and starting call nothing outside.
  IDENTITY_EMULATOR_PORT: '9',
  GRAPH_EMULATOR_PORT: '9',
  WEBEX_EMULATOR_PORT: '9',
  LOG_LEVEL: 'silent',
};
const config = loadConfig(environment);

describe('the composition root', () => {
  let store: Store;
  let backend: Backend;

  beforeEach(async () => {
    store = await openStore({ ...config, inMemory: true });
    backend = await composeBackend(
      config,
      { logger: createLogger({ level: 'silent' }), clock: () => new Date(), store },
      { jobDrainTimeoutMs: 2_000 },
    );
  });

  afterEach(async () => {
    await backend.stop();
    await store.close();
  });

  it('hands the sync engine the services the app was given: one of each per process', async () => {
    const { services } = backend;
    expect(services.sync.store).toBe(store);
    expect(services.sync.queue).toBe(services.queue);
    expect(services.sync.access).toBe(services.graphAccess);
    expect(services.sync.webexActor).toBe(services.webexActor);
    expect(services.sync.inbox).toBe(services.inbox);
    expect(services.sync.metrics).toBe(services.syncMetrics);
    // The engine's counters are those /metrics shows.
    services.syncMetrics.inc('notifications_dropped', { reason: 'client_state_mismatch' });
    expect(await services.metrics.registry.metrics()).toContain(
      'webex_scheduler_sync_notifications_dropped_total{reason="client_state_mismatch"} 1',
    );
  });

  it('runs from start() to stop(), stops once however often asked, and cannot start again', async () => {
    expect(backend.state).toBe('composed');
    await backend.start();
    expect(backend.state).toBe('running');
    const stopping = backend.stop();
    expect(backend.stop()).toBe(stopping);
    await stopping;
    expect(backend.state).toBe('stopped');
    await expect(backend.start()).rejects.toThrow('the backend cannot start: it is stopped');
    // The store was the caller's: it is still open.
    await expect(store.db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('sends every outbound call through one pool of connections per service, closed by stop()', async () => {
    // A Webex that answers each call after a moment and counts the connections (TLS handshakes) it was opened.
    let connections = 0;
    const webex = createServer(readDevCerts(), (req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'), 50);
    });
    // Idle connections stay open on its side for a minute: only the backend's stop() closes them within the test.
    webex.keepAliveTimeout = 60_000;
    webex.on('secureConnection', () => (connections += 1));
    await new Promise<void>((resolve) => webex.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((webex.address() as AddressInfo).port);
      const pooled = await composeBackend(
        loadConfig({ ...environment, WEBEX_EMULATOR_PORT: port }),
        { logger: createLogger({ level: 'silent' }), clock: () => new Date(), store },
        { jobDrainTimeoutMs: 2_000 },
      );
      const calls = DEFAULT_CONNECTIONS_PER_ORIGIN * 2;
      await Promise.all(Array.from({ length: calls }, () => pooled.services.webex.findPeople('token', 'a@example.com')));
      expect(connections).toBeGreaterThanOrEqual(1);
      expect(connections).toBeLessThanOrEqual(DEFAULT_CONNECTIONS_PER_ORIGIN);
      await pooled.stop();
      // stop() closed the pool: the service sees its connections close (a moment later: the closes travel).
      const openConnections = () =>
        new Promise<number>((resolve, reject) => webex.getConnections((err, count) => (err ? reject(err) : resolve(count))));
      const deadline = Date.now() + 1_000;
      while ((await openConnections()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await openConnections()).toBe(0);
    } finally {
      webex.closeAllConnections();
      await new Promise((r) => webex.close(r));
    }
  });

  it('vacuums the embedded database while it runs (it has no autovacuum), and no more once stopped', async () => {
    const vacuuming = await composeBackend(
      config,
      { logger: createLogger({ level: 'silent' }), clock: () => new Date(), store },
      { jobDrainTimeoutMs: 2_000, embeddedVacuumIntervalMs: 100 },
    );
    const exec = jest.spyOn(store.db, 'exec');
    try {
      const vacuums = () => exec.mock.calls.filter(([sql]) => sql.startsWith('VACUUM')).length;
      const inboxVacuumed = () => exec.mock.calls.some(([sql]) => sql === 'VACUUM (ANALYZE) "public"."notification_inbox"');
      await new Promise((r) => setTimeout(r, 300));
      expect(vacuums()).toBe(0);
      await vacuuming.start();
      const deadline = Date.now() + 5_000;
      while (!inboxVacuumed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(inboxVacuumed()).toBe(true);
      await vacuuming.stop();
      const after = vacuums();
      await new Promise((r) => setTimeout(r, 300));
      expect(vacuums()).toBe(after);
    } finally {
      exec.mockRestore();
      await vacuuming.stop();
    }
  });
});
