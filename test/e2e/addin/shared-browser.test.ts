/**
 * One browser profile, two people (a shared PC, a tester switching mailboxes), in the Outlook dev
 * host against the whole local stack: Alex signs in to the add-in and adds a Webex meeting; then
 * the same tab opens Megan's mailbox (`?user=<Megan>`). MSAL's cache still holds Alex's account,
 * the identity emulator's session is Alex's, and the pane's sessionStorage holds the token the
 * dialog sent for Alex (a new tab: MSAL's cache alone). The pane must act as Megan, never as Alex: every call the backend sees
 * from her mailbox carries a token of hers, the sign-in dialog is asked for her (login_hint), and
 * signing in as Alex there is refused with a sentence naming her.
 */
import type { BrowserContext, Frame, Request } from 'playwright-core';
import { LOCAL_APP } from '../../../src/server/config';
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../../helpers/browser';
import { linkResultOf } from '../../helpers/webex-link-result';
import { startAddinStack, type AddinStack } from './addin-stack';
import { ALEX, MEGAN, openDevHost, openTaskPane, paneView, shoot, signInInPopup, webexMeetingsOf } from './devhost-page';

const run = browserAvailable() ? describe : describe.skip;

/** Whom a bearer token names (the identity emulator's preferred_username, the user's UPN). */
function callerOf(authorization: string | undefined): string | undefined {
  const token = authorization?.replace(/^Bearer /i, '');
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { preferred_username?: string; upn?: string };
  return (claims.preferred_username ?? claims.upn)?.toLowerCase();
}

function hiddenInputs(html: string): Record<string, string> {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1] as string)] = unescape(m[2] as string);
  return fields;
}

run('one browser profile shared by two mailboxes', () => {
  let stack: AddinStack;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  /** Whom each call to the backend's API was made as, in order. */
  const callers: Array<Promise<{ path: string; caller: string | undefined }>> = [];

  async function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${stack.backendUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Alex's Webex is linked over HTTP first (as in delegate.test.ts), so that his pane can add a meeting at once. */
  async function linkAlexsWebex(): Promise<void> {
    const scope = `api://localhost:${new URL(stack.addinUrl).port}/${LOCAL_APP.backendClientId}/access_as_user`;
    const res = await fetch(`${stack.identityUrl}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: LOCAL_APP.addinClientId, username: ALEX, password: 'Alex-Local-1!', scope }),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    const { url } = (await (await api(token, 'POST', '/webex/link', {})).json()) as { url: string };
    const authorize = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') as string);
    authorize.searchParams.set('email', ALEX);
    const consent = await fetch(authorize, { redirect: 'manual' });
    const submitted = await fetch(`${stack.webexUrl}/v1/authorize`, { method: 'POST', body: new URLSearchParams({ ...hiddenInputs(await consent.text()), decision: 'accept' }), redirect: 'manual' });
    const completion = linkResultOf(await (await fetch(submitted.headers.get('location') as string, { redirect: 'manual' })).text()).completion;
    const completed = await api(token, 'POST', '/webex/link/complete', { code: completion });
    if (completed.status !== 200) throw new Error(`linking Alex's Webex ended with ${completed.status}`);
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startAddinStack(), launchBrowser()]);
    context = browser.context;
    await linkAlexsWebex();
    context.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.origin !== stack.backendUrl || !url.pathname.startsWith('/api/')) return;
      callers.push(request.allHeaders().then((headers) => ({ path: url.pathname, caller: callerOf(headers.authorization) })));
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** The view the pane settles on after starting (not its progress view). */
  const settled = async (pane: Frame) =>
    (await pane.waitForSelector(['signIn', 'connect', 'authorize', 'noMeeting', 'meeting', 'error'].map((v) => `[data-testid="addin-pane"][data-view="${v}"]`).join(', '), { timeout: 30_000 })).getAttribute('data-view');

  it('acts as the mailbox’s user after another user signed in in the same tab', async () => {
    // Alex signs in through the dialog and adds a meeting.
    const page = await openDevHost(context, stack.devhostUrl({ user: ALEX }));
    await page.fill('[data-testid="devhost-subject"]', 'Alex’s planning');
    await page.fill('[data-testid="devhost-start"]', '2031-07-01T10:00');
    await page.fill('[data-testid="devhost-end"]', '2031-07-01T11:00');
    let pane = await openTaskPane(page);
    await paneView(pane, 'signIn');
    const alexSignIn = context.waitForEvent('page');
    await pane.click('[data-testid="addin-sign-in"]');
    await signInInPopup(await alexSignIn, ALEX);
    if ((await settled(pane)) === 'authorize') {
      const consent = context.waitForEvent('page');
      await pane.click('[data-testid="addin-authorize-calendar"]');
      await signInInPopup(await consent, ALEX);
    }
    await paneView(pane, 'noMeeting');
    await pane.click('[data-testid="addin-add-meeting"]');
    await paneView(pane, 'meeting');
    const alexsMeetings = (await webexMeetingsOf(stack)).filter((m) => m.title === 'Alex’s planning');
    expect(alexsMeetings.map((m) => m.hostEmail)).toEqual([ALEX]);
    expect(new Set((await Promise.all(callers)).map((c) => c.caller))).toEqual(new Set([ALEX]));
    const alexsCalls = callers.length;

    // The same tab opens Megan's mailbox: MSAL's cache, the identity session and the pane's sessionStorage are Alex's.
    await page.goto(stack.devhostUrl({ user: MEGAN }));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    pane = await openTaskPane(page);
    const first = await settled(pane);
    const asMegan = async () => (await Promise.all(callers.slice(alexsCalls))).map((c) => c.caller);
    // Not one call as Alex: the pane asks Megan to sign in.
    expect(await asMegan()).not.toContain(ALEX);
    expect(first).toBe('signIn');
    await shoot(page, 'shared-browser-megan-sign-in');
    // A new tab for Megan has no sessionStorage, only MSAL's cache, which holds Alex's account alone: sign-in too.
    const newTab = await openDevHost(context, stack.devhostUrl({ user: MEGAN }));
    expect(await settled(await openTaskPane(newTab))).toBe('signIn');
    expect(await asMegan()).not.toContain(ALEX);
    await newTab.close();

    // The dialog asks the identity provider for Megan; picking Alex there is refused with a sentence naming Megan.
    const wrongSignIn = context.waitForEvent('page');
    await pane.click('[data-testid="addin-sign-in"]');
    const wrongPopup = await wrongSignIn;
    await wrongPopup.waitForSelector('[data-testid="identity-username"]');
    expect(await wrongPopup.inputValue('[data-testid="identity-username"]')).toBe(MEGAN);
    await signInInPopup(wrongPopup, ALEX);
    await paneView(pane, 'error');
    expect(await pane.getAttribute('[data-testid="addin-error"]', 'data-code')).toBe('sign_in_wrong_account');
    expect(await pane.textContent('[data-testid="addin-error"]')).toContain(MEGAN);
    await shoot(page, 'shared-browser-wrong-account');
    expect(await asMegan()).not.toContain(ALEX);

    // Signing in as Megan: the pane goes on as her (she has not linked Webex).
    const rightSignIn = context.waitForEvent('page');
    await pane.click('[data-testid="addin-sign-in-again"]');
    const rightPopup = await rightSignIn;
    await rightPopup.waitForSelector('[data-testid="identity-username"]');
    expect(await rightPopup.inputValue('[data-testid="identity-username"]')).toBe(MEGAN);
    await signInInPopup(rightPopup, MEGAN);
    expect(await settled(pane)).toMatch(/^(connect|authorize|noMeeting)$/);
    const megans = await asMegan();
    expect(megans.length).toBeGreaterThan(0);
    expect(new Set(megans)).toEqual(new Set([MEGAN]));
    // Alex's meeting is still his alone.
    expect((await webexMeetingsOf(stack)).filter((m) => m.title === 'Alex’s planning').map((m) => m.hostEmail)).toEqual([ALEX]);
    await page.close();
  });
});
