/**
 * Db over embedded PGlite. PGlite is a single connection: statements of concurrent callers would
 * interleave with an open transaction, so every call takes one lock, and a transaction holds it
 * from BEGIN to COMMIT.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './db';
import { StoreError } from './store-error';
import { toError } from '../errors';

interface TransactionScope {
  active: boolean;
}

class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function allRows<R>(results: { rows: unknown[] }[]): R[] {
  return results.flatMap((r) => r.rows) as R[];
}

function savepointDb(pg: PGlite, schema: string | undefined, depth: number): Db {
  let savepoints = 0;
  const db: Db = {
    kind: 'pglite',
    schema,
    async query<R>(sql: string, params?: unknown[]) {
      const r = await pg.query<R>(sql, params);
      return r.rows;
    },
    async exec<R>(script: string) {
      return allRows<R>(await pg.exec(script));
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const name = `sp_${depth}_${++savepoints}`;
      await pg.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(savepointDb(pg, schema, depth + 1));
        await pg.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (thrown) {
        await pg.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw toError(thrown);
      }
    },
    async close() {
      throw new StoreError('db_close_in_transaction', 'close the database outside of a transaction');
    },
  };
  return db;
}

export async function openPgliteDb(options: { directory?: string; schema?: string }): Promise<Db> {
  if (options.directory) mkdirSync(options.directory, { recursive: true });
  const pg = await PGlite.create(options.directory);
  const lock = new Lock();
  const scope = new AsyncLocalStorage<TransactionScope>();
  let closed = false;

  const guarded = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new StoreError('db_closed', 'the database is closed'));
    if (scope.getStore()?.active) {
      return Promise.reject(new StoreError('db_reentrant_call', 'inside a transaction, use the transaction handle, not the database'));
    }
    return lock.run(() => (closed ? Promise.reject(new StoreError('db_closed', 'the database is closed')) : fn()));
  };

  // A failed script that had opened a transaction leaves it open on the only connection; pg-boss
  // sends such scripts (BEGIN; ...; COMMIT), so clean up after them.
  const rollbackIfOpen = async (): Promise<void> => {
    if (pg.isInTransaction()) await pg.exec('ROLLBACK');
  };

  if (options.schema) {
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
  }

  return {
    kind: 'pglite',
    schema: options.schema,
    query<R>(sql: string, params?: unknown[]) {
      return guarded(async () => {
        try {
          return (await pg.query<R>(sql, params)).rows;
        } catch (thrown) {
          await rollbackIfOpen();
          throw toError(thrown);
        }
      });
    },
    exec<R>(script: string) {
      return guarded(async () => {
        try {
          return allRows<R>(await pg.exec(script));
        } catch (thrown) {
          await rollbackIfOpen();
          throw toError(thrown);
        }
      });
    },
    transaction<T>(fn: (tx: Db) => Promise<T>) {
      return guarded(() => {
        const state: TransactionScope = { active: true };
        return scope.run(state, async () => {
          await pg.exec('BEGIN');
          try {
            const result = await fn(savepointDb(pg, options.schema, 1));
            await pg.exec('COMMIT');
            return result;
          } catch (thrown) {
            await rollbackIfOpen();
            throw toError(thrown);
          } finally {
            state.active = false;
          }
        });
      });
    },
    close() {
      if (closed) return Promise.resolve();
      return guarded(async () => {
        closed = true;
        await pg.close();
      });
    },
  };
}
