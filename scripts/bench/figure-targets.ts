/**
 * The targets of DESIGN.md section 7, and the verdict of a run against them: `npm run bench` prints
 * `verdicts.<figure>` = { target, pass } beside the figures. A figure that could not be measured
 * (null) does not pass. Figures without a target (supporting ones) get no verdict.
 */
import type { Figure } from './figure-group';

export interface Target {
  /** As DESIGN.md writes it. */
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

export interface Verdict {
  target: string;
  pass: boolean;
}

export function verdicts(figures: Readonly<Record<string, Figure>>): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const [name, target] of Object.entries(FIGURE_TARGETS)) {
    if (!(name in figures)) continue;
    const value = figures[name];
    out[name] = { target: target.text, pass: value !== null && value !== undefined && target.met(value) };
  }
  return out;
}
