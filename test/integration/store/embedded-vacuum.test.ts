/**
 * The embedded database's vacuum (src/server/store/embedded-vacuum.ts): PGlite runs no autovacuum,
 * so the backend vacuums its tables itself; on a Postgres server it leaves that to the server.
 */
import { startEmbeddedVacuum } from '../../../src/server/store/embedded-vacuum';
import { describeEachDatabase } from '../../helpers/databases';

describeEachDatabase('the embedded database vacuum', (t) => {
  const schemas = () => [t.schema ?? 'public', t.jobsSchema];
  const inboxBytes = async () =>
    Number((await t.store.db.query<{ bytes: string }>(`SELECT pg_relation_size('notification_inbox') AS bytes`))[0]?.bytes);

  const failures: unknown[] = [];
  afterEach(() => expect(failures.splice(0)).toEqual([]));

  beforeAll(async () => {
    // The job queue's tables exist once a queue has started on the database.
    await t.openJobQueue();
  });

  it("vacuums the store's and the job queue's tables, one at a time: the space of deleted inbox rows is given back", async () => {
    await t.store.db.exec(`INSERT INTO notification_inbox (entries) SELECT repeat('x', 200) FROM generate_series(1, 5000)`);
    await t.store.db.exec('DELETE FROM notification_inbox');
    expect(await inboxBytes()).toBeGreaterThan(0);
    const vacuum = startEmbeddedVacuum({ db: t.store.db, schemas: schemas(), onError: (e) => failures.push(e) });
    try {
      const tables = await vacuum.runOnce();
      expect(tables).toContain(`${t.schema ?? 'public'}.notification_inbox`);
      expect(tables).toContain(`${t.schema ?? 'public'}.event_links`);
      expect(tables.some((name) => name.startsWith(`${t.jobsSchema}.job`))).toBe(true);
      expect(tables.every((name) => schemas().some((s) => name.startsWith(`${s}.`)))).toBe(true);
      // Every page of the table was empty: VACUUM truncates them.
      expect(await inboxBytes()).toBe(0);
    } finally {
      await vacuum.stop();
    }
  });

  it(
    t.kind === 'pglite'
      ? 'runs by itself at its interval on the embedded database'
      : 'runs nothing by itself on a Postgres server (its autovacuum does)',
    async () => {
      const exec = jest.spyOn(t.store.db, 'exec');
      const vacuum = startEmbeddedVacuum({ db: t.store.db, schemas: schemas(), intervalMs: 50, onError: (e) => failures.push(e) });
      try {
        const deadline = Date.now() + 5_000;
        const vacuums = () => exec.mock.calls.filter(([sql]) => sql.startsWith('VACUUM')).length;
        if (t.kind === 'pglite') {
          while (vacuums() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          expect(vacuums()).toBeGreaterThan(0);
        } else {
          await new Promise((r) => setTimeout(r, 300));
          expect(vacuums()).toBe(0);
        }
      } finally {
        await vacuum.stop();
        exec.mockRestore();
      }
    },
  );
});
