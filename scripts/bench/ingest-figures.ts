/**
 * The receiver's figures (docs/architecture.md#bench-figures), against one server process
 * (ingest-server.ts) that holds both the backend's Graph receiver and a bare Fastify route
 * answering 202, loaded by the same generator (load-generator.ts) from this process with the same
 * bodies:
 *
 * - ingest_ratio: notifications acknowledged per second by the receiver ÷ by the bare route, with
 *   1 and with 20 notifications per POST (Graph batches up to that many); the figure is the lower
 *   of the two (ingest_ratio_1, ingest_ratio_20). Measured in rounds that alternate
 *   the two servers, so that drift in the machine's load touches both; each side's best round.
 * - ack_p99_ms: the receiver's p99 acknowledgement time, in an open loop (requests on a fixed
 *   schedule, latency from when each was due) at 10x the sustained rate of a tenant of 10,000
 *   users (the figure's model is in the inputs), one notification per POST.
 *
 * Every notification is genuine (a seeded subscription, its clientState, a distinct event), so
 * each one is verified, stored in the notification inbox and turned into a job by the inbox's
 * drainer, in the same process, as in production. The drainer gives way to the receiver while it
 * is busy (src/server/sync/notification-inbox.ts), so part of a round's notifications become jobs
 * after the round: the next round starts only once they all have, and the inputs say how many
 * were left and how long they took (inbox_after_receiver_rounds).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startBackendProcess } from '../world/backend-process';
import type { FigureGroup } from './figure-group';
import { freePort } from '../world/free-port';
import type { SeededSubscription } from './ingest-server';
import { closedLoop, openLoop, type LoadResult, type LoadTarget } from './load-generator';

const SUBSCRIPTIONS = 100;
const CONNECTIONS = 16;
const ROUND_MS = 2_500;
const WARMUP_MS = 500;
const ROUNDS = 2;
const BATCHES = [1, 20] as const;
/** The sustained rate's model: users × changes per user per working day × notifications per change ÷ seconds in it. */
const MODEL = { users: 10_000, changesPerUserPerDay: 30, notificationsPerChange: 1.5, workingDaySeconds: 8 * 3600 };
const SUSTAINED_PER_SECOND = (MODEL.users * MODEL.changesPerUserPerDay * MODEL.notificationsPerChange) / MODEL.workingDaySeconds;
const OPEN_LOOP_MS = 6_000;

/** Graph's body for `count` changes, each for a distinct event of one of the seeded mailboxes. */
function notificationBody(subscriptions: readonly SeededSubscription[], run: string, index: number, count: number): string {
  const value = [];
  for (let k = 0; k < count; k++) {
    const sub = subscriptions[(index * count + k) % subscriptions.length] as SeededSubscription;
    const eventId = `AAMkAG${run}${index}x${k}AAA=`;
    const resource = `Users/${sub.userId}/Events/${eventId}`;
    value.push({
      subscriptionId: sub.subscriptionId,
      subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
      changeType: 'updated',
      resource,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': resource,
        '@odata.etag': `W/"DwAAABYAAAB${index}"`,
        id: eventId,
      },
      clientState: sub.clientState,
      tenantId: sub.tenantId,
    });
  }
  return JSON.stringify({ value });
}

/** Waits until the ingest server's inbox is empty: how many rows were left when the round ended, and how long they took. */
async function waitForDrain(
  url: string,
  discardUrl: string,
): Promise<{ rows_left_after_round: number; drained_within_ms: number; jobs_discarded: number }> {
  const started = performance.now();
  let first: number | undefined;
  for (;;) {
    const { rows } = (await (await fetch(url)).json()) as { rows: number };
    first ??= rows;
    if (rows === 0) {
      const drainedWithinMs = Math.round(performance.now() - started);
      // The jobs the round made, taken away as the sync workers (off in this server) would have run them.
      const { discarded } = (await (await fetch(discardUrl, { method: 'POST' })).json()) as { discarded: number };
      return { rows_left_after_round: first, drained_within_ms: drainedWithinMs, jobs_discarded: discarded };
    }
    if (performance.now() - started > 120_000) throw new Error(`the inbox still holds ${rows} rows 2 minutes after the round`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

export const ingestFigures: FigureGroup = {
  name: 'ingest',
  figureNames: ['ingest_ratio', 'ingest_ratio_1', 'ingest_ratio_20', 'ack_p99_ms'],

  async run({ workDir, log }) {
    const subscriptionsFile = join(workDir, 'subscriptions.json');
    const port = await freePort();
    const server = await startBackendProcess({
      entry: join(__dirname, 'ingest-server.ts'),
      env: {
        PORT: String(port),
        DATA_DIR: join(workDir, 'data'),
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        // The production default: request logging on, as a deployment runs.
        LOG_LEVEL: 'info',
        INGEST_SUBSCRIPTIONS: String(SUBSCRIPTIONS),
        INGEST_SUBSCRIPTIONS_FILE: subscriptionsFile,
      },
    });
    try {
      const subscriptions = JSON.parse(readFileSync(subscriptionsFile, 'utf8')) as SeededSubscription[];
      const receiverUrl = `${server.url}/graph/notifications`;
      const bareUrl = `${String(server.announcement.bare)}/graph/notifications`;
      const inboxBacklogUrl = `${String(server.announcement.bare)}/inbox-backlog`;
      const discardUrl = `${String(server.announcement.bare)}/discard-waiting-jobs`;
      let run = 0;
      const target = (url: string, batch: number): LoadTarget => {
        const id = `r${run++}${randomBytes(3).toString('hex')}`;
        return { url, body: (i) => notificationBody(subscriptions, id, i, batch) };
      };
      const figures: Record<string, number> = {};
      const perBatch: Record<string, unknown> = {};
      for (const batch of BATCHES) {
        log(`closed loop, ${batch} notification(s) per POST, ${ROUNDS} alternating rounds of ${ROUND_MS} ms…`);
        const bare: LoadResult[] = [];
        const receiver: LoadResult[] = [];
        const drains: { rows_left_after_round: number; drained_within_ms: number; jobs_discarded: number }[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          bare.push(
            await closedLoop(target(bareUrl, batch), {
              connections: CONNECTIONS,
              durationMs: ROUND_MS,
              warmupMs: WARMUP_MS,
              expectStatus: 202,
            }),
          );
          receiver.push(
            await closedLoop(target(receiverUrl, batch), {
              connections: CONNECTIONS,
              durationMs: ROUND_MS,
              warmupMs: WARMUP_MS,
              expectStatus: 202,
            }),
          );
          // The receiver's round is not over until the drainer has turned what it stored into
          // jobs: the next round (the bare route's, in the same process) starts after that.
          drains.push(await waitForDrain(inboxBacklogUrl, discardUrl));
        }
        const best = (results: LoadResult[]) => results.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a));
        const bareBest = best(bare);
        const receiverBest = best(receiver);
        const ratio = (receiverBest.okPerSecond * batch) / (bareBest.okPerSecond * batch);
        figures[`ingest_ratio_${batch}`] = round3(ratio);
        perBatch[`batch_${batch}`] = {
          receiver_notifications_per_second: Math.round(receiverBest.okPerSecond * batch),
          bare_notifications_per_second: Math.round(bareBest.okPerSecond * batch),
          receiver_posts_per_second_by_round: receiver.map((r) => r.okPerSecond),
          bare_posts_per_second_by_round: bare.map((r) => r.okPerSecond),
          receiver_latency_ms: receiverBest.latencyMs,
          bare_latency_ms: bareBest.latencyMs,
          receiver_errors: receiver.reduce((n, r) => n + r.errors, 0),
          receiver_statuses: receiverBest.statuses,
          bare_errors: bare.reduce((n, r) => n + r.errors, 0),
          inbox_after_receiver_rounds: drains,
        };
      }
      figures.ingest_ratio = Math.min(...BATCHES.map((b) => figures[`ingest_ratio_${b}`] as number));

      const rate = Math.round(SUSTAINED_PER_SECOND * 10);
      log(`open loop at ${rate} POSTs/s (10x the sustained rate), ${OPEN_LOOP_MS} ms…`);
      const open = await openLoop(target(receiverUrl, 1), {
        ratePerSecond: rate,
        durationMs: OPEN_LOOP_MS,
        maxInFlight: 256,
        expectStatus: 202,
      });
      figures.ack_p99_ms = open.latencyMs.p99;

      return {
        figures,
        inputs: {
          server:
            'one process: the backend as compose.ts builds it, app and Graph receiver (PGlite on disk, pg-boss queues, inbox drainer on, sync workers off: the jobs each round made are deleted once the inbox is drained, as workers keeping up would have taken them) and a bare Fastify POST route answering 202, same pino logger at the production default level (info)',
          load_generator: `node:http keep-alive, ${CONNECTIONS} connections (closed loop), from the bench process`,
          seeded_subscriptions: SUBSCRIPTIONS,
          rounds: ROUNDS,
          round_ms: ROUND_MS,
          warmup_ms: WARMUP_MS,
          ...perBatch,
          ack: {
            sustained_rate_model: { ...MODEL, sustained_notifications_per_second: round2(SUSTAINED_PER_SECOND) },
            rate_posts_per_second: rate,
            notifications_per_post: 1,
            duration_ms: open.durationMs,
            answered: open.answered,
            errors: open.errors,
            late_sends: open.late,
            latency_ms: open.latencyMs,
          },
        },
      };
    } finally {
      await server.stop();
    }
  },
};
