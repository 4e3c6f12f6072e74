/**
 * The backend process dies with SIGKILL in the middle of a sync job — after Webex was updated,
 * before the store recorded it — and is started again on the same database. Every event still ends
 * equal to its Webex meeting, and what happened while it was down (Graph retrying its deliveries)
 * is not lost either.
 *
 * A job the process died in before doing anything of it runs again within seconds, not at its
 * expiry minutes later: its heartbeat stops with the process, and pg-boss's monitor (in the
 * restarted process, or any replica) fails it once the heartbeat has lapsed, so that it is retried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import { convergedWithin } from '../../helpers/convergence';
import { describeOnPostgres } from '../../helpers/databases';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/scratch-database';

let workDir: string;
let sync: SyncWorld;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'fault-killed-'));
  sync = await startSyncWorld({
    mailboxes: 2,
    eventsPerMailbox: 2,
    workDir,
    // For SYNC_CRASH_AT_STEP: main.ts's startBackend with the fault suite's hooks.
    hooks: true,
    notifications: { retryBaseMs: 300, retryMaxDelayMs: 2_000 },
  });
}, 120_000);

afterAll(async () => {
  await sync?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('a backend killed mid-job', () => {
  it('converges once restarted: the job it died in and the changes made while it was down', async () => {
    await sync.backend.stop();
    const crashing = await sync.restartBackend({ SYNC_CRASH_AT_STEP: 'update:after-webex' });
    const [first, second, third] = sync.events;
    if (!first || !second || !third) throw new Error('the world has too few events');
    sync.driver.edit(first, {
      start: { dateTime: iso(first.startMs + 3_600_000), timeZone: 'UTC' },
      end: { dateTime: iso(first.startMs + 5_400_000), timeZone: 'UTC' },
    });
    // It dies on its own, at the checkpoint, with no chance to clean up.
    const exit = await Promise.race([crashing.exited.then(() => 'died'), new Promise((r) => setTimeout(() => r('alive'), 30_000))]);
    expect(exit).toBe('died');
    // Webex was updated before it died; the store never heard of it.
    expect(sync.world.webex.meetings().find((m) => m.id === first.meeting.id)?.start).toBe(
      new Date(first.startMs + 3_600_000).toISOString(),
    );

    sync.driver.edit(second, { subject: 'Renamed while the backend was down' });
    sync.driver.remove(third);
    await sync.world.graph.notifier.flush();
    await sync.restartBackend();
    const report = await convergedWithin(sync, 60_000);
    expect(report).toMatchObject({ events: 3, inStep: 3, deletedButAlive: 0, orphans: 0, shared: 0 });
  }, 150_000);
});

/** Kills the world's backend at `step` of the job a copy of its first event causes, restarts it, and answers the convergence report. */
async function copyAndDieAt(world: SyncWorld, step: string) {
  await world.backend.stop();
  const crashing = await world.restartBackend({ SYNC_CRASH_AT_STEP: step });
  const [source] = world.events;
  if (!source) throw new Error('the world has no event');
  const at = source.startMs + 26 * 3_600_000;
  world.driver.copy(source, { start: { dateTime: iso(at), timeZone: 'UTC' }, end: { dateTime: iso(at + 1_800_000), timeZone: 'UTC' } });
  expect(await Promise.race([crashing.exited.then(() => 'died'), new Promise((r) => setTimeout(() => r('alive'), 30_000))])).toBe('died');
  await world.restartBackend();
  // Well before the job's own expiry (minutes).
  return convergedWithin(world, 60_000);
}

describe('a backend on the embedded database killed mid-job', () => {
  let dir: string;
  let embedded: SyncWorld;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fault-killed-pglite-'));
    embedded = await startSyncWorld({ mailboxes: 1, eventsPerMailbox: 1, workDir: dir, hooks: true });
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the job it died in again soon after it is restarted, though it died before doing anything of it', async () => {
    const report = await copyAndDieAt(embedded, 'copy:before-create');
    expect(report).toMatchObject({ events: 2, inStep: 2, deletedButAlive: 0, orphans: 0, shared: 0 });
    expect(embedded.backend.output()).toContain('"code":"orphaned_job_retried"');
  }, 150_000);
});

describeOnPostgres('a backend on a Postgres server killed mid-job', () => {
  let postgresDir: string;
  let onPostgres: SyncWorld;
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('killed');
    postgresDir = mkdtempSync(join(tmpdir(), 'fault-killed-pg-'));
    onPostgres = await startSyncWorld({ mailboxes: 1, eventsPerMailbox: 1, workDir: postgresDir, databaseUrl: database.url, hooks: true });
  }, 120_000);

  afterAll(async () => {
    await onPostgres?.close();
    await database?.drop();
    rmSync(postgresDir, { recursive: true, force: true });
  });

  it('runs the job it died in again soon after, though it died before doing anything of it (a copy about to get its meeting)', async () => {
    // The replica that held it is gone, and so is the job's heartbeat.
    const report = await copyAndDieAt(onPostgres, 'copy:before-create');
    expect(report).toMatchObject({ events: 2, inStep: 2, deletedButAlive: 0, orphans: 0, shared: 0 });
    expect(onPostgres.backend.output()).toContain('"code":"orphaned_job_retried"');
  }, 150_000);
});
