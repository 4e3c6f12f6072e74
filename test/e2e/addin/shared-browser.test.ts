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
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../../helpers/browser';
import { startAddinStack, type AddinStack } from './addin-stack';
import { apiToken, linkWebex } from './api-setup';
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

run('one browser profile shared by two mailboxes', () => {
  let stack: AddinStack;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  /** Whom each call to the backend's API was made as, in order. */
  const callers: Array<Promise<{ path: string; caller: string | undefined }>> = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startAddinStack(), launchBrowser()]);
    context = browser.context;
    // Alex's Webex is linked over HTTP first, so that his pane can add a meeting at once.
    await linkWebex(stack, await apiToken(stack, ALEX, 'Alex-Local-1!'), ALEX);
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
    (
      await pane.waitForSelector(
        ['signIn', 'connect', 'authorize', 'noMeeting', 'meeting', 'error']
          .map((v) => `[data-testid="addin-pane"][data-view="${v}"]`)
          .join(', '),
        { timeout: 30_000 },
      )
    ).getAttribute('data-view');

  /** Clicks the pane's sign-in button; the identity provider's page must have Megan (Office's user) filled in; signs in as `as`. */
  async function signInFromPane(pane: Frame, button: string, as: string): Promise<void> {
    const opened = context.waitForEvent('page');
    await pane.click(`[data-testid="${button}"]`);
    const popup = await opened;
    await popup.waitForSelector('[data-testid="identity-username"]');
    expect(await popup.inputValue('[data-testid="identity-username"]')).toBe(MEGAN);
    await signInInPopup(popup, as);
  }

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
    await signInFromPane(pane, 'addin-sign-in', ALEX);
    await paneView(pane, 'error');
    expect(await pane.getAttribute('[data-testid="addin-error"]', 'data-code')).toBe('sign_in_wrong_account');
    expect(await pane.textContent('[data-testid="addin-error"]')).toContain(MEGAN);
    await shoot(page, 'shared-browser-wrong-account');
    expect(await asMegan()).not.toContain(ALEX);

    // Signing in as Megan: the pane goes on as her (she has not linked Webex).
    await signInFromPane(pane, 'addin-sign-in-again', MEGAN);
    expect(await settled(pane)).toMatch(/^(connect|authorize|noMeeting)$/);
    const megans = await asMegan();
    expect(megans.length).toBeGreaterThan(0);
    expect(new Set(megans)).toEqual(new Set([MEGAN]));
    // Alex's meeting is still his alone.
    expect((await webexMeetingsOf(stack)).filter((m) => m.title === 'Alex’s planning').map((m) => m.hostEmail)).toEqual([ALEX]);
    await page.close();
  });
});
