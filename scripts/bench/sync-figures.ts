/**
 * The sync engine's figures (docs/architecture.md#bench-figures), measured against the backend
 * PROCESS (src/server/main.ts, its defaults, its embedded database on disk) and the emulators in
 * this process, the Graph emulator
 * enforcing Outlook's limits (4 requests at once per app and mailbox, 10,000 per 10 minutes) at a
 * realistic latency, delivering notifications with duplicates, extra updates and shuffled batches:
 *
 * - webex_calls_per_echo: events changed only where Webex does not care (categories), then every
 *   Webex call the Webex emulator received meanwhile, per such change. Target 0.
 * - lost_changes: events moved, the backend killed with SIGKILL once some were processed, more
 *   edits and deletions while it is down, restarted on the same database; then every event is
 *   compared with its Webex meeting (outlook-driver.ts): the events still different when the phase's
 *   deadline comes are the lost changes. Target 0.
 * - the burst, across hundreds of mailboxes, each event edited several times in a row (moved,
 *   renamed, and given a category: an echo among the changes that matter):
 *   graph_gets_per_notification (GETs Graph received ÷ notifications delivered; ≤ 1, aim 0.3),
 *   throttle_429s (429s Graph sent; 0), converge_ratio (the least time the burst can take under 4
 *   requests at once per mailbox at that latency — one GET per changed event — ÷ the time until every
 *   event equals its meeting; ≥ 0.8).
 *
 * Phases run in that order because the burst may leave work behind. Every wait has a deadline: a
 * phase that does not finish reports what it reached, and the figures computed from a partial
 * burst are projections, flagged as such in the inputs.
 */
import { resolveSyncOptions } from '../../src/server/sync';
import type { FigureGroup } from './figure-group';
import { sleep, waitUntil } from './bounded';
import { convergenceReport, type ConvergenceReport } from './outlook-driver';
import { retryAfterViolations } from './request-log';
import { startSyncWorld, type SyncWorld, type WorldEvent } from './sync-world';

const MAILBOXES = 200;
const EVENTS_PER_MAILBOX = 2;
/** Graph answers a calendar request in about this long (the emulator adds it while holding the mailbox's slot). */
const GRAPH_LATENCY_MS = 100;
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

/** How long a notified event waits for more notifications before its job runs (the backend's default sync options). */
const COALESCING_WINDOW_MS = resolveSyncOptions({ addinId: 'bench', publicBaseUrl: 'https://bench.invalid' }).coalesceSeconds * 1000;

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

const webexMeetingCalls = (sync: SyncWorld, mark: number) => sync.world.webexRequests.since(mark).filter((e) => e.url.startsWith('/v1/meetings'));

async function echoPhase(sync: SyncWorld, events: WorldEvent[], log: (m: string) => void) {
  log(`echo: ${events.length} events get a category (nothing Webex keeps changes)…`);
  const webexMark = sync.world.webexRequests.mark();
  const graphMark = sync.world.graphRequests.mark();
  const echoesBefore = await sync.counter('events_processed', { outcome: 'echo' });
  const skippedBefore = await sync.counter('sync_skipped_known_change');
  for (const event of events) sync.driver.edit(event, { categories: ['Blue category'] });
  let finished = true;
  try {
    await waitUntil('the echoes to be processed', async () => ((await sync.counter('events_processed', { outcome: 'echo' })) - echoesBefore >= events.length ? true : undefined), PHASE_DEADLINE_MS, 250);
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
  for (const event of events) sync.driver.edit(event, { start: { dateTime: iso(event.startMs + 3_600_000), timeZone: 'UTC' }, end: { dateTime: iso(event.startMs + 5_400_000), timeZone: 'UTC' } });
  await waitUntil('updates before the kill', async () => ((await sync.counter('events_processed', { outcome: 'updated' })) - updatedBefore >= CRASH_AFTER_UPDATES ? true : undefined), PHASE_DEADLINE_MS, 50);
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

async function burstPhase(sync: SyncWorld, events: WorldEvent[], log: (m: string) => void) {
  const { graph } = sync.world;
  const perMailbox = new Map<string, number>();
  for (const event of events) perMailbox.set(event.mailboxId, (perMailbox.get(event.mailboxId) ?? 0) + 1);
  const theoreticalMs = Math.max(...[...perMailbox.values()].map((n) => Math.ceil(n / PER_MAILBOX_CONCURRENCY) * GRAPH_LATENCY_MS));
  log(`burst: ${events.length} events in ${perMailbox.size} mailboxes, ${EDITS_PER_BURST_EVENT} edits each…`);

  graph.throttle.reset();
  const deliveredBefore = graph.notifier.report().counters.delivered;
  const graphMark = sync.world.graphRequests.mark();
  const jobsBefore = await sync.counter('sync_jobs_run');
  const receivedBefore = await sync.counter('notifications_received');
  const inStepOutside = convergenceReport(graph, sync.world.webex, sync.driver, sync.mailboxIds).inStep - events.length;

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
  return {
    figures: {
      graph_gets_per_notification: round(getsPerNotification),
      throttle_429s: graph.throttle.report().counters.throttled,
      converge_ratio: round(theoreticalMs / convergeMs, 4),
    },
    inputs: {
      mailboxes: perMailbox.size,
      events: events.length,
      changes,
      notifications_delivered: notifications,
      notifications_received_by_backend: (await sync.counter('notifications_received')) - receivedBefore,
      realism: REALISM,
      graph_latency_ms: GRAPH_LATENCY_MS,
      graph_limits: { concurrent_per_mailbox: PER_MAILBOX_CONCURRENCY, requests_per_10_minutes: 10_000 },
      graph_gets: gets,
      graph_requests: requests.length,
      graph_429s_by_limit: { concurrency: graph.throttle.report().counters.concurrency, rate: graph.throttle.report().counters.rate },
      retry_after_ignored: retryAfterViolations(requests).length,
      sync_jobs_run: jobs,
      jobs_per_second: round(jobs / (elapsedMs / 1000), 2),
      theoretical_minimum_ms: theoreticalMs,
      theoretical_minimum_means: 'max over mailboxes of ceil(changed events / 4) x latency: one GET per changed event, 4 at once per mailbox',
      coalescing_window_ms: COALESCING_WINDOW_MS,
      converged,
      converged_ms: convergedMs,
      deadline_ms: BURST_DEADLINE_MS,
      events_in_step_at_end: inStep,
      projected: converged ? null : { converge_ms: Math.round(convergeMs), graph_gets_per_notification: 'GETs per sync job so far x events / notifications' },
    },
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export const syncFigures: FigureGroup = {
  name: 'sync',
  figureNames: ['webex_calls_per_echo', 'lost_changes', 'graph_gets_per_notification', 'throttle_429s', 'converge_ratio'],

  async run({ workDir, log: say }) {
    const setupStarted = Date.now();
    const log = (message: string) => say(`+${Math.round((Date.now() - setupStarted) / 1000)} s ${message}`);
    const sync = await startSyncWorld({
      mailboxes: MAILBOXES,
      eventsPerMailbox: EVENTS_PER_MAILBOX,
      workDir,
      linkBy: 'seed',
      throttling: { latencyMs: GRAPH_LATENCY_MS },
      // Graph retries failed deliveries with back-off; a shorter one keeps the crash phase short.
      notifications: { ...REALISM, retryBaseMs: 500, retryMaxDelayMs: 4_000 },
      log,
    });
    const setupMs = Date.now() - setupStarted;
    try {
      // One event per mailbox for the echoes and the crash, in distinct mailboxes; the rest burst.
      const firsts = sync.events.filter((_, i) => i % EVENTS_PER_MAILBOX === 0);
      const echo = firsts.slice(0, ECHO_EVENTS);
      const crash = firsts.slice(ECHO_EVENTS, ECHO_EVENTS + CRASH_EVENTS);
      const reserved = new Set([...echo, ...crash]);
      const burst = sync.events.filter((e) => !reserved.has(e));

      const echoResult = await echoPhase(sync, echo, log);
      const crashResult = await crashPhase(sync, crash, log);
      const burstResult = await burstPhase(sync, burst, log);
      return {
        figures: { webex_calls_per_echo: echoResult.figure, lost_changes: crashResult.figure, ...burstResult.figures },
        inputs: {
          backend: 'src/server/main.ts as a process of its own: PGlite on disk, every setting at its default (LOG_LEVEL info)',
          setup: `${MAILBOXES} mailboxes x ${EVENTS_PER_MAILBOX} events, meetings made by the backend's meeting service, links seeded as the engine writes them; ${Math.round(setupMs / 1000)} s`,
          echo: echoResult.inputs,
          crash: crashResult.inputs,
          burst: burstResult.inputs,
        },
      };
    } finally {
      await sync.close();
    }
  },
};
