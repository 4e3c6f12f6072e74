/**
 * A delegate in the Outlook dev host, in Debian's Chromium, against the whole local stack (an
 * individual-mode tenant): Megan, Alex's delegate in the seed, opens a new appointment in Alex's
 * calendar (`devhost.html?user=<Megan>&owner=<Alex>`, the stand-in for Office's shared
 * properties). The pane says for whom the meeting is made and what Alex has still to do, adds the
 * meeting — hosted by Alex in Webex, with Alex's own grant — and saving writes the appointment into
 * Alex's calendar.
 *
 * Alex's part is done over HTTP first, as Alex's own add-in would: link Webex, and turn on "Let my
 * Outlook delegates add Webex meetings for me".
 */
import type { BrowserContext, Frame } from 'playwright-core';
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../../helpers/browser';
import { startAddinStack, type AddinStack } from './addin-stack';
import * as setup from './api-setup';
import { ALEX, MEGAN, openDevHost, openTaskPane, savedEvents, shoot, signInInPopup } from './devhost-page';

const run = browserAvailable() ? describe : describe.skip;
const ALEX_ID = '00000000-0000-4000-8000-000000000002';

run('a delegate in the Outlook dev host', () => {
  let stack: AddinStack;
  let browser: LaunchedBrowser;
  let context: BrowserContext;

  const apiToken = (upn: string, password: string) => setup.apiToken(stack, upn, password);
  const api = (token: string, method: string, path: string, body?: unknown) => setup.api(stack, token, method, path, body);

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startAddinStack(), launchBrowser()]);
    context = browser.context;
    const alex = await apiToken(ALEX, 'Alex-Local-1!');
    await setup.linkWebex(stack, alex, ALEX);
    const saved = await api(alex, 'PUT', '/me/settings', { allowDelegates: true });
    if (saved.status !== 200) throw new Error(`Alex's settings answered ${saved.status}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const paneView = (pane: Frame, view: string) =>
    pane.waitForSelector(`[data-testid="addin-pane"][data-view="${view}"]`, { timeout: 30_000 });

  it('adds a Webex meeting hosted by the calendar’s owner, and saves the appointment in the owner’s calendar', async () => {
    const page = await openDevHost(context, stack.devhostUrl({ user: MEGAN, owner: ALEX }));
    await page.fill('[data-testid="devhost-subject"]', 'Budget review for Alex');
    await page.fill('[data-testid="devhost-start"]', '2031-06-03T10:00');
    await page.fill('[data-testid="devhost-end"]', '2031-06-03T11:00');
    const pane = await openTaskPane(page);
    await paneView(pane, 'signIn');
    const signIn = context.waitForEvent('page');
    await pane.click('[data-testid="addin-sign-in"]');
    await signInInPopup(await signIn, MEGAN);

    // Megan has no Webex of her own to link: Alex's is used. Her consent to shared calendars may be asked once.
    const next = await pane.waitForSelector(
      '[data-testid="addin-pane"][data-view="authorize"], [data-testid="addin-pane"][data-view="noMeeting"]',
      { timeout: 30_000 },
    );
    if ((await next.getAttribute('data-view')) === 'authorize') {
      const consent = context.waitForEvent('page');
      await pane.click('[data-testid="addin-authorize-calendar"]');
      await signInInPopup(await consent, MEGAN);
      await paneView(pane, 'noMeeting');
    }
    const forWhom = await pane.waitForSelector('[data-testid="addin-on-behalf-of"]');
    expect(await forWhom.getAttribute('data-owner')).toBe(ALEX);
    expect(await forWhom.textContent()).toContain('Alex Wilber');
    // Alex never let the backend follow his calendar: the pane says later edits will not be followed.
    expect(await pane.getAttribute('[data-testid="addin-owner-actions"]', 'data-actions')).toBe('authorize_calendar');
    await shoot(page, 'delegate-no-meeting');

    await pane.click('[data-testid="addin-add-meeting"]');
    await paneView(pane, 'meeting');
    await shoot(page, 'delegate-meeting');
    const item = await page.evaluate(() =>
      (
        window as unknown as { devhost: { snapshot(): { customProperties?: { webexMeeting?: { meetingId: string } } } } }
      ).devhost.snapshot(),
    );
    const meetingId = item.customProperties?.webexMeeting?.meetingId;
    expect(meetingId).toEqual(expect.any(String));
    const meetings = (
      (await (await fetch(`${stack.webexUrl}/_emulator/meetings`)).json()) as { items: Array<{ id: string; hostEmail: string }> }
    ).items;
    expect(meetings.find((m) => m.id === meetingId)?.hostEmail).toBe(ALEX);

    await page.click('[data-testid="devhost-save"]');
    await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
    const eventId = await page.textContent('[data-testid="devhost-event-id"]');
    const inAlexs = (await savedEvents(stack, ALEX_ID)).find((e) => e.immutableId === eventId || e.id === eventId);
    expect(inAlexs?.event.subject).toBe('Budget review for Alex');
    expect((await savedEvents(stack)).filter((e) => e.event.subject === 'Budget review for Alex').map((e) => e.userId)).toEqual([ALEX_ID]);
    await page.close();
  });

  it('refuses someone whose calendar it is not, with a sentence', async () => {
    const page = await openDevHost(context, stack.devhostUrl({ user: MEGAN, owner: 'irina.petrova@contoso.example' }));
    const pane = await openTaskPane(page);
    const first = await pane.waitForSelector(
      '[data-testid="addin-pane"][data-view="signIn"], [data-testid="addin-pane"][data-view="error"]',
      { timeout: 30_000 },
    );
    if ((await first.getAttribute('data-view')) === 'signIn') {
      const signIn = context.waitForEvent('page');
      await pane.click('[data-testid="addin-sign-in"]');
      await signInInPopup(await signIn, MEGAN);
    }
    await paneView(pane, 'error');
    expect(await pane.getAttribute('[data-testid="addin-error"]', 'data-code')).toBe('delegate_access_required');
    await shoot(page, 'delegate-refused');
    await page.close();
  });
});
