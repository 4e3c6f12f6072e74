/**
 * Applies the numbered SQL files of ./migrations in order, each once, recorded in
 * schema_migrations. They run in one transaction under an advisory lock, so two replicas starting
 * together neither race nor apply a file twice; the same files run on PGlite and on Postgres.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';
import { StoreError } from './store-error';

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

/** Read at run time from beside this file: tsx runs the source tree as it is. */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Resolves to the versions it applied (empty when the database was up to date). */
export async function runMigrations(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webex-scheduler:migrations:${db.schema ?? 'public'}`]);
    if (db.schema) await tx.exec(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    text PRIMARY KEY,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Map(
      (await tx.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map((r) => [
        r.version,
        r.checksum,
      ]),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new StoreError(
            'migration_changed',
            `migration ${migration.version} was edited after it was applied; add a new migration instead (a local .data/ database may simply be deleted)`,
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [migration.version, migration.checksum]);
      done.push(migration.version);
    }
    return done;
  });
}
