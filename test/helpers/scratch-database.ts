/**
 * A database of its own on the TEST_DATABASE_URL server, for a backend PROCESS under test (which
 * works in the default schemas, unlike the in-process suites of databases.ts): created fresh,
 * dropped afterwards with whatever connections are left on it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../../scripts/world/databases';

export interface ScratchDatabase {
  name: string;
  /** TEST_DATABASE_URL pointed at it. */
  url: string;
  /** Terminates every connection to it but the caller's (a server restart, a failover); returns how many. */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const terminate = async () =>
    (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]))
      .rowCount ?? 0;
  return {
    name,
    url: url.toString(),
    terminateConnections: terminate,
    async drop() {
      try {
        await terminate().catch(() => 0);
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}
