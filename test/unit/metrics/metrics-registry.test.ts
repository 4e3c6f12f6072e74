import { createMetricsRegistry, MetricsError } from '../../../src/server/metrics';

describe('the metrics registry', () => {
  it('adds to a counter per label set and renders every series', async () => {
    const registry = createMetricsRegistry();
    const calls = registry.counter('calls_total', 'Calls.', ['service']);
    calls.inc({ service: 'graph' });
    calls.inc({ service: 'graph' }, 2);
    calls.inc({ service: 'webex' });
    expect(calls.get({ service: 'graph' })).toBe(3);
    const text = await registry.render();
    expect(text).toContain('calls_total{service="graph"} 3\n');
    expect(text).toContain('calls_total{service="webex"} 1\n');
  });

  it('shows a family without labels at zero before anything happened', async () => {
    const registry = createMetricsRegistry();
    registry.counter('dropped_total', 'Dropped.');
    expect(await registry.render()).toContain('# TYPE dropped_total counter\ndropped_total 0\n');
  });

  it('refuses a counter that would go down, labels it was not declared with, and a name used twice', () => {
    const registry = createMetricsRegistry();
    const c = registry.counter('c_total', 'C.', ['kind']);
    expect(() => c.inc({ kind: 'a' }, -1)).toThrow(MetricsError);
    expect(() => c.inc({ other: 'a' })).toThrow(MetricsError);
    expect(() => registry.gauge('c_total', 'Again.')).toThrow(MetricsError);
    expect(() => registry.gauge('bad-name', 'Bad.')).toThrow(MetricsError);
  });

  it('runs the collectors before rendering, and a gauge rebuilt by one shows only its current series', async () => {
    const registry = createMetricsRegistry();
    const jobs = registry.gauge('jobs', 'Jobs.', ['queue']);
    let queues = ['a', 'b'];
    registry.addCollector('jobs', () => {
      jobs.reset();
      for (const q of queues) jobs.set(1, { queue: q });
    });
    expect(await registry.render()).toContain('jobs{queue="b"} 1');
    queues = ['a'];
    expect(await registry.render()).not.toContain('jobs{queue="b"}');
  });

  it('counts a collector that fails or hangs, and still answers', async () => {
    const registry = createMetricsRegistry({ collectorTimeoutMs: 20 });
    registry.addCollector('broken', () => Promise.reject(new Error('database down')));
    registry.addCollector('slow', () => new Promise<void>(() => undefined));
    const text = await registry.render();
    expect(text).toContain('webex_scheduler_metrics_collector_failures_total{collector="broken"} 1');
    expect(text).toContain('webex_scheduler_metrics_collector_failures_total{collector="slow"} 1');
  });

  it('appends text made elsewhere, such as the sync engine’s counters', async () => {
    const registry = createMetricsRegistry();
    registry.addExposition(() => '# HELP sync_total S.\n# TYPE sync_total counter\nsync_total 4');
    expect(await registry.render()).toMatch(/sync_total 4\n$/);
  });
});
