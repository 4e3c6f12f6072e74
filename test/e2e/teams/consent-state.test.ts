/**
 * The consent popup's state in a browser, through the Teams dev host: the popup's first page keeps
 * the state in the popup window's sessionStorage, on the tab's origin, across the backend's and the
 * identity platform's pages; its last page takes the identity platform's answer carrying it, and
 * refuses — telling the tab, which stays unauthorized — an answer sent to it without that state:
 * none, or the state of the backend's Webex link flow.
 */
import type { Page } from 'playwright-core';
import { browserAvailable } from '../../helpers/browser';
import { ADELE } from '../../integration/teams/teams-stack';
import { openDevHost, screenshot, startBrowserStack, tabOf, type BrowserStack } from './teams-browser-kit';

const run = browserAvailable() ? describe : describe.skip;

run('the Call tab’s consent popup', () => {
  let bs: BrowserStack;
  const pages: Page[] = [];

  beforeAll(async () => {
    bs = await startBrowserStack();
  }, 240_000);

  afterAll(async () => {
    await bs?.close();
  });

  beforeEach(() => bs.stack.revokeConsent());

  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close();
  });

  /** Opens the tab for Adele, starts authorizing, and returns the popup once it shows the identity platform's page. */
  const startAuthorizing = async () => {
    const page = await openDevHost(bs, { user: ADELE });
    pages.push(page);
    const tab = tabOf(page);
    const [popup] = await Promise.all([page.waitForEvent('popup'), tab.getByRole('button', { name: 'Authorize' }).click()]);
    await popup.getByTestId(`identity-user-${ADELE.userPrincipalName}`).waitFor();
    return { page, tab, popup };
  };

  it('keeps the state on the tab’s origin through the sign-in, and takes the answer carrying it', async () => {
    const { tab, popup } = await startAuthorizing();
    const sent = new URL(popup.url()).searchParams.get('state');
    expect(sent).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await popup.getByTestId(`identity-user-${ADELE.userPrincipalName}`).click();
    await popup.getByTestId('identity-consent-org').check();
    // The last page reports at once and the dev host closes the popup: its request is what stays.
    const landed = popup.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/teams-auth.html'));
    await popup.locator('button[name="action"][value="accept"]').click();
    expect(new URL((await landed).url()).searchParams.get('state')).toBe(sent);
    await tab.getByText(`Signed in as ${ADELE.displayName}`).waitFor();
  });

  it.each([
    ['without a state', async () => ''],
    [
      'with the state of the Webex link flow',
      async () => {
        const link = await bs.stack.api<{ url: string }>('POST', '/api/webex/link', { token: await bs.stack.ssoToken(ADELE), body: {} });
        return new URL(link.body.url).searchParams.get('state') ?? 'none';
      },
    ],
  ])('refuses an answer %s, and the tab stays unauthorized', async (_what, stateOf) => {
    const { page, tab, popup } = await startAuthorizing();
    const state = await stateOf();
    // What a page elsewhere could send the popup to: the last page with a code, as if consent was given.
    const forged = new URLSearchParams({ code: 'not-from-this-popup', ...(state ? { state } : {}) });
    await popup.goto(`${bs.stack.tabBaseUrl}/teams-auth.html?${forged.toString()}`).catch(() => undefined);
    await tab.getByText('Authorization did not complete: state_mismatch').waitFor();
    expect(await tab.getByRole('button', { name: 'Authorize' }).count()).toBe(1);
    expect(await tab.getByText(`Signed in as ${ADELE.displayName}`).count()).toBe(0);
    await screenshot(page, `teams-consent-state-refused-${state ? 'other-flow' : 'none'}`);
  });
});
