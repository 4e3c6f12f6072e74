/**
 * A database the product ran on with pg-boss 10 (a local .data/ from before, a Postgres server of
 * a deployment): the job queue of the current pg-boss starts on it, keeps the jobs that were still
 * to run and runs them. The database is made by replaying what pg-boss 10 itself ran
 * (test/fixtures/pg-boss-10/queue-with-jobs.json), in the suite's job schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJobQueue, type JobQueue } from '../../../src/server/jobs';
import { SYNC_JOBS, syncEventJob } from '../../../src/server/sync';
import { describeEachDatabase } from '../../helpers/databases';
import { dropSchemas } from '../../../scripts/world/databases';

interface Fixture {
  schemaVersion: number;
  statements: { sql: string; params?: unknown[] }[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/pg-boss-10/queue-with-jobs.json'), 'utf8')) as Fixture;

describeEachDatabase('job queue on a database pg-boss 10 left', (t) => {
  const reports: unknown[] = [];
  let queue: JobQueue;

  const jobs = () =>
    t.store.db.query<{
      id: string;
      name: string;
      state: string;
      singleton_key: string | null;
      policy: string;
      heartbeat_seconds: number | null;
    }>(
      `SELECT id::text AS id, name, state::text AS state, singleton_key, policy, heartbeat_seconds FROM "${t.jobsSchema}".job ORDER BY name, id`,
    );

  beforeAll(async () => {
    for (const statement of fixture.statements) {
      const sql = statement.sql.split('{{schema}}').join(t.jobsSchema);
      if (statement.params) await t.store.db.query(sql, statement.params);
      else await t.store.db.exec(sql);
    }
    queue = await t.openJobQueue({ jobs: SYNC_JOBS, pollingIntervalSeconds: 0.5, onUpgrade: (report) => reports.push(report) });
  });

  afterAll(async () => {
    // Left only if the move failed.
    await dropSchemas([`${t.jobsSchema}_v10`]);
  });

  it('starts on it, with the jobs still to run moved into the queues of the current pg-boss', async () => {
    expect(fixture.schemaVersion).toBe(24);
    expect(reports).toEqual([{ fromSchemaVersion: 24, movedJobs: 5, droppedJobs: 0 }]);
    const [old] = await t.store.db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
      `"${t.jobsSchema}_v10".job`,
    ]);
    expect(old?.present).toBe(false);
    const [version] = await t.store.db.query<{ version: number }>(`SELECT version FROM "${t.jobsSchema}".version`);
    expect(version?.version).toBeGreaterThan(24);

    const moved = await jobs();
    // Waiting, waiting for a retry, or left active by a process that is gone: all waiting now,
    // under their ids, keyed per event (per mailbox, per subscription) in the stately queues, with a
    // heartbeat. Finished jobs are not carried over.
    expect(moved.map(({ name, state }) => `${name} ${state}`)).toEqual([
      'resync-mailbox created',
      'subscription-lifecycle created',
      'sync-event created',
      'sync-event created',
      'sync-event created',
    ]);
    expect(moved.map((job) => job.id)).toEqual(
      expect.arrayContaining([
        '00000000-0000-4000-8000-000000000003',
        '00000000-0000-4000-8000-000000000010',
        '00000000-0000-4000-8000-000000000020',
      ]),
    );
    expect(moved.every((job) => job.policy === 'stately' && job.heartbeat_seconds === 10)).toBe(true);
    expect(
      moved
        .filter((job) => job.name === 'sync-event')
        .map((job) => job.singleton_key)
        .sort(),
    ).toEqual(['tenant-v10/user-v10/event-1', 'tenant-v10/user-v10/event-2', 'tenant-v10/user-v10/event-3']);
  });

  it('runs the moved jobs', async () => {
    const seen = new Set<string>();
    let resolve!: () => void;
    const all = new Promise<void>((r) => (resolve = r));
    await queue.work(syncEventJob, async (payload) => {
      seen.add(payload.eventId);
      if (seen.size === 3) resolve();
    });
    await Promise.race([
      all,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${[...seen].join(', ')} ran`)), 20_000).unref()),
    ]);
    expect([...seen].sort()).toEqual(['event-1', 'event-2', 'event-3']);
  });

  it('starts again on the upgraded database without moving anything', async () => {
    const again = createJobQueue(t.store.db, { schema: t.jobsSchema, jobs: SYNC_JOBS, onUpgrade: (report) => reports.push(report) });
    await again.start();
    await again.stop({ timeoutMs: 2_000 });
    expect(reports).toHaveLength(1);
  });
});
