/**
 * Why a bearer token was refused. Every code answers 401 with a WWW-Authenticate challenge
 * (RFC 6750); clients branch on the code, e.g. 'token_expired' means "get a fresh token".
 */
import { CodedError } from '../errors';

export type AuthErrorCode =
  /** No Authorization header. */
  | 'token_missing'
  /** Not "Bearer <JWT>", not a JWT, a bad signature, an algorithm other than RS256, a missing claim. */
  | 'token_invalid'
  | 'token_expired'
  /** nbf is in the future. */
  | 'token_not_yet_valid'
  /** Issued for another API. */
  | 'token_audience'
  /** Not issued by the configured authority for the token's own tenant (v2.0 issuer). */
  | 'token_issuer'
  /** The tenant is not in the allowed list. */
  | 'tenant_not_allowed'
  /** Obtained by a client application (azp) other than the add-in and Microsoft Teams (ALLOWED_CLIENT_IDS). */
  | 'token_client_not_allowed'
  /** Lacks the delegated scope access_as_user (app-only tokens included). */
  | 'token_scope';

export class AuthError extends CodedError<AuthErrorCode> {
  override name = 'AuthError';
}

/** The identity provider's keys could not be fetched: our fault or theirs, not the caller's (503). */
export class AuthUnavailableError extends Error {
  readonly code = 'identity_unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The signing keys of the identity provider could not be fetched.', options);
    this.name = 'AuthUnavailableError';
  }
}
