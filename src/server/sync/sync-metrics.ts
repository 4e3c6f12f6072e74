/**
 * In-process counters of the sync engine, for /metrics and for the bench
 * (graph_gets_per_notification, webex_calls_per_echo, throttle_429s). Counters only: each one
 * grows from the start of the process, per replica; whoever reads them sums across replicas.
 * Labels carry kinds and codes, never an id, a name or an address; each counter declares its label
 * names, and a series with others is refused.
 *
 * The engine, the bench and the sync tests read these counters synchronously, in the middle of
 * their work, and prom-client's reads are asynchronous (they run collect callbacks): so the values
 * live here, and `register` shows them through prom-client Counters that copy them at each scrape.
 */
import { Counter, type Registry } from 'prom-client';

export const SYNC_COUNTERS = {
  notifications_received: { help: 'Change notifications received from Graph (each item of a POST).', labelNames: [] },
  notifications_dropped: { help: 'Notifications dropped before anything was touched, by reason.', labelNames: ['reason'] },
  notifications_stored: { help: 'Notifications verified and stored in the inbox, then acknowledged.', labelNames: [] },
  notifications_enqueued: {
    help: 'Jobs sent for stored notifications (after merging those of one event in a drain; before the queue coalesces).',
    labelNames: [],
  },
  lifecycle_received: { help: 'Lifecycle notifications received, by lifecycle event.', labelNames: ['event'] },
  validation_handshakes: { help: 'Validation handshakes answered.', labelNames: [] },
  sync_jobs_run: { help: 'sync-event jobs run (after coalescing).', labelNames: [] },
  sync_skipped_known_change: {
    help: 'Change notifications that made no job: the notified changeKey was already synced (our own write echoed).',
    labelNames: [],
  },
  events_processed: { help: 'Events reconciled, by outcome.', labelNames: ['outcome'] },
  echo_suppressed: { help: 'Reconciliations that changed no Webex meeting: nothing Webex keeps had changed.', labelNames: [] },
  sync_errors: { help: 'Events that could not be kept in step, by code (recorded, not retried).', labelNames: ['code'] },
  graph_requests: { help: 'Requests to Microsoft Graph, by method.', labelNames: ['method'] },
  graph_reads: { help: 'GET requests to Microsoft Graph, by what was read.', labelNames: ['kind'] },
  graph_throttled: { help: 'Graph requests that ended throttled (429), after the client retries.', labelNames: [] },
  mailbox_waits: { help: 'Graph requests that waited for the per-mailbox limiter, by reason.', labelNames: ['reason'] },
  webex_calls: { help: 'Calls to the Webex Meetings API, by kind.', labelNames: ['kind'] },
  subscriptions: { help: 'Subscription operations, by operation and outcome.', labelNames: ['op', 'outcome'] },
  resyncs: { help: 'Mailbox resyncs (calendarView/delta), by reason.', labelNames: ['reason'] },
  meetings_swept: { help: 'Webex meetings deleted because their draft was never saved.', labelNames: [] },
  orphaned_jobs_retried: {
    help: 'Jobs run again because the process running them stopped answering (its heartbeat lapsed: it died, or its machine was lost), by queue.',
    labelNames: ['queue'],
  },
} as const satisfies Record<string, { help: string; labelNames: readonly string[] }>;

export type SyncCounterName = keyof typeof SYNC_COUNTERS;
export type Labels = Readonly<Record<string, string>>;

export interface SyncMetrics {
  inc(name: SyncCounterName, labels?: Labels, by?: number): void;
  /** One labelled series (or the unlabelled one). */
  get(name: SyncCounterName, labels?: Labels): number;
  /** Sum over every label set of the counter. */
  total(name: SyncCounterName): number;
  /** Every series, keyed `name{k="v",...}`. */
  snapshot(): Record<string, number>;
  /** Adds every counter to `registry` as `<prefix><name>_total` (default prefix webex_scheduler_sync_). */
  register(registry: Registry, prefix?: string): void;
  reset(): void;
}

function seriesKey(labels: Labels | undefined): string {
  if (!labels) return '';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

export function createSyncMetrics(): SyncMetrics {
  const counters = new Map<SyncCounterName, Map<string, { labels: Labels; value: number }>>();

  const seriesOf = (name: SyncCounterName) => {
    let series = counters.get(name);
    if (!series) {
      series = new Map();
      counters.set(name, series);
    }
    return series;
  };

  return {
    inc(name, labels = {}, by = 1) {
      const declared: readonly string[] = SYNC_COUNTERS[name].labelNames;
      const given = Object.keys(labels);
      if (given.length !== declared.length || given.some((l) => !declared.includes(l))) {
        throw new Error(`the sync counter ${name} takes the labels [${declared.join(', ')}], got [${given.join(', ')}]`);
      }
      if (!(by >= 0)) throw new Error(`the sync counter ${name} only grows`);
      const series = seriesOf(name);
      const key = seriesKey(labels);
      series.set(key, { labels: { ...labels }, value: (series.get(key)?.value ?? 0) + by });
    },
    get(name, labels) {
      return counters.get(name)?.get(seriesKey(labels))?.value ?? 0;
    },
    total(name) {
      let sum = 0;
      for (const { value } of counters.get(name)?.values() ?? []) sum += value;
      return sum;
    },
    snapshot() {
      const out: Record<string, number> = {};
      for (const [name, series] of counters) for (const [key, { value }] of series) out[`${name}${key}`] = value;
      return out;
    },
    register(registry, prefix = 'webex_scheduler_sync_') {
      for (const name of Object.keys(SYNC_COUNTERS) as SyncCounterName[]) {
        const { help, labelNames } = SYNC_COUNTERS[name];
        new Counter({
          name: `${prefix}${name}_total`,
          help,
          labelNames,
          registers: [registry],
          collect() {
            // Rebuilt from the values here at each scrape; an unlabelled counter shows 0 until it counts.
            this.reset();
            for (const { labels, value } of counters.get(name)?.values() ?? []) this.inc(labels, value);
          },
        });
      }
    },
    reset() {
      counters.clear();
    },
  };
}
