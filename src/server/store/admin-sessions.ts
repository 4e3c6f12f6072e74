/**
 * The admin page's sessions as the server keeps them: a session lives only while its row does, so
 * that signing out ends it on every replica, whatever copy of the cookie is still around. The
 * secret in the browser's cookie is stored only as a hash; the sign-in's refresh token, which lets
 * the backend look the admin's role up again, is sealed. Nothing about the admin is kept beyond
 * their tenant and object ids.
 */
import { randomBytes } from 'node:crypto';
import { hashSecret } from './secret-hash';
import type { StoreContext } from './store-context';
import { StoreError } from './store-error';

export interface NewAdminSession {
  tenantId: string;
  userId: string;
  refreshToken: string;
  /** When the admin role was last seen held (at sign-in: then). */
  roleCheckedAt: Date;
  expiresAt: Date;
}

export interface AdminSessionRow {
  tenantId: string;
  userId: string;
  refreshToken: string;
  roleCheckedAt: Date;
  expiresAt: Date;
}

interface AdminSessionRecord {
  tenant_id: string;
  user_id: string;
  refresh_token_sealed: string;
  role_checked_at: Date;
  expires_at: Date;
}

const SECRET_FORMAT = /^[A-Za-z0-9_-]{43,}$/;

const context = (sessionHash: string): string => `admin_sessions/${sessionHash}`;

export function createAdminSessionRepository({ db, cipher }: StoreContext) {
  return {
    /** Stores the session and resolves to its secret (32 random bytes, base64url), for the cookie only. */
    async create(input: NewAdminSession): Promise<string> {
      if (!input.refreshToken) throw new StoreError('store_input_invalid', 'an admin session needs the refresh token of its sign-in');
      const secret = randomBytes(32).toString('base64url');
      const sessionHash = hashSecret(secret);
      await db.query(
        `INSERT INTO admin_sessions (session_hash, tenant_id, user_id, refresh_token_sealed, role_checked_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          sessionHash,
          input.tenantId,
          input.userId,
          cipher.encrypt(input.refreshToken, context(sessionHash)),
          input.roleCheckedAt,
          input.expiresAt,
        ],
      );
      return secret;
    },

    /** The session; undefined when the secret is unknown, the session ended or expired. */
    async get(secret: string, now: Date = new Date()): Promise<AdminSessionRow | undefined> {
      if (!SECRET_FORMAT.test(secret)) return undefined;
      const sessionHash = hashSecret(secret);
      const [row] = await db.query<AdminSessionRecord>(
        `SELECT tenant_id, user_id, refresh_token_sealed, role_checked_at, expires_at FROM admin_sessions WHERE session_hash = $1 AND expires_at > $2`,
        [sessionHash, now],
      );
      if (!row) return undefined;
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        refreshToken: cipher.decrypt(row.refresh_token_sealed, context(sessionHash)),
        roleCheckedAt: row.role_checked_at,
        expiresAt: row.expires_at,
      };
    },

    /** Records that the admin role was seen held at `at`; false when the session has ended meanwhile. */
    async markRoleChecked(secret: string, at: Date): Promise<boolean> {
      const rows = await db.query(
        `UPDATE admin_sessions SET role_checked_at = GREATEST(role_checked_at, $2) WHERE session_hash = $1 RETURNING session_hash`,
        [hashSecret(secret), at],
      );
      return rows.length > 0;
    },

    /** Ends the session for good (signing out, the role lost); false when it had ended already. */
    async end(secret: string): Promise<boolean> {
      return (await db.query(`DELETE FROM admin_sessions WHERE session_hash = $1 RETURNING session_hash`, [hashSecret(secret)])).length > 0;
    },

    /** Removes the sessions past their expiry; resolves to how many. */
    async deleteExpired(now: Date = new Date()): Promise<number> {
      return (await db.query(`DELETE FROM admin_sessions WHERE expires_at <= $1 RETURNING session_hash`, [now])).length;
    },
  };
}
