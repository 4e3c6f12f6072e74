import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, readMigrations, runMigrations, type Migration } from '../../../src/server/store';
import { describeOnPostgres, openTestDb } from '../../helpers/databases';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../../../scripts/world/databases';

const tokenEncryptionKey = randomBytes(32);

describe('migrations', () => {
  it('are found beside the source, numbered, in order', () => {
    const versions = readMigrations().map((m) => m.version);
    expect(versions[0]).toBe('001_initial');
    expect([...versions].sort()).toEqual(versions);
  });

  it('apply once to an embedded database kept on disk, which keeps its data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wso-store-'));
    try {
      const first = await openStore({ dataDir, tokenEncryptionKey });
      await first.tenants.upsert({ id: 'tenant-on-disk', mode: 'admin' });
      await first.close();

      const second = await openStore({ dataDir, tokenEncryptionKey });
      expect(await runMigrations(second.db)).toEqual([]);
      expect(await second.tenants.get('tenant-on-disk')).toMatchObject({ mode: 'admin' });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuse to start when an applied migration was edited since', async () => {
    const db = await openTestDb('pglite');
    try {
      const original: Migration[] = [{ version: '001_test', sql: 'CREATE TABLE t (x int)', checksum: 'a' }];
      expect(await runMigrations(db, original)).toEqual(['001_test']);
      const edited: Migration[] = [{ ...original[0]!, sql: 'CREATE TABLE t (x bigint)', checksum: 'b' }];
      await expect(runMigrations(db, edited)).rejects.toMatchObject({ code: 'migration_changed' });
    } finally {
      await db.close();
    }
  });

  it('apply a number left free and filled later, after the higher ones already applied', async () => {
    const db = await openTestDb('pglite');
    try {
      const withGap: Migration[] = [
        { version: '001_a', sql: 'CREATE TABLE a (x int)', checksum: 'a' },
        { version: '003_c', sql: 'CREATE TABLE c (x int)', checksum: 'c' },
      ];
      expect(await runMigrations(db, withGap)).toEqual(['001_a', '003_c']);
      const filled: Migration[] = [withGap[0]!, { version: '002_b', sql: 'CREATE TABLE b (x int)', checksum: 'b' }, withGap[1]!];
      expect(await runMigrations(db, filled)).toEqual(['002_b']);
      expect(await db.query(`SELECT to_regclass('b') IS NOT NULL AS present`)).toEqual([{ present: true }]);
    } finally {
      await db.close();
    }
  });

  it('roll back every migration of a run when one fails', async () => {
    const db = await openTestDb('pglite');
    try {
      const broken: Migration[] = [
        { version: '001_ok', sql: 'CREATE TABLE ok (x int)', checksum: 'a' },
        { version: '002_broken', sql: 'CREATE TABLE broken (x no_such_type)', checksum: 'b' },
      ];
      await expect(runMigrations(db, broken)).rejects.toMatchObject({ code: '42704' });
      expect(await db.query(`SELECT to_regclass('ok') AS t`)).toEqual([{ t: null }]);
    } finally {
      await db.close();
    }
  });
});

describeOnPostgres('migrations on a Postgres server', () => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchemas([schema]));

  it('let two replicas that start together both open the same schema', async () => {
    const open = () => openStore({ databaseUrl: testDatabaseUrl, dataDir: '', tokenEncryptionKey, schema });
    const stores = await Promise.all([open(), open(), open()]);
    try {
      const [applied] = await stores[0]!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(applied?.n).toBe(readMigrations().length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('apply nothing the second time', async () => {
    const store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: '', tokenEncryptionKey, schema });
    try {
      expect(await runMigrations(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
