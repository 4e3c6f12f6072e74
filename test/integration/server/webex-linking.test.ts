/**
 * Linking a Webex account, end to end over HTTP: the add-in's POST /api/webex/link, the one-time
 * start URL, the Webex emulator's sign-in and consent pages, the callback, the add-in's completion
 * with its own bearer token, and what /api/me and /api/webex/account say.
 */
import { linkResultOf } from '../../../scripts/world/webex-link-result';
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
  const { status, code } = linkResultOf(html);
  return { status, code };
}

interface ErrorBody {
  error: { code: string };
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
  it('ends connected once the add-in sends the page’s completion code: /api/me shows webexLinked, /api/webex/account the account', async () => {
    const token = await stack.userToken(ALEX);
    const page = await stack.linkWebex(token, ALEX);
    expect(page.status).toBe(200);
    const result = linkResultOf(page.body);
    expect(result).toEqual({
      status: 'consented',
      code: undefined,
      completion: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      targetOrigin: 'https://localhost:3000',
    });
    // The code is handed to the add-in only, never shown.
    expect(page.body.replace(/<script[\s\S]*?<\/script>/g, '')).not.toContain(result.completion);
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
    expect([page.completed?.status, page.completed?.body]).toEqual([200, { status: 'linked', email: ALEX.mail }]);
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(true);
    const grant = await stack.store.webexGrants.get(CONTOSO.id, ALEX.id);
    expect(grant?.accessToken).toBeTruthy();
    expect(grant!.accessExpiresAt.getTime()).toBeGreaterThan(Date.now());
    const account = await stack.api<{ email?: string }>('GET', '/api/webex/account', { token });
    expect([account.status, account.body]).toEqual([200, { email: ALEX.mail }]);
  });

  it('links nothing until the add-in completes: the consent alone leaves the grant pending', async () => {
    const token = await stack.userToken(IRINA);
    await stack.api('DELETE', '/api/webex/link', { token });
    const page = await stack.linkWebex(token, IRINA, { complete: false });
    expect(linkResultOf(page.body).status).toBe('consented');
    expect(await stack.store.webexGrants.get(CONTOSO.id, IRINA.id)).toBeUndefined();
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(false);
    const account = await stack.api<ErrorBody>('GET', '/api/webex/account', { token });
    expect([account.status, account.body.error.code]).toEqual([409, 'webex_not_linked']);
  });

  it('takes a completion code once, and not after five minutes', async () => {
    const token = await stack.userToken(IRINA);
    const first = linkResultOf((await stack.linkWebex(token, IRINA, { complete: false })).body).completion;
    expect((await stack.api('POST', '/api/webex/link/complete', { token, body: { code: first } })).status).toBe(200);
    const replay = await stack.api<ErrorBody>('POST', '/api/webex/link/complete', { token, body: { code: first } });
    expect([replay.status, replay.body.error.code]).toEqual([400, 'webex_link_completion_invalid']);

    const late = linkResultOf((await stack.linkWebex(token, IRINA, { complete: false })).body).completion;
    stack.setClockOffsetMs(5 * 60_000 + 1000);
    const expired = await stack.api<ErrorBody>('POST', '/api/webex/link/complete', { token, body: { code: late } });
    expect([expired.status, expired.body.error.code]).toEqual([400, 'webex_link_completion_invalid']);
    for (const code of [undefined, 42, 'short', 'x'.repeat(500)]) {
      const bad = await stack.api<ErrorBody>('POST', '/api/webex/link/complete', { token, body: { code } });
      expect([code, bad.status, bad.body.error.code]).toEqual([code, 400, 'webex_link_completion_invalid']);
    }
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

  it('gives a start URL that lives two minutes at most', async () => {
    const token = await stack.userToken(MEGAN);
    const fresh = await linkUrl(token);
    stack.setClockOffsetMs(110_000);
    expect((await open(fresh)).status).toBe(302);
    stack.setClockOffsetMs(0);
    const stale = await linkUrl(token);
    stack.setClockOffsetMs(2 * 60_000 + 1000);
    const res = await open(stale);
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
    expect(await stack.store.webexGrants.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
  });

  it('refuses a callback replayed with the same state', async () => {
    const token = await stack.userToken(IRINA);
    const url = await linkUrl(token);
    const authorize = new URL((await open(url)).location as string);
    authorize.searchParams.set('email', IRINA.mail as string);
    const consent = await fetch(authorize);
    const fields = Object.fromEntries(
      [...(await consent.text()).matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2]!.replace(/&amp;/g, '&'),
      ]),
    );
    const submitted = await fetch(`${stack.webex.url}/v1/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ ...fields, decision: 'accept' }),
      redirect: 'manual',
    });
    const callback = submitted.headers.get('location') as string;
    expect(resultOf((await open(callback)).html).status).toBe('consented');
    const replay = await open(callback);
    expect([replay.status, resultOf(replay.html).code]).toEqual([400, 'webex_link_state_invalid']);
  });

  it('ends on webex_access_denied when the user declines, and links nothing', async () => {
    const token = await stack.userToken(MEGAN);
    await stack.api('DELETE', '/api/webex/link', { token });
    const page = await stack.linkWebex(token, MEGAN, { decision: 'decline' });
    expect([page.status, resultOf(page.body).code]).toEqual([400, 'webex_access_denied']);
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(false);
  });

  it('never links a colleague’s Webex account: a start URL forwarded to Alex and accepted by him links nobody', async () => {
    const megan = await stack.userToken(MEGAN);
    const alex = await stack.userToken(ALEX);
    await stack.api('DELETE', '/api/webex/link', { token: megan });
    await stack.api('DELETE', '/api/webex/link', { token: alex });
    // Megan mints her URL and sends it to Alex; Alex, signed in to Webex, accepts in his browser.
    const page = await stack.linkWebex(megan, ALEX, { complete: false });
    const { completion } = linkResultOf(page.body);
    expect(completion).toBeDefined();
    expect(await stack.store.webexGrants.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
    // The completion code is in Alex's browser: whoever sends it with Alex's token is refused, and the grant is dropped.
    const byAlex = await stack.api<ErrorBody>('POST', '/api/webex/link/complete', { token: alex, body: { code: completion } });
    expect([byAlex.status, byAlex.body.error.code]).toEqual([403, 'webex_link_user_mismatch']);
    const byMegan = await stack.api<ErrorBody>('POST', '/api/webex/link/complete', { token: megan, body: { code: completion } });
    expect([byMegan.status, byMegan.body.error.code]).toEqual([400, 'webex_link_completion_invalid']);
    expect(await stack.store.webexGrants.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
    expect(await stack.store.webexGrants.get(CONTOSO.id, ALEX.id)).toBeUndefined();
    expect(stack.logLines.join('\n')).not.toContain(completion);
  });

  it('shows the add-in which Webex account it linked, so a wrong one is noticed', async () => {
    const megan = await stack.userToken(MEGAN);
    // Megan's own add-in completes, but Adele was signed in to Webex in that browser.
    const page = await stack.linkWebex(megan, ADELE);
    expect(page.completed?.body).toEqual({ status: 'linked', email: ADELE.mail });
    const account = await stack.api<{ email?: string }>('GET', '/api/webex/account', { token: megan });
    expect(account.body).toEqual({ email: ADELE.mail });
    await stack.api('DELETE', '/api/webex/link', { token: megan });
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
    expect(await stack.store.webexGrants.get(CONTOSO.id, ALEX.id)).toBeUndefined();
  });
});
