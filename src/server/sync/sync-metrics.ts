/**
 * In-process counters of the sync engine, for /metrics (Prometheus text) and for the bench
 * (graph_gets_per_notification, webex_calls_per_echo, throttle_429s). Counters only: each one
 * grows from the start of the process, per replica; whoever reads them sums across replicas.
 * Labels carry kinds and codes, never an id, a name or an address.
 */

export const SYNC_COUNTERS = {
  notifications_received: 'Change notifications received from Graph (each item of a POST).',
  notifications_dropped: 'Notifications dropped before anything was touched, by reason.',
  notifications_stored: 'Notifications verified and stored in the inbox, then acknowledged.',
  notifications_enqueued: 'Jobs sent for stored notifications (after merging those of one event in a drain; before the queue coalesces).',
  lifecycle_received: 'Lifecycle notifications received, by lifecycle event.',
  validation_handshakes: 'Validation handshakes answered.',
  sync_jobs_run: 'sync-event jobs run (after coalescing).',
  sync_skipped_known_change: 'Change notifications that made no job: the notified changeKey was already synced (our own write echoed).',
  events_processed: 'Events reconciled, by outcome.',
  echo_suppressed: 'Reconciliations that changed no Webex meeting: nothing Webex keeps had changed.',
  sync_errors: 'Events that could not be kept in step, by code (recorded, not retried).',
  graph_requests: 'Requests to Microsoft Graph, by method.',
  graph_reads: 'GET requests to Microsoft Graph, by what was read.',
  graph_throttled: 'Graph requests that ended throttled (429), after the client retries.',
  mailbox_waits: 'Graph requests that waited for the per-mailbox limiter, by reason.',
  webex_calls: 'Calls to the Webex Meetings API, by kind.',
  subscriptions: 'Subscription operations, by operation and outcome.',
  resyncs: 'Mailbox resyncs (calendarView/delta), by reason.',
  meetings_swept: 'Webex meetings deleted because their draft was never saved.',
  orphaned_jobs_retried: 'Jobs run again because the process running them stopped answering (its heartbeat lapsed: it died, or its machine was lost), by queue.',
} as const;

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
  /** Prometheus text exposition format 0.0.4. */
  toPrometheus(prefix?: string): string;
  reset(): void;
}

// Label values come from our own code (kinds and codes); quote them anyway.
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function seriesKey(labels: Labels | undefined): string {
  if (!labels) return '';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] as string)}"`).join(',')}}`;
}

export function createSyncMetrics(): SyncMetrics {
  const counters = new Map<SyncCounterName, Map<string, number>>();

  const seriesOf = (name: SyncCounterName): Map<string, number> => {
    let series = counters.get(name);
    if (!series) {
      series = new Map();
      counters.set(name, series);
    }
    return series;
  };

  return {
    inc(name, labels, by = 1) {
      const series = seriesOf(name);
      const key = seriesKey(labels);
      series.set(key, (series.get(key) ?? 0) + by);
    },
    get(name, labels) {
      return counters.get(name)?.get(seriesKey(labels)) ?? 0;
    },
    total(name) {
      let sum = 0;
      for (const value of counters.get(name)?.values() ?? []) sum += value;
      return sum;
    },
    snapshot() {
      const out: Record<string, number> = {};
      for (const [name, series] of counters) for (const [key, value] of series) out[`${name}${key}`] = value;
      return out;
    },
    toPrometheus(prefix = 'webex_scheduler_sync_') {
      const lines: string[] = [];
      for (const name of Object.keys(SYNC_COUNTERS) as SyncCounterName[]) {
        const full = `${prefix}${name}_total`;
        lines.push(`# HELP ${full} ${SYNC_COUNTERS[name]}`, `# TYPE ${full} counter`);
        const series = counters.get(name);
        if (!series || series.size === 0) lines.push(`${full} 0`);
        else for (const [key, value] of series) lines.push(`${full}${key} ${value}`);
      }
      return `${lines.join('\n')}\n`;
    },
    reset() {
      counters.clear();
    },
  };
}
