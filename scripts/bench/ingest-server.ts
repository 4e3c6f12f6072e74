/**
 * The ingest figures' server process: in ONE process, on two ports,
 * - the backend's app as main.ts composes it (src/server/compose.ts), with the Graph receiver
 *   registered, its embedded database under DATA_DIR with pg-boss's queues, and
 *   subscriptions seeded so that the notifications the bench sends are genuine: known
 *   subscription, right clientState, tenant and mailbox — each one verified, stored in the
 *   notification inbox, and turned into a job by the inbox's drainer, which runs here as in
 *   production;
 * - a bare Fastify app, the same logger, one route that answers 202 to the same POST (and
 *   GET /inbox-backlog for the bench to wait for the drainer between rounds).
 * The sync-event workers do not run: no Graph or Webex is reachable here, and the figure is about
 * acknowledging, which the receiver does without them.
 *
 *   node --import tsx scripts/bench/ingest-server.ts   (environment as for main.ts, plus
 *   INGEST_SUBSCRIPTIONS=<count> INGEST_SUBSCRIPTIONS_FILE=<where to write them for the load generator>)
 *
 * Prints `{"code":"backend_listening","url":<receiver>,"bare":<bare route>}` on stdout, then runs until
 * SIGTERM.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { composeBackend } from '../../src/server/compose';
import { createLogger } from '../../src/server/logging/create-logger';
import { loadConfigOrExit } from '../../src/server/config';
import { syncEventJob } from '../../src/server/sync';
import { ADDIN_ID } from '../world/world';

export interface SeededSubscription {
  subscriptionId: string;
  clientState: string;
  tenantId: string;
  userId: string;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  // The backend as main.ts composes it, its store opened from the configuration.
  const backend = await composeBackend(config, { logger, clock: () => new Date() }, { sync: { addinId: ADDIN_ID } });
  const { app } = backend;
  const { store, queue, inbox } = backend.services;

  const tenantId = config.microsoft.allowedTenants[0] ?? randomUUID();
  await store.tenants.upsert({ id: tenantId, mode: 'admin' });
  const seeded: SeededSubscription[] = [];
  const count = Number(process.env.INGEST_SUBSCRIPTIONS ?? '100');
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const clientState = randomBytes(32).toString('base64url');
    const subscriptionId = randomUUID();
    await store.users.upsert({ tenantId, userId });
    await store.subscriptions.save({
      id: subscriptionId,
      tenantId,
      userId,
      resource: `users/${userId}/events`,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      clientState,
    });
    seeded.push({ subscriptionId, clientState, tenantId, userId });
  }
  if (process.env.INGEST_SUBSCRIPTIONS_FILE) writeFileSync(process.env.INGEST_SUBSCRIPTIONS_FILE, JSON.stringify(seeded));

  // The inbox's drainer runs as in production (it shares the process with the receiver); the
  // workers do not (they would call Graph): backend.start() is not called.
  inbox.start();
  const receiver = await app.listen({ host: '127.0.0.1', port: 0 });

  const bare = Fastify({ loggerInstance: logger });
  bare.post('/graph/notifications', async (_request, reply) => reply.code(202).send());
  // For the bench (not part of the comparison): what the receiver stored and the drainer has not
  // yet turned into jobs, so that a round starts only once the previous one's work is done.
  bare.get('/inbox-backlog', async () => {
    const backlog = await store.inbox.backlog();
    return { rows: backlog.rows, jobs: await queue.queueSize(syncEventJob) };
  });
  // For the bench: the sync-event jobs waiting, deleted as the workers (off here) would have taken
  // them. A deployment's workers keep the job table small; left to pile up over the rounds (tens of
  // thousands), the job queue's monitor pass, which counts the live jobs every few seconds on this
  // process's only database connection, would weigh on the later rounds as it never does there.
  bare.post('/discard-waiting-jobs', async () => {
    const rows = await store.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM "${config.jobSchema}".job WHERE name = $1 AND state < 'active' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [syncEventJob.name],
    );
    // The embedded database runs no autovacuum: without this, the next rounds' scans would still
    // walk the deleted rows, which a Postgres server's autovacuum would have cleared.
    await store.db.exec(`VACUUM "${config.jobSchema}".job`);
    return { discarded: rows[0]?.n ?? 0 };
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  process.stdout.write(`${JSON.stringify({ code: 'backend_listening', url: receiver, bare: bareUrl })}\n`);
  const stop = () => {
    void (async () => {
      await bare.close();
      await backend.stop();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? (thrown.stack ?? thrown.message) : thrown);
    process.exit(1);
  });
}
