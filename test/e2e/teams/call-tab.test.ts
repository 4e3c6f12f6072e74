/**
 * The Call tab in a browser, through the Teams dev host, against the identity and Graph emulators
 * and the backend: authorizing as a new user would, speed dials added, reordered and removed,
 * the directory searched, the chat member called, the theme followed, and each section shown as
 * soon as it has loaded — with screenshots kept in test-artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { oneOnOneChatId } from '../../../src/emulators/graph/teams-chats';
import { expectAccessible } from '../../helpers/accessibility';
import { browserAvailable } from '../../helpers/browser';
import { ADELE, ALEX, CONTOSO, MEGAN } from '../../integration/teams/teams-stack';
import { violationsOn } from '../csp-violations';
import {
  callsStarted,
  openDevHost,
  screenshot,
  startBrowserStack,
  tabFrame,
  tabOf,
  type BrowserStack,
  type DevHostOptions,
} from './teams-browser-kit';

const run = browserAvailable() ? describe : describe.skip;

interface StoredExtensions {
  value: Array<{ extensionName: string; properties: { names?: string[] } }>;
}

run('the Call tab in the Teams dev host', () => {
  let bs: BrowserStack;
  const pages: Page[] = [];

  beforeAll(async () => {
    bs = await startBrowserStack();
  }, 240_000);

  afterAll(async () => {
    await bs?.close();
  });

  beforeEach(async () => {
    bs.stack.revokeConsent();
    await fetch(`${bs.stack.graph.url}/_emulator/reset`, { method: 'POST' });
    await fetch(`${bs.stack.graph.url}/_emulator/faults`, { method: 'DELETE' });
    // The call preference is kept per device (the browser's storage): every test starts without one.
    const blank = await bs.browser.context.newPage();
    await blank.goto(`${bs.stack.tabBaseUrl}/teams-config.html`);
    await blank.evaluate(() => localStorage.clear());
    await blank.close();
  });

  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close();
  });

  const open = async (o: DevHostOptions) => {
    const page = await openDevHost(bs, o);
    pages.push(page);
    return page;
  };

  /** axe-core on the tab as shown now (test/helpers/accessibility.ts): no serious or critical violation. */
  const accessible = async (page: Page, state: string) => expectAccessible(await tabFrame(page), `Call tab: ${state}`);

  const speedDialNames = async (): Promise<string[]> => {
    const stored = (await (await fetch(`${bs.stack.graph.url}/_emulator/users/${ALEX.id}/extensions`)).json()) as StoredExtensions;
    return stored.value[0]?.properties.names ?? [];
  };

  it('asks a new user to authorize, and loads once an admin has consented for the organization in the popup', async () => {
    const page = await open({ user: ADELE });
    const tab = tabOf(page);
    const authorize = tab.getByRole('button', { name: 'Authorize' });
    await authorize.waitFor();
    await tab.getByText('Authorize Webex Calling').first().waitFor();
    await screenshot(page, 'teams-01-authorize');
    await accessible(page, 'authorize');

    const [popup] = await Promise.all([page.waitForEvent('popup'), authorize.click()]);
    await popup.getByTestId(`identity-user-${ADELE.userPrincipalName}`).click();
    await popup.getByTestId('identity-consent-org').check();
    await screenshot(popup, 'teams-02-consent-popup');
    await popup.locator('button[name="action"][value="accept"]').click();
    await popup.waitForEvent('close');

    await tab.getByText(`Signed in as ${ADELE.displayName}`).waitFor();
    await tab.getByText(/No speed dials yet/).waitFor();
    expect(await tab.getByText('Authorize Webex Calling').count()).toBe(0);
    await screenshot(page, 'teams-03-authorized');
    await accessible(page, 'authorized, no speed dials');
  });

  it('tells a user who is not an admin, and cannot grant it alone, what happened and whom to ask', async () => {
    const page = await open({ user: ALEX });
    const tab = tabOf(page);
    const [popup] = await Promise.all([page.waitForEvent('popup'), tab.getByRole('button', { name: 'Authorize' }).click()]);
    await popup.getByTestId('identity-accept').or(popup.getByTestId('identity-sign-in')).click();
    await popup.getByText(/Need admin approval/).waitFor();
    await screenshot(popup, 'teams-12-needs-admin-popup');
    await popup.close();
    await tab.getByText('Authorization was cancelled.').waitFor();
    await tab.getByText(/ask your admin to approve Webex Calling/).waitFor();
    await screenshot(page, 'teams-13-needs-admin-tab');
    await accessible(page, 'authorization cancelled, needs an admin');
  });

  it('adds speed dials from the contacts and the directory, reorders and removes them, keeping them in the user’s profile', async () => {
    bs.stack.grantAdminConsent();
    const page = await open({ user: ALEX });
    const tab = tabOf(page);
    await tab.getByText(/No speed dials yet/).waitFor();

    await tab.getByRole('tab', { name: 'Contacts' }).click();
    const contacts = tab.getByRole('list', { name: 'Contacts' });
    await contacts.waitFor();
    await accessible(page, 'contacts');
    await contacts.getByRole('listitem', { name: 'Jordan Reyes' }).getByRole('button', { name: 'Add Jordan Reyes to speed dials' }).click();
    await tab.getByText('Jordan Reyes is now a speed dial.').waitFor();

    await tab.getByRole('tab', { name: 'Directory' }).click();
    await tab.getByRole('searchbox', { name: 'Search people in your organization' }).fill('irina');
    const results = tab.getByRole('list', { name: 'Directory' });
    await results
      .getByRole('listitem', { name: 'Irina Petrova' })
      .getByRole('button', { name: 'Add Irina Petrova to speed dials' })
      .click();
    await tab.getByText('Irina Petrova is now a speed dial.').waitFor();
    expect(await speedDialNames()).toEqual(['Jordan Reyes', 'Irina Petrova']);

    await tab.getByRole('tab', { name: 'Speed dials' }).click();
    const dials = tab.getByRole('list', { name: 'Speed dials' });
    await dials.getByRole('listitem').nth(1).waitFor();
    await screenshot(page, 'teams-04-speed-dials');
    await accessible(page, 'speed dials');

    await dials.getByRole('button', { name: 'Move Irina Petrova up' }).click();
    await pollUntil(async () => JSON.stringify(await speedDialNames()) === JSON.stringify(['Irina Petrova', 'Jordan Reyes']));
    expect(await dials.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Irina Petrova'),
      expect.stringContaining('Jordan Reyes'),
    ]);
    await screenshot(page, 'teams-05-speed-dials-reordered');

    await dials.getByRole('button', { name: 'Remove Jordan Reyes from speed dials' }).click();
    await tab.getByText('Jordan Reyes is no longer a speed dial.').waitFor();
    expect(await speedDialNames()).toEqual(['Irina Petrova']);

    // Another device (a fresh tab) sees the same list: it lives in the profile.
    const again = await open({ user: ALEX });
    await tabOf(again).getByRole('list', { name: 'Speed dials' }).getByRole('listitem', { name: 'Irina Petrova' }).waitFor();
  });

  it('searches the directory and shows which app each call will use', async () => {
    bs.stack.grantAdminConsent();
    const page = await open({ user: ALEX });
    const tab = tabOf(page);
    await tab.getByRole('tab', { name: 'Directory' }).click();
    await tab.getByRole('searchbox', { name: 'Search people in your organization' }).fill('meg');
    const megan = tab.getByRole('list', { name: 'Directory' }).getByRole('listitem', { name: MEGAN.displayName });
    await megan.waitFor();
    const call = megan.getByRole('button', { name: `Call ${MEGAN.displayName} with Webex`, exact: true });
    expect(await call.textContent()).toContain('Webex');
    expect(await call.getAttribute('data-call-uri')).toBe('webextel://login?telephone=%2B14255550103&x-source=Microsoft+Teams');
    await tab.getByRole('searchbox', { name: 'Search people in your organization' }).fill('nobody-like-this');
    await tab.getByText(/Nobody in your organization matches/).waitFor();
    await accessible(page, 'directory search without results');
    await tab.getByRole('searchbox', { name: 'Search people in your organization' }).fill('meg');
    await megan.waitFor();
    await screenshot(page, 'teams-06-directory-search');
    await accessible(page, 'directory search results');
  });

  it('calls the other member of a one-on-one chat with Webex, or with the phone app when chosen', async () => {
    bs.stack.grantAdminConsent();
    const page = await open({ user: ALEX, where: oneOnOneChatId(ALEX.id, MEGAN.id) });
    const tab = tabOf(page);
    const chat = tab.getByRole('region', { name: 'In this chat' });
    const megan = chat.getByRole('listitem', { name: MEGAN.displayName });
    await megan.waitFor();
    await megan.getByRole('button', { name: `Call ${MEGAN.displayName} with Webex`, exact: true }).click();
    await tab.getByText(`Calling ${MEGAN.displayName} at +14255550103 with Webex…`).waitFor();
    expect(await callsStarted(page)).toEqual(['webextel://login?telephone=%2B14255550103&x-source=Microsoft+Teams']);
    await screenshot(page, 'teams-07-call-chat-member');
    await accessible(page, 'calling a chat member, with the notice');

    // The Webex App did not open: the phone app, from the notice.
    await tab.getByText('Didn’t open? Call with your phone app').click();
    expect((await callsStarted(page))[0]).toBe('tel:+14255550103');

    // Or always: the preference, remembered on this device.
    await tab.getByRole('combobox', { name: 'Start calls with' }).click();
    await accessible(page, 'call preference list open');
    await tab.getByRole('option', { name: 'Phone app' }).click();
    const call = megan.getByRole('button', { name: `Call ${MEGAN.displayName} with Phone`, exact: true });
    expect(await call.textContent()).toContain('Phone');
    await call.click();
    expect((await callsStarted(page))[0]).toBe('tel:+14255550103');
  });

  it('lists the members of a channel', async () => {
    bs.stack.grantAdminConsent();
    const chats = (await (await fetch(`${bs.stack.graph.url}/_emulator/users/${ALEX.id}/chats`)).json()) as {
      teams: Array<{ id: string; channels: Array<{ id: string; displayName: string }> }>;
    };
    const team = chats.teams[0]!;
    const general = team.channels.find((c) => c.displayName === 'General')!;
    const page = await open({ user: ALEX, where: `team:${team.id}:${general.id}` });
    const channel = tabOf(page).getByRole('region', { name: 'In General' });
    await channel
      .getByRole('listitem')
      .nth(CONTOSO.users.length - 2)
      .waitFor();
    expect(await channel.getByRole('listitem').count()).toBe(CONTOSO.users.length - 1);
    await accessible(page, 'channel members');
  });

  it('shows what it has while the rest loads', async () => {
    bs.stack.grantAdminConsent();
    await fetch(`${bs.stack.graph.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 4000, pathPrefix: '/v1.0/me/contacts' }),
    });
    const page = await open({ user: ALEX, where: oneOnOneChatId(ALEX.id, MEGAN.id) });
    const tab = tabOf(page);
    await tab.getByRole('region', { name: 'In this chat' }).getByRole('listitem', { name: MEGAN.displayName }).waitFor();
    await tab.getByText(/No speed dials yet/).waitFor();
    await tab.getByRole('tab', { name: 'Contacts' }).click();
    // The contacts are still on their way while the rest is usable.
    expect(await tab.getByText('Loading…').count()).toBeGreaterThan(0);
    await screenshot(page, 'teams-08-partial-load');
    await accessible(page, 'partly loaded');
    await tab.getByRole('list', { name: 'Contacts' }).waitFor({ timeout: 15_000 });
  });

  it('follows Teams’ dark and high-contrast themes and speaks the user’s language', async () => {
    bs.stack.grantAdminConsent();
    const page = await open({ user: ALEX, where: oneOnOneChatId(ALEX.id, MEGAN.id), theme: 'dark', locale: 'de-de' });
    const tab = tabOf(page);
    await tab.getByRole('region', { name: 'In diesem Chat' }).getByRole('listitem', { name: MEGAN.displayName }).waitFor();
    expect(await tab.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'teams-09-dark-german');
    await accessible(page, 'dark theme, German');
    await page.locator('#theme').selectOption('contrast');
    await tab.locator('[data-theme="contrast"]').first().waitFor();
    await screenshot(page, 'teams-10-high-contrast');
    await accessible(page, 'high-contrast theme');
  });

  // Last: the runs above authorize in a popup, show people with their photos, call and follow themes.
  it('runs within the add-in pages’ Content-Security-Policy: no page of the tab breaks it', () => {
    expect(violationsOn(bs.cspViolations, bs.stack.tabBaseUrl)).toEqual([]);
  });
});

async function pollUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
