/** Db over a Postgres server through a pg connection pool. */
import pg from 'pg';
import type { Db } from './db';
import { StoreError } from './store-error';
import { toError } from './to-error';

type Queryable = Pick<pg.PoolClient, 'query'>;

function lastRows<R>(result: pg.QueryResult | pg.QueryResult[]): R[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return (last?.rows ?? []) as R[];
}

function clientDb(client: Queryable, schema: string | undefined, depth: number): Db {
  let savepoints = 0;
  return {
    kind: 'postgres',
    schema,
    async query<R>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as R[];
    },
    async exec<R>(script: string) {
      // The pg types say one result; a script of several statements yields one per statement.
      return lastRows<R>((await client.query(script)) as pg.QueryResult | pg.QueryResult[]);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const name = `sp_${depth}_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(clientDb(client, schema, depth + 1));
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (thrown) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw toError(thrown);
      }
    },
    async close() {
      throw new StoreError('db_close_in_transaction', 'close the database outside of a transaction');
    },
  };
}

export async function openPostgresDb(options: {
  connectionString: string;
  schema?: string;
  maxConnections: number;
  onError?: (error: Error) => void;
}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections,
    application_name: 'webex-scheduler',
    // Every pooled connection resolves unqualified names in the schema (which may not exist yet:
    // the migrations create it).
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  // An idle connection that the server drops emits 'error' on the pool; unhandled, it would end
  // the process. The pool replaces the connection by itself.
  pool.on('error', (error) => options.onError?.(toError(error)));
  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreError('db_closed', 'the database is closed');
  };

  // Fail at open, not at the first request, when the server cannot be reached.
  const probe = await pool.connect().catch(async (thrown: unknown) => {
    await pool.end();
    throw toError(thrown);
  });
  probe.release();

  return {
    kind: 'postgres',
    schema: options.schema,
    async query<R>(sql: string, params?: unknown[]) {
      open();
      return (await pool.query(sql, params)).rows as R[];
    },
    async exec<R>(script: string) {
      open();
      // A script that opened a transaction and then failed leaves the connection inside it;
      // roll back before the connection returns to the pool (a no-op warning otherwise).
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return lastRows<R>((await client.query(script)) as pg.QueryResult | pg.QueryResult[]);
      } catch (thrown) {
        await client.query('ROLLBACK').catch((rollbackFailure: unknown) => {
          broken = toError(rollbackFailure);
        });
        throw toError(thrown);
      } finally {
        client.release(broken);
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      open();
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client, options.schema, 1));
        await client.query('COMMIT');
        return result;
      } catch (thrown) {
        const error = toError(thrown);
        await client.query('ROLLBACK').catch((rollbackFailure: unknown) => {
          // A connection that cannot roll back must not go back to the pool.
          broken = toError(rollbackFailure);
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
