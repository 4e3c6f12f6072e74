/**
 * The embedded database's housekeeping: PGlite is Postgres in one process with no background
 * workers, so nothing runs autovacuum. Without it, the rows the backend deletes or replaces all
 * day — the notification inbox's, the job queue's, every link's sync state, sign-in states, token
 * caches — stay in their tables as dead rows: the tables and their indexes grow, and every scan of
 * them walks the dead rows too (the inbox drainer's and the job queue's, several times a second).
 *
 * Every `intervalMs` this vacuums and analyzes the tables of the store's schema and of the job
 * queue's, one statement a table: the database has one connection, so each VACUUM holds the others
 * back only for its own table (a few milliseconds for tables of a laptop's size), and the receiver's
 * writes go between two tables. A Postgres server runs autovacuum itself: nothing runs there.
 */
import type { Db } from './db';

export interface EmbeddedVacuumOptions {
  db: Db;
  /** The schemas whose tables are vacuumed (the store's, the job queue's). */
  schemas: readonly string[];
  /** Time between two passes (default one hour). */
  intervalMs?: number;
  /** Told of a pass that failed; the next pass runs as scheduled. */
  onError(error: unknown): void;
}

export interface EmbeddedVacuum {
  /** Runs one pass now; resolves to the tables vacuumed (schema-qualified). */
  runOnce(): Promise<string[]>;
  /** No more passes; waits for a pass under way. */
  stop(): Promise<void>;
}

export const EMBEDDED_VACUUM_INTERVAL_MS = 3_600_000;

export function startEmbeddedVacuum(options: EmbeddedVacuumOptions): EmbeddedVacuum {
  const { db } = options;
  let running: Promise<string[]> | undefined;
  let stopped = false;

  const pass = async (): Promise<string[]> => {
    const tables = await db.query<{ schemaname: string; tablename: string }>(
      'SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1::text[]) ORDER BY schemaname, tablename',
      [[...options.schemas]],
    );
    const done: string[] = [];
    for (const { schemaname, tablename } of tables) {
      if (stopped) break;
      const name = `${quoted(schemaname)}.${quoted(tablename)}`;
      await db.exec(`VACUUM (ANALYZE) ${name}`);
      done.push(`${schemaname}.${tablename}`);
      // Let what waits for the connection go before the next table.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return done;
  };

  const runOnce = (): Promise<string[]> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer =
    db.kind === 'pglite'
      ? setInterval(() => {
          runOnce().catch(options.onError);
        }, options.intervalMs ?? EMBEDDED_VACUUM_INTERVAL_MS)
      : undefined;
  timer?.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
