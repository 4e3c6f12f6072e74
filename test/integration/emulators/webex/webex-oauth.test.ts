import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_APP } from '../../../../src/server/config';
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ADELE, ALEX, call, CONTOSO, errorCode, FABRIKAM, REDIRECT_URI, slot, startWebex } from './webex-harness';

interface Tokens {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: string;
  scope: string;
}

const SCOPES = 'spark:people_read meeting:schedules_read meeting:schedules_write';

let emu: WebexEmulator;

beforeAll(async () => {
  emu = await startWebex();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

function authorizeQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    client_id: LOCAL_APP.webexClientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: SCOPES,
    state: 'st-123',
    ...extra,
  }).toString();
}

/** The hidden fields and the accept button of the consent page, as a browser would submit them. */
function consentForm(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      m[1] ?? '',
      (m[2] ?? '')
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
  }
  return form;
}

async function signIn(email: string, extra: Record<string, string> = {}, decision = 'accept'): Promise<URL> {
  const page = await call(emu.url, `/v1/authorize?${authorizeQuery({ ...extra, email })}`);
  expect(page.status).toBe(200);
  expect(String(page.body)).toContain('data-testid="webex-accept"');
  const form = consentForm(String(page.body));
  form.set('decision', decision);
  const r = await fetch(`${emu.url}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location') ?? '');
}

async function tokenRequest(params: Record<string, string>) {
  return call<Tokens>(emu.url, '/v1/access_token', {
    method: 'POST',
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function exchange(code: string, extra: Record<string, string> = {}) {
  return tokenRequest({
    grant_type: 'authorization_code',
    client_id: LOCAL_APP.webexClientId,
    client_secret: LOCAL_APP.webexClientSecret,
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
}

async function refresh(refreshToken: string) {
  return tokenRequest({
    grant_type: 'refresh_token',
    client_id: LOCAL_APP.webexClientId,
    client_secret: LOCAL_APP.webexClientSecret,
    refresh_token: refreshToken,
  });
}

/** The identity broker's error code inside Webex's message: "... error = '(invalid_grant) ...'". */
function oauthError(body: unknown): string | undefined {
  return /error = '\((\w+)\)/.exec((body as { message?: string }).message ?? '')?.[1];
}

describe('the Webex authorize page', () => {
  it('lists every seeded person as a button to sign in with', async () => {
    const r = await call(emu.url, `/v1/authorize?${authorizeQuery()}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    for (const user of [...CONTOSO.users, ...FABRIKAM.users])
      expect(String(r.body)).toContain(`data-testid="webex-user-${user.mail ?? ''}"`);
  });

  it('redirects with a code and the state once the person accepts', async () => {
    const location = await signIn(ALEX);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('redirects with access_denied when the person declines', async () => {
    const location = await signIn(ALEX, {}, 'decline');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
  });

  it('shows an error instead of redirecting for an unknown client or an unregistered redirect URI', async () => {
    for (const extra of [{ client_id: 'unknown' }, { redirect_uri: 'https://evil.example/cb' }] as Record<string, string>[]) {
      const r = await call(emu.url, `/v1/authorize?${authorizeQuery(extra)}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('location')).toBeNull();
      expect(String(r.body)).toContain('data-testid="webex-authorize-error"');
    }
  });

  it('redirects with invalid_scope for a scope the integration is not registered for', async () => {
    emu.addIntegration({ clientId: 'narrow', clientSecret: 's', redirectUris: [REDIRECT_URI], scopes: ['spark:people_read'] });
    const r = await call(emu.url, `/v1/authorize?${authorizeQuery({ client_id: 'narrow' })}`);
    expect(r.status).toBe(302);
    expect(new URL(r.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('POST /v1/access_token', () => {
  it("exchanges a code for Webex's token response", async () => {
    const code = (await signIn(ALEX)).searchParams.get('code') ?? '';
    const r = await exchange(code);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]+_PF84_[0-9a-f-]+$/) as unknown as string,
      expires_in: 1209600,
      refresh_token: expect.any(String) as unknown as string,
      refresh_token_expires_in: 7776000,
      token_type: 'Bearer',
      scope: SCOPES,
    });
    const me = await call(emu.url, '/v1/people/me', { token: r.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ emails: [ALEX], displayName: 'Alex Wilber', firstName: 'Alex', lastName: 'Wilber', type: 'person' });
  });

  it('accepts a code only once', async () => {
    const code = (await signIn(ALEX)).searchParams.get('code') ?? '';
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    errorCode(again);
    expect(oauthError(again.body)).toBe('invalid_grant');
  });

  it('refuses a wrong client secret, a different redirect URI and a missing grant type', async () => {
    const code = (await signIn(ALEX)).searchParams.get('code') ?? '';
    const secret = await exchange(code, { client_secret: 'wrong' });
    expect(secret.status).toBe(401);
    expect(oauthError(secret.body)).toBe('invalid_client');
    const redirect = await exchange(code, { redirect_uri: 'http://localhost:3001/other' });
    expect(redirect.status).toBe(400);
    expect(oauthError(redirect.body)).toBe('invalid_grant');
    const grant = await tokenRequest({ client_id: LOCAL_APP.webexClientId });
    expect(grant.status).toBe(400);
    expect(oauthError(grant.body)).toBe('invalid_request');
    const other = await tokenRequest({ grant_type: 'password', client_id: LOCAL_APP.webexClientId });
    expect(oauthError(other.body)).toBe('unsupported_grant_type');
  });

  it('checks the PKCE code verifier against an S256 challenge', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const missing = await exchange((await signIn(ALEX, pkce)).searchParams.get('code') ?? '');
    expect(missing.status).toBe(400);
    expect(oauthError(missing.body)).toBe('invalid_grant');
    const wrong = await exchange((await signIn(ALEX, pkce)).searchParams.get('code') ?? '', {
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(oauthError(wrong.body)).toBe('invalid_grant');
    const right = await exchange((await signIn(ALEX, pkce)).searchParams.get('code') ?? '', { code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  it('refreshes: a new access token, the same refresh token with less time left', async () => {
    const tokens = (await exchange((await signIn(ALEX)).searchParams.get('code') ?? '')).body;
    emu.setClockOffset(86_400);
    const r = await refresh(tokens.refresh_token);
    expect(r.status).toBe(200);
    expect(r.body.access_token).not.toBe(tokens.access_token);
    expect(r.body.refresh_token).toBe(tokens.refresh_token);
    expect(7776000 - 86_400 - r.body.refresh_token_expires_in).toBeGreaterThanOrEqual(0);
    expect(7776000 - 86_400 - r.body.refresh_token_expires_in).toBeLessThan(5);
    expect((await call(emu.url, '/v1/people/me', { token: r.body.access_token })).status).toBe(200);
  });

  it('lets an access token expire after 14 days while its refresh token still works', async () => {
    const tokens = (await exchange((await signIn(ALEX)).searchParams.get('code') ?? '')).body;
    emu.setClockOffset(1_209_600 + 1);
    const expired = await call(emu.url, '/v1/people/me', { token: tokens.access_token });
    expect(expired.status).toBe(401);
    expect(errorCode(expired)).toBe('auth.expired');
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    emu.setClockOffset(7_776_000 + 1);
    expect(oauthError((await refresh(tokens.refresh_token)).body)).toBe('invalid_grant');
  });

  it('after a revoke: API calls get 401 and refresh gets 400 invalid_grant', async () => {
    const tokens = (await exchange((await signIn(ALEX)).searchParams.get('code') ?? '')).body;
    const revoke = await call<{ revoked: number }>(emu.url, '/_emulator/revoke', { method: 'POST', body: { email: ALEX } });
    expect(revoke.body.revoked).toBe(1);
    const api = await call(emu.url, '/v1/meetings', { method: 'POST', token: tokens.access_token, body: { title: 'x', ...slot(2) } });
    expect(api.status).toBe(401);
    expect(errorCode(api)).toBe('auth.revoked');
    const r = await refresh(tokens.refresh_token);
    expect(r.status).toBe(400);
    expect(oauthError(r.body)).toBe('invalid_grant');
  });

  it('grants admin scheduling scopes to Webex admins only', async () => {
    const scope = 'meeting:schedules_write meeting:admin_schedule_write';
    const admin = (await exchange((await signIn(ADELE, { scope })).searchParams.get('code') ?? '')).body;
    expect(admin.scope).toBe(scope);
    const user = (await exchange((await signIn(ALEX, { scope })).searchParams.get('code') ?? '')).body;
    expect(user.scope).toBe('meeting:schedules_write');
  });
});

describe('GET /v1/people/me', () => {
  it('answers the person with Webex ids, org and site, and 403 without a people scope', async () => {
    const token = emu.issueUserToken(ALEX, ['spark:people_read']).access_token;
    const me = await call<Record<string, unknown>>(emu.url, '/v1/people/me', { token });
    expect(Buffer.from(String(me.body.id), 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/PEOPLE\//);
    expect(Buffer.from(String(me.body.orgId), 'base64url').toString()).toBe(`ciscospark://us/ORGANIZATION/${LOCAL_APP.tenantId}`);
    expect(me.body.siteUrls).toEqual(['contoso.webex.com#host']);
    expect(me.body.timezone).toBe('UTC');
    const noScope = emu.issueUserToken(ALEX, ['meeting:schedules_read']).access_token;
    const r = await call(emu.url, '/v1/people/me', { token: noScope });
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('auth.scope');
  });
});
