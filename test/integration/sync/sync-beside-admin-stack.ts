/**
 * The admin stack's backend app (test/integration/admin) with the sync engine beside it on the same
 * store, as main.ts wires them (src/server/compose.ts): the engine follows a calendar as soon as the
 * backend may read it, and its Graph receiver listens on a port of its own. Used by
 * admin-mode-sync.test.ts and delegate-sync.test.ts.
 */
import { composeBackend } from '../../../src/server/compose';
import { createLogger } from '../../../src/server/logging/create-logger';
import { ensureCalendarSync, type SyncContext } from '../../../src/server/sync';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { freePort } from '../../../scripts/bench/free-port';
import { startAdminStack, type AdminStack } from '../admin/admin-stack';
import { ADDIN_ID } from './sync-stack';

export interface SyncedAdminStack {
  stack: AdminStack;
  ctx: SyncContext;
  /** Retries `check` until it passes (or `timeoutMs` has passed), delivering Graph's pending notifications before each try. */
  until<T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startSyncedAdminStack(): Promise<SyncedAdminStack> {
  // Set once the engine exists: the app calls it only after the stack has started.
  const engine: { ctx?: SyncContext } = {};
  const stack = await startAdminStack({
    adjustDeps: (deps) => {
      deps.onCalendarAvailable = async (tenantId, userId, userAssertion) => {
        if (engine.ctx) await ensureCalendarSync(engine.ctx, { tenantId, userId, userAssertion });
      };
    },
  });
  const port = await freePort();
  const { config } = stack;
  // The sync engine as main.ts composes it, on the admin stack's store, Graph client and Graph
  // tokens; its own app (with the Graph receiver) listens on a port of its own.
  const backend = await composeBackend(
    config,
    {
      logger: createLogger({ level: 'error' }),
      clock: () => new Date(),
      store: stack.store,
      clients: {
        graph: stack.appGraph,
        graphAccess: stack.graphAccess,
        webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
      },
    },
    {
      sync: { addinId: ADDIN_ID, publicBaseUrl: `http://localhost:${port}`, coalesceSeconds: 0 },
      pollingIntervalSeconds: 0.5,
      jobDrainTimeoutMs: 2_000,
    },
  );
  const context = backend.services.sync;
  engine.ctx = context;
  await backend.app.listen({ host: '127.0.0.1', port });
  await backend.start();

  async function until<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await stack.graph.notifier.flush();
      try {
        return await check();
      } catch (thrown) {
        if (Date.now() > deadline) throw thrown;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  return {
    stack,
    ctx: context,
    until,
    async close() {
      await backend.stop();
      await stack.close();
    },
  };
}
