import { countStatementsIn } from '../../../../scripts/bench/statement-scope';
import type { Db } from '../../../../src/server/store';

/** A Db that answers every statement a moment later, as a driver does; one whose text says fail fails. */
function fakeDb(): Db {
  const answer = <R>(sql: string): Promise<R[]> =>
    new Promise((resolve, reject) => setTimeout(() => (sql.includes('fail') ? reject(new Error('refused')) : resolve([])), 1));
  const db: Db = {
    kind: 'pglite',
    schema: undefined,
    query: <R>(sql: string) => answer<R>(sql),
    exec: <R>(script: string) => answer<R>(script),
    transaction: async <T>(fn: (tx: Db) => Promise<T>) => fn(fakeDb()),
    close: async () => undefined,
  };
  return db;
}

describe('the statements of one piece of in-process work', () => {
  it('counts what the work sends, its transactions included, and not what other work sends meanwhile', async () => {
    const db = fakeDb();
    const scope = countStatementsIn(db);
    // Started outside the work (as the job queue's polling is), it runs while the work does.
    const others = new Promise((resolve) => {
      setTimeout(() => resolve(Promise.all([db.query('SELECT from_the_job_queue'), db.exec('SELECT also_not_counted')])), 0);
    });
    const { value, statements } = await scope.during(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await db.query('SELECT 1');
      await db.transaction(async (tx) => {
        await tx.query('UPDATE subscriptions SET state = $1');
        await tx.exec('SELECT 2');
      });
      await db.query('SELECT fail').catch(() => undefined);
      return 'done';
    });
    await others;
    await db.query('SELECT after');
    expect(value).toBe('done');
    expect(statements).toBe(4);
    expect(scope.counts).toMatchObject({ statements: 4, byKind: { select: 3, update: 1 } });
  });

  it('gives each run its own number and keeps the total', async () => {
    const db = fakeDb();
    const scope = countStatementsIn(db);
    expect((await scope.during(() => db.query('SELECT 1'))).statements).toBe(1);
    expect((await scope.during(async () => Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]))).statements).toBe(2);
    expect(scope.counts.statements).toBe(3);
  });
});
