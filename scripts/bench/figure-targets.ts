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

export const FIGURE_TARGETS: Readonly<Record<string, Target>> = {
  ingest_ratio: atLeast(0.5),
  ack_p99_ms: below(300),
  graph_gets_per_notification: atMost(1, '<= 1.0, aim 0.3'),
  webex_calls_per_echo: zero,
  throttle_429s: zero,
  converge_ratio: atLeast(0.8),
  renewals_per_sub_day: atMost(0.25),
  lapsed_subscriptions: zero,
  lost_changes: zero,
  taskpane_js_gzip_kb: atMost(167, '<= 167, aim 120'),
};

/**
 * What is known to hold a figure back, printed beside a verdict that misses (the figures' inputs
 * carry the measurements behind these words).
 */
export const KNOWN_LIMITS: Readonly<Record<string, string>> = {
  ingest_ratio:
    'the embedded database (PGlite, in the same process and thread) writes each group of POSTs, and the inbox drainer takes up to a tenth of the process while the receiver is busy; with 20 notifications per POST the receiver also parses and verifies twenty items where the bare route does nothing',
  converge_ratio:
    'the theoretical minimum counts only Graph reads under the per-mailbox limit (one round of 4 GETs per mailbox), while every event also waits for its notifications, the coalescing window (sync option coalesceSeconds) and its Webex call, and the jobs share one embedded database and the machine with the emulators (inputs.sync.burst: jobs_per_second, coalescing_window_ms)',
  lost_changes: 'events not in step at the deadline after the restart: inputs.sync.crash lists them',
  taskpane_js_gzip_kb: 'react-dom, Fluent UI and i18next in the vendor chunk (inputs.taskpane)',
};

export interface Verdict {
  target: string;
  pass: boolean;
  /** For a figure that misses: what is known to limit it. */
  limited_by?: string;
}

export function verdicts(figures: Readonly<Record<string, Figure>>): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const [name, target] of Object.entries(FIGURE_TARGETS)) {
    if (!(name in figures)) continue;
    const value = figures[name];
    const pass = value !== null && value !== undefined && target.met(value);
    out[name] = { target: target.text, pass, ...(!pass && KNOWN_LIMITS[name] ? { limited_by: KNOWN_LIMITS[name] } : {}) };
  }
  return out;
}
