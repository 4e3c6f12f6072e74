import { openDb, type Db } from '../../../src/server/store';
import { databaseKinds, dropSchemas, openTestDb, uniqueSchemaName } from '../../helpers/databases';

describe.each(databaseKinds())('database access on %s', (kind) => {
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

  it('runs a script of several statements and answers with the rows of the last', async () => {
    expect(await db.exec('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
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
      await tx.transaction(async (inner) => {
        await inner.query(`INSERT INTO ${schema}.counters (name, n) VALUES ('inner', 1)`);
        throw new Error('inner fails');
      }).catch(() => undefined);
    });
    const names = await db.query<{ name: string }>(`SELECT name FROM ${schema}.counters WHERE name IN ('outer', 'inner')`);
    expect(names.map((r) => r.name)).toEqual(['outer']);
  });

  it('does not let concurrent transactions lose each other\'s increments', async () => {
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
    await expect(db.exec(`BEGIN; INSERT INTO ${schema}.counters (name, n) VALUES ('half', 1); SELECT 1 / 0; COMMIT;`)).rejects.toMatchObject({ code: '22012' });
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
