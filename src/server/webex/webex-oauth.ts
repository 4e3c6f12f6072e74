/**
 * Webex OAuth 2.0 for integrations (developer.webex.com "Integrations"): the authorize URL with
 * PKCE S256, the code exchange and the refresh, at `${apiBaseUrl}/authorize` and
 * `${apiBaseUrl}/access_token`.
 *
 * A grant Webex refuses (revoked, expired, a code already used) becomes
 * WebexAuthorizationError('webex_reauthorization_required'); any other failure is a WebexError or
 * a ClientFaultError, which must not make anyone drop a grant.
 *
 * Token requests are POSTs and are not repeated after a timeout: a code can be used once, and a
 * refresh that reached Webex may already have replaced the refresh token.
 */
import type { Clock } from '../outbound/clock';
import { systemClock } from '../outbound/clock';
import { parseRetryAfter } from '../outbound/parse-retry-after';
import { sendWithRetry } from '../outbound/send-with-retry';
import { WebexAuthorizationError } from './webex-authorization-error';
import { WebexError } from './webex-error';
import type { WebexErrorBody } from './webex-types';

export interface WebexOAuthOptions {
  /** e.g. https://webexapis.com/v1 (config.webex.apiBaseUrl). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  clock?: Clock;
}

/** What the store keeps for a user (the store's WebexGrant has the same shape). */
export interface WebexTokenSet {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  scopes: string[];
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  refresh_token_expires_in?: unknown;
  scope?: unknown;
}

type OAuthErrorBody = WebexErrorBody & { error?: string; error_description?: string };

/** Webex documents 90 days for refresh tokens; used only if a response leaves the lifetime out. */
const DEFAULT_REFRESH_LIFETIME_S = 90 * 24 * 3600;

const REFUSED_GRANT_TEXT = /(refresh token|authorization code)\b.*\b(invalid|expired|revoked|malformed|used)\b/i;

/**
 * The RFC 6749 error of a token response. Webex answers either with `{"error":"invalid_grant"}`
 * or, relaying its identity broker, with its own `{message, errors}` whose message holds
 * "error = '(invalid_grant) ...'" or says that the refresh token or code is invalid or expired.
 */
function oauthErrorOf(body: OAuthErrorBody | undefined): string | undefined {
  if (typeof body?.error === 'string') return body.error;
  const texts = [body?.message, ...(body?.errors ?? []).map((e) => e.description)].filter((t): t is string => typeof t === 'string');
  for (const t of texts) {
    const named = /\b(invalid_grant|invalid_client|invalid_request|invalid_scope|unauthorized_client|unsupported_grant_type)\b/.exec(t);
    if (named) return named[1];
  }
  return texts.some((t) => REFUSED_GRANT_TEXT.test(t)) ? 'invalid_grant' : undefined;
}

/**
 * The deployment's Webex integration (config.webex) as WebexOAuth takes it, with the callback the
 * backend serves on its public URL (GET /auth/webex/callback, src/server/http/webex-link-routes.ts).
 */
export function webexIntegrationOf(config: {
  publicBaseUrl: string;
  webex: { apiBaseUrl: string; clientId: string; clientSecret: string; scopes: string[] };
}): Pick<WebexOAuthOptions, 'baseUrl' | 'clientId' | 'clientSecret' | 'redirectUri' | 'scopes'> {
  const { webex } = config;
  return {
    baseUrl: webex.apiBaseUrl,
    clientId: webex.clientId,
    clientSecret: webex.clientSecret,
    redirectUri: `${config.publicBaseUrl}/auth/webex/callback`,
    scopes: webex.scopes,
  };
}

export class WebexOAuth {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;

  constructor(private readonly options: WebexOAuthOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
  }

  /** Where to send the user's browser (the Office dialog) to authorize the integration. */
  authorizeUrl(params: { state: string; codeChallenge: string }): string {
    const url = new URL(`${this.baseUrl}/authorize`);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('scope', this.options.scopes.join(' '));
    url.searchParams.set('state', params.state);
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string): Promise<WebexTokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      code_verifier: codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<WebexTokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
  }

  private async token(params: Record<string, string>, previousRefreshToken?: string): Promise<WebexTokenSet> {
    const form = new URLSearchParams({ ...params, client_id: this.options.clientId, client_secret: this.options.clientSecret });
    const url = `${this.baseUrl}/access_token`;
    const res = await sendWithRetry(
      (signal) =>
        this.fetchImpl(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form.toString(),
          signal,
        }),
      {
        service: 'webex-oauth',
        method: 'POST',
        clock: this.clock,
        policy: {
          timeoutMs: this.options.timeoutMs,
          maxAttempts: this.options.maxRetries === undefined ? undefined : this.options.maxRetries + 1,
        },
      },
    );
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const trackingId = res.headers.get('trackingid') ?? (body as WebexErrorBody | undefined)?.trackingId;
    if (!res.ok) {
      const errBody = typeof body === 'object' && body !== null ? (body as OAuthErrorBody) : undefined;
      const oauthError = res.status === 400 || res.status === 401 ? oauthErrorOf(errBody) : undefined;
      if (oauthError === 'invalid_grant') throw new WebexAuthorizationError('webex_reauthorization_required', trackingId);
      throw new WebexError({
        status: res.status,
        code: oauthError === 'invalid_client' ? 'webex_oauth_client_invalid' : undefined,
        body: errBody ? { ...errBody, message: errBody.message ?? errBody.error_description } : undefined,
        trackingId,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.clock.now()),
      });
    }
    return this.tokenSet(body as TokenResponse | undefined, res.status, trackingId, previousRefreshToken);
  }

  private tokenSet(
    b: TokenResponse | undefined,
    status: number,
    trackingId: string | undefined,
    previousRefreshToken?: string,
  ): WebexTokenSet {
    const invalid = () => new WebexError({ status, code: 'webex_invalid_response', trackingId });
    if (!b || typeof b.access_token !== 'string' || typeof b.expires_in !== 'number') throw invalid();
    const refreshToken = typeof b.refresh_token === 'string' ? b.refresh_token : previousRefreshToken;
    if (!refreshToken) throw invalid();
    const now = this.clock.now();
    const refreshLifetime = typeof b.refresh_token_expires_in === 'number' ? b.refresh_token_expires_in : DEFAULT_REFRESH_LIFETIME_S;
    const scopes = typeof b.scope === 'string' && b.scope.trim() !== '' ? b.scope.trim().split(/[\s,]+/) : [...this.options.scopes];
    return {
      accessToken: b.access_token,
      refreshToken,
      accessExpiresAt: new Date(now + b.expires_in * 1000),
      refreshExpiresAt: new Date(now + refreshLifetime * 1000),
      scopes,
    };
  }
}
