/**
 * The one way the backend reaches its database: embedded PGlite (real Postgres compiled to
 * WebAssembly) when no DATABASE_URL is configured, a Postgres server when it is. Both speak the
 * same SQL, so everything above this file is written once.
 */
import { join } from 'node:path';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';
import { StoreError } from './store-error';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  /** The schema every unqualified name resolves to; undefined means the default (public). */
  readonly schema: string | undefined;
  /** One statement with $1.. parameters (extended protocol); resolves to its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * A script of one or more statements without parameters (simple protocol), as migrations and
   * pg-boss need; resolves to the rows of every statement, in order (pg-boss reads the rows of a
   * statement that its script follows with COMMIT).
   */
  exec<R = Record<string, unknown>>(script: string): Promise<R[]>;
  /**
   * Runs fn in a transaction: committed when fn resolves, rolled back when it rejects. Inside,
   * use only `tx` (never the outer Db: on PGlite, which has one connection, that would wait for
   * the transaction that waits for it; it throws 'db_reentrant_call' instead). A transaction
   * opened on `tx` is a savepoint.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres:// connection string; unset means embedded PGlite. */
  databaseUrl?: string;
  /** The backend's data directory; PGlite keeps its files in <dataDir>/pglite. Unset: in memory. */
  dataDir?: string;
  /** Schema to create and work in (tests give each suite its own). Letters, digits, underscores. */
  schema?: string;
  /** Postgres only: size of the connection pool (default 10). */
  maxConnections?: number;
  /** Postgres only: faults of idle pooled connections (the pool drops such a connection itself). */
  onError?: (error: Error) => void;
  /** Postgres only: a statement tried again because the connection was lost. */
  onRetry?: (error: Error, attempt: number) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'db_schema_invalid',
      'schema must be lower-case letters, digits and underscores, starting with a letter or underscore',
    );
  }
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  if (options.databaseUrl) {
    return openPostgresDb({
      connectionString: options.databaseUrl,
      schema: options.schema,
      maxConnections: options.maxConnections ?? 10,
      onError: options.onError,
      onRetry: options.onRetry,
    });
  }
  return openPgliteDb({
    directory: options.dataDir === undefined ? undefined : join(options.dataDir, 'pglite'),
    schema: options.schema,
  });
}
