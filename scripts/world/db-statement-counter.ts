/**
 * Loaded into a backend process by the bench (`node --import tsx --import <this file>`, see
 * backend-process.ts) to count every database statement the process sends, whoever sends it: the
 * store, the job queue (pg-boss), the inbox's drainer, job liveness. It wraps the drivers, beneath
 * every layer of the product: PGlite's query and exec, and node-postgres' Client.query (which every
 * pooled connection and every client of its own uses). Nothing of the product changes; without
 * this file nothing is wrapped.
 *
 * GET /metrics reads the database too; the statements sent while answering it are told apart (the
 * request's async context marks them) so that the bench's own scrapes do not count as the engine's
 * work. The bench reads the counts over the IPC channel it opened: it sends
 * `{ type: 'db-statements?' }` and gets `{ type: 'db-statements', counts }`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { emptyCounts, record } from './db-statement-tally';

const counts = emptyCounts();
const scrape = new AsyncLocalStorage<true>();
// The backend's job queue lives in `<DATABASE_SCHEMA>_jobs`, or 'pgboss' (src/server/config.ts).
const queueSchema = process.env.DATABASE_SCHEMA?.trim() ? `${process.env.DATABASE_SCHEMA.trim()}_jobs` : 'pgboss';

const sqlOf = (query: unknown): string =>
  typeof query === 'string' ? query : typeof (query as { text?: unknown })?.text === 'string' ? (query as { text: string }).text : '';
const resultCount = (result: unknown): number => (Array.isArray(result) ? result.length : 1);

function counted(sql: string, duringScrape: boolean, outcome: Promise<unknown>): void {
  outcome.then(
    (result) => record(counts, { sql, statements: resultCount(result), queueSchema, duringScrape }),
    () => record(counts, { sql, statements: 1, queueSchema, duringScrape }),
  );
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

// PGlite: query() runs one statement, exec() a script (one result per statement).
for (const method of ['query', 'exec'] as const) {
  const original = PGlite.prototype[method] as unknown as AnyFn;
  (PGlite.prototype as unknown as Record<string, AnyFn>)[method] = function (this: unknown, ...args: unknown[]) {
    const outcome = original.apply(this, args) as Promise<unknown>;
    counted(sqlOf(args[0]), scrape.getStore() === true, outcome);
    return outcome;
  };
}

// node-postgres: a promise, or a callback as the last argument (as the pool's own query uses it).
{
  const original = pg.Client.prototype.query as unknown as AnyFn;
  (pg.Client.prototype as unknown as Record<string, AnyFn>).query = function (this: unknown, ...args: unknown[]) {
    const sql = sqlOf(args[0]);
    const duringScrape = scrape.getStore() === true;
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (err: unknown, result: unknown) => void;
      args[args.length - 1] = (err: unknown, result: unknown) => {
        record(counts, { sql, statements: err ? 1 : resultCount(result), queueSchema, duringScrape });
        callback(err, result);
      };
      return original.apply(this, args);
    }
    const outcome = original.apply(this, args);
    if (outcome && typeof (outcome as Promise<unknown>).then === 'function') counted(sql, duringScrape, outcome as Promise<unknown>);
    return outcome;
  };
}

// Requests for /metrics run in a context that marks their statements as the scrape's.
{
  const original = http.Server.prototype.emit as AnyFn;
  (http.Server.prototype as unknown as Record<string, AnyFn>).emit = function (this: unknown, ...args: unknown[]) {
    const [event, request] = args as [string, http.IncomingMessage | undefined];
    if (event === 'request' && request?.url?.startsWith('/metrics')) return scrape.run(true, () => original.apply(this, args));
    return original.apply(this, args);
  };
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown })?.type === 'db-statements?') process.send?.({ type: 'db-statements', counts });
  });
  // The channel must not keep the process alive once the backend stops.
  process.channel?.unref();
}
