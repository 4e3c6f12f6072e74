/**
 * The receiver is down for longer than Graph keeps retrying (four hours in Graph; the emulator's
 * clock jumps over them), so Graph gives the notifications up and tells the subscription's
 * lifecycle URL `missed` instead. Once the backend is back it hears `missed`, resyncs the mailboxes
 * with calendarView/delta, and every event converges: nothing changed during the outage is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import { convergedWithin } from '../../helpers/convergence';

let workDir: string;
let sync: SyncWorld;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'fault-outage-'));
  sync = await startSyncWorld({
    mailboxes: 2,
    eventsPerMailbox: 2,
    workDir,
    notifications: { retryBaseMs: 100, retryMaxDelayMs: 200 },
  });
}, 120_000);

afterAll(async () => {
  await sync?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('a receiver outage longer than Graph retries', () => {
  it('ends with `missed`, a resync, and every event in step', async () => {
    const { graph } = sync.world;
    await sync.backend.stop();
    const [moved, renamed, deleted] = sync.events;
    if (!moved || !renamed || !deleted) throw new Error('the world has too few events');
    sync.driver.edit(moved, {
      start: { dateTime: iso(moved.startMs + 7_200_000), timeZone: 'UTC' },
      end: { dateTime: iso(moved.startMs + 9_000_000), timeZone: 'UTC' },
    });
    sync.driver.edit(renamed, { subject: 'Renamed during the outage' });
    sync.driver.remove(deleted);

    await graph.notifier.flush();
    expect(graph.notifier.report().counters.failedAttempts).toBeGreaterThan(0);
    // Past Graph's retry window: the next failed attempt gives the changes up.
    graph.clock.advance(4 * 3600 + 60);
    await graph.notifier.flush();
    const counters = graph.notifier.report().counters;
    expect(counters.dropped).toBeGreaterThanOrEqual(3);
    expect(counters.lifecycle).toBeGreaterThan(0);

    await sync.restartBackend();
    const report = await convergedWithin(sync, 60_000);
    expect(await sync.counter('lifecycle_received', { event: 'missed' })).toBeGreaterThan(0);
    expect(await sync.counter('resyncs', { reason: 'missed' })).toBeGreaterThan(0);
    expect(report).toMatchObject({ events: 3, inStep: 3, deletedButAlive: 0, orphans: 0, shared: 0 });
  }, 150_000);
});
