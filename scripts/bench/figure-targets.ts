/**
 * The targets of the bench's figures (docs/architecture.md#bench-figures lists them), and the
 * verdict of a run against them: `npm run bench` prints `verdicts.<figure>` = { target, pass }
 * beside the figures. A figure that could not be measured (null) does not pass. Figures without a
 * target (supporting ones) get no verdict.
 */
import type { Figure } from './figure-group';

export interface Target {
  /** As docs/architecture.md#bench-figures writes it. */
  text: string;
  met(value: number): boolean;
}

const atMost = (limit: number, text = `<= ${limit}`): Target => ({ text, met: (v) => v <= limit });
const atLeast = (limit: number): Target => ({ text: `>= ${limit}`, met: (v) => v >= limit });
const below = (limit: number): Target => ({ text: `< ${limit}`, met: (v) => v < limit });
const zero: Target = { text: '0', met: (v) => v === 0 };

const INGEST = atLeast(0.5);
const CONVERGE = atLeast(0.8);
const STATEMENTS = atMost(4);

export const FIGURE_TARGETS: Readonly<Record<string, Target>> = {
  ingest_ratio: INGEST,
  ingest_ratio_1: INGEST,
  ingest_ratio_20: INGEST,
  ack_p99_ms: below(300),
  graph_gets_per_notification: atMost(1, '<= 1.0, aim 0.3'),
  webex_calls_per_echo: zero,
  throttle_429s: zero,
  converge_ratio: { ...CONVERGE, text: '>= 0.8 on both databases' },
  converge_ratio_embedded: CONVERGE,
  converge_ratio_postgres: CONVERGE,
  db_statements_per_sync_job: STATEMENTS,
  db_statements_per_sync_job_embedded: STATEMENTS,
  db_statements_per_sync_job_postgres: STATEMENTS,
  renewals_per_sub_day: atMost(0.25),
  lapsed_subscriptions: zero,
  lost_changes: zero,
  taskpane_js_gzip_kb: atMost(120, '<= 120, aim 100'),
  launchevent_js_gzip_kb: atMost(40),
  pane_to_bare_fluent_ratio: atMost(1.1),
};

const INGEST_LIMIT =
  "the receiver stores every POST durably in the notification inbox (a group commit on the embedded database, in the same process and thread) and the inbox drainer takes up to a tenth of the process while the receiver is busy; with 20 notifications per POST the receiver also checks twenty items (shape, ids, subscription, clientState, tenant and mailbox) where the bare route checks nothing. In a profile of the ingest server during a round of 20 (BENCH_CPU_PROF=1): the embedded database (inbox writes and the drainer) about 28% of its CPU, the receiver's checks about 23%, the redaction of the request logs about 17% (which the bare route pays too) (inputs.ingest.batch_1, batch_20)";
const CONVERGE_LIMIT =
  "what the ideal engine does not pay: the burst's 360 jobs are all ready within about 0.3 s of each other, and each then waits for the store read gathered with the other jobs' (store/gathered-statement.ts), the Graph read and the Webex call over the backend's pool (HTTP/2 to the emulators, many calls a connection; a service that speaks only HTTP/1.1 gets 64 connections, and 360 calls at 150 ms each take at least 0.85 s over them), the link write, and the backend's one thread, which runs every job's steps (about 1.5 to 3 ms of CPU a job) while the emulators and the bench share the other core. Up to 512 jobs run at once (sync option syncConcurrency); past that, jobs wait for a slot. The ratio moves with the machine's load, which the ideal engine does not feel (inputs.sync.burst and burst_postgres: jobs_per_second, converged_ms, ideal_engine)";
const STATEMENTS_LIMIT =
  "the jobs a worker starts together read what the store knows in one statement, and the jobs ending within 5 ms write their links in one (store/gathered-statement.ts); the rest is the job queue's (fetches, completions of several jobs at once, heartbeats, pg-boss's maintenance), the inbox's drains and the receiver's subscription lookups (inputs.sync.burst.db_statements.most_sent, per_job)";

/**
 * What is known to hold a figure back, printed beside a verdict that misses (the figures' inputs
 * carry the measurements behind these words).
 */
export const KNOWN_LIMITS: Readonly<Record<string, string>> = {
  ingest_ratio: INGEST_LIMIT,
  ingest_ratio_1: INGEST_LIMIT,
  ingest_ratio_20: INGEST_LIMIT,
  ack_p99_ms:
    'each acknowledgement waits for the inbox write it joined (a group commit on the embedded database), in the process and thread that also runs the inbox drainer and pg-boss, at 10x the sustained rate with one notification per POST (inputs.ingest.ack)',
  graph_gets_per_notification:
    'a sync job reads its event once, and the coalescing window merges only the notifications of one time slot (inputs.sync.burst: graph_gets, sync_jobs_run)',
  converge_ratio: CONVERGE_LIMIT,
  converge_ratio_embedded: CONVERGE_LIMIT,
  converge_ratio_postgres: CONVERGE_LIMIT,
  db_statements_per_sync_job: STATEMENTS_LIMIT,
  db_statements_per_sync_job_embedded: STATEMENTS_LIMIT,
  db_statements_per_sync_job_postgres: STATEMENTS_LIMIT,
  renewals_per_sub_day:
    'a subscription is renewed when less than renewWhenRemaining (0.3) of the lifetime Graph granted (7 days) is left, about every 4.9 days, and lifecycle notifications add renewals and recreations (inputs.subscriptions: subscription_operations)',
  lost_changes: 'events not in step at the deadline after the restart: inputs.sync.crash lists them',
  taskpane_js_gzip_kb:
    "react-dom (about 41 KB gzip) and Fluent UI's light theme tokens, Griffel's class merging and the controls of the first views (button, spinner, text) in the vendor chunk (our own styles are compiled into classes at build time, so no style compiler loads); the pane's own start-up code (Office's context, the token provider and API client, its translator with the en-US strings). The views after sign-in, MSAL, the flows and the other locales are chunks loaded later (inputs.taskpane: taskpane_scripts_loaded_before_interactive_gzip_kb, taskpane_chunks_loaded_later_gzip_kb)",
  launchevent_js_gzip_kb:
    "launchevent.js must be one self-contained file (that runtime loads no chunks), so everything it imports is inside it. It has no sign-in library (Office's own single sign-on) and no HTML parser: the backend finds and writes the join block for it (POST /api/join-block/*; htmlparser2, the HTML5 character reference table and the block's strings of every language, about 24 KB gzip, stay in the task pane's later chunks and on the backend). What remains: the info bar's sentences in six languages (about 9 KB, keys once, only the errors its flows meet), the draft checks and invitees (about 4.5 KB), recurrence and time-zone conversion (about 4 KB) with the Windows time-zone table (about 2 KB, primary zones only), the Office calls (about 2.5 KB), the flows, the marker, the API client and the rest (about 5 KB) (inputs.taskpane.launchevent)",
  pane_to_bare_fluent_ratio:
    'the pane loads, parses and runs its own code (Office context, token provider, API client, its views and translator) before its first button (the sign-in, in its first render); the bare page renders one button (inputs.taskpane: the samples of both)',
};

export interface Verdict {
  target: string;
  pass: boolean;
  /** For a figure that misses: what is known to limit it. */
  limited_by?: string;
  /** For a figure that could not be measured (null): why. */
  unmeasured?: string;
}

/** The verdict of every figure that has a target; `unmeasured` says why a null figure is null. */
export function verdicts(
  figures: Readonly<Record<string, Figure>>,
  unmeasured: Readonly<Record<string, string>> = {},
): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const [name, target] of Object.entries(FIGURE_TARGETS)) {
    if (!(name in figures)) continue;
    const value = figures[name];
    if (value === null || value === undefined) {
      out[name] = { target: target.text, pass: false, ...(unmeasured[name] ? { unmeasured: unmeasured[name] } : {}) };
      continue;
    }
    const pass = target.met(value);
    out[name] = { target: target.text, pass, ...(!pass && KNOWN_LIMITS[name] ? { limited_by: KNOWN_LIMITS[name] } : {}) };
  }
  return out;
}
