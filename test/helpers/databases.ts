/**
 * Database tests run on embedded PGlite always and, when TEST_DATABASE_URL is set, on that
 * Postgres server too, each suite in its own schema dropped afterwards
 * (docs/architecture.md#conventions). Whether a suite runs on the server is decided here, in one
 * place (describeOnPostgres):
 *
 * - TEST_DATABASE_URL set: the suite runs, and first checks that the server answers; an
 *   unreachable server fails every test of the suite with that reason;
 * - not set, REQUIRE_POSTGRES=1 (CI, .ci/run): the test file fails to load, saying why;
 * - not set otherwise: the suite is declared skipped, its title saying why, so that it shows up
 *   among the skipped tests instead of disappearing.
 *
 *   describeEachDatabase('meetings', (t) => {
 *     it('a user sees only their own meetings', async () => {
 *       await t.store.users.upsert({ tenantId, userId });
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
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../../scripts/world/databases';

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

/** Why the Postgres-server suites are skipped: put in their titles. */
export const POSTGRES_SKIP_REASON = 'skipped: TEST_DATABASE_URL is not set, so there is no Postgres server to run on';

let warned = false;

/**
 * Undefined when the Postgres-server suites run here; otherwise the reason they are skipped.
 * Throws when they must run (REQUIRE_POSTGRES=1) and cannot.
 */
function postgresSkipReason(): string | undefined {
  if (testDatabaseUrl) return undefined;
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('TEST_DATABASE_URL is not set, and REQUIRE_POSTGRES=1 requires the database tests to run on a Postgres server.');
  }
  if (!warned) {
    warned = true;
    console.warn(`\n*** Postgres-server suites ${POSTGRES_SKIP_REASON} (they run on PGlite only where they can). ***\n`);
  }
  return POSTGRES_SKIP_REASON;
}

/** Fails, naming the server, when TEST_DATABASE_URL does not answer. */
async function requireReachablePostgres(): Promise<void> {
  const url = new URL(testDatabaseUrl as string);
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (thrown) {
    const reason = (thrown as { code?: string }).code ?? (thrown as Error).message;
    throw new Error(
      `The Postgres server of TEST_DATABASE_URL (${url.hostname}:${url.port || 5432}${url.pathname}) is unreachable: ${reason}`,
      { cause: thrown },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A suite that needs a Postgres server (TEST_DATABASE_URL): run, skipped with the reason in its
 * title, or a failure under REQUIRE_POSTGRES=1 (see the top of this file).
 */
export function describeOnPostgres(name: string, fn: () => void): void {
  const skipped = postgresSkipReason();
  if (skipped !== undefined) {
    describe.skip(`${name} [${skipped}]`, fn);
    return;
  }
  describe(name, () => {
    beforeAll(requireReachablePostgres, 15_000);
    fn();
  });
}

/** Declares the suite once per database kind: "<name> (PGlite)" and "<name> (Postgres)", the latter through describeOnPostgres. */
export function describeEachDatabaseKind(name: string, fn: (kind: DbKind) => void): void {
  describe(`${name} (PGlite)`, () => fn('pglite'));
  describeOnPostgres(`${name} (Postgres)`, () => fn('postgres'));
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
    store = await openStore({
      databaseUrl: kind === 'postgres' ? testDatabaseUrl : undefined,
      dataDir: '',
      inMemory: true,
      tokenEncryptionKey,
      schema,
    });
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

/** A store-backed suite once per database kind: "<name> (PGlite)" and "<name> (Postgres)" (see describeEachDatabaseKind). */
export function describeEachDatabase(name: string, fn: (t: TestDatabase) => void): void {
  describeEachDatabaseKind(name, (kind) => databaseSuite(kind, fn));
}
