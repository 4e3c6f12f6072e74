/**
 * The Postgres server the tests and the world may use (TEST_DATABASE_URL), and schemas of their own
 * on it: each suite or world in a schema no other uses, dropped afterwards
 * (docs/architecture.md#conventions). Jest's side, which suites run on that server, is
 * test/helpers/databases.ts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl: string | undefined = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** A schema name no other suite (or concurrent Jest worker) uses. */
export function uniqueSchemaName(prefix = 'test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops schemas (and everything in them) on the test server. */
export async function dropSchemas(schemas: string[]): Promise<void> {
  if (!testDatabaseUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
