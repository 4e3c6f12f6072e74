/**
 * A whole database as text, to search for what must never be in it: on PGlite every row of every
 * table of every schema (the backend's and pg-boss's), as Postgres prints a row; on a Postgres
 * server the output of pg_dump (schema and data) of the whole database: given no --schema, pg_dump
 * dumps every schema, whichever one the backend works in.
 */
import { execFileSync } from 'node:child_process';
import { openDb } from '../../src/server/store';

export async function dumpPgliteDatabase(dataDir: string): Promise<string> {
  const db = await openDb({ dataDir });
  try {
    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY table_schema, table_name`,
    );
    const lines: string[] = [];
    for (const { table_schema, table_name } of tables) {
      const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`);
      lines.push(`-- ${table_schema}.${table_name}: ${rows.length} rows`, ...rows.map((r) => r.row));
    }
    return lines.join('\n');
  } finally {
    await db.close();
  }
}

export function dumpPostgresDatabase(databaseUrl: string): string {
  return execFileSync('pg_dump', ['--no-owner', '--no-privileges', databaseUrl], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}
