/**
 * The backend's metrics on prom-client: a registry of its own per app (several apps share one
 * process in the tests, and the library's global registry would mix them), the families and labels
 * of GET /metrics, and the database collectors that may fail or hang without failing the scrape.
 */
import { register as globalRegistry, Registry } from 'prom-client';
import { createBackendMetrics } from '../../../../src/server/metrics';
import { createSyncMetrics } from '../../../../src/server/sync/sync-metrics';

/** Sample lines of the exposition, `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** A database whose every statement gives `answer` (rows, a failure, or never). */
function database(answer: () => Promise<unknown[]>) {
  return { query: <T>() => answer() as Promise<T[]> };
}

describe('the backend metrics', () => {
  it('keep a registry per app, outside prom-client’s global one', async () => {
    const one = createBackendMetrics();
    const other = createBackendMetrics();
    expect(one.registry).toBeInstanceOf(Registry);
    expect(one.registry).not.toBe(other.registry);
    one.recordHttpRequest('GET', '/healthz', 200);
    expect(
      samples(await one.registry.metrics()).get('webex_scheduler_http_requests_total{method="GET",route="/healthz",status="200"}'),
    ).toBe(1);
    expect(
      samples(await other.registry.metrics()).has('webex_scheduler_http_requests_total{method="GET",route="/healthz",status="200"}'),
    ).toBe(false);
    expect(globalRegistry.getSingleMetric('webex_scheduler_http_requests_total')).toBeUndefined();
  });

  it('declare every family with its type, unlabelled ones at zero before anything happened', async () => {
    const text = await createBackendMetrics({ db: database(async () => []) }).registry.metrics();
    for (const [name, type] of [
      ['webex_scheduler_http_requests_total', 'counter'],
      ['webex_scheduler_outbound_requests_total', 'counter'],
      ['webex_scheduler_outbound_errors_total', 'counter'],
      ['webex_scheduler_metrics_collector_failures_total', 'counter'],
      ['webex_scheduler_subscriptions', 'gauge'],
      ['webex_scheduler_queue_jobs', 'gauge'],
      ['process_start_time_seconds', 'gauge'],
      ['process_resident_memory_bytes', 'gauge'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }
    const s = samples(text);
    expect(s.get('webex_scheduler_subscriptions_lapsed')).toBe(0);
    expect(s.get('webex_scheduler_users')).toBe(0);
    expect(s.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('name an HTTP method outside those routes use OTHER, so that the label stays bounded', async () => {
    const metrics = createBackendMetrics();
    metrics.recordHttpRequest('PROPFIND', 'unmatched', 404);
    expect(
      samples(await metrics.registry.metrics()).get('webex_scheduler_http_requests_total{method="OTHER",route="unmatched",status="404"}'),
    ).toBe(1);
  });

  it('count a database collector that fails or hangs once per scrape, and still answer', async () => {
    const failing = createBackendMetrics({ db: database(() => Promise.reject(new Error('database down'))), collectorTimeoutMs: 20 });
    const s = samples(await failing.registry.metrics());
    for (const collector of ['subscriptions', 'directory', 'queue', 'inbox']) {
      expect(s.get(`webex_scheduler_metrics_collector_failures_total{collector="${collector}"}`)).toBe(1);
    }
    const hanging = createBackendMetrics({ db: database(() => new Promise(() => undefined)), collectorTimeoutMs: 20 });
    expect(
      samples(await hanging.registry.metrics()).get('webex_scheduler_metrics_collector_failures_total{collector="subscriptions"}'),
    ).toBe(1);
  });

  it('show the sync engine’s counters, each at zero until it counts', async () => {
    const sync = createSyncMetrics();
    const metrics = createBackendMetrics({ syncMetrics: sync });
    sync.inc('notifications_dropped', { reason: 'client_state_mismatch' });
    sync.inc('subscriptions', { op: 'renew', outcome: 'ok' }, 2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE webex_scheduler_sync_notifications_dropped_total counter\n');
    const s = samples(text);
    expect(s.get('webex_scheduler_sync_notifications_dropped_total{reason="client_state_mismatch"}')).toBe(1);
    expect(s.get('webex_scheduler_sync_subscriptions_total{op="renew",outcome="ok"}')).toBe(2);
    expect(s.get('webex_scheduler_sync_echo_suppressed_total')).toBe(0);
  });
});
