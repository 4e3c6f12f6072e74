/**
 * OAuth `state` values of the flows that run through a browser without our bearer token (Webex
 * linking, a user's own calendar authorization), bound to the user who started them and to the
 * flow that minted them: a state is accepted only by its own flow, so a state handed from one flow
 * to another's callback is refused there. Only a hash of the state is stored, and the PKCE code
 * verifier is sealed. A state is consumed once: the row is deleted by the same statement that
 * reads it, so two callbacks racing on one state cannot both win, on whichever replica they land.
 */
import { randomBytes } from 'node:crypto';
import { requireUser } from './require-user';
import { hashSecret } from './secret-hash';
import type { StoreContext } from './store-context';
import { StoreError } from './store-error';

/** The flows whose states this table keeps. Admin sign-in and admin consent keep theirs in a sealed cookie. */
export type OAuthFlow = 'webex-link' | 'microsoft-link';

const FLOWS: readonly OAuthFlow[] = ['webex-link', 'microsoft-link'];

export interface NewOAuthState {
  flow: OAuthFlow;
  tenantId: string;
  userId: string;
  codeVerifier: string;
  expiresAt: Date;
  /** A state of the caller's own (at least 32 random bytes, base64url); generated when omitted. */
  state?: string;
}

export interface OAuthStateRow {
  flow: OAuthFlow;
  tenantId: string;
  userId: string;
  codeVerifier: string;
  expiresAt: Date;
  createdAt: Date;
}

interface OAuthStateRecord {
  tenant_id: string;
  user_id: string;
  code_verifier_sealed: string;
  expires_at: Date;
  created_at: Date;
}

const STATE_FORMAT = /^[A-Za-z0-9_-]{43,}$/;

const context = (stateHash: string): string => `oauth_states/${stateHash}`;

export function createOAuthStateRepository({ db, cipher }: StoreContext) {
  return {
    /** Stores the flow and resolves to its state, to send as the `state` parameter. */
    async create(input: NewOAuthState): Promise<string> {
      if (!FLOWS.includes(input.flow)) throw new StoreError('store_input_invalid', 'unknown OAuth flow');
      const state = input.state ?? randomBytes(32).toString('base64url');
      if (!STATE_FORMAT.test(state)) {
        throw new StoreError('store_input_invalid', 'an OAuth state must be at least 32 random bytes, base64url');
      }
      const stateHash = hashSecret(state);
      await requireUser(() =>
        db.query(
          `INSERT INTO oauth_states (state_hash, flow, tenant_id, user_id, code_verifier_sealed, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [stateHash, input.flow, input.tenantId, input.userId, cipher.encrypt(input.codeVerifier, context(stateHash)), input.expiresAt],
        ),
      );
      return state;
    },

    /**
     * The flow, once; undefined when the state is unknown, already used, expired, or was minted by
     * another flow (that one is left alone: whoever holds it cannot use it anywhere else).
     */
    async consume(state: string, flow: OAuthFlow, now: Date = new Date()): Promise<OAuthStateRow | undefined> {
      const stateHash = hashSecret(state);
      const [row] = await db.query<OAuthStateRecord>(
        `DELETE FROM oauth_states WHERE state_hash = $1 AND flow = $2
         RETURNING tenant_id, user_id, code_verifier_sealed, expires_at, created_at`,
        [stateHash, flow],
      );
      if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
      return {
        flow,
        tenantId: row.tenant_id,
        userId: row.user_id,
        codeVerifier: cipher.decrypt(row.code_verifier_sealed, context(stateHash)),
        expiresAt: row.expires_at,
        createdAt: row.created_at,
      };
    },

    /** Removes flows that were never finished; resolves to how many. */
    async deleteExpired(now: Date = new Date()): Promise<number> {
      return (await db.query(`DELETE FROM oauth_states WHERE expires_at <= $1 RETURNING state_hash`, [now])).length;
    },
  };
}
