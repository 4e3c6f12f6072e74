/**
 * Database tests run on embedded PGlite always and, when TEST_DATABASE_URL is set, on that
 * Postgres server too, each suite in its own schema dropped afterwards (STYLE.md). Without
 * TEST_DATABASE_URL the server variant is not run and the test file says so once, loudly;
 * REQUIRE_POSTGRES=1 makes that a failure.
 *
 *   describeEachDatabase('meetings', (t) => {
 *     it('a user sees only their own meetings', async () => {
 *       await t.store.upsertUser({ tenantId, userId });
 *       ...
 *     });
 *   });
 *
 * `t.store` is a fresh, migrated store for the suite (shared by its tests: use distinct ids per
 * test). `t.openJobQueue()` gives a started pg-boss queue on the same database; queues and
 * stores are stopped and closed after the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createJobQueue, type JobQueue, type JobQueueOptions } from '../../src/server/jobs';
import { createStore, openDb, openStore, type Db, type DbKind, type Store } from '../../src/server/store';

export const testDatabaseUrl: string | undefined = process.env.TEST_DATABASE_URL?.trim() || undefined;

export interface TestDatabase {
  readonly kind: DbKind;
  /** The suite's store; available from beforeAll on (inside tests and hooks). */
  readonly store: Store;
  /** The suite's schema on the Postgres server; undefined on PGlite (a database of its own). */
  readonly schema: string | undefined;
  /** The schema of the job queue's tables (openJobQueue's), to read its rows. */
  readonly jobsSchema: string;
  readonly tokenEncryptionKey: Buffer;
  /**
   * A second store on the same data, as another replica would have: on Postgres a new
   * connection pool, on PGlite (one connection) the same Db. Closed after the suite.
   */
  openAnotherStore(): Promise<Store>;
  /** A started job queue on the suite's database (pg-boss in a schema of its own); stopped after the suite. */
  openJobQueue(options?: Omit<JobQueueOptions, 'schema'>): Promise<JobQueue>;
}

let warned = false;

/** True when the Postgres-server variant runs; warns once per test file when it does not. */
export function postgresAvailable(): boolean {
  if (testDatabaseUrl) return true;
  const message = 'TEST_DATABASE_URL is not set: database tests run on PGlite only, NOT on a Postgres server.';
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`${message} REQUIRE_POSTGRES=1 makes this a failure.`);
  if (!warned) {
    warned = true;
    console.warn(`\n*** ${message} ***\n`);
  }
  return false;
}

/** The kinds to run database tests on here: PGlite, and Postgres when TEST_DATABASE_URL is set. */
export function databaseKinds(): DbKind[] {
  return postgresAvailable() ? ['pglite', 'postgres'] : ['pglite'];
}

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

/** Opens a bare Db of the given kind (PGlite in memory; Postgres in `schema`, not migrated). */
export async function openTestDb(kind: DbKind, schema?: string): Promise<Db> {
  if (kind === 'postgres' && !testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  return openDb({ databaseUrl: kind === 'postgres' ? testDatabaseUrl : undefined, schema: kind === 'postgres' ? schema : undefined });
}

function databaseSuite(kind: DbKind, fn: (t: TestDatabase) => void): void {
  const schema = kind === 'postgres' ? uniqueSchemaName() : undefined;
  const jobsSchema = schema ? `${schema}_jobs` : 'pgboss';
  const tokenEncryptionKey = randomBytes(32);
  let store: Store | undefined;
  const extraStores: Store[] = [];
  const queues: JobQueue[] = [];

  const t: TestDatabase = {
    kind,
    schema,
    jobsSchema,
    tokenEncryptionKey,
    get store(): Store {
      if (!store) throw new Error('t.store is available from beforeAll on: use it inside tests and hooks');
      return store;
    },
    async openAnotherStore() {
      const another =
        kind === 'postgres'
          ? await openStore({ databaseUrl: testDatabaseUrl, dataDir: '', tokenEncryptionKey, schema })
          : createStore(t.store.db, { tokenEncryptionKey });
      extraStores.push(another);
      return another;
    },
    async openJobQueue(options = {}) {
      const queue = createJobQueue(t.store.db, { ...options, schema: jobsSchema });
      await queue.start();
      queues.push(queue);
      return queue;
    },
  };

  beforeAll(async () => {
    store = await openStore({ databaseUrl: kind === 'postgres' ? testDatabaseUrl : undefined, dataDir: '', inMemory: true, tokenEncryptionKey, schema });
  });

  afterAll(async () => {
    for (const queue of queues.splice(0)) await queue.stop({ timeoutMs: 2000 });
    for (const another of extraStores.splice(0)) await another.close();
    await store?.close();
    store = undefined;
    if (schema) await dropSchemas([schema, jobsSchema]);
  });

  fn(t);
}

/** Declares the suite once per database kind: "<name> (PGlite)" and "<name> (Postgres)". */
export function describeEachDatabase(name: string, fn: (t: TestDatabase) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} (${kind === 'pglite' ? 'PGlite' : 'Postgres'})`, () => databaseSuite(kind, fn));
  }
}
