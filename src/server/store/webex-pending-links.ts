/**
 * Webex grants waiting for the add-in of the user who started the link
 * (src/server/http/webex-link-routes.ts). The Webex callback carries no bearer token, so the
 * account that consented there is not yet proven to be wanted by that user: the grant waits here,
 * sealed, under the hash of a one-time completion code that only the result page shown in the
 * user's own dialog hands to their add-in. Claiming deletes the row in the same statement that
 * reads it: a code works once, on any replica, whoever presents it.
 */
import { randomBytes } from 'node:crypto';
import { requireUser } from './require-user';
import { hashSecret } from './secret-hash';
import type { StoreContext } from './store-context';
import type { WebexGrant } from './webex-grants';

export interface PendingWebexLink {
  tenantId: string;
  userId: string;
  grant: WebexGrant;
}

interface PendingRecord {
  tenant_id: string;
  user_id: string;
  grant_sealed: string;
  expires_at: Date;
}

interface SealedGrant {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
  scopes: string[];
}

const COMPLETION_FORMAT = /^[A-Za-z0-9_-]{43}$/;

const context = (completionHash: string): string => `webex_pending_links/${completionHash}`;

/** A completion code has the shape this repository mints; anything else is refused before a lookup. */
export function isCompletionCode(value: unknown): value is string {
  return typeof value === 'string' && COMPLETION_FORMAT.test(value);
}

export function createWebexPendingLinkRepository({ db, cipher }: StoreContext) {
  return {
    /** Keeps the grant for the user until `expiresAt`; resolves to the one-time completion code. */
    async create(tenantId: string, userId: string, grant: WebexGrant, expiresAt: Date): Promise<string> {
      const code = randomBytes(32).toString('base64url');
      const completionHash = hashSecret(code);
      const sealed: SealedGrant = {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        accessExpiresAt: grant.accessExpiresAt.toISOString(),
        refreshExpiresAt: grant.refreshExpiresAt.toISOString(),
        scopes: grant.scopes,
      };
      await requireUser(() =>
        db.query(
          `INSERT INTO webex_pending_links (completion_hash, tenant_id, user_id, grant_sealed, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [completionHash, tenantId, userId, cipher.encrypt(JSON.stringify(sealed), context(completionHash)), expiresAt],
        ),
      );
      return code;
    },

    /** The pending link, once, and gone from the table whatever the caller does next; undefined when unknown or expired. */
    async claim(code: string, now: Date = new Date()): Promise<PendingWebexLink | undefined> {
      if (!isCompletionCode(code)) return undefined;
      const completionHash = hashSecret(code);
      const [row] = await db.query<PendingRecord>(
        `DELETE FROM webex_pending_links WHERE completion_hash = $1 RETURNING tenant_id, user_id, grant_sealed, expires_at`,
        [completionHash],
      );
      if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
      const sealed = JSON.parse(cipher.decrypt(row.grant_sealed, context(completionHash))) as SealedGrant;
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        grant: {
          accessToken: sealed.accessToken,
          refreshToken: sealed.refreshToken,
          accessExpiresAt: new Date(sealed.accessExpiresAt),
          refreshExpiresAt: new Date(sealed.refreshExpiresAt),
          scopes: sealed.scopes,
        },
      };
    },

    /** Drops grants nobody claimed; resolves to how many. */
    async deleteExpired(now: Date = new Date()): Promise<number> {
      return (await db.query(`DELETE FROM webex_pending_links WHERE expires_at <= $1 RETURNING completion_hash`, [now])).length;
    },
  };
}
