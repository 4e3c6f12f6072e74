/**
 * WebexOAuth against the Webex emulator: the authorization code flow with PKCE, refresh, and the
 * ways a grant can be refused.
 */
import { LOCAL_APP } from '../../../src/server/config';
import { createPkcePair } from '../../../src/server/webex/create-pkce-pair';
import { WebexAuthorizationError } from '../../../src/server/webex/webex-authorization-error';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { WebexOAuth } from '../../../src/server/webex/webex-oauth';
import { HOST_EMAIL, REDIRECT_URI, SCOPES, useWebexEmulator } from './webex-emulator-fixture';

const webex = useWebexEmulator();

function oauth(clientSecret: string = LOCAL_APP.webexClientSecret) {
  return new WebexOAuth({
    baseUrl: webex.apiBaseUrl,
    clientId: LOCAL_APP.webexClientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
  });
}

/** What the user's browser does on the authorize page: sign in as `email` and accept. */
async function authorize(authorizeUrl: string, email = HOST_EMAIL): Promise<{ code: string; state: string | null }> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('email', email);
  form.set('decision', 'accept');
  const res = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location') ?? '');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code in the redirect: ${back.search}`);
  return { code, state: back.searchParams.get('state') };
}

describe('WebexOAuth', () => {
  it('builds an authorize URL with the S256 challenge, state and scopes', () => {
    const url = new URL(oauth().authorizeUrl({ state: 'st-1', codeChallenge: createPkcePair().codeChallenge }));
    expect(url.pathname).toBe('/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: LOCAL_APP.webexClientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: SCOPES.join(' '),
      state: 'st-1',
      code_challenge_method: 'S256',
    });
  });

  it('exchanges a code and its PKCE verifier for a token set that works', async () => {
    const pkce = createPkcePair();
    const before = Date.now();
    const { code, state } = await authorize(oauth().authorizeUrl({ state: 'st-2', codeChallenge: pkce.codeChallenge }));
    expect(state).toBe('st-2');
    const tokens = await oauth().exchangeCode(code, pkce.codeVerifier);
    expect(tokens.scopes.sort()).toEqual([...SCOPES].sort());
    // Webex's lifetimes: 14 days for access, 90 for refresh.
    expect(tokens.accessExpiresAt.getTime()).toBeGreaterThanOrEqual(before + 14 * 86_400_000 - 60_000);
    expect(tokens.refreshExpiresAt.getTime()).toBeGreaterThan(tokens.accessExpiresAt.getTime());
    const me = await new WebexClient({ baseUrl: webex.apiBaseUrl }).getMe(tokens.accessToken);
    expect(me.emails).toContain(HOST_EMAIL);
  });

  it('asks for reauthorization when the verifier does not match the challenge', async () => {
    const { code } = await authorize(oauth().authorizeUrl({ state: 's', codeChallenge: createPkcePair().codeChallenge }));
    const err: unknown = await oauth()
      .exchangeCode(code, createPkcePair().codeVerifier)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebexAuthorizationError);
    expect(err).toMatchObject({ code: 'webex_reauthorization_required', trackingId: expect.stringMatching(/^ROUTER_/) });
  });

  it('refreshes a grant into a new access token', async () => {
    const pkce = createPkcePair();
    const { code } = await authorize(oauth().authorizeUrl({ state: 's', codeChallenge: pkce.codeChallenge }));
    const first = await oauth().exchangeCode(code, pkce.codeVerifier);
    const second = await oauth().refresh(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toEqual(expect.any(String));
    await expect(new WebexClient({ baseUrl: webex.apiBaseUrl }).getMe(second.accessToken)).resolves.toMatchObject({ emails: [HOST_EMAIL] });
  });

  it('asks for reauthorization when the user revoked the grant', async () => {
    const pkce = createPkcePair();
    const { code } = await authorize(oauth().authorizeUrl({ state: 's', codeChallenge: pkce.codeChallenge }));
    const tokens = await oauth().exchangeCode(code, pkce.codeVerifier);
    webex.emulator.revoke(HOST_EMAIL);
    await expect(oauth().refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'webex_reauthorization_required' });
  });

  it('blames the deployment, not the user, for a wrong client secret', async () => {
    await expect(oauth('wrong-secret').refresh('whatever')).rejects.toMatchObject({ code: 'webex_oauth_client_invalid', retryable: false });
  });
});
