/**
 * The admin stack's backend app (test/integration/admin) with the sync engine beside it on the same
 * store, as main.ts wires them: the engine follows a calendar as soon as the backend may read it,
 * and its Graph receiver listens on a port of its own. Used by admin-mode-sync.test.ts and
 * delegate-sync.test.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createJobQueue, type JobQueue } from '../../../src/server/jobs';
import { createLogger } from '../../../src/server/logging/create-logger';
import {
  createSyncContext,
  createSyncWorkers,
  ensureCalendarSync,
  registerGraphReceiver,
  SYNC_JOBS,
  type SyncContext,
  type SyncWorkers,
} from '../../../src/server/sync';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { webexIntegrationOf, WebexOAuth } from '../../../src/server/webex/webex-oauth';
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
  const queue: JobQueue = createJobQueue(stack.store.db, { jobs: SYNC_JOBS, pollingIntervalSeconds: 0.5 });
  await queue.start();
  const { config } = stack;
  const context = createSyncContext({
    config,
    store: stack.store,
    queue,
    graph: stack.appGraph,
    graphAccess: stack.graphAccess,
    webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
    webexOAuth: new WebexOAuth(webexIntegrationOf(config)),
    logger: createLogger({ level: 'error' }),
    options: { addinId: ADDIN_ID, publicBaseUrl: `http://localhost:${port}`, coalesceSeconds: 0 },
  });
  engine.ctx = context;
  const receiver: FastifyInstance = Fastify();
  await registerGraphReceiver(receiver, context);
  await receiver.listen({ host: '127.0.0.1', port });
  const workers: SyncWorkers = createSyncWorkers(context);
  await workers.start();

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
      await workers.stop();
      await receiver.close();
      await queue.stop({ timeoutMs: 2_000 });
      await stack.close();
    },
  };
}
