/**
 * The organization's default meeting template in the store (migration 008): a database at 007
 * with tenants in it takes the column with no default set; the default is set, cleared, kept when
 * the tenant's mode changes, and read with the tenant by a sync job's one statement
 * (event-sync-inputs.ts). On PGlite and, with TEST_DATABASE_URL, on Postgres in a schema of its own
 * (as DATABASE_SCHEMA gives one).
 */
import { randomUUID } from 'node:crypto';
import { readMigrations, runMigrations } from '../../../src/server/store';
import { describeEachDatabase, describeEachDatabaseKind, openTestDb } from '../../helpers/databases';
import { dropSchemas, uniqueSchemaName } from '../../../scripts/world/databases';

describeEachDatabaseKind('migration 008 (the tenant’s default template)', (kind) => {
  const schema = kind === 'postgres' ? uniqueSchemaName() : undefined;
  afterAll(() => dropSchemas(schema ? [schema] : []));

  it('adds the column to a database with tenants, none of them with a default', async () => {
    const db = await openTestDb(kind, schema);
    try {
      const all = readMigrations();
      const upTo007 = all.filter((m) => m.version < '008');
      expect(all.map((m) => m.version)).toContain('008_tenant_default_template');
      await runMigrations(db, upTo007);
      await db.query(`INSERT INTO tenants (id, mode) VALUES ('before-008', 'admin')`);
      expect(await runMigrations(db, all)).toEqual(all.filter((m) => m.version >= '008').map((m) => m.version));
      expect(await db.query(`SELECT id, mode, default_template_id FROM tenants`)).toEqual([
        { id: 'before-008', mode: 'admin', default_template_id: null },
      ]);
    } finally {
      await db.close();
    }
  });
});

describeEachDatabase('the tenant’s default template', (t) => {
  it('is none at first, then set, kept across a change of mode, and cleared', async () => {
    const id = randomUUID();
    expect(await t.store.tenants.upsert({ id, mode: 'admin' })).toMatchObject({ defaultTemplateId: null });
    expect(await t.store.tenants.setDefaultTemplate(id, 'VDI')).toMatchObject({ id, mode: 'admin', defaultTemplateId: 'VDI' });
    await t.store.tenants.upsert({ id, mode: 'individual' });
    expect(await t.store.tenants.get(id)).toMatchObject({ mode: 'individual', defaultTemplateId: 'VDI' });
    expect(await t.store.tenants.setDefaultTemplate(id, null)).toMatchObject({ defaultTemplateId: null });
  });

  it('records a tenant not known yet as a user’s first call would (individual mode)', async () => {
    const id = randomUUID();
    expect(await t.store.tenants.setDefaultTemplate(id, 'VDI')).toMatchObject({
      id,
      mode: 'individual',
      defaultTemplateId: 'VDI',
      adminConsentedAt: null,
    });
  });

  it('comes with the tenant in a sync job’s one read', async () => {
    const tenantId = randomUUID();
    const userId = randomUUID();
    await t.store.users.upsert({ tenantId, userId });
    await t.store.tenants.setDefaultTemplate(tenantId, 'VDI');
    const inputs = await t.store.syncInputs.read(tenantId, userId, 'no-such-event');
    expect(inputs.tenant).toEqual(await t.store.tenants.get(tenantId));
    expect(inputs.tenant?.defaultTemplateId).toBe('VDI');
  });
});
