/**
 * Linking a Webex account, end to end over HTTP: the add-in's POST /api/webex/link, the one-time
 * start URL, the Webex emulator's sign-in and consent pages, the callback, and what /api/me says.
 */
import { ADELE, ALEX, CONTOSO, IRINA, MEGAN, startBackendStack, type BackendStack } from './backend-stack';
import { cspDirectives, NONCE } from '../../helpers/csp';

let stack: BackendStack;

beforeAll(async () => {
  stack = await startBackendStack();
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => stack.setClockOffsetMs(0));

function resultOf(html: string): { status?: string; code?: string } {
  const m = /data-testid="webex-link-result" data-status="([^"]*)" data-code="([^"]*)"/.exec(html);
  return { status: m?.[1], code: m?.[2] || undefined };
}

async function linkUrl(token: string): Promise<string> {
  const res = await stack.api<{ url: string }>('POST', '/api/webex/link', { token });
  expect(res.status).toBe(200);
  return res.body.url;
}

async function open(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
}

describe('linking a Webex account', () => {
  it('ends connected: the page reports to the add-in and /api/me shows webexLinked', async () => {
    const token = await stack.userToken(ALEX);
    const page = await stack.linkWebex(token, ALEX);
    expect(page.status).toBe(200);
    expect(resultOf(page.body)).toEqual({ status: 'linked', code: undefined });
    expect(page.body).toContain('messageParent');
    expect(cspDirectives(page.headers.get('content-security-policy'))).toEqual({
      'default-src': ["'none'"],
      'script-src': [NONCE],
      'style-src': [NONCE],
      'connect-src': ["'self'"],
      'frame-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(page.headers.get('cache-control')).toBe('no-store');
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(true);
    const grant = await stack.store.getWebexGrant(CONTOSO.id, ALEX.id);
    expect(grant?.accessToken).toBeTruthy();
    expect(grant!.accessExpiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('sends the browser to Webex with PKCE S256 and a state other than the one the add-in saw', async () => {
    const url = await linkUrl(await stack.userToken(MEGAN));
    const start = await open(url);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location as string);
    expect(authorize.origin + authorize.pathname).toBe(`${stack.webex.url}/v1/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.url}/auth/webex/callback`);
    expect(authorize.searchParams.get('state')).not.toBe(new URL(url).searchParams.get('state'));
  });

  it('gives a start URL that works once', async () => {
    const url = await linkUrl(await stack.userToken(MEGAN));
    expect((await open(url)).status).toBe(302);
    const again = await open(url);
    expect(again.status).toBe(400);
    expect(resultOf(again.html)).toEqual({ status: 'failed', code: 'webex_link_state_invalid' });
  });

  it('refuses a start URL that has expired (10 minutes)', async () => {
    const url = await linkUrl(await stack.userToken(MEGAN));
    stack.setClockOffsetMs(11 * 60_000);
    const res = await open(url);
    expect([res.status, resultOf(res.html).code]).toEqual([400, 'webex_link_state_invalid']);
  });

  it('refuses a callback with an unknown state, or none', async () => {
    for (const query of ['?code=abc&state=unknown-state-0123456789012345678901234567890123', '?code=abc', '']) {
      const res = await open(`${stack.url}/auth/webex/callback${query}`);
      expect([query, res.status, resultOf(res.html).code]).toEqual([query, 400, 'webex_link_state_invalid']);
    }
  });

  it('ends on webex_link_failed when Webex refuses the code, and links nothing', async () => {
    const token = await stack.userToken(MEGAN);
    await stack.api('DELETE', '/api/webex/link', { token });
    for (const code of ['forged-code', undefined]) {
      const authorize = new URL((await open(await linkUrl(token))).location as string);
      const query = new URLSearchParams({ state: authorize.searchParams.get('state') as string, ...(code ? { code } : {}) });
      const res = await open(`${stack.url}/auth/webex/callback?${query}`);
      expect([code, res.status, resultOf(res.html).code]).toEqual([code, 400, 'webex_link_failed']);
    }
    expect(await stack.store.getWebexGrant(CONTOSO.id, MEGAN.id)).toBeUndefined();
  });

  it('refuses a callback replayed with the same state', async () => {
    const token = await stack.userToken(IRINA);
    const url = await linkUrl(token);
    const authorize = new URL((await open(url)).location as string);
    authorize.searchParams.set('email', IRINA.mail as string);
    const consent = await fetch(authorize);
    const fields = Object.fromEntries(
      [...(await consent.text()).matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1], m[2]!.replace(/&amp;/g, '&')]),
    );
    const submitted = await fetch(`${stack.webex.url}/v1/authorize`, { method: 'POST', body: new URLSearchParams({ ...fields, decision: 'accept' }), redirect: 'manual' });
    const callback = submitted.headers.get('location') as string;
    expect(resultOf((await open(callback)).html).status).toBe('linked');
    const replay = await open(callback);
    expect([replay.status, resultOf(replay.html).code]).toEqual([400, 'webex_link_state_invalid']);
  });

  it('ends on webex_access_denied when the user declines, and links nothing', async () => {
    const token = await stack.userToken(MEGAN);
    await stack.api('DELETE', '/api/webex/link', { token });
    const page = await stack.linkWebex(token, MEGAN, 'decline');
    expect([page.status, resultOf(page.body).code]).toEqual([400, 'webex_access_denied']);
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(false);
  });

  it('binds the grant to the user who started the flow, whichever Webex account signs in', async () => {
    const megan = await stack.userToken(MEGAN);
    await stack.api('DELETE', '/api/webex/link', { token: megan });
    // The callback carries no bearer token: only the state ties it to Megan.
    await stack.linkWebex(megan, ADELE);
    expect(await stack.store.getWebexGrant(CONTOSO.id, MEGAN.id)).toBeDefined();
    expect(await stack.store.getWebexGrant(CONTOSO.id, ADELE.id)).toBeUndefined();
  });

  it('needs a bearer token to start', async () => {
    const res = await stack.api<{ error: { code: string } }>('POST', '/api/webex/link');
    expect([res.status, res.body.error.code]).toEqual([401, 'token_missing']);
  });

  it('can be undone: DELETE /api/webex/link forgets the grant', async () => {
    const token = await stack.userToken(ALEX);
    await stack.linkWebex(token, ALEX);
    const res = await stack.api('DELETE', '/api/webex/link', { token });
    expect(res.status).toBe(204);
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(false);
    expect(await stack.store.getWebexGrant(CONTOSO.id, ALEX.id)).toBeUndefined();
  });
});
