/**
 * Individual mode: each user's serialized MSAL token cache (their delegated Microsoft tokens, and
 * account details MSAL keeps beside them), sealed as one value.
 */
import { requireUser } from './require-user';
import type { StoreContext } from './store-context';

const context = (tenantId: string, userId: string): string => `msal_caches/${tenantId}/${userId}`;

export function createMsalCacheRepository({ db, cipher }: StoreContext) {
  return {
    /** The user must exist ('user_unknown' otherwise). */
    async save(tenantId: string, userId: string, serialized: string): Promise<void> {
      await requireUser(() =>
        db.query(
          `INSERT INTO msal_caches (tenant_id, user_id, cache_sealed) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, user_id) DO UPDATE SET cache_sealed = EXCLUDED.cache_sealed, updated_at = now()`,
          [tenantId, userId, cipher.encrypt(serialized, context(tenantId, userId))],
        ),
      );
    },

    async get(tenantId: string, userId: string): Promise<string | undefined> {
      const [row] = await db.query<{ cache_sealed: string }>(`SELECT cache_sealed FROM msal_caches WHERE tenant_id = $1 AND user_id = $2`, [
        tenantId,
        userId,
      ]);
      return row && cipher.decrypt(row.cache_sealed, context(tenantId, userId));
    },

    async delete(tenantId: string, userId: string): Promise<boolean> {
      const rows = await db.query(`DELETE FROM msal_caches WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`, [tenantId, userId]);
      return rows.length > 0;
    },
  };
}
