/**
 * The database going away under a running backend.
 *
 * On a Postgres server (TEST_DATABASE_URL): in the middle of a burst every connection the backend
 * holds is terminated (pg_terminate_backend, as a server restart or a failover does to them), twice.
 * The process stays up, reconnects, and every event converges.
 *
 * On the embedded database (PGlite lives inside the backend process, so it cannot restart on its
 * own): the process is killed with SIGKILL right after its links were written, and the database it
 * reopens still has every link — the backend does not link the events again and an edit of
 * nothing Webex keeps costs no Webex call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '../../../scripts/bench/bounded';
import { startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import { convergedWithin } from '../../helpers/convergence';
import { describeOnPostgres } from '../../helpers/databases';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/scratch-database';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe('the embedded database (PGlite) under a SIGKILL', () => {
  let workDir: string;
  let sync: SyncWorld;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'fault-pglite-'));
    sync = await startSyncWorld({ mailboxes: 2, eventsPerMailbox: 2, workDir });
  }, 120_000);

  afterAll(async () => {
    await sync?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('keeps every link written before the kill: nothing is linked again and an echo costs no Webex call', async () => {
    await sync.backend.kill9();
    await sync.restartBackend();
    const mark = sync.world.webexRequests.mark();
    for (const event of sync.events) sync.driver.edit(event, { categories: ['Red category'] });
    await waitUntil(
      'the echoes',
      async () => ((await sync.counter('events_processed', { outcome: 'echo' })) >= sync.events.length ? true : undefined),
      60_000,
      250,
    );
    expect(await sync.counter('events_processed', { outcome: 'linked' })).toBe(0);
    expect(sync.world.webexRequests.since(mark).filter((e) => e.url.startsWith('/v1/meetings'))).toEqual([]);
  }, 120_000);
});

describeOnPostgres("the Postgres server dropping the backend's connections", () => {
  let workDir: string;
  let sync: SyncWorld;
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('fault');
    workDir = mkdtempSync(join(tmpdir(), 'fault-postgres-'));
    sync = await startSyncWorld({ mailboxes: 2, eventsPerMailbox: 3, workDir, databaseUrl: database.url });
  }, 120_000);

  afterAll(async () => {
    await sync?.close();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  // Found by this test: pg-boss 10 completes a job without awaiting it, so a dropped connection
  // there was an unhandled rejection that ended the process (exit 1). The store now runs such a
  // statement again on a new connection, and main.ts keeps the process up for a lost connection.
  it('stays up, reconnects, and every event converges', async () => {
    const updatedBefore = await sync.counter('events_processed', { outcome: 'updated' });
    for (const event of sync.events) {
      sync.driver.edit(event, {
        start: { dateTime: iso(event.startMs + 3_600_000), timeZone: 'UTC' },
        end: { dateTime: iso(event.startMs + 5_400_000), timeZone: 'UTC' },
      });
    }
    await waitUntil(
      'the first updates',
      async () => ((await sync.counter('events_processed', { outcome: 'updated' })) > updatedBefore ? true : undefined),
      60_000,
      50,
    );
    expect(await database.terminateConnections()).toBeGreaterThan(0);
    for (const event of sync.events.slice(0, 3)) sync.driver.edit(event, { subject: 'Renamed between two outages' });
    await new Promise((r) => setTimeout(r, 1_000));
    await database.terminateConnections();

    const report = await convergedWithin(sync, 60_000);
    const exit = sync.backend.exitStatus();
    if (exit) throw new Error(`the backend exited (${exit}):\n${sync.backend.output().slice(-4_000)}`);
    expect(sync.backend.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(await Promise.race([sync.backend.exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 100))])).toBe(
      'running',
    );
    expect(report).toMatchObject({ events: sync.events.length, inStep: sync.events.length, deletedButAlive: 0, orphans: 0, shared: 0 });
  }, 150_000);
});
