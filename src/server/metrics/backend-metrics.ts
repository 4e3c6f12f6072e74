/**
 * The metric families of the backend (GET /metrics), per replica unless said otherwise:
 *
 * - webex_scheduler_http_requests_total{method,route,status}: requests answered, by route template;
 * - webex_scheduler_outbound_requests_total{service} and ..._outbound_errors_total{service,code}:
 *   calls to Microsoft Graph, Webex and the Microsoft token endpoint, and their failures by code;
 * - from the database, the same on every replica (take max, not sum, across replicas), read at most
 *   once per `databaseCacheMs` (10 s) however often the endpoint is scraped:
 *   ..._subscriptions{state}, ..._subscriptions_expiring_soon, ..._subscriptions_lapsed,
 *   ..._tenants{mode}, ..._users, ..._queue_jobs{queue,state}, ..._queue_lag_seconds{queue},
 *   ..._inbox_rows, ..._inbox_oldest_seconds;
 * - the sync engine's counters (notifications received, dropped, processed...), when it is given;
 * - process_start_time_seconds and process_resident_memory_bytes;
 * - webex_scheduler_metrics_collector_failures_total{collector}: database reads that failed or
 *   timed out while answering a scrape (the scrape still answers, with the values last read).
 *
 * On prom-client, with a registry per app: the tests build several apps in one process, and the
 * library's global registry would mix their series.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Db } from '../store';
import type { SyncMetrics } from '../sync/sync-metrics';
import { cachedCollector, type Collector } from './cached-collector';
import { countingFetch, type OutboundService } from './counting-fetch';
import { withinTime } from '../within-time';

export interface BackendMetrics {
  registry: Registry;
  /** A fetch for the outbound client of `service` that counts its calls and failures. */
  countingFetch(service: OutboundService, base?: typeof fetch): typeof fetch;
  /** One answered HTTP request; `route` is the route's template (no ids), 'unmatched' for 404s. */
  recordHttpRequest(method: string, route: string, statusCode: number): void;
}

export interface BackendMetricsOptions {
  /** The database the gauges are read from; without it only the process's own counters are shown. */
  db?: Pick<Db, 'query'>;
  /** pg-boss's schema (default 'pgboss'). */
  jobSchema?: string;
  /** The sync engine's counters, shown as webex_scheduler_sync_*_total. */
  syncMetrics?: Pick<SyncMetrics, 'register'>;
  /** Current time (tests move it). */
  clock?: () => Date;
  /** How far ahead a subscription counts as expiring soon (default 24 h). */
  expiringWithinMs?: number;
  /** How long values read from the database are shown before they are read again (default 10 s, by `clock`). */
  databaseCacheMs?: number;
  /** How long one database collector may take (default 2 s): a slow database must not hang the scrape. */
  collectorTimeoutMs?: number;
}

const SUBSCRIPTION_STATES = ['active', 'reauthorize', 'removed'] as const;
const TENANT_MODES = ['admin', 'individual'] as const;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;
// Fastify answers with any method; the label keeps to the ones routes use.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createBackendMetrics(options: BackendMetricsOptions = {}): BackendMetrics {
  const registry = new Registry();
  const registers = [registry];
  const clock = options.clock ?? (() => new Date());
  const expiringWithinMs = options.expiringWithinMs ?? 24 * 3600_000;
  const jobSchema = options.jobSchema ?? 'pgboss';
  if (!SCHEMA_NAME.test(jobSchema)) throw new Error(`"${jobSchema}" is not a schema name`);
  const databaseCacheMs = options.databaseCacheMs ?? 10_000;
  const collectorTimeoutMs = options.collectorTimeoutMs ?? 2_000;

  // prom-client reads every family of a scrape side by side: the failure counter waits for the
  // database collectors first, so that a failure shows in the scrape it happened in.
  const collectors: Array<() => Promise<void>> = [];
  const failures = new Counter({
    name: 'webex_scheduler_metrics_collector_failures_total',
    help: 'Collectors that failed or timed out while answering /metrics, by collector.',
    labelNames: ['collector'],
    registers,
    collect: async () => {
      await Promise.all(collectors.map((run) => run()));
    },
  });

  /**
   * A database collector: read at most once per databaseCacheMs (cachedCollector), bounded in time,
   * and run once per scrape however many gauges it fills — each of them calls it from its collect().
   * A failure is counted, never thrown: a scrape must not fail because the database is down.
   */
  const databaseCollector = (name: string, collect: Collector): (() => Promise<void>) => {
    const cached = cachedCollector(collect, databaseCacheMs, () => clock().getTime());
    let running: Promise<void> | undefined;
    const run = (): Promise<void> =>
      (running ??= withinTime(cached, collectorTimeoutMs, 'collector timed out')
        .catch(() => failures.inc({ collector: name }))
        .finally(() => {
          running = undefined;
        }));
    collectors.push(run);
    return run;
  };

  const http = new Counter({
    name: 'webex_scheduler_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const outbound = {
    requests: new Counter({
      name: 'webex_scheduler_outbound_requests_total',
      help: 'Requests sent to Microsoft Graph, Webex and the Microsoft token endpoint (each attempt), by service.',
      labelNames: ['service'],
      registers,
    }),
    errors: new Counter({
      name: 'webex_scheduler_outbound_errors_total',
      help: 'Outbound requests that failed, by service and code (HTTP status as a product code, or a fault such as outbound_timeout).',
      labelNames: ['service', 'code'],
      registers,
    }),
  };

  new Gauge({ name: 'process_start_time_seconds', help: 'Start time of the process since the Unix epoch, in seconds.', registers }).set(
    Math.floor(Date.now() / 1000 - process.uptime()),
  );
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size of the process, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });

  const db = options.db;
  if (db) {
    // Each gauge's collect() runs its collector, defined after the gauges it fills; only a scrape calls it.
    const subscriptions = new Gauge({
      name: 'webex_scheduler_subscriptions',
      help: 'Graph change-notification subscriptions, by state (whole deployment).',
      labelNames: ['state'],
      registers,
      collect: () => readSubscriptions(),
    });
    const expiringSoon = new Gauge({
      name: 'webex_scheduler_subscriptions_expiring_soon',
      help: 'Subscriptions not removed that expire within the next 24 hours (whole deployment).',
      registers,
      collect: () => readSubscriptions(),
    });
    const lapsed = new Gauge({
      name: 'webex_scheduler_subscriptions_lapsed',
      help: 'Active subscriptions already past their expiry: renewals are failing (whole deployment).',
      registers,
      collect: () => readSubscriptions(),
    });
    const readSubscriptions = databaseCollector('subscriptions', async () => {
      const now = clock();
      const rows = await db.query<{ state: string; n: number; soon: number; lapsed: number }>(
        `SELECT state, count(*)::int AS n,
                count(*) FILTER (WHERE state <> 'removed' AND expires_at >= $1 AND expires_at < $2)::int AS soon,
                count(*) FILTER (WHERE state = 'active' AND expires_at < $1)::int AS lapsed
         FROM subscriptions GROUP BY state`,
        [now, new Date(now.getTime() + expiringWithinMs)],
      );
      subscriptions.reset();
      for (const state of SUBSCRIPTION_STATES) subscriptions.set({ state }, rows.find((r) => r.state === state)?.n ?? 0);
      expiringSoon.set(rows.reduce((sum, r) => sum + r.soon, 0));
      lapsed.set(rows.reduce((sum, r) => sum + r.lapsed, 0));
    });

    const tenants = new Gauge({
      name: 'webex_scheduler_tenants',
      help: 'Tenants known to the deployment, by authorization mode.',
      labelNames: ['mode'],
      registers,
      collect: () => readDirectory(),
    });
    const users = new Gauge({
      name: 'webex_scheduler_users',
      help: 'Users known to the deployment.',
      registers,
      collect: () => readDirectory(),
    });
    const readDirectory = databaseCollector('directory', async () => {
      const rows = await db.query<{ mode: string; n: number }>(`SELECT mode, count(*)::int AS n FROM tenants GROUP BY mode`);
      tenants.reset();
      for (const mode of TENANT_MODES) tenants.set({ mode }, rows.find((r) => r.mode === mode)?.n ?? 0);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
      users.set(count?.n ?? 0);
    });

    const jobs = new Gauge({
      name: 'webex_scheduler_queue_jobs',
      help: 'Background jobs waiting (created), waiting to be retried (retry) or running (active), by queue.',
      labelNames: ['queue', 'state'],
      registers,
      collect: () => readQueue(),
    });
    const lag = new Gauge({
      name: 'webex_scheduler_queue_lag_seconds',
      help: 'Age of the oldest job that could run now but has not started, by queue: how far the workers are behind.',
      labelNames: ['queue'],
      registers,
      collect: () => readQueue(),
    });
    const readQueue = databaseCollector('queue', async () => {
      const [exists] = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${jobSchema}.job`]);
      jobs.reset();
      lag.reset();
      // Before the job queue's first start its tables do not exist: nothing waits.
      if (!exists?.present) return;
      const rows = await db.query<{ queue: string; state: string; n: number; lag: number | null }>(
        `SELECT name AS queue, state, count(*)::int AS n,
                EXTRACT(EPOCH FROM ($1::timestamptz - min(start_after) FILTER (WHERE start_after <= $1::timestamptz)))::float8 AS lag
         FROM ${jobSchema}.job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
        [clock()],
      );
      const lags = new Map<string, number>();
      for (const r of rows) {
        jobs.set({ queue: r.queue, state: r.state }, r.n);
        if (r.state !== 'active') lags.set(r.queue, Math.max(lags.get(r.queue) ?? 0, Math.max(0, r.lag ?? 0)));
        else if (!lags.has(r.queue)) lags.set(r.queue, 0);
      }
      for (const [queue, seconds] of lags) lag.set({ queue }, seconds);
    });

    const inboxRows = new Gauge({
      name: 'webex_scheduler_inbox_rows',
      help: 'Acknowledged Graph notifications not yet turned into jobs, in rows of the notification inbox (whole deployment).',
      registers,
      collect: () => readInbox(),
    });
    const inboxAge = new Gauge({
      name: 'webex_scheduler_inbox_oldest_seconds',
      help: 'Age of the oldest row of the notification inbox: how far the drainer is behind the receiver.',
      registers,
      collect: () => readInbox(),
    });
    const readInbox = databaseCollector('inbox', async () => {
      const [row] = await db.query<{ n: number; oldest: number | null }>(
        `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM ($1::timestamptz - min(received_at)))::float8 AS oldest FROM notification_inbox`,
        [clock()],
      );
      inboxRows.set(row?.n ?? 0);
      inboxAge.set(Math.max(0, row?.oldest ?? 0));
    });
  }

  options.syncMetrics?.register(registry);

  return {
    registry,
    countingFetch: (service, base) => countingFetch(service, outbound, base),
    recordHttpRequest(method, route, statusCode) {
      http.inc({ method: METHODS.has(method) ? method : 'OTHER', route, status: String(statusCode) });
    },
  };
}
