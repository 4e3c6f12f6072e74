/**
 * Webex OAuth state: integrations (client id, secret, redirect URIs), authorization codes (with
 * PKCE), grants, and the opaque access and refresh tokens they yield, plus organization service
 * tokens with the admin scheduling scopes. Lifetimes are Webex's: access tokens 14 days
 * (expires_in 1209600), refresh tokens 90 days (7776000); refreshing returns the same refresh
 * token with the time it has left, as Webex does.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorClock } from '../shared/emulator-clock';
import type { WebexOrg, WebexPerson } from './webex-directory';

export const ACCESS_TOKEN_LIFETIME_S = 1_209_600;
export const REFRESH_TOKEN_LIFETIME_S = 7_776_000;
export const AUTHORIZATION_CODE_LIFETIME_S = 600;

/** Scopes the emulator knows; a person's integration may ask for any subset. */
export const KNOWN_SCOPES = [
  'spark:all',
  'spark:kms',
  'spark:people_read',
  'spark-admin:people_read',
  'meeting:schedules_read',
  'meeting:schedules_write',
  'meeting:admin_schedule_read',
  'meeting:admin_schedule_write',
  'meeting:preferences_read',
  'meeting:recordings_read',
] as const;

export const ADMIN_SCOPES = ['meeting:admin_schedule_read', 'meeting:admin_schedule_write', 'spark-admin:people_read'];

export const SERVICE_TOKEN_SCOPES = ['meeting:admin_schedule_read', 'meeting:admin_schedule_write', 'spark-admin:people_read', 'spark:kms'];

export interface WebexIntegration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes the integration was registered with; an authorize request may ask for a subset. */
  scopes: string[];
  name: string;
}

export interface WebexIntegrationSeed {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  scopes?: string[];
  name?: string;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  email: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

export interface Grant {
  id: string;
  email: string;
  clientId: string;
  scopes: string[];
  refreshToken: string;
  refreshExpiresAt: number;
  revoked: boolean;
}

export interface AccessTokenRecord {
  token: string;
  kind: 'user' | 'service';
  /** The person the token acts as (user tokens). */
  email?: string;
  orgId: string;
  /** The integration (or service app) that holds the token; integrationTags are kept per client. */
  clientId: string;
  scopes: string[];
  /** Undefined: never expires (seeded service tokens). */
  expiresAt?: number;
  grantId?: string;
  revoked: boolean;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  token_type: 'Bearer';
  scope: string;
}

/** An OAuth failure of /v1/access_token: `error` is the RFC 6749 code. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope',
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

/** Everything the store holds, for the emulator's state file (webex-snapshot.ts). */
export interface TokenStoreData {
  integrations: WebexIntegration[];
  codes: AuthorizationCode[];
  grants: Grant[];
  tokens: AccessTokenRecord[];
}

export type TokenLookup = { status: 'valid'; record: AccessTokenRecord } | { status: 'expired' | 'revoked' | 'unknown' };

function opaqueToken(orgUuid: string): string {
  // Webex tokens read like `<base64>_PF84_<org uuid>`.
  return `${randomBytes(48).toString('base64url')}_PF84_${orgUuid}`;
}

function orgUuid(orgId: string): string {
  const decoded = Buffer.from(orgId, 'base64url').toString('utf8');
  return decoded.split('/').pop() ?? 'local';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function pkceChallenge(verifier: string, method: 'S256' | 'plain'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
}

export class TokenStore {
  readonly integrations = new Map<string, WebexIntegration>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly refreshIndex = new Map<string, string>();
  private readonly tokens = new Map<string, AccessTokenRecord>();

  constructor(private readonly clock: EmulatorClock) {}

  clear(): void {
    this.integrations.clear();
    this.codes.clear();
    this.grants.clear();
    this.refreshIndex.clear();
    this.tokens.clear();
  }

  addIntegration(seed: WebexIntegrationSeed): WebexIntegration {
    if (!seed.clientId || !seed.clientSecret) throw new Error('clientId and clientSecret are required');
    if (!Array.isArray(seed.redirectUris) || seed.redirectUris.length === 0) throw new Error('redirectUris must list at least one URI');
    for (const uri of seed.redirectUris) {
      try {
        new URL(uri);
      } catch {
        throw new Error(`redirect URI ${uri} is not an absolute URL`);
      }
    }
    const integration: WebexIntegration = {
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      redirectUris: [...seed.redirectUris],
      scopes: seed.scopes && seed.scopes.length ? [...seed.scopes] : [...KNOWN_SCOPES],
      name: seed.name ?? seed.clientId,
    };
    this.integrations.set(integration.clientId, integration);
    return integration;
  }

  /** A new authorization code for what the user consented to; the store stamps its expiry. */
  issueCode(params: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...params, code, expiresAt: this.clock.now() + AUTHORIZATION_CODE_LIFETIME_S * 1000, used: false });
    return code;
  }

  private client(clientId: string | undefined, clientSecret: string | undefined): WebexIntegration {
    if (!clientId) throw new OAuthError(400, 'invalid_request', 'client_id is required.');
    if (!clientSecret) throw new OAuthError(400, 'invalid_request', 'client_secret is required.');
    const integration = this.integrations.get(clientId);
    if (!integration || !sameSecret(integration.clientSecret, clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 'The client authentication failed.');
    }
    return integration;
  }

  private mint(grant: Grant, person: WebexPerson): TokenResponse {
    const token = opaqueToken(orgUuid(person.orgId));
    const now = this.clock.now();
    this.tokens.set(token, {
      token,
      kind: 'user',
      email: person.email,
      orgId: person.orgId,
      clientId: grant.clientId,
      scopes: grant.scopes,
      expiresAt: now + ACCESS_TOKEN_LIFETIME_S * 1000,
      grantId: grant.id,
      revoked: false,
    });
    return {
      access_token: token,
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      refresh_token: grant.refreshToken,
      // Rounded: the grant was made a moment ago, and a millisecond must not cost a whole second.
      refresh_token_expires_in: Math.max(0, Math.round((grant.refreshExpiresAt - now) / 1000)),
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
  }

  /** grant_type=authorization_code. `findPerson` resolves the code's person (it may have been removed since). */
  exchangeCode(
    params: { clientId?: string; clientSecret?: string; code?: string; redirectUri?: string; codeVerifier?: string },
    findPerson: (email: string) => WebexPerson | undefined,
  ): TokenResponse {
    const integration = this.client(params.clientId, params.clientSecret);
    if (!params.code) throw new OAuthError(400, 'invalid_request', 'code is required.');
    if (!params.redirectUri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required.');
    const code = this.codes.get(params.code);
    if (!code || code.clientId !== integration.clientId) throw new OAuthError(400, 'invalid_grant', 'The authorization code is invalid.');
    if (code.used) throw new OAuthError(400, 'invalid_grant', 'The authorization code has been used.');
    if (code.expiresAt <= this.clock.now()) throw new OAuthError(400, 'invalid_grant', 'The authorization code has expired.');
    if (code.redirectUri !== params.redirectUri)
      throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
    if (code.codeChallenge) {
      if (!params.codeVerifier) throw new OAuthError(400, 'invalid_grant', 'code_verifier is required.');
      const method = code.codeChallengeMethod ?? 'plain';
      if (!sameSecret(pkceChallenge(params.codeVerifier, method), code.codeChallenge)) {
        throw new OAuthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
      }
    }
    code.used = true;
    const person = findPerson(code.email);
    if (!person) throw new OAuthError(400, 'invalid_grant', 'The user of the authorization code no longer exists.');
    return this.issueUserToken(person, code.scopes, integration.clientId);
  }

  /** grant_type=refresh_token. */
  refresh(
    params: { clientId?: string; clientSecret?: string; refreshToken?: string },
    findPerson: (email: string) => WebexPerson | undefined,
  ): TokenResponse {
    const integration = this.client(params.clientId, params.clientSecret);
    if (!params.refreshToken) throw new OAuthError(400, 'invalid_request', 'refresh_token is required.');
    const grantId = this.refreshIndex.get(params.refreshToken);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    const invalid = 'The refresh token provided is expired, revoked, malformed, or invalid.';
    if (!grant || grant.clientId !== integration.clientId || grant.revoked || grant.refreshExpiresAt <= this.clock.now()) {
      throw new OAuthError(400, 'invalid_grant', invalid);
    }
    const person = findPerson(grant.email);
    if (!person) throw new OAuthError(400, 'invalid_grant', invalid);
    return this.mint(grant, person);
  }

  /**
   * A new grant for the user and its first token: what an authorization code is exchanged for, and
   * what the control surface issues without the browser round trip (for scripts and tests).
   */
  issueUserToken(person: WebexPerson, scopes: string[], clientId: string): TokenResponse {
    const grant: Grant = {
      id: randomBytes(12).toString('hex'),
      email: person.email,
      clientId,
      scopes,
      refreshToken: opaqueToken(orgUuid(person.orgId)),
      refreshExpiresAt: this.clock.now() + REFRESH_TOKEN_LIFETIME_S * 1000,
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    this.refreshIndex.set(grant.refreshToken, grant.id);
    return this.mint(grant, person);
  }

  /** An organization token with the admin scheduling scopes (a Webex service app's token). */
  issueServiceToken(
    org: WebexOrg,
    options: { token?: string; expiresInSeconds?: number; clientId?: string; scopes?: string[] } = {},
  ): TokenResponse & { orgId: string } {
    const token = options.token ?? opaqueToken(orgUuid(org.id));
    const scopes = options.scopes ?? SERVICE_TOKEN_SCOPES;
    const expiresAt = options.expiresInSeconds !== undefined ? this.clock.now() + options.expiresInSeconds * 1000 : undefined;
    this.tokens.set(token, {
      token,
      kind: 'service',
      orgId: org.id,
      clientId: options.clientId ?? `service-app:${org.id}`,
      scopes,
      expiresAt,
      revoked: false,
    });
    return {
      access_token: token,
      // A seeded service token does not expire; report the usual lifetime anyway.
      expires_in: options.expiresInSeconds ?? ACCESS_TOKEN_LIFETIME_S,
      token_type: 'Bearer',
      scope: scopes.join(' '),
      orgId: org.id,
    };
  }

  lookup(token: string): TokenLookup {
    const record = this.tokens.get(token);
    if (!record) return { status: 'unknown' };
    const grant = record.grantId ? this.grants.get(record.grantId) : undefined;
    if (record.revoked || grant?.revoked) return { status: 'revoked' };
    if (record.expiresAt !== undefined && record.expiresAt <= this.clock.now()) return { status: 'expired' };
    return { status: 'valid', record };
  }

  /** Revokes every grant (and so every token) a person gave, optionally only to one client. Returns how many grants. */
  revokePerson(email: string, clientId?: string): number {
    const key = email.trim().toLowerCase();
    let n = 0;
    for (const grant of this.grants.values()) {
      if (grant.email === key && !grant.revoked && (!clientId || grant.clientId === clientId)) {
        grant.revoked = true;
        n += 1;
      }
    }
    return n;
  }

  /** Revokes one access token (a service token, say). */
  revokeToken(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.revoked = true;
    return true;
  }

  exportData(): TokenStoreData {
    return structuredClone({
      integrations: [...this.integrations.values()],
      codes: [...this.codes.values()],
      grants: [...this.grants.values()],
      tokens: [...this.tokens.values()],
    });
  }

  importData(data: TokenStoreData): void {
    this.clear();
    for (const i of data.integrations) this.integrations.set(i.clientId, structuredClone(i));
    for (const c of data.codes) this.codes.set(c.code, structuredClone(c));
    for (const g of data.grants) {
      this.grants.set(g.id, structuredClone(g));
      this.refreshIndex.set(g.refreshToken, g.id);
    }
    for (const t of data.tokens) this.tokens.set(t.token, structuredClone(t));
  }

  grantsOf(email: string): { clientId: string; scopes: string[]; revoked: boolean }[] {
    const key = email.trim().toLowerCase();
    return [...this.grants.values()]
      .filter((g) => g.email === key)
      .map((g) => ({ clientId: g.clientId, scopes: g.scopes, revoked: g.revoked }));
  }
}
