/** Db over a Postgres server through a pg connection pool. */
import pg from 'pg';
import type { Db } from './db';
import { isConnectionLost } from './sql-errors';
import { StoreError } from './store-error';
import { toError } from '../errors';

type Queryable = Pick<pg.PoolClient, 'query'>;

function allRows<R>(result: pg.QueryResult | pg.QueryResult[]): R[] {
  return (Array.isArray(result) ? result.flatMap((r) => r.rows ?? []) : result.rows) as R[];
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
      return allRows<R>((await client.query(script)) as pg.QueryResult | pg.QueryResult[]);
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

export interface PostgresDbOptions {
  connectionString: string;
  schema?: string;
  maxConnections: number;
  onError?: (error: Error) => void;
  /**
   * How long a statement outside a transaction, or the start of a transaction, keeps trying when
   * the server is unreachable or drops the connection (a restart, a failover) before failing
   * (default 30 s). Tries again after 100 ms, doubling up to 2 s.
   */
  reconnectWindowMs?: number;
  /** Told of every try that failed so and will be made again (for the logs). */
  onRetry?: (error: Error, attempt: number) => void;
}

/**
 * Runs `attempt` again while it fails with a lost connection, for up to windowMs. Only for work
 * that starts on a connection of its own: a transaction whose connection broke halfway is rolled
 * back by the server and fails to its caller, who decides.
 */
async function withReconnect<T>(
  attempt: () => Promise<T>,
  windowMs: number,
  onRetry?: (error: Error, attempt: number) => void,
): Promise<T> {
  const deadline = Date.now() + windowMs;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (thrown) {
      const error = toError(thrown);
      const delay = Math.min(2_000, 100 * 2 ** (tries - 1));
      if (!isConnectionLost(error) || Date.now() + delay > deadline) throw error;
      onRetry?.(error, tries);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export async function openPostgresDb(options: PostgresDbOptions): Promise<Db> {
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
  // A connection the server ends mid-statement can emit 'error' twice (the server's FATAL message,
  // then "Connection terminated unexpectedly"), and the pool's own listener during pool.query is a
  // `once`: the second would go unheard and end the process. Every connection keeps a listener of
  // its own for its whole life; the pool and the statement in flight still see the failure.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreError('db_closed', 'the database is closed');
  };
  const reconnectWindowMs = options.reconnectWindowMs ?? 30_000;
  const reconnecting = <T>(attempt: () => Promise<T>): Promise<T> =>
    withReconnect(
      () => {
        open();
        return attempt();
      },
      reconnectWindowMs,
      options.onRetry,
    );

  /**
   * A connection checked out of the pool has no 'error' listener of the pool's: one the server ends
   * while it waits between statements (a restart, pg_terminate_backend) would emit an 'error'
   * nobody hears, and that ends the process. Heard here, reported, and the connection is not given
   * back to the pool: `done()` says why, for release(). The statement in flight fails on its own.
   */
  const watchCheckedOut = (client: pg.PoolClient): { done(): Error | undefined } => {
    let lost: Error | undefined;
    const onError = (thrown: unknown) => {
      lost = toError(thrown);
      options.onError?.(lost);
    };
    client.on('error', onError);
    return {
      done() {
        client.removeListener('error', onError);
        return lost;
      },
    };
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
      return reconnecting(async () => (await pool.query(sql, params)).rows as R[]);
    },
    async exec<R>(script: string) {
      open();
      // A script that opened a transaction and then failed leaves the connection inside it;
      // roll back before the connection returns to the pool (a no-op warning otherwise).
      const client = await reconnecting(() => pool.connect());
      const watch = watchCheckedOut(client);
      let broken: Error | undefined;
      try {
        return allRows<R>((await client.query(script)) as pg.QueryResult | pg.QueryResult[]);
      } catch (thrown) {
        await client.query('ROLLBACK').catch((rollbackFailure: unknown) => {
          broken = toError(rollbackFailure);
        });
        throw toError(thrown);
      } finally {
        client.release(watch.done() ?? broken);
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      open();
      // Connecting and BEGIN are tried again on a lost connection (an idle pooled connection the
      // server dropped a moment ago); once `fn` runs, a failure is the caller's.
      const client = await reconnecting(async () => {
        const fresh = await pool.connect();
        try {
          await fresh.query('BEGIN');
          return fresh;
        } catch (thrown) {
          fresh.release(toError(thrown));
          throw thrown;
        }
      });
      const watch = watchCheckedOut(client);
      let broken: Error | undefined;
      try {
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
        client.release(watch.done() ?? broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
