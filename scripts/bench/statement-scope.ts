/**
 * The database statements one piece of in-process work sends (the subscription simulation's
 * renewal sweeps): `countStatementsIn` wraps a Db that the store and the job queue share, in place,
 * and counts only what is sent from inside `during` (its async context), so that the job queue's
 * polling meanwhile does not count. Transactions opened inside are counted through their handle.
 * Tallied as scripts/world/db-statement-tally.ts tallies a backend process's statements.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../../src/server/store';
import { emptyCounts, record, type DbStatementCounts } from '../world/db-statement-tally';

export interface StatementScope {
  /** Everything counted so far, over every `during`. */
  readonly counts: DbStatementCounts;
  /** Runs `work`, counting the statements sent from inside it; answers its value and how many that was. */
  during<T>(work: () => Promise<T>): Promise<{ value: T; statements: number }>;
}

export function countStatementsIn(db: Db, queueSchema = 'pgboss'): StatementScope {
  const counts = emptyCounts();
  const inside = new AsyncLocalStorage<true>();
  const counted = <T>(sql: string, sent: Promise<T[]>): Promise<T[]> => {
    if (inside.getStore() !== true) return sent;
    return sent.then(
      (rows) => {
        record(counts, { sql, statements: 1, queueSchema, duringScrape: false });
        return rows;
      },
      (thrown: unknown) => {
        record(counts, { sql, statements: 1, queueSchema, duringScrape: false });
        throw thrown;
      },
    );
  };
  const wrap = (target: Db): Db => {
    const { query, exec, transaction } = target;
    return Object.assign(target, {
      query: <R>(sql: string, params?: unknown[]) => counted(sql, query.call(target, sql, params) as Promise<R[]>),
      exec: <R>(script: string) => counted(script, exec.call(target, script) as Promise<R[]>),
      transaction: <T>(fn: (tx: Db) => Promise<T>) => transaction.call(target, (tx) => fn(wrap(tx))) as Promise<T>,
    });
  };
  wrap(db);
  return {
    counts,
    async during(work) {
      const before = counts.statements;
      const value = await inside.run(true, work);
      return { value, statements: counts.statements - before };
    },
  };
}
