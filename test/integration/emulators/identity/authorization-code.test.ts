import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_APP } from '../../../../src/server/config';
import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import {
  ADDIN_ID,
  ADMIN,
  ADDIN_REDIRECT,
  ALEX,
  API_SCOPE,
  BACKEND_ID,
  BACKEND_REDIRECT,
  CONTOSO,
  FABRIKAM,
  MEGAN,
  expectAadsts,
  loadPage,
  msalAuthority,
  redirectParams,
  signIn,
  startIdentityEmulator,
  submitPage,
  verifyToken,
} from './identity-fixture';

/** Entra's role template id of Global Administrator, the same in every tenant. */
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

const SCOPES = ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/Calendars.ReadWrite'];

let emulator: IdentityEmulator;

beforeAll(async () => {
  emulator = await startIdentityEmulator();
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.reset());

const backend = () =>
  new ConfidentialClientApplication({
    auth: { clientId: BACKEND_ID, ...msalAuthority(emulator), clientSecret: LOCAL_APP.backendClientSecret },
  });

async function authUrl(app: ConfidentialClientApplication, extra: { loginHint?: string; responseMode?: 'query' | 'form_post' } = {}) {
  const pkce = await new CryptoProvider().generatePkceCodes();
  const state = randomBytes(8).toString('hex');
  const url = await app.getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: BACKEND_REDIRECT,
    codeChallenge: pkce.challenge,
    codeChallengeMethod: 'S256',
    state,
    ...(extra.loginHint ? { loginHint: extra.loginHint } : {}),
    ...(extra.responseMode ? { responseMode: extra.responseMode } : {}),
  });
  return { url, verifier: pkce.verifier, state };
}

async function codeFor(app: ConfidentialClientApplication, user = MEGAN) {
  const req = await authUrl(app);
  const params = redirectParams((await signIn(emulator, req.url, user)).location);
  expect(params.get('state')).toBe(req.state);
  return { code: params.get('code')!, verifier: req.verifier };
}

async function spaCode(user = MEGAN) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: ADDIN_ID,
    response_type: 'code',
    redirect_uri: ADDIN_REDIRECT,
    scope: `${API_SCOPE} openid profile offline_access`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    response_mode: 'fragment',
    state: 's1',
  }).toString();
  const params = redirectParams((await signIn(emulator, url.toString(), user)).location);
  return { code: params.get('code')!, verifier };
}

async function redeemSpaCode(code: string, verifier: string, headers: Record<string, string>) {
  const res = await fetch(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: ADDIN_ID,
      code,
      code_verifier: verifier,
      redirect_uri: ADDIN_REDIRECT,
      scope: `${API_SCOPE} openid profile offline_access`,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('authorization code with PKCE and @azure/msal-node', () => {
  it('shows a sign-in page listing the tenant users, with login_hint preselected and its password filled in', async () => {
    const page = await loadPage((await authUrl(backend(), { loginHint: ALEX.userPrincipalName })).url);
    expect(page.status).toBe(200);
    for (const u of CONTOSO.users) expect(page.html).toContain(`data-testid="identity-user-${u.userPrincipalName}"`);
    expect(page.html).not.toContain(FABRIKAM.users[0]!.userPrincipalName);
    expect(page.html).toContain(`value="${ALEX.userPrincipalName}" data-testid="identity-username"`);
    expect(page.html).toContain(`value="${ALEX.password}" data-testid="identity-password"`);
    expect(page.html).toMatch(/name="consent" value="yes" checked data-testid="identity-consent"/);
    expect(page.html).toContain('data-testid="identity-sign-in"');
  });

  it('signs a user in, redeems the code with the verifier and refreshes the token', async () => {
    const app = backend();
    const { code, verifier } = await codeFor(app);
    const result = await app.acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT });
    expect(result.account?.username).toBe(MEGAN.userPrincipalName);
    expect(result.account?.homeAccountId).toBe(`${MEGAN.id}.${CONTOSO.id}`);
    const claims = await verifyToken(emulator, result.accessToken);
    expect(claims).toEqual(
      expect.objectContaining({ aud: 'https://graph.microsoft.com', oid: MEGAN.id, appid: BACKEND_ID, appidacr: '1' }),
    );
    expect((claims.scp as string).split(' ').sort()).toEqual(['Calendars.ReadWrite', 'User.Read']);

    const refreshed = await app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect((await verifyToken(emulator, refreshed.accessToken)).oid).toBe(MEGAN.id);
    expect(emulator.state.tokenCounters).toEqual({ authorization_code: 1, refresh_token: 1 });
    expect(emulator.state.consents().user).toEqual([
      expect.objectContaining({ tenantId: CONTOSO.id, userId: MEGAN.id, clientId: BACKEND_ID, grantedAt: expect.any(String) }),
    ]);
  });

  it('returns the id_token nonce the request carried', async () => {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await backend().getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: BACKEND_REDIRECT,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      nonce: 'n-123',
    });
    const code = redirectParams((await signIn(emulator, url, MEGAN)).location).get('code')!;
    const result = await backend().acquireTokenByCode({
      code,
      codeVerifier: pkce.verifier,
      scopes: SCOPES,
      redirectUri: BACKEND_REDIRECT,
      nonce: 'n-123',
    });
    expect(result.idTokenClaims).toEqual(expect.objectContaining({ nonce: 'n-123', aud: BACKEND_ID }));
  });

  it('refuses a wrong PKCE verifier with AADSTS501481', async () => {
    const { code } = await codeFor(backend());
    const wrong = randomBytes(32).toString('base64url');
    expect(
      await expectAadsts(backend().acquireTokenByCode({ code, codeVerifier: wrong, scopes: SCOPES, redirectUri: BACKEND_REDIRECT })),
    ).toBe('AADSTS501481');
  });

  it('refuses a code redeemed twice with AADSTS54005', async () => {
    const { code, verifier } = await codeFor(backend());
    await backend().acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT });
    expect(
      await expectAadsts(backend().acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT })),
    ).toBe('AADSTS54005');
  });

  it('refuses a refresh token after the user was revoked with AADSTS50173', async () => {
    const app = backend();
    const { code, verifier } = await codeFor(app);
    const result = await app.acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT });
    const revoke = await fetch(`${emulator.url}/_emulator/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: CONTOSO.id, userId: MEGAN.id }),
    });
    expect(revoke.status).toBe(204);
    expect(await expectAadsts(app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }))).toBe(
      'AADSTS50173',
    );
  });

  it('names the admin role in wids until it is taken away: the next refreshed token does not (PATCH /_emulator/users)', async () => {
    const app = backend();
    const { code, verifier } = await codeFor(app, ADMIN);
    const result = await app.acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT });
    expect((await verifyToken(emulator, result.accessToken)).wids).toContain(GLOBAL_ADMINISTRATOR);
    const removed = await fetch(`${emulator.url}/_emulator/users/${CONTOSO.id}/${ADMIN.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isTenantAdmin: false }),
    });
    expect([removed.status, await removed.json()]).toEqual([200, { id: ADMIN.id, isTenantAdmin: false }]);
    const refreshed = await app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true });
    expect((await verifyToken(emulator, refreshed.accessToken)).wids).not.toContain(GLOBAL_ADMINISTRATOR);
    const unknown = await fetch(`${emulator.url}/_emulator/users/${CONTOSO.id}/${FABRIKAM.users[0]!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isTenantAdmin: true }),
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses a refresh token unused for longer than its lifetime with AADSTS700082', async () => {
    const app = backend();
    const { code, verifier } = await codeFor(app);
    const result = await app.acquireTokenByCode({ code, codeVerifier: verifier, scopes: SCOPES, redirectUri: BACKEND_REDIRECT });
    const clock = await fetch(`${emulator.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetSeconds: 91 * 24 * 3600 }),
    });
    expect(clock.status).toBe(200);
    expect(await expectAadsts(app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }))).toBe(
      'AADSTS700082',
    );
  });

  it('sends access_denied with AADSTS65004 when the user unticks consent', async () => {
    const page = await loadPage((await authUrl(backend())).url);
    const res = await submitPage(emulator.url, page, { login: MEGAN.userPrincipalName, passwd: MEGAN.password, consent: false });
    const params = redirectParams(res.location);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS65004:/);
  });

  it('shows the page again with AADSTS50126 for a wrong password', async () => {
    const page = await loadPage((await authUrl(backend())).url);
    const res = await submitPage(emulator.url, page, { login: MEGAN.userPrincipalName, passwd: 'wrong' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('data-error-code="AADSTS50126"');
  });

  it('posts the code back with response_mode=form_post', async () => {
    const res = await signIn(emulator, (await authUrl(backend(), { responseMode: 'form_post' })).url, MEGAN);
    expect(res.status).toBe(200);
    expect(res.html).toContain(`action="${BACKEND_REDIRECT}"`);
    expect(res.html).toMatch(/<input type="hidden" name="code" value="[^"]+">/);
  });

  it('signs in silently with prompt=none once the browser has a session, and asks for login without one', async () => {
    const first = await signIn(emulator, (await authUrl(backend())).url, MEGAN);
    const silent = new URL((await authUrl(backend())).url);
    silent.searchParams.set('prompt', 'none');
    const withSession = await fetch(silent, { redirect: 'manual', headers: { cookie: first.cookie! } });
    expect(redirectParams(withSession.headers.get('location') ?? undefined).get('code')).toEqual(expect.any(String));
    const without = await fetch(silent, { redirect: 'manual' });
    const params = redirectParams(without.headers.get('location') ?? undefined);
    expect(params.get('error')).toBe('login_required');
    expect(params.get('error_description')).toMatch(/^AADSTS50058:/);
  });

  it('never signs in the session’s user for a login_hint naming another: the page with the hinted user filled in, or login_required with prompt=none', async () => {
    // A browser where Megan signed in, asked for Alex (one browser profile shared by two people).
    const first = await signIn(emulator, (await authUrl(backend())).url, MEGAN);
    const forAlex = await fetch((await authUrl(backend(), { loginHint: ALEX.userPrincipalName })).url, {
      redirect: 'manual',
      headers: { cookie: first.cookie! },
    });
    expect(forAlex.status).toBe(200);
    expect(await forAlex.text()).toContain(`value="${ALEX.userPrincipalName}" data-testid="identity-username"`);
    const silentForAlex = new URL((await authUrl(backend(), { loginHint: ALEX.userPrincipalName.toUpperCase() })).url);
    silentForAlex.searchParams.set('prompt', 'none');
    const refused = await fetch(silentForAlex, { redirect: 'manual', headers: { cookie: first.cookie! } });
    expect(redirectParams(refused.headers.get('location') ?? undefined).get('error')).toBe('login_required');
    // The hint naming the session's own user (in any case) signs that user in without a page.
    const forMegan = await fetch((await authUrl(backend(), { loginHint: MEGAN.userPrincipalName.toUpperCase() })).url, {
      redirect: 'manual',
      headers: { cookie: first.cookie! },
    });
    expect(redirectParams(forMegan.headers.get('location') ?? undefined).get('code')).toEqual(expect.any(String));
  });

  it('shows an error page, not a redirect, for an unregistered redirect URI (AADSTS50011)', async () => {
    const url = new URL((await authUrl(backend())).url);
    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const page = await loadPage(url.toString());
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-error-code="AADSTS50011"');
  });

  it('lets a single-page app redeem its code cross-origin only, with a refresh token of fixed lifetime', async () => {
    const first = await spaCode();
    expect((await redeemSpaCode(first.code, first.verifier, {})).body.error_codes).toEqual([9002327]);
    const second = await spaCode();
    const { status, body } = await redeemSpaCode(second.code, second.verifier, { origin: 'https://localhost:3000' });
    expect(status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.refresh_token_expires_in).toBe(24 * 3600);
    expect((await verifyToken(emulator, body.access_token as string)).aud).toBe(BACKEND_ID);
  });

  it('records consent for the backend too when a user consents to the add-in it knows, so on-behalf-of works', async () => {
    const { code, verifier } = await spaCode(ALEX);
    const { body } = await redeemSpaCode(code, verifier, { origin: 'https://localhost:3000' });
    const obo = await backend().acquireTokenOnBehalfOf({ oboAssertion: body.access_token as string, scopes: SCOPES });
    const claims = await verifyToken(emulator, obo!.accessToken);
    expect(claims.oid).toBe(ALEX.id);
    expect((claims.scp as string).split(' ').sort()).toEqual(['Calendars.ReadWrite', 'User.Read']);
  });

  it('shows AADSTS90094 when a user who is not an administrator is asked for a permission only an admin can grant', async () => {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await backend().getAuthCodeUrl({
      scopes: ['https://graph.microsoft.com/User.Read.All'],
      redirectUri: BACKEND_REDIRECT,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
    });
    const res = await signIn(emulator, url, MEGAN);
    expect(res.status).toBe(400);
    expect(res.html).toContain('data-error-code="AADSTS90094"');
  });

  it('requires PKCE for a single-page app redirect URI (AADSTS9002325)', async () => {
    const url = new URL(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: ADDIN_ID,
      response_type: 'code',
      redirect_uri: ADDIN_REDIRECT,
      scope: API_SCOPE,
      state: 'x',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const params = redirectParams(res.headers.get('location') ?? undefined);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(/^AADSTS9002325:/);
    expect(params.get('state')).toBe('x');
  });
});
