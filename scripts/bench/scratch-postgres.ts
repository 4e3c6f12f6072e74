/**
 * The Postgres server the bench measures the sync engine on, when it has one: BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL (the one the database tests use). The backend process works in a fresh
 * database of its own there, dropped afterwards with whatever connections are left on it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchPostgres {
  /** Which variable named the server. */
  source: 'BENCH_DATABASE_URL' | 'TEST_DATABASE_URL';
  url: string;
}

/** The server to use, or why there is none. */
export function benchPostgres(env: NodeJS.ProcessEnv = process.env): BenchPostgres | { reason: string } {
  for (const source of ['BENCH_DATABASE_URL', 'TEST_DATABASE_URL'] as const) {
    const url = env[source]?.trim();
    if (url) return { source, url };
  }
  return { reason: 'no Postgres server: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on one' };
}

/** Where the server is, without the credentials (for the inputs). */
export function describeServer(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}`;
}

export interface ScratchDatabase {
  /** The server's URL pointed at the new database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `wso_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (thrown) {
    await admin.end();
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      try {
        await admin
          .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name])
          .catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
