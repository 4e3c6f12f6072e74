import pg from 'pg';
import { openDb, type Db } from '../../../src/server/store';
import { sqlState } from '../../../src/server/store/sql-errors';
import { describeEachDatabaseKind, describeOnPostgres, openTestDb } from '../../helpers/databases';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../../../scripts/world/databases';

describeEachDatabaseKind('database access', (kind) => {
  const schema = uniqueSchemaName();
  let db: Db;

  beforeAll(async () => {
    db = await openTestDb(kind, schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${schema}.counters (name text PRIMARY KEY, n int NOT NULL)`);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas([schema]);
  });

  it('answers a parameterised query with its rows', async () => {
    expect(await db.query('SELECT $1::int + 1 AS n, $2::text AS s', [41, 'x'])).toEqual([{ n: 42, s: 'x' }]);
  });

  it('runs a script of several statements and answers with the rows of every one, in order', async () => {
    expect(await db.exec('BEGIN; SELECT 1 AS a; SELECT 2 AS b; COMMIT')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('keeps the writes of a transaction that resolves', async () => {
    await db.transaction((tx) => tx.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('kept', 1)`));
    expect(await db.query(`SELECT n FROM ${schema}.counters WHERE name = 'kept'`)).toEqual([{ n: 1 }]);
  });

  it('drops the writes of a transaction that rejects, and rethrows its error', async () => {
    const failure = Object.assign(new Error('no'), { code: 'caller_fault' });
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('dropped', 1)`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.query(`SELECT n FROM ${schema}.counters WHERE name = 'dropped'`)).toEqual([]);
  });

  it('rolls back only the inner part when a nested transaction rejects', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('outer', 1)`);
      await tx
        .transaction(async (inner) => {
          await inner.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('inner', 1)`);
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    const names = await db.query<{ name: string }>(`SELECT name FROM ${schema}.counters WHERE name IN ('outer', 'inner')`);
    expect(names.map((r) => r.name)).toEqual(['outer']);
  });

  it("does not let concurrent transactions lose each other's increments", async () => {
    await db.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('race', 0)`);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>(`SELECT n FROM ${schema}.counters WHERE name = 'race' FOR UPDATE`);
          await tx.query(`UPDATE ${schema}.counters SET n = $1 WHERE name = 'race'`, [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query(`SELECT n FROM ${schema}.counters WHERE name = 'race'`)).toEqual([{ n: 10 }]);
  });

  it('stays usable after a script that opened a transaction failed half-way', async () => {
    await expect(
      db.exec(`BEGIN; INSERT INTO ${schema}.counters (name, n) VALUES ('half', 1); SELECT 1 / 0; COMMIT;`),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await db.query(`SELECT n FROM ${schema}.counters WHERE name = 'half'`)).toEqual([]);
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  if (kind === 'pglite') {
    it('refuses a call on the database from inside its own transaction instead of waiting forever', async () => {
      await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toMatchObject({ code: 'db_reentrant_call' });
    });
  }

  // Last: it closes the suite's database.
  it('refuses calls once closed', async () => {
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'db_closed' });
  });
});

describe('opening a database', () => {
  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDb({ schema: 'x"; DROP TABLE users; --' })).rejects.toMatchObject({ code: 'db_schema_invalid' });
  });
});

// A server restart or a failover ends every session: statements then fail with 57P01 on the
// connection they were using.
describeOnPostgres('a Postgres server dropping the connections under the pool', () => {
  const schema = uniqueSchemaName('reconnect');
  let db: Db;
  let admin: pg.Client;
  const retries: string[] = [];

  /** Ends every session of this pool (they run with application_name webex-scheduler) but the admin's. */
  const terminatePool = async (): Promise<number> =>
    (
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'webex-scheduler' AND pid <> pg_backend_pid() AND query LIKE $1`,
        [`%${marker}%`],
      )
    ).rowCount ?? 0;
  const marker = `reconnect_${process.pid}`;

  beforeAll(async () => {
    db = await openDb({ databaseUrl: testDatabaseUrl, schema, onRetry: (err) => retries.push(sqlState(err) ?? err.message) });
    admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await db?.close();
    await admin?.end();
    await dropSchemas([schema]);
  });

  it('runs a statement whose connection the server ended again on a new connection, and answers', async () => {
    retries.length = 0;
    const running = db.query<{ done: string }>(`SELECT pg_sleep(0.6)::text AS done, '${marker}' AS marker`);
    let ended = 0;
    for (let i = 0; i < 40 && ended === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      ended = await terminatePool();
    }
    expect(ended).toBe(1);
    await expect(running).resolves.toEqual([{ done: '', marker }]);
    expect(retries).toEqual(['57P01']);
  });

  it('starts a transaction on a new connection when the pooled one was ended', async () => {
    // Every idle connection of the pool ended at once, as a restart does.
    await db.query(`SELECT '${marker}' AS warm`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'webex-scheduler' AND pid <> pg_backend_pid() AND datname = current_database() AND query LIKE $1`,
      [`%${marker}%`],
    );
    await expect(db.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))).resolves.toEqual([{ n: 1 }]);
    await expect(db.query<{ n: number }>('SELECT 2 AS n')).resolves.toEqual([{ n: 2 }]);
  });

  it('survives the server ending a connection that a transaction holds between two statements', async () => {
    // An 'error' a connection emits with nobody listening ends the process (Jest only prints it).
    const unheard: string[] = [];
    const emit = pg.Client.prototype.emit;
    const spy = jest.spyOn(pg.Client.prototype, 'emit').mockImplementation(function (
      this: pg.Client,
      event: string | symbol,
      ...args: unknown[]
    ) {
      if (event === 'error' && this.listenerCount('error') === 0) unheard.push(String((args[0] as Error | undefined)?.message));
      return emit.call(this, event, ...args);
    });
    try {
      const outcome = db.transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid, '${marker}' AS marker`);
        // The server ends this session while the transaction waits on something else.
        await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
        await new Promise((r) => setTimeout(r, 200));
        return tx.query('SELECT 1 AS n');
      });
      await expect(outcome).rejects.toBeInstanceOf(Error);
      expect(unheard).toEqual([]);
      await expect(db.query<{ n: number }>('SELECT 3 AS n')).resolves.toEqual([{ n: 3 }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('does not run a statement again for an error that is not a lost connection', async () => {
    retries.length = 0;
    await expect(db.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    expect(retries).toEqual([]);
  });
});
