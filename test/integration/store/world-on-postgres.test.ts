/**
 * The test world (scripts/world/world.ts) on the Postgres server: the backend and its job queue work
 * in schemas of their own, the tenant's mode is written there before the backend starts, and close()
 * drops both schemas.
 */
import pg from 'pg';
import { describeOnPostgres } from '../../helpers/databases';
import { testDatabaseUrl } from '../../../scripts/world/databases';
import { CONTOSO, startWorld } from '../../../scripts/world/world';

/** The world schemas of this process on the server. */
async function worldSchemas(): Promise<string[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema_name: string }>(
      `SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1 ORDER BY schema_name`,
      [`world\\_${process.pid}\\_%`],
    );
    return rows.map((r) => r.schema_name);
  } finally {
    await client.end();
  }
}

describeOnPostgres('a test world on the Postgres server', () => {
  it('keeps the backend and its job queue in schemas of their own, dropped on close', async () => {
    const world = await startWorld({ database: 'postgres', graph: false, webex: false, mode: 'individual', sync: { workers: false } });
    try {
      expect(world.store.db.kind).toBe('postgres');
      expect((await world.store.tenants.get(CONTOSO.id))?.mode).toBe('individual');
      const schemas = await worldSchemas();
      expect(schemas).toHaveLength(2);
      expect(schemas[1]).toBe(`${schemas[0]}_jobs`);
      const ready = await world.api<{ checks: Record<string, string> }>('GET', '/readyz');
      expect(ready.body.checks.database).toBe('ok');
    } finally {
      await world.close();
    }
    expect(await worldSchemas()).toEqual([]);
  });
});
