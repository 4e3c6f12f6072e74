/**
 * Who is calling: the bearer token, verified, and what it allows. Graph accepts access tokens whose
 * audience is Graph, signed by the tenant's keys. App-only tokens carry `roles`; delegated tokens
 * carry `scp` and the signed-in user's `oid`. The verifier is injectable so tests can sign their own
 * tokens; the default one fetches the identity emulator's JWKS for the token's tenant.
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import { GraphApiError } from './graph-error';

export interface AccessTokenClaims extends JWTPayload {
  tid?: string;
  oid?: string;
  /** Delegated permissions, space-separated. */
  scp?: string;
  /** Application permissions. */
  roles?: string[];
  appid?: string;
  azp?: string;
}

/** Verifies a JWT and returns its claims; throws when it is not acceptable. */
export type VerifyAccessToken = (jwt: string) => Promise<AccessTokenClaims>;

/** Accepted `aud` values of a Graph token (resource URI with or without slash, and Graph's app id). */
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000'];

/** Tokens whose signature was verified, remembered (at most this many) so that a client's next calls with it skip the RSA check. */
const VERIFIED_TOKENS = 1_000;

/**
 * A verifier that checks tokens against `${identityUrl}/${tid}/discovery/v2.0/keys`. A token it
 * accepted is remembered (the most recent VERIFIED_TOKENS): the same token again is accepted
 * without checking its signature anew while its lifetime holds (exp, nbf: jose's own rules, by
 * the real clock as jose reads it); once over, it goes through the whole check, which refuses it.
 */
export function createIdentityTokenVerifier(identityUrl: string): VerifyAccessToken {
  const base = identityUrl.replace(/\/+$/, '');
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const verified = new Map<string, AccessTokenClaims>();
  const stillValid = (claims: AccessTokenClaims): boolean => {
    const now = Math.floor(Date.now() / 1000);
    return (claims.exp === undefined || claims.exp > now) && (claims.nbf === undefined || claims.nbf <= now);
  };
  return async (jwt: string) => {
    const known = verified.get(jwt);
    if (known && stillValid(known)) return known;
    verified.delete(jwt);
    const claims = await verifyWithKeys(jwt);
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(jwt, claims);
    return claims;
  };

  async function verifyWithKeys(jwt: string): Promise<AccessTokenClaims> {
    const unverified = decodeJwt(jwt) as AccessTokenClaims;
    const tid = unverified.tid;
    if (typeof tid !== 'string' || !/^[0-9a-f-]{36}$/i.test(tid)) throw new Error('token has no tenant id');
    let keys = keySets.get(tid);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(`${base}/${tid}/discovery/v2.0/keys`));
      keySets.set(tid, keys);
    }
    // Graph tokens are v1.0 tokens (issuer `<authority>/<tid>/`); the v2.0 issuer of the same tenant is accepted too.
    const { payload } = await jwtVerify(jwt, keys, {
      algorithms: ['RS256'],
      audience: GRAPH_AUDIENCES,
      issuer: [`${base}/${tid}/`, `${base}/${tid}/v2.0`],
    });
    return payload as AccessTokenClaims;
  }
}

export type CallerKind = 'application' | 'delegated';

export interface GraphCaller {
  kind: CallerKind;
  tenantId: string;
  /** The client application (appid or azp); throttling and subscriptions are per application. */
  appId: string;
  /** The caller's object id: the user (delegated) or the app's service principal (app-only), when the token has one. */
  objectId?: string;
  /** The signed-in user (delegated only). */
  userId?: string;
  /** Granted permissions, lower-cased. */
  permissions: Set<string>;
}

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function invalidToken(message: string): GraphApiError {
  return new GraphApiError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': WWW_AUTHENTICATE });
}

/** Graph's messages for the ways a token fails, by jose's error codes. */
function messageFor(err: Error): string {
  if (err instanceof joseErrors.JWTExpired) return 'Lifetime validation failed, the token is expired.';
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud')
    return 'Access token validation failure. Invalid audience.';
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'iss') return 'Access token validation failure. Invalid issuer.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
    return 'Access token validation failure. Invalid signature.';
  }
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid) return 'IDX14100: JWT is not well formed.';
  return 'Access token validation failure.';
}

/** Reads the Authorization header and turns the token into a caller; throws 401 GraphApiError. */
export async function authenticate(authorization: string | undefined, verify: VerifyAccessToken): Promise<GraphCaller> {
  if (!authorization || authorization.trim() === '') throw invalidToken('Access token is empty.');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) throw invalidToken('Access token is empty.');
  let claims: AccessTokenClaims;
  try {
    claims = await verify(m[1]!);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    throw invalidToken(messageFor(err));
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((a) => typeof a === 'string' && GRAPH_AUDIENCES.includes(a.toLowerCase()))) {
    throw invalidToken('Access token validation failure. Invalid audience.');
  }
  if (typeof claims.tid !== 'string' || claims.tid === '') throw invalidToken('Access token validation failure. The token has no tenant.');
  const appId = (typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : '').toLowerCase();
  const objectId = typeof claims.oid === 'string' ? claims.oid.toLowerCase() : undefined;
  if (typeof claims.scp === 'string' && claims.scp.trim() !== '') {
    if (typeof claims.oid !== 'string') throw invalidToken('Access token validation failure. A delegated token needs oid.');
    return {
      kind: 'delegated',
      tenantId: claims.tid.toLowerCase(),
      appId,
      objectId,
      userId: claims.oid.toLowerCase(),
      permissions: new Set(
        claims.scp
          .split(/\s+/)
          .filter(Boolean)
          .map((s) => s.toLowerCase()),
      ),
    };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  return {
    kind: 'application',
    tenantId: claims.tid.toLowerCase(),
    appId,
    objectId,
    permissions: new Set(roles.map((r) => r.toLowerCase())),
  };
}

/** True when the caller holds any of the permissions. */
export function holdsAny(caller: GraphCaller, permissions: readonly string[]): boolean {
  return permissions.some((p) => caller.permissions.has(p.toLowerCase()));
}
