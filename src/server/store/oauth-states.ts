/**
 * OAuth `state` values of the Webex linking flow, bound to the user who started it. Only a hash
 * of the state is stored, and the PKCE code verifier is sealed. A state is consumed once: the row
 * is deleted by the same statement that reads it, so two callbacks racing on one state cannot
 * both win, on whichever replica they land.
 */
import { randomBytes } from 'node:crypto';
import { requireUser } from './require-user';
import { hashSecret } from './secret-hash';
import type { StoreContext } from './store-context';
import { StoreError } from './store-error';

export interface NewOAuthState {
  tenantId: string;
  userId: string;
  codeVerifier: string;
  /** Where to send the browser once linked; stored as given: check it is one of the product's own URLs. */
  redirectAfter?: string;
  expiresAt: Date;
  /** A state of the caller's own (at least 32 random bytes, base64url); generated when omitted. */
  state?: string;
}

export interface OAuthStateRow {
  tenantId: string;
  userId: string;
  codeVerifier: string;
  redirectAfter: string | undefined;
  expiresAt: Date;
  createdAt: Date;
}

interface OAuthStateRecord {
  tenant_id: string;
  user_id: string;
  code_verifier_sealed: string;
  redirect_after: string | null;
  expires_at: Date;
  created_at: Date;
}

const STATE_FORMAT = /^[A-Za-z0-9_-]{43,}$/;

const context = (stateHash: string): string => `oauth_states/${stateHash}`;

export function createOAuthStateRepository({ db, cipher }: StoreContext) {
  return {
    /** Stores the flow and resolves to its state, to send as the `state` parameter. */
    async createOAuthState(input: NewOAuthState): Promise<string> {
      const state = input.state ?? randomBytes(32).toString('base64url');
      if (!STATE_FORMAT.test(state)) {
        throw new StoreError('store_input_invalid', 'an OAuth state must be at least 32 random bytes, base64url');
      }
      const stateHash = hashSecret(state);
      await requireUser(() =>
        db.query(
          `INSERT INTO oauth_states (state_hash, tenant_id, user_id, code_verifier_sealed, redirect_after, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [stateHash, input.tenantId, input.userId, cipher.encrypt(input.codeVerifier, context(stateHash)), input.redirectAfter ?? null, input.expiresAt],
        ),
      );
      return state;
    },

    /** The flow, once; undefined when the state is unknown, already used or expired. */
    async consumeOAuthState(state: string, now: Date = new Date()): Promise<OAuthStateRow | undefined> {
      const stateHash = hashSecret(state);
      const [row] = await db.query<OAuthStateRecord>(
        `DELETE FROM oauth_states WHERE state_hash = $1
         RETURNING tenant_id, user_id, code_verifier_sealed, redirect_after, expires_at, created_at`,
        [stateHash],
      );
      if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        codeVerifier: cipher.decrypt(row.code_verifier_sealed, context(stateHash)),
        redirectAfter: row.redirect_after ?? undefined,
        expiresAt: row.expires_at,
        createdAt: row.created_at,
      };
    },

    /** Removes flows that were never finished; resolves to how many. */
    async deleteExpiredOAuthStates(now: Date = new Date()): Promise<number> {
      return (await db.query(`DELETE FROM oauth_states WHERE expires_at <= $1 RETURNING state_hash`, [now])).length;
    },
  };
}
