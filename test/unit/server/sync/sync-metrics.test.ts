import { Registry } from 'prom-client';
import { KeyedMutex } from '../../../../src/server/sync/keyed-mutex';
import { createSyncMetrics } from '../../../../src/server/sync/sync-metrics';

describe('sync metrics', () => {
  it('counts by label and in total', () => {
    const metrics = createSyncMetrics();
    metrics.inc('webex_calls', { kind: 'update' });
    metrics.inc('webex_calls', { kind: 'update' });
    metrics.inc('webex_calls', { kind: 'get' }, 3);
    expect(metrics.get('webex_calls', { kind: 'update' })).toBe(2);
    expect(metrics.total('webex_calls')).toBe(5);
    expect(metrics.snapshot()).toEqual({ 'webex_calls{kind="update"}': 2, 'webex_calls{kind="get"}': 3 });
  });

  it('shows every counter on a prom-client registry, present even at zero', async () => {
    const metrics = createSyncMetrics();
    const registry = new Registry();
    metrics.register(registry);
    metrics.inc('notifications_dropped', { reason: 'client_state_mismatch' });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE webex_scheduler_sync_notifications_dropped_total counter');
    expect(text).toContain('webex_scheduler_sync_notifications_dropped_total{reason="client_state_mismatch"} 1');
    expect(text).toContain('webex_scheduler_sync_echo_suppressed_total 0');
  });

  it('refuses a series with labels its counter does not declare', () => {
    const metrics = createSyncMetrics();
    expect(() => metrics.inc('webex_calls', { method: 'GET' })).toThrow('webex_calls takes the labels [kind]');
    expect(() => metrics.inc('graph_throttled', { kind: 'event' })).toThrow();
  });
});

describe('KeyedMutex', () => {
  it('runs tasks of one key one after the other, and of different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
    };
    await Promise.all([mutex.run('a', task('a1', 20)), mutex.run('a', task('a2', 1)), mutex.run('b', task('b1', 1))]);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(mutex.size).toBe(0);
  });

  it('goes on with the next task after one fails', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('a', async () => 'next')).resolves.toBe('next');
  });
});
