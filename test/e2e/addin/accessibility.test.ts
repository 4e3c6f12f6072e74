/**
 * The task pane's accessibility, in the Outlook dev host against the whole local stack: the add flow
 * with the keyboard alone, from a new appointment (sign in, connect Webex, authorize the calendar
 * when asked, add the meeting), and axe-core (test/helpers/accessibility.ts) on every state of the
 * pane — no serious or critical violation. A new state is checked by reaching it and calling
 * `expectAccessible(pane, '<name>')`.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { EVERY_IMPACT, expectAccessible } from '../../helpers/accessibility';
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../../helpers/browser';
import { focusIn, tabTo } from '../../helpers/keyboard';
import { collectCspViolations, violationsOn, type CspViolation } from '../csp-violations';
import { startAddinStack, type AddinStack } from './addin-stack';
import {
  ALEX,
  IRINA,
  itemSnapshot,
  MEGAN,
  openDevHost,
  openTaskPane,
  paneView,
  savedEvents,
  signInInPopup,
  taskPane,
  userGraphToken,
  webexMeetingsOf,
} from './devhost-page';

const run = browserAvailable() ? describe : describe.skip;

/** The views with a heading are held to axe's best practices too: one top-level main landmark, a first-level heading. */
const strict = { failOn: EVERY_IMPACT };

/** Of another organization (Fabrikam): offered as an alternate host, not selectable, with why. */
const ROSA = 'rosa.marquez@fabrikam.example';

run('the task pane’s accessibility in the Outlook dev host', () => {
  let stack: AddinStack;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let violations: CspViolation[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startAddinStack(), launchBrowser()]);
    context = browser.context;
    violations = await collectCspViolations(context);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const oneOf = (pane: Frame, ...views: string[]) => paneView(pane, ...views).then((e) => e.getAttribute('data-view'));

  async function newAppointment(params: Record<string, string>, subject: string, attendees = MEGAN, inContext = context): Promise<Page> {
    const page = await openDevHost(inContext, stack.devhostUrl(params));
    await page.fill('[data-testid="devhost-subject"]', subject);
    await page.fill('[data-testid="devhost-start"]', '2031-05-06T10:00');
    await page.fill('[data-testid="devhost-end"]', '2031-05-06T11:00');
    await page.fill('[data-testid="devhost-attendees"]', attendees);
    await page.press('[data-testid="devhost-attendees"]', 'Tab');
    return page;
  }

  /**
   * The emulators' sign-in and Webex pages stand for Microsoft's and Webex's, which are not ours to
   * check: they are worked with key presses on their buttons (Enter), not tabbed through.
   */
  async function signInWithKeys(popup: Page, upn: string): Promise<void> {
    await popup.waitForLoadState('domcontentloaded');
    await popup.locator(`[data-testid="identity-user-${upn}"]`).press('Enter');
    await popup.locator('[data-testid="identity-sign-in"]').press('Enter');
    const accept = popup.locator('[data-testid="identity-accept"]');
    try {
      await accept.waitFor({ timeout: 3000 });
      await accept.press('Enter');
    } catch {
      // No consent page: consent was given already.
    }
  }

  async function linkWebexWithKeys(popup: Page, email: string): Promise<void> {
    await popup.waitForURL((url) => url.origin === stack.webexUrl, { timeout: 30_000 });
    const user = popup.locator(`[data-testid="webex-user-${email}"]`);
    if (await user.count()) await user.press('Enter');
    await popup.locator('[data-testid="webex-accept"]').press('Enter');
  }

  /** Where focus is after a view appeared: on its heading, so that the new content is read first. */
  async function expectFocusOnHeading(pane: Frame): Promise<void> {
    await pane.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, { timeout: 5000 }).catch(() => undefined);
    expect(await focusIn(pane)).toMatch(/^h1 /);
  }

  it('adds a Webex meeting with the keyboard alone, from a new appointment: sign in, connect Webex, authorize the calendar, add', async () => {
    const page = await newAppointment({}, 'Keyboard only');
    // Outlook's own button opens the pane; Enter on it, as on Outlook's ribbon.
    await page.locator('[data-testid="devhost-open-taskpane"]').press('Enter');
    const pane = await taskPane(page);

    await paneView(pane, 'signIn');
    await expectAccessible(pane, 'sign in', strict);
    // The heading of the new view has focus: Tab goes on within the pane.
    await expectFocusOnHeading(pane);
    const signIn = context.waitForEvent('page');
    await tabTo(page, pane, '[data-testid="addin-sign-in"]');
    await page.keyboard.press('Enter');
    await signInWithKeys(await signIn, ALEX);

    await paneView(pane, 'connect');
    await expectAccessible(pane, 'connect Webex', strict);
    await expectFocusOnHeading(pane);
    const link = context.waitForEvent('page');
    await tabTo(page, pane, '[data-testid="addin-connect-webex"]');
    await page.keyboard.press('Space');
    await linkWebexWithKeys(await link, ALEX);

    if ((await oneOf(pane, 'authorize', 'noMeeting')) === 'authorize') {
      await expectAccessible(pane, 'authorize the calendar', strict);
      await expectFocusOnHeading(pane);
      const consent = context.waitForEvent('page');
      await tabTo(page, pane, '[data-testid="addin-authorize-calendar"]');
      await page.keyboard.press('Enter');
      await signInWithKeys(await consent, ALEX);
      await paneView(pane, 'noMeeting');
    }
    await expectAccessible(pane, 'add meeting, with a notice', strict);
    await expectFocusOnHeading(pane);
    // Through the options (each with a visible focus indicator) to Add.
    const order = await tabTo(page, pane, '[data-testid="addin-add-meeting"]');
    expect(order.join('\n')).toMatch(/addin-join-before-host[\s\S]*addin-add-meeting/);
    await page.keyboard.press('Enter');

    await paneView(pane, 'meeting');
    await expectFocusOnHeading(pane);
    await expectAccessible(pane, 'meeting details', strict);
    const item = await itemSnapshot(page);
    expect(item.bodyHtml).toMatch(/https:\/\/[^"]*webex[^"]*/i);
    const meetingId = (item.customProperties?.webexMeeting as { meetingId: string } | undefined)?.meetingId;
    expect((await webexMeetingsOf(stack)).find((m) => m.id === meetingId)?.title).toBe('Keyboard only');

    // The settings and back, also by keyboard: focus returns to the view's heading each time.
    await tabTo(page, pane, '[data-testid="addin-open-settings"]', { backwards: true });
    await page.keyboard.press('Enter');
    await paneView(pane, 'settings');
    await expectFocusOnHeading(pane);
    await tabTo(page, pane, '[data-testid="addin-close-settings"]');
    await page.keyboard.press('Enter');
    await paneView(pane, 'meeting');
    await expectFocusOnHeading(pane);
    await page.close();
  });

  it('passes axe in the settings, with the options being changed, and after saving them', async () => {
    const page = await newAppointment({}, 'Options', `${MEGAN}; ${ROSA}`);
    const pane = await openTaskPane(page);
    await paneView(pane, 'noMeeting');
    await pane.waitForSelector(`[data-testid="addin-alternate-host-${ROSA}-why"]`, { timeout: 30_000 });
    await expectAccessible(pane, 'add meeting, with alternate hosts (one not selectable)');
    await pane.click('[data-testid="addin-type-personal-room"]');
    await expectAccessible(pane, 'add meeting, personal room (recording disabled)');
    await pane.click('[data-testid="addin-type-scheduled"]');
    await pane.check(`[data-testid="addin-alternate-host-${MEGAN}"]`);
    await pane.click('[data-testid="addin-add-meeting"]');
    await paneView(pane, 'meeting');
    await pane.click('[data-testid="addin-change-options"]');
    await pane.waitForSelector('[data-testid="addin-options-form"]');
    await expectAccessible(pane, 'meeting, changing its options');
    await pane.click('[data-testid="addin-join-before-host"]');
    await pane.click('[data-testid="addin-save-options"]');
    await pane.waitForSelector('[data-testid="addin-notice"][data-notice="meeting.optionsSaved"]', { timeout: 30_000 });
    await expectAccessible(pane, 'meeting, options saved notice');

    await pane.click('[data-testid="addin-open-settings"]');
    await paneView(pane, 'settings');
    await pane.waitForSelector('[data-testid="addin-webex-account"]');
    await expectAccessible(pane, 'settings', strict);
    // Alex lets his delegates add meetings (the delegate test below needs it).
    await pane.check('[data-testid="addin-allow-delegates"]');
    await pane.click('[data-testid="addin-save-settings"]');
    await pane.waitForSelector('[data-testid="addin-notice"][data-notice="settings.saved"]', { timeout: 30_000 });
    await expectAccessible(pane, 'settings saved notice');
    await page.close();
  });

  it('passes axe while work is under way, and on errors with their ways forward', async () => {
    const page = await newAppointment({}, 'Errors');
    const pane = await openTaskPane(page);
    await paneView(pane, 'noMeeting');
    const fault = (rule: unknown) =>
      fetch(`${stack.webexUrl}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(rule),
      });
    try {
      await fault({ latencyMs: 4000, pathPrefix: '/v1/meetings', method: 'POST', count: 1 });
      await pane.click('[data-testid="addin-add-meeting"]');
      await pane.waitForSelector('[data-testid="addin-progress"][data-task="adding"]');
      await expectAccessible(pane, 'progress: adding');
      await paneView(pane, 'meeting');
      await pane.click('[data-testid="addin-remove-meeting"]');
      await paneView(pane, 'noMeeting');

      await fault({ status: 503, pathPrefix: '/v1/meetings', method: 'POST', retryAfter: 0 });
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'error');
      await expectAccessible(pane, 'error: Webex unavailable');
    } finally {
      await fetch(`${stack.webexUrl}/_emulator/faults`, { method: 'DELETE' });
    }
    // Focus is on the error, so that its way forward is the next Tab.
    expect(await focusIn(pane)).toMatch(/data-testid=addin-error/);
    await tabTo(page, pane, '[data-testid="addin-retry"]');
    await page.keyboard.press('Enter');
    await paneView(pane, 'meeting');
    await page.close();

    const allDay = await newAppointment({}, 'Offsite');
    await allDay.check('[data-testid="devhost-all-day"]');
    const pane2 = await openTaskPane(allDay);
    await paneView(pane2, 'noMeeting');
    await pane2.click('[data-testid="addin-add-meeting"]');
    await paneView(pane2, 'error');
    await expectAccessible(pane2, 'error: all-day appointment');
    await allDay.close();
  });

  it('passes axe when the meeting is out of step with the appointment', async () => {
    const page = await newAppointment({}, 'Stretched');
    const pane = await openTaskPane(page);
    await paneView(pane, 'noMeeting');
    await pane.click('[data-testid="addin-add-meeting"]');
    await paneView(pane, 'meeting');
    await page.click('[data-testid="devhost-save"]');
    await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
    const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
    const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
    await page.close();
    // Past Webex's longest meeting, by another client.
    const token = await userGraphToken(stack, ALEX);
    const patched = await fetch(`${stack.graphUrl}/v1.0/me/events/${saved!.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ end: { dateTime: '2031-05-07T12:00:00', timeZone: 'UTC' } }),
    });
    expect(patched.status).toBe(200);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const again = await openDevHost(context, stack.devhostUrl({ eventId }));
      const pane2 = await openTaskPane(again);
      await paneView(pane2, 'meeting');
      if (await pane2.$('[data-testid="addin-sync-problem"]')) {
        await expectAccessible(pane2, 'meeting out of step (sync problem)');
        await again.close();
        break;
      }
      await again.close();
      if (Date.now() > deadline) throw new Error('the sync problem was never shown');
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  it.each(['dark', 'contrast'])('passes axe in Outlook’s %s theme', async (theme) => {
    const page = await newAppointment({ theme }, `Theme ${theme}`);
    const pane = await openTaskPane(page);
    await paneView(pane, 'noMeeting');
    await expectAccessible(pane, `add meeting, ${theme} theme`);
    await pane.click('[data-testid="addin-add-meeting"]');
    await paneView(pane, 'meeting');
    await expectAccessible(pane, `meeting details, ${theme} theme`);
    await pane.click('[data-testid="addin-open-settings"]');
    await paneView(pane, 'settings');
    await expectAccessible(pane, `settings, ${theme} theme`);
    await page.close();
  });

  it('passes axe for a delegate in someone else’s calendar, and when refused', async () => {
    // Megan on her own computer: a browser where Alex never signed in.
    const megans = await launchBrowser();
    const seen = await collectCspViolations(megans.context);
    try {
      const page = await newAppointment({ user: MEGAN, owner: ALEX }, 'For Alex', IRINA, megans.context);
      const pane = await openTaskPane(page);
      await paneView(pane, 'signIn');
      const signIn = megans.context.waitForEvent('page');
      await pane.click('[data-testid="addin-sign-in"]');
      await signInInPopup(await signIn, MEGAN);
      if ((await oneOf(pane, 'authorize', 'noMeeting')) === 'authorize') {
        await expectAccessible(pane, 'delegate: authorize');
        const consent = megans.context.waitForEvent('page');
        await pane.click('[data-testid="addin-authorize-calendar"]');
        await signInInPopup(await consent, MEGAN);
        await paneView(pane, 'noMeeting');
      }
      await pane.waitForSelector('[data-testid="addin-on-behalf-of"]');
      await expectAccessible(pane, 'delegate: add meeting for the owner');
      await page.close();

      const refused = await openDevHost(megans.context, stack.devhostUrl({ user: MEGAN, owner: IRINA }));
      const pane2 = await openTaskPane(refused);
      if ((await oneOf(pane2, 'signIn', 'error')) === 'signIn') {
        const again = megans.context.waitForEvent('page');
        await pane2.click('[data-testid="addin-sign-in"]');
        await signInInPopup(await again, MEGAN);
      }
      await paneView(pane2, 'error');
      await expectAccessible(pane2, 'delegate: refused');
      await refused.close();
    } finally {
      violations.push(...seen);
      await megans.close();
    }
  });

  // Last: axe ran in its own world, and the pane under the production policy saw no violation.
  it('leaves the add-in pages’ Content-Security-Policy unbroken', () => {
    expect(violationsOn(violations, stack.addinUrl)).toEqual([]);
  });
});
