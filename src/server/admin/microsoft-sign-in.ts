/**
 * The OAuth 2.0 authorization code flow (with PKCE and an OpenID Connect nonce) against Microsoft
 * identity, for the two browser flows of this product: a tenant admin signing in to the admin page,
 * and a user authorizing their own calendar (individual mode). The URLs are built here (pure); the
 * code is exchanged by MSAL, in an application made for that one exchange, whose token cache is
 * handed back serialized so that the caller decides whether to keep it (only once it has checked
 * who signed in).
 *
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
import { createHash } from 'node:crypto';
import type { AuthenticationResult, JsonCache } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import type { MicrosoftConfig } from '../config';
import { ConfidentialClientPool, type ConfidentialClientPoolOptions } from '../graph';
import { AdminError } from './admin-error';

export interface AuthorizeUrlParams {
  authorityHost: string;
  /** A tenant id, or 'organizations' when the tenant is not known yet. */
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  nonce: string;
  prompt?: 'select_account' | 'consent' | 'login';
}

/** The authorize endpoint URL of the code flow (response_mode=query, S256 challenge). */
export function authorizeUrl(p: AuthorizeUrlParams): string {
  const url = new URL(`${p.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(p.tenant)}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', p.scopes.join(' '));
  url.searchParams.set('state', p.state);
  url.searchParams.set('nonce', p.nonce);
  url.searchParams.set('code_challenge', p.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (p.prompt) url.searchParams.set('prompt', p.prompt);
  return url.toString();
}

export interface AdminConsentUrlParams {
  authorityHost: string;
  tenant: string;
  clientId: string;
  redirectUri: string;
  /** `<graph>/.default`: every application permission the app registration requires. */
  scope: string;
  state: string;
}

/** The v2.0 admin consent endpoint (https://learn.microsoft.com/entra/identity-platform/v2-admin-consent). */
export function adminConsentUrl(p: AdminConsentUrlParams): string {
  const url = new URL(`${p.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(p.tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('scope', p.scope);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('state', p.state);
  return url.toString();
}

/** A nonce bound to a flow's PKCE verifier, so that it need not be stored beside it. */
export function nonceFor(codeVerifier: string): string {
  return createHash('sha256').update('webex-scheduler nonce\0').update(codeVerifier).digest('base64url');
}

export interface CodeExchange {
  /** The authority's tenant segment: the user's tenant when known, else 'organizations'. */
  tenant: string;
  code: string;
  codeVerifier: string;
  redirectUri: string;
  /** The resource scopes asked for at the authorize endpoint (MSAL adds the OpenID ones). */
  scopes: string[];
  nonce: string;
}

export interface SignedIn {
  tenantId: string;
  userId: string;
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  /** MSAL's token cache after the exchange (it holds the refresh token): keep it sealed, or drop it. */
  serializedCache: string;
  /** The refresh token alone (when `offline_access` was granted), for a caller that keeps nothing else. */
  refreshToken: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims of a JWT, read (not verified: it came straight from the token endpoint over TLS). */
export function claimsOf(token: string | undefined): Record<string, unknown> {
  if (!token) return {};
  try {
    return decodeJwt(token) as Record<string, unknown>;
  } catch {
    // Microsoft's access tokens are opaque to clients and may change format: no claims, then.
    return {};
  }
}

/**
 * The refresh token in a serialized MSAL cache (msal-node's public JsonCache shape). The cache
 * after one exchange holds one account, so at most one refresh token.
 */
export function refreshTokenOf(serializedCache: string): string | undefined {
  try {
    const cache = JSON.parse(serializedCache) as Partial<JsonCache>;
    const secret = Object.values(cache.RefreshToken ?? {})[0]?.secret;
    return typeof secret === 'string' && secret !== '' ? secret : undefined;
  } catch {
    // Not MSAL's JSON: no refresh token to be had from it.
    return undefined;
  }
}

/** Exchanges an authorization code; throws AdminError sign_in_failed or microsoft_unavailable. */
export async function exchangeAuthorizationCode(
  microsoft: MicrosoftConfig,
  exchange: CodeExchange,
  poolOptions: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'> = {},
): Promise<SignedIn> {
  let result: AuthenticationResult | null = null;
  let serializedCache = '';
  try {
    // A pool of its own: this exchange's tokens must not land in a cache another flow reads.
    await new ConfidentialClientPool(microsoft, poolOptions).acquire(exchange.tenant, async (app) => {
      // MSAL checks the ID token's nonce against the request's (nonce_mismatch otherwise).
      result = await app.acquireTokenByCode({
        code: exchange.code,
        codeVerifier: exchange.codeVerifier,
        redirectUri: exchange.redirectUri,
        scopes: exchange.scopes,
        nonce: exchange.nonce,
      });
      serializedCache = app.getTokenCache().serialize();
      return result;
    });
  } catch (thrown) {
    const code = (thrown as { code?: unknown }).code;
    const unavailable = code === 'graph_token_unavailable' || (typeof code === 'string' && code.startsWith('outbound_'));
    throw new AdminError(unavailable ? 'microsoft_unavailable' : 'sign_in_failed', 'The sign-in could not be completed.', {
      cause: thrown,
    });
  }
  const done = result as AuthenticationResult | null;
  const idTokenClaims = (done?.idTokenClaims ?? {}) as Record<string, unknown>;
  if (idTokenClaims.nonce !== exchange.nonce) throw new AdminError('sign_in_failed', 'The sign-in answer does not belong to this flow.');
  const { tid, oid } = idTokenClaims;
  if (typeof tid !== 'string' || !GUID.test(tid) || typeof oid !== 'string' || !GUID.test(oid)) {
    throw new AdminError('sign_in_failed', 'The sign-in answer does not name a tenant and a user.');
  }
  return {
    tenantId: tid.toLowerCase(),
    userId: oid.toLowerCase(),
    idTokenClaims,
    accessTokenClaims: claimsOf(done?.accessToken),
    serializedCache,
    refreshToken: refreshTokenOf(serializedCache),
  };
}
