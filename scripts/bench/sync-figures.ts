/**
 * The sync engine's figures (docs/architecture.md#bench-figures), measured against the backend
 * PROCESS (src/server/main.ts, its defaults) and the emulators in this process, the Graph emulator
 * enforcing Outlook's limits (4 requests at once per app and mailbox, 10,000 per 10 minutes) at a
 * realistic latency, the Webex emulator answering meeting calls at one too, Graph delivering
 * notifications with duplicates, extra updates and shuffled batches. The backend runs on its
 * embedded database (PGlite on disk) and, when the bench has a Postgres server (BENCH_DATABASE_URL
 * or TEST_DATABASE_URL; scratch-postgres.ts), again on a fresh database there; it counts every
 * database statement it sends (scripts/world/db-statement-counter.ts).
 *
 * - webex_calls_per_echo (embedded): events changed only where Webex does not care (categories),
 *   then every Webex call the Webex emulator received meanwhile, per such change. Target 0.
 * - lost_changes (embedded): events moved, the backend killed with SIGKILL once some were
 *   processed, more edits and deletions while it is down, restarted on the same database; then every
 *   event is compared with its Webex meeting (outlook-driver.ts): the events still different when
 *   the phase's deadline comes are the lost changes. Target 0.
 * - the burst, on each database, across hundreds of mailboxes, each event edited several times in a
 *   row (moved, renamed, and given a category: an echo among the changes that matter):
 *   graph_gets_per_notification (GETs Graph received ÷ notifications delivered; <= 1, aim 0.3; the
 *   higher of the two databases), throttle_429s (429s Graph sent, both bursts; 0),
 *   converge_ratio_<database> (the ideal engine's time, ideal-engine.ts, from the notification
 *   times measured for each event, ÷ the time until every event equals its meeting; >= 0.8, and
 *   converge_ratio is the lower), db_statements_per_sync_job_<database> (statements the backend
 *   sent, all kinds and the queue's included, ÷ sync jobs run, from the burst's first edit until
 *   every event equals its meeting; <= 4, and db_statements_per_sync_job is the higher).
 *
 * Phases run in that order because the burst may leave work behind. Every wait has a deadline: a
 * phase that does not finish reports what it reached, and the figures computed from a partial
 * burst are projections, flagged as such in the inputs.
 */
import { resolveSyncOptions } from '../../src/server/sync';
import type { ChangeNotification } from '../../src/emulators/graph/notification-payload';
import type { Figure, FigureGroup } from './figure-group';
import { sleep, waitUntil } from './bounded';
import { countsBetween, topTexts } from '../world/db-statement-tally';
import { idealEngine } from './ideal-engine';
import { convergenceReport, type ConvergenceReport } from './outlook-driver';
import { retryAfterViolations } from '../world/request-log';
import { benchPostgres, createScratchDatabase, describeServer } from './scratch-postgres';
import { startSyncWorld, type SyncWorld, type WorldEvent } from './sync-world';

const MAILBOXES = 200;
const EVENTS_PER_MAILBOX = 2;
/** Graph answers a calendar request in about this long (the emulator adds it while holding the mailbox's slot). */
const GRAPH_LATENCY_MS = 100;
/** Webex answers a meeting call in about this long (the emulator adds it to every /v1/meetings request). */
const WEBEX_LATENCY_MS = 150;
const PER_MAILBOX_CONCURRENCY = 4;
const ECHO_EVENTS = 20;
const CRASH_EVENTS = 20;
/** Processed before the kill. */
const CRASH_AFTER_UPDATES = 5;
const EDITS_PER_BURST_EVENT = 4;
const REALISM = { duplicateRate: 0.25, extraRate: 0.25, outOfOrder: true };
/** How long a phase may wait for the backend (a healthy engine needs a few seconds for each). */
const PHASE_DEADLINE_MS = 30_000;
const BURST_DEADLINE_MS = 25_000;

/**
 * How long a notified event waits for more notifications before its job may start: the job is sent
 * with startAfter = the sync option coalesceSeconds (the backend's default sync options).
 */
const COALESCING_WINDOW = (() => {
  const { coalesceSeconds } = resolveSyncOptions({ addinId: 'bench', publicBaseUrl: 'https://bench.invalid' });
  return { coalesceSeconds, startAfterMs: coalesceSeconds * 1000 };
})();

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function notDone(report: ConvergenceReport): number {
  return report.events - report.inStep + report.deletedButAlive + report.orphans + report.shared;
}

/** Waits until no notification is queued and no sync job has run for a while (work drained). */
async function settle(sync: SyncWorld, quietMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    await sync.world.graph.notifier.flush();
    const jobs = await sync.counter('sync_jobs_run');
    const { pending, inFlight } = sync.world.graph.notifier.report();
    if (jobs === last && pending === 0 && inFlight === 0) return true;
    last = jobs;
    await sleep(quietMs);
  }
  return false;
}

const webexMeetingCalls = (sync: SyncWorld, mark: number) =>
  sync.world.webexRequests.since(mark).filter((e) => e.url.startsWith('/v1/meetings'));

async function echoPhase(sync: SyncWorld, events: WorldEvent[], log: (m: string) => void) {
  log(`echo: ${events.length} events get a category (nothing Webex keeps changes)…`);
  const webexMark = sync.world.webexRequests.mark();
  const graphMark = sync.world.graphRequests.mark();
  const echoesBefore = await sync.counter('events_processed', { outcome: 'echo' });
  const skippedBefore = await sync.counter('sync_skipped_known_change');
  for (const event of events) sync.driver.edit(event, { categories: ['Blue category'] });
  let finished = true;
  try {
    await waitUntil(
      'the echoes to be processed',
      async () => ((await sync.counter('events_processed', { outcome: 'echo' })) - echoesBefore >= events.length ? true : undefined),
      PHASE_DEADLINE_MS,
      250,
    );
  } catch {
    finished = false;
  }
  // Duplicates delivered later may still start jobs: count their calls too.
  await settle(sync, 3_000, 15_000);
  const calls = webexMeetingCalls(sync, webexMark);
  return {
    figure: round(calls.length / events.length),
    inputs: {
      echo_changes: events.length,
      finished,
      webex_calls: calls.length,
      webex_calls_by_method: countBy(calls.map((c) => c.method)),
      echo_outcomes: (await sync.counter('events_processed', { outcome: 'echo' })) - echoesBefore,
      skipped_known_change: (await sync.counter('sync_skipped_known_change')) - skippedBefore,
      graph_gets: sync.world.graphRequests.since(graphMark).filter((e) => e.method === 'GET').length,
    },
  };
}

async function crashPhase(sync: SyncWorld, events: WorldEvent[], log: (m: string) => void) {
  log(`crash: ${events.length} events moved; SIGKILL after ${CRASH_AFTER_UPDATES} are processed…`);
  const updatedBefore = await sync.counter('events_processed', { outcome: 'updated' });
  for (const event of events)
    sync.driver.edit(event, {
      start: { dateTime: iso(event.startMs + 3_600_000), timeZone: 'UTC' },
      end: { dateTime: iso(event.startMs + 5_400_000), timeZone: 'UTC' },
    });
  await waitUntil(
    'updates before the kill',
    async () =>
      (await sync.counter('events_processed', { outcome: 'updated' })) - updatedBefore >= CRASH_AFTER_UPDATES ? true : undefined,
    PHASE_DEADLINE_MS,
    50,
  );
  const processedBeforeKill = (await sync.counter('events_processed', { outcome: 'updated' })) - updatedBefore;
  const killedPid = sync.backend.pid;
  await sync.backend.kill9();
  const killedAt = Date.now();
  // While it is down, users go on: renames and deletions, delivered once it is back (Graph retries).
  const renamed = events.filter((_, i) => i % 2 === 0);
  for (const event of renamed) sync.driver.edit(event, { subject: `${sync.driver.stored(event).subject} (renamed)` });
  const deleted = events.slice(-3);
  for (const event of deleted) sync.driver.remove(event);
  await sleep(1_000);
  log('crash: restarting the backend on the same database…');
  await sync.restartBackend();
  const restartedAt = Date.now();
  let report = convergenceReport(sync.world.graph, sync.world.webex, sync.driver, sync.mailboxIds);
  let convergedAfterMs: number | null = null;
  const deadline = Date.now() + PHASE_DEADLINE_MS;
  while (Date.now() < deadline) {
    await sync.world.graph.notifier.flush();
    report = convergenceReport(sync.world.graph, sync.world.webex, sync.driver, sync.mailboxIds);
    if (report.converged) {
      convergedAfterMs = Date.now() - restartedAt;
      break;
    }
    await sleep(250);
  }
  return {
    figure: notDone(report),
    inputs: {
      events_moved: events.length,
      processed_before_kill: processedBeforeKill,
      killed_pid: killedPid,
      renamed_while_down: renamed.length,
      deleted_while_down: deleted.length,
      down_ms: restartedAt - killedAt,
      converged_after_restart_ms: convergedAfterMs,
      waited_ms: Date.now() - restartedAt,
      deadline_ms: PHASE_DEADLINE_MS,
      differences: report.differences,
      deleted_but_alive: report.deletedButAlive,
      orphan_meetings: report.orphans,
      shared_meetings: report.shared,
    },
  };
}

type DatabaseKind = 'embedded' | 'postgres';

interface BurstFigures {
  graph_gets_per_notification: number;
  throttle_429s: number;
  converge_ratio: number;
  db_statements_per_sync_job: number | null;
}

async function burstPhase(
  sync: SyncWorld,
  events: WorldEvent[],
  log: (m: string) => void,
): Promise<{ figures: BurstFigures; inputs: Record<string, unknown> }> {
  const { graph } = sync.world;
  const mailboxes = new Set(events.map((e) => e.mailboxId)).size;
  log(`burst: ${events.length} events in ${mailboxes} mailboxes, ${EDITS_PER_BURST_EVENT} edits each…`);

  graph.throttle.reset();
  const deliveredBefore = graph.notifier.report().counters.delivered;
  const graphMark = sync.world.graphRequests.mark();
  const jobsBefore = await sync.counter('sync_jobs_run');
  const receivedBefore = await sync.counter('notifications_received');
  const inStepOutside = convergenceReport(graph, sync.world.webex, sync.driver, sync.mailboxIds).inStep - events.length;

  // When the backend acknowledged each notification of a burst event: the ideal engine's input.
  const burstIds = new Set(events.map((e) => e.id));
  const notifiedAt = new Map<string, number[]>();
  let observing = true;
  const stopObserving = graph.notifier.observeDeliveries((batch, at) => {
    if (!observing) return;
    for (const n of batch) {
      const id = (n as Partial<ChangeNotification>).resourceData?.id;
      if (id === undefined || !burstIds.has(id)) continue;
      const times = notifiedAt.get(id) ?? [];
      times.push(at);
      notifiedAt.set(id, times);
    }
  });
  const statementsBefore = await sync.backend.dbStatements();

  const started = Date.now();
  // Moves, renames and, between them, an echo: a change Webex does not care about.
  const edits = (event: WorldEvent, edit: number): Record<string, unknown> => {
    const startMs = event.startMs + 7_200_000 + edit * 900_000;
    if (edit % 3 === 0) return { categories: [`Burst ${edit}`] };
    return edit % 2 === 1
      ? { start: { dateTime: iso(startMs), timeZone: 'UTC' }, end: { dateTime: iso(startMs + 1_800_000), timeZone: 'UTC' } }
      : { subject: `Bench burst ${event.user.surname} edit ${edit}` };
  };
  for (const event of events) {
    for (let edit = 1; edit <= EDITS_PER_BURST_EVENT; edit++) sync.driver.edit(event, edits(event, edit));
  }
  const changes = events.length * EDITS_PER_BURST_EVENT;

  let report = convergenceReport(graph, sync.world.webex, sync.driver, sync.mailboxIds);
  let convergedMs: number | null = null;
  while (Date.now() - started < BURST_DEADLINE_MS) {
    report = convergenceReport(graph, sync.world.webex, sync.driver, sync.mailboxIds);
    if (report.converged) {
      convergedMs = Date.now() - started;
      break;
    }
    await sleep(100);
  }
  const elapsedMs = Date.now() - started;
  // The burst ends here: notifications after it cannot have changed what was measured.
  observing = false;
  stopObserving();
  const statementsInBurst = countsBetween(statementsBefore, await sync.backend.dbStatements());
  const jobsInBurst = (await sync.counter('sync_jobs_run')) - jobsBefore;

  if (convergedMs !== null) await settle(sync, 3_000, 15_000);
  const notifications = graph.notifier.report().counters.delivered - deliveredBefore;
  const requests = sync.world.graphRequests.since(graphMark);
  const gets = requests.filter((e) => e.method === 'GET').length;
  const jobs = (await sync.counter('sync_jobs_run')) - jobsBefore;
  const inStep = Math.max(0, report.inStep - inStepOutside);
  const converged = convergedMs !== null;
  // Unfinished: project from what was done (reads per job, one job per event; time per event in step).
  const getsPerNotification = converged ? gets / notifications : (gets / Math.max(1, jobs)) * (events.length / Math.max(1, notifications));
  const convergeMs = converged ? (convergedMs as number) : (elapsedMs * events.length) / Math.max(1, inStep);

  const ideal = idealEngine({
    burstStartMs: started,
    events: events.map((e) => ({ mailboxId: e.mailboxId, notifiedAtMs: notifiedAt.get(e.id) ?? [] })),
    coalescingWindowMs: COALESCING_WINDOW.startAfterMs,
    graphReadMs: graph.throttle.latencyMs,
    webexCallMs: WEBEX_LATENCY_MS,
    perMailboxConcurrency: PER_MAILBOX_CONCURRENCY,
  });
  const notificationsPerEvent = [...notifiedAt.values()].map((t) => t.length);
  return {
    figures: {
      graph_gets_per_notification: round(getsPerNotification),
      throttle_429s: graph.throttle.report().counters.throttled,
      converge_ratio: round(ideal.idealMs / convergeMs, 4),
      db_statements_per_sync_job: jobsInBurst > 0 ? round(statementsInBurst.statements / jobsInBurst, 2) : null,
    },
    inputs: {
      mailboxes,
      events: events.length,
      changes,
      notifications_delivered: notifications,
      notifications_received_by_backend: (await sync.counter('notifications_received')) - receivedBefore,
      realism: REALISM,
      graph_limits: { concurrent_per_mailbox: PER_MAILBOX_CONCURRENCY, requests_per_10_minutes: 10_000 },
      graph_gets: gets,
      graph_requests: requests.length,
      graph_429s_by_limit: { concurrency: graph.throttle.report().counters.concurrency, rate: graph.throttle.report().counters.rate },
      retry_after_ignored: retryAfterViolations(requests).length,
      sync_jobs_run: jobs,
      jobs_per_second: round(jobs / (elapsedMs / 1000), 2),
      converged,
      converged_ms: convergedMs,
      deadline_ms: BURST_DEADLINE_MS,
      events_in_step_at_end: inStep,
      ideal_engine: {
        ideal_ms: Math.round(ideal.idealMs),
        means:
          'each event synced the moment the coalescing window closes after its last acknowledged notification, costing one Graph read and one Webex call at the emulators latencies, at most 4 at once per mailbox (ceil(events / 4) x (read + call) for a mailbox whose events are ready together), nothing else',
        coalescing_window_ms: COALESCING_WINDOW.startAfterMs,
        coalescing_window_means: `sync option coalesceSeconds (${COALESCING_WINDOW.coalesceSeconds} s, the default): each sync job is sent to start that long after the first notification of its event`,
        graph_read_ms: graph.throttle.latencyMs,
        webex_call_ms: WEBEX_LATENCY_MS,
        per_mailbox_concurrency: PER_MAILBOX_CONCURRENCY,
        last_notification_ms: Math.round(ideal.lastNotificationMs),
        last_mailbox: ideal.lastMailbox && { events: ideal.lastMailbox.events, finishes_at_ms: Math.round(ideal.lastMailbox.finishesAtMs) },
        notifications_per_event: { min: Math.min(...notificationsPerEvent), max: Math.max(...notificationsPerEvent) },
        events_without_notification: ideal.eventsWithoutNotification,
      },
      db_statements: {
        window: 'from the first edit until every event equals its meeting (or the deadline); the bench scrapes of /metrics left out',
        statements: statementsInBurst.statements,
        round_trips: statementsInBurst.calls,
        of_the_job_queue: statementsInBurst.queue,
        by_kind: statementsInBurst.byKind,
        most_sent: topTexts(statementsInBurst, 8).map(({ text, statements }) => ({
          text,
          per_job: round(statements / Math.max(1, jobsInBurst), 2),
        })),
        sync_jobs_run: jobsInBurst,
        metrics_scrape_statements_left_out: statementsInBurst.scrapeStatements,
      },
      projected: converged
        ? null
        : { converge_ms: Math.round(convergeMs), graph_gets_per_notification: 'GETs per sync job so far x events / notifications' },
    },
  };
}

/** Every Webex meeting call waits this long before the emulator answers it. */
async function addWebexLatency(sync: SyncWorld, latencyMs: number): Promise<void> {
  const res = await fetch(`${sync.world.webex.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs, pathPrefix: '/v1/meetings' }),
  });
  if (res.status !== 201) throw new Error(`the Webex emulator refused its latency: ${res.status}`);
}

async function openWorld(workDir: string, databaseUrl: string | undefined, log: (m: string) => void): Promise<SyncWorld> {
  const sync = await startSyncWorld({
    mailboxes: MAILBOXES,
    eventsPerMailbox: EVENTS_PER_MAILBOX,
    workDir,
    databaseUrl,
    linkBy: 'seed',
    countDbStatements: true,
    throttling: { latencyMs: GRAPH_LATENCY_MS },
    // Graph retries failed deliveries with back-off; a shorter one keeps the crash phase short.
    notifications: { ...REALISM, retryBaseMs: 500, retryMaxDelayMs: 4_000 },
    log,
  });
  try {
    // After seeding, which creates the meetings: only the engine's calls wait.
    await addWebexLatency(sync, WEBEX_LATENCY_MS);
  } catch (thrown) {
    await sync.close();
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  return sync;
}

/** One event per mailbox for the echoes and the crash, in distinct mailboxes; the rest burst (the same events on both databases). */
function splitEvents(events: readonly WorldEvent[]) {
  const firsts = events.filter((_, i) => i % EVENTS_PER_MAILBOX === 0);
  const echo = firsts.slice(0, ECHO_EVENTS);
  const crash = firsts.slice(ECHO_EVENTS, ECHO_EVENTS + CRASH_EVENTS);
  const reserved = new Set([...echo, ...crash]);
  return { echo, crash, burst: events.filter((e) => !reserved.has(e)) };
}

const lowest = (values: Figure[]): Figure =>
  values.some((v) => v !== null) ? Math.min(...values.filter((v): v is number => v !== null)) : null;
const highest = (values: Figure[]): Figure =>
  values.some((v) => v !== null) ? Math.max(...values.filter((v): v is number => v !== null)) : null;

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export const syncFigures: FigureGroup = {
  name: 'sync',
  figureNames: [
    'webex_calls_per_echo',
    'lost_changes',
    'graph_gets_per_notification',
    'throttle_429s',
    'converge_ratio',
    'converge_ratio_embedded',
    'converge_ratio_postgres',
    'db_statements_per_sync_job',
    'db_statements_per_sync_job_embedded',
    'db_statements_per_sync_job_postgres',
  ],

  async run({ workDir, log: say }) {
    const setupStarted = Date.now();
    const log = (message: string) => say(`+${Math.round((Date.now() - setupStarted) / 1000)} s ${message}`);
    const bursts: Partial<Record<DatabaseKind, { figures: BurstFigures; inputs: Record<string, unknown> }>> = {};
    const unmeasured: Record<string, string> = {};
    const failures: string[] = [];

    log('on the embedded database (PGlite on disk):');
    const sync = await openWorld(`${workDir}/embedded`, undefined, log);
    const setupMs = Date.now() - setupStarted;
    let echoResult: Awaited<ReturnType<typeof echoPhase>>;
    let crashResult: Awaited<ReturnType<typeof crashPhase>>;
    try {
      const { echo, crash, burst } = splitEvents(sync.events);
      echoResult = await echoPhase(sync, echo, log);
      crashResult = await crashPhase(sync, crash, log);
      bursts.embedded = await burstPhase(sync, burst, log);
    } finally {
      await sync.close();
    }

    const server = benchPostgres();
    let postgresInputs: Record<string, unknown>;
    if ('reason' in server) {
      postgresInputs = { measured: false, reason: server.reason };
      for (const name of ['converge_ratio_postgres', 'db_statements_per_sync_job_postgres']) unmeasured[name] = server.reason;
    } else {
      const startedAt = Date.now();
      log(`on a Postgres server (${server.source}, ${describeServer(server.url)}), a fresh database:`);
      try {
        const database = await createScratchDatabase(server.url);
        try {
          const onPostgres = await openWorld(`${workDir}/postgres`, database.url, log);
          try {
            bursts.postgres = await burstPhase(onPostgres, splitEvents(onPostgres.events).burst, log);
          } finally {
            await onPostgres.close();
          }
        } finally {
          await database.drop();
        }
        postgresInputs = {
          measured: true,
          server: `${server.source} (${describeServer(server.url)}), a database of its own, dropped afterwards`,
          seconds: Math.round((Date.now() - startedAt) / 1000),
        };
      } catch (thrown) {
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        failures.push(`the Postgres burst: ${message}`);
        postgresInputs = { measured: false, reason: `failed: ${message}` };
        for (const name of ['converge_ratio_postgres', 'db_statements_per_sync_job_postgres'])
          unmeasured[name] = `the Postgres burst failed: ${message}`;
      }
    }

    const of = (kind: DatabaseKind) => bursts[kind]?.figures;
    const measured = (['embedded', 'postgres'] as const).flatMap((kind) => (bursts[kind] ? [bursts[kind].figures] : []));
    const figures: Record<string, Figure> = {
      webex_calls_per_echo: echoResult.figure,
      lost_changes: crashResult.figure,
      graph_gets_per_notification: highest(measured.map((f) => f.graph_gets_per_notification)),
      throttle_429s: measured.reduce((sum, f) => sum + f.throttle_429s, 0),
      converge_ratio_embedded: of('embedded')?.converge_ratio ?? null,
      converge_ratio_postgres: of('postgres')?.converge_ratio ?? null,
      converge_ratio: lowest(measured.map((f) => f.converge_ratio)),
      db_statements_per_sync_job_embedded: of('embedded')?.db_statements_per_sync_job ?? null,
      db_statements_per_sync_job_postgres: of('postgres')?.db_statements_per_sync_job ?? null,
      db_statements_per_sync_job: highest(measured.map((f) => f.db_statements_per_sync_job)),
    };
    return {
      figures,
      unmeasured,
      failures,
      inputs: {
        backend:
          'src/server/main.ts as a process of its own, every setting at its default (LOG_LEVEL info), its database statements counted by db-statement-counter.ts',
        setup: `${MAILBOXES} mailboxes x ${EVENTS_PER_MAILBOX} events, meetings made by the backend's meeting service, links seeded as the engine writes them; ${Math.round(setupMs / 1000)} s on the embedded database`,
        latencies: { graph_ms: GRAPH_LATENCY_MS, webex_meetings_ms: WEBEX_LATENCY_MS },
        databases: {
          embedded: 'PGlite on disk (DATA_DIR): echo, crash and burst',
          postgres: postgresInputs,
        },
        combined:
          'graph_gets_per_notification and db_statements_per_sync_job: the higher of the databases measured; converge_ratio: the lower; throttle_429s: both bursts',
        echo: echoResult.inputs,
        crash: crashResult.inputs,
        burst: bursts.embedded?.inputs,
        burst_postgres: bursts.postgres?.inputs ?? null,
      },
    };
  },
};
