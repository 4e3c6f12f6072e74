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
 * - process_start_time_seconds and process_resident_memory_bytes.
 */
import type { Db } from '../store';
import { cachedCollector } from './cached-collector';
import { countingFetch, type OutboundService } from './counting-fetch';
import { createMetricsRegistry, type Collector, type Counter, type MetricsRegistry } from './metrics-registry';

export interface BackendMetrics {
  registry: MetricsRegistry;
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
  /** The sync engine's counters in the exposition format (its SyncMetrics.toPrometheus). */
  syncExposition?: () => string;
  /** Current time (tests move it). */
  clock?: () => Date;
  /** How far ahead a subscription counts as expiring soon (default 24 h). */
  expiringWithinMs?: number;
  /** How long values read from the database are shown before they are read again (default 10 s, by `clock`). */
  databaseCacheMs?: number;
}

const SUBSCRIPTION_STATES = ['active', 'reauthorize', 'removed'] as const;
const TENANT_MODES = ['admin', 'individual'] as const;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;
// Fastify answers with any method; the label keeps to the ones routes use.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createBackendMetrics(options: BackendMetricsOptions = {}): BackendMetrics {
  const registry = createMetricsRegistry();
  const clock = options.clock ?? (() => new Date());
  const expiringWithinMs = options.expiringWithinMs ?? 24 * 3600_000;
  const jobSchema = options.jobSchema ?? 'pgboss';
  if (!SCHEMA_NAME.test(jobSchema)) throw new Error(`"${jobSchema}" is not a schema name`);

  const http: Counter = registry.counter('webex_scheduler_http_requests_total', 'HTTP requests answered, by method, route template and status.', ['method', 'route', 'status']);
  const outbound = {
    requests: registry.counter('webex_scheduler_outbound_requests_total', 'Requests sent to Microsoft Graph, Webex and the Microsoft token endpoint (each attempt), by service.', ['service']),
    errors: registry.counter('webex_scheduler_outbound_errors_total', 'Outbound requests that failed, by service and code (HTTP status as a product code, or a fault such as outbound_timeout).', ['service', 'code']),
  };

  const startTime = registry.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.');
  startTime.set(Math.floor(Date.now() / 1000 - process.uptime()));
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size of the process, in bytes.');
  registry.addCollector('process', () => rss.set(process.memoryUsage.rss()));

  const databaseCacheMs = options.databaseCacheMs ?? 10_000;
  // Every collector below reads the database: each runs at most once per databaseCacheMs.
  const addDatabaseCollector = (name: string, collect: Collector): void => registry.addCollector(name, cachedCollector(collect, databaseCacheMs, () => clock().getTime()));

  const db = options.db;
  if (db) {
    const subscriptions = registry.gauge('webex_scheduler_subscriptions', 'Graph change-notification subscriptions, by state (whole deployment).', ['state']);
    const expiringSoon = registry.gauge('webex_scheduler_subscriptions_expiring_soon', 'Subscriptions not removed that expire within the next 24 hours (whole deployment).');
    const lapsed = registry.gauge('webex_scheduler_subscriptions_lapsed', 'Active subscriptions already past their expiry: renewals are failing (whole deployment).');
    addDatabaseCollector('subscriptions', async () => {
      const now = clock();
      const rows = await db.query<{ state: string; n: number; soon: number; lapsed: number }>(
        `SELECT state, count(*)::int AS n,
                count(*) FILTER (WHERE state <> 'removed' AND expires_at >= $1 AND expires_at < $2)::int AS soon,
                count(*) FILTER (WHERE state = 'active' AND expires_at < $1)::int AS lapsed
         FROM subscriptions GROUP BY state`,
        [now, new Date(now.getTime() + expiringWithinMs)],
      );
      subscriptions.reset();
      for (const state of SUBSCRIPTION_STATES) subscriptions.set(rows.find((r) => r.state === state)?.n ?? 0, { state });
      expiringSoon.set(rows.reduce((sum, r) => sum + r.soon, 0));
      lapsed.set(rows.reduce((sum, r) => sum + r.lapsed, 0));
    });

    const tenants = registry.gauge('webex_scheduler_tenants', 'Tenants known to the deployment, by authorization mode.', ['mode']);
    const users = registry.gauge('webex_scheduler_users', 'Users known to the deployment.');
    addDatabaseCollector('directory', async () => {
      const rows = await db.query<{ mode: string; n: number }>(`SELECT mode, count(*)::int AS n FROM tenants GROUP BY mode`);
      tenants.reset();
      for (const mode of TENANT_MODES) tenants.set(rows.find((r) => r.mode === mode)?.n ?? 0, { mode });
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
      users.set(count?.n ?? 0);
    });

    const jobs = registry.gauge('webex_scheduler_queue_jobs', 'Background jobs waiting (created), waiting to be retried (retry) or running (active), by queue.', ['queue', 'state']);
    const lag = registry.gauge('webex_scheduler_queue_lag_seconds', 'Age of the oldest job that could run now but has not started, by queue: how far the workers are behind.', ['queue']);
    addDatabaseCollector('queue', async () => {
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
        jobs.set(r.n, { queue: r.queue, state: r.state });
        if (r.state !== 'active') lags.set(r.queue, Math.max(lags.get(r.queue) ?? 0, Math.max(0, r.lag ?? 0)));
        else if (!lags.has(r.queue)) lags.set(r.queue, 0);
      }
      for (const [queue, seconds] of lags) lag.set(seconds, { queue });
    });
  }

  if (db) {
    const inboxRows = registry.gauge('webex_scheduler_inbox_rows', 'Acknowledged Graph notifications not yet turned into jobs, in rows of the notification inbox (whole deployment).');
    const inboxAge = registry.gauge('webex_scheduler_inbox_oldest_seconds', 'Age of the oldest row of the notification inbox: how far the drainer is behind the receiver.');
    addDatabaseCollector('inbox', async () => {
      const [row] = await db.query<{ n: number; oldest: number | null }>(
        `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM ($1::timestamptz - min(received_at)))::float8 AS oldest FROM notification_inbox`,
        [clock()],
      );
      inboxRows.set(row?.n ?? 0);
      inboxAge.set(Math.max(0, row?.oldest ?? 0));
    });
  }

  if (options.syncExposition) registry.addExposition(options.syncExposition);

  return {
    registry,
    countingFetch: (service, base) => countingFetch(service, outbound, base),
    recordHttpRequest(method, route, statusCode) {
      http.inc({ method: METHODS.has(method) ? method : 'OTHER', route, status: String(statusCode) });
    },
  };
}
