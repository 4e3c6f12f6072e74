/** A user's Webex OAuth grant. Both tokens are sealed (AES-256-GCM), bound to their row and column. */
import { requireUser } from './require-user';
import type { StoreContext } from './store-context';

export interface WebexGrant {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  scopes: string[];
}

export interface StoredWebexGrant extends WebexGrant {
  updatedAt: Date;
}

export interface GrantRecord {
  access_token_sealed: string;
  refresh_token_sealed: string;
  access_expires_at: Date;
  refresh_expires_at: Date;
  scopes: string[];
  updated_at: Date;
}

const context = (tenantId: string, userId: string, column: string): string => `webex_grants/${tenantId}/${userId}/${column}`;

/** The grant of a row read (here or by event-sync-inputs.ts), decrypted; throws 'token_decrypt_failed' if it was tampered with. */
export function openGrant(cipher: StoreContext['cipher'], tenantId: string, userId: string, row: GrantRecord): StoredWebexGrant {
  return {
    accessToken: cipher.decrypt(row.access_token_sealed, context(tenantId, userId, 'access')),
    refreshToken: cipher.decrypt(row.refresh_token_sealed, context(tenantId, userId, 'refresh')),
    accessExpiresAt: row.access_expires_at,
    refreshExpiresAt: row.refresh_expires_at,
    scopes: row.scopes,
    updatedAt: row.updated_at,
  };
}

export function createWebexGrantRepository({ db, cipher }: StoreContext) {
  return {
    /** Stores (or replaces) the user's grant. The user must exist ('user_unknown' otherwise). */
    async save(tenantId: string, userId: string, grant: WebexGrant): Promise<void> {
      await requireUser(() =>
        db.query(
          `INSERT INTO webex_grants (tenant_id, user_id, access_token_sealed, refresh_token_sealed, access_expires_at, refresh_expires_at, scopes)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant_id, user_id) DO UPDATE SET
             access_token_sealed = EXCLUDED.access_token_sealed,
             refresh_token_sealed = EXCLUDED.refresh_token_sealed,
             access_expires_at = EXCLUDED.access_expires_at,
             refresh_expires_at = EXCLUDED.refresh_expires_at,
             scopes = EXCLUDED.scopes,
             updated_at = now()`,
          [
            tenantId,
            userId,
            cipher.encrypt(grant.accessToken, context(tenantId, userId, 'access')),
            cipher.encrypt(grant.refreshToken, context(tenantId, userId, 'refresh')),
            grant.accessExpiresAt,
            grant.refreshExpiresAt,
            grant.scopes,
          ],
        ),
      );
    },

    /** The decrypted grant, or undefined; throws 'token_decrypt_failed' if it was tampered with. */
    async get(tenantId: string, userId: string): Promise<StoredWebexGrant | undefined> {
      const [row] = await db.query<GrantRecord>(
        `SELECT access_token_sealed, refresh_token_sealed, access_expires_at, refresh_expires_at, scopes, updated_at
         FROM webex_grants WHERE tenant_id = $1 AND user_id = $2`,
        [tenantId, userId],
      );
      return row && openGrant(cipher, tenantId, userId, row);
    },

    async delete(tenantId: string, userId: string): Promise<boolean> {
      const rows = await db.query(`DELETE FROM webex_grants WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`, [tenantId, userId]);
      return rows.length > 0;
    },
  };
}
