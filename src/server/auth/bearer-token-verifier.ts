/**
 * Validates the Entra ID access tokens the add-in sends to /api, with jose:
 * - RS256 only (a token saying "none" or HS256 is refused before any key is looked at);
 * - signed by a key of the authority's JWKS. Microsoft publishes the keys of all tenants at
 *   `{authority}/common/discovery/v2.0/keys` (the per-tenant document lists the same keys), so one
 *   key set serves every tenant; jose caches it and refetches when a new `kid` appears (rollover);
 * - `aud` is this API (its app id URI or client id);
 * - `iss` is `{authority}/{tid}/v2.0` for the token's own `tid`: the v2.0 form, which is what
 *   Entra issues when the API's manifest asks for v2 tokens (accessTokenAcceptedVersion 2). v1.0
 *   tokens (`https://sts.windows.net/{tid}/`) are refused: nothing of ours asks for them;
 * - the tenant is allowed (when a list is configured);
 * - `azp`, the application that obtained the token, is one of ours: the add-in or Microsoft Teams
 *   (the calling tab's SSO). Any application a user consents to may get a token for
 *   access_as_user; without this check it could call the API, and through the on-behalf-of routes
 *   use this product's Graph permissions. (`appid` says the same in v1.0 tokens, which are refused
 *   above, so only `azp` is read.)
 * - `scp` holds access_as_user: a delegated token, never an app-only one;
 * - exp and nbf, with a minute of tolerance for clock skew.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError, AuthUnavailableError } from './auth-error';

export interface CallerIdentity {
  /** Entra tenant id (tid). */
  tenantId: string;
  /** Entra object id of the user (oid), the same in every application of the tenant. */
  userId: string;
}

export interface BearerTokenVerifierOptions {
  /** e.g. https://login.microsoftonline.com, without a trailing slash. */
  authorityHost: string;
  /** Accepted `aud` values. */
  audiences: string[];
  /** Tenants allowed to call; empty means any. */
  allowedTenants: string[];
  /** Client applications (`azp`) whose tokens are accepted; never empty. */
  allowedClientIds: string[];
  /** The delegated scope every call needs. */
  requiredScope?: string;
  /** Signing keys; by default the authority's JWKS over HTTPS. */
  keys?: JWTVerifyGetKey;
  /** Current time (tests move it). */
  clock?: () => Date;
  /** Seconds of tolerance on exp/nbf. */
  clockToleranceSeconds?: number;
}

export type BearerTokenVerifier = (token: string) => Promise<CallerIdentity>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The authority's key set, as Microsoft publishes it for every tenant. */
export function authorityKeySet(authorityHost: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(`${authorityHost}/common/discovery/v2.0/keys`), {
    timeoutDuration: 5_000,
    // Refetch at most every 30 s when an unknown kid shows up, so forged kids cannot hammer the authority.
    cooldownDuration: 30_000,
    cacheMaxAge: 60 * 60_000,
  });
}

function refusal(thrown: unknown): Error {
  if (thrown instanceof errors.JWTExpired) return new AuthError('token_expired', 'The access token has expired.', { cause: thrown });
  if (thrown instanceof errors.JWTClaimValidationFailed) {
    if (thrown.claim === 'nbf') return new AuthError('token_not_yet_valid', 'The access token is not valid yet.', { cause: thrown });
    if (thrown.claim === 'aud')
      return new AuthError('token_audience', 'The access token was issued for another application.', { cause: thrown });
    return new AuthError('token_invalid', 'The access token is not valid.', { cause: thrown });
  }
  // Fetching the key set failed (timeout, HTTP error, unreadable document): not the caller's fault.
  if (thrown instanceof errors.JWKSTimeout || thrown instanceof errors.JWKSInvalid) return new AuthUnavailableError({ cause: thrown });
  if (thrown instanceof errors.JOSEError && thrown.code !== errors.JOSEError.code) {
    return new AuthError('token_invalid', 'The access token is not valid.', { cause: thrown });
  }
  return new AuthUnavailableError({ cause: thrown });
}

function hasScope(payload: JWTPayload, scope: string): boolean {
  return typeof payload.scp === 'string' && payload.scp.split(' ').includes(scope);
}

export function createBearerTokenVerifier(options: BearerTokenVerifierOptions): BearerTokenVerifier {
  const authorityHost = options.authorityHost.replace(/\/+$/, '');
  const keys = options.keys ?? authorityKeySet(authorityHost);
  const requiredScope = options.requiredScope ?? 'access_as_user';
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));
  const clients = new Set(options.allowedClientIds.map((c) => c.toLowerCase()));
  // An empty list would accept nobody: a wiring mistake, not a configuration.
  if (clients.size === 0) throw new Error('createBearerTokenVerifier: allowedClientIds is empty');

  return async function verifyBearerToken(token: string): Promise<CallerIdentity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience: options.audiences,
        clockTolerance: options.clockToleranceSeconds ?? 60,
        currentDate: options.clock?.(),
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (thrown) {
      throw refusal(thrown);
    }
    const { tid, oid } = payload;
    if (typeof tid !== 'string' || !GUID.test(tid) || typeof oid !== 'string' || !GUID.test(oid)) {
      throw new AuthError('token_invalid', 'The access token does not name a tenant and a user.');
    }
    if (payload.iss !== `${authorityHost}/${tid}/v2.0`) {
      throw new AuthError('token_issuer', 'The access token was not issued by the expected authority for its tenant.');
    }
    if (allowed.size > 0 && !allowed.has(tid.toLowerCase())) {
      throw new AuthError('tenant_not_allowed', 'Your organization is not allowed to use this service.');
    }
    if (typeof payload.azp !== 'string' || !clients.has(payload.azp.toLowerCase())) {
      throw new AuthError('token_client_not_allowed', 'The access token was obtained by an application that may not call this service.');
    }
    if (!hasScope(payload, requiredScope)) {
      throw new AuthError('token_scope', `The access token lacks the ${requiredScope} permission.`);
    }
    return { tenantId: tid.toLowerCase(), userId: oid.toLowerCase() };
  };
}
