/**
 * The Outlook dev host and the add-in in it, in Debian's Chromium, against the whole local stack.
 *
 * The first part holds the host to Outlook's behaviour (what the stand-in Office answers, what
 * saving writes to Graph, how dialogs are allowed and how their messages come back), calling the
 * stand-in from an add-in page the way add-in code does. The second part runs the add-in itself.
 * Screenshots of each pane state go to test-artifacts/screenshots/.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';
import { collectCspViolations, violationsOn, type CspViolation } from '../csp-violations';
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../../helpers/browser';
import { SETTINGS_CACHE_KEY } from '../../../src/addin/flows/settings-cache';
import { startAddinStack, type AddinStack } from './addin-stack';
import {
  ALEX,
  ASYNC,
  inOffice,
  linkWebexInPopup,
  openDevHost,
  openTaskPane,
  savedEvents,
  shoot,
  signInInPopup,
  userGraphToken,
  itemSnapshot,
  webexMeetingsOf,
} from './devhost-page';

const run = browserAvailable() ? describe : describe.skip;

// Each test may wait a minute for a pane view (paneView below): on a busy machine the browser
// suites run beside each other, each with its own local world.
jest.setTimeout(150_000);

const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';
const MEGAN = 'megan.bowen@contoso.example';
/** Of another organization (Fabrikam), so of another Webex organization. */
const ROSA = 'rosa.marquez@fabrikam.example';
const CUSTOM_PROPERTIES_ID = `String {00020329-0000-0000-c000-000000000046} Name cecp-${ADDIN_ID}`;
/** An add-in page with the office loader and no UI of its own: stands for any add-in page in the contract tests. */
const PLAIN_ADDIN_PAGE = '/commands.html';

run('the Outlook dev host', () => {
  let stack: AddinStack;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  /** Every Content-Security-Policy violation reported by any document of the browser, in any test. */
  let violations: CspViolation[] = [];
  /** The Content-Security-Policy header of every task pane document the browser loaded. */
  const panePolicies: Array<Promise<string | null>> = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startAddinStack(), launchBrowser()]);
    context = browser.context;
    violations = await collectCspViolations(context);
    context.on('response', (response) => {
      if (new URL(response.url()).pathname === '/taskpane.html') panePolicies.push(response.headerValue('content-security-policy'));
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  describe('holds to Outlook’s behaviour', () => {
    it('gives an add-in window the stand-in Office: the signed-in user, the display language, Mailbox 1.13 and no nested app auth', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ lang: 'ru-RU', taskpane: PLAIN_ADDIN_PAGE }));
      // The seeded mailboxes, read from the Graph emulator through the dev server.
      expect(await page.locator('[data-testid="devhost-user"] option').count()).toBe(6);
      const pane = await openTaskPane(page);
      const seen = await inOffice<Record<string, unknown>>(
        pane,
        `await Office.onReady();
         const c = Office.context;
         return { language: c.displayLanguage, email: c.mailbox.userProfile.emailAddress, zone: c.mailbox.userProfile.timeZone,
                  itemType: c.mailbox.item.itemType, m113: c.requirements.isSetSupported('Mailbox', '1.13'),
                  m114: c.requirements.isSetSupported('Mailbox', '1.14'), naa: c.requirements.isSetSupported('NestedAppAuth', '1.1'),
                  status: Office.AsyncResultStatus.Succeeded };`,
      );
      expect(seen).toEqual({
        language: 'ru-RU',
        email: ALEX,
        zone: 'W. Europe Standard Time',
        itemType: 'appointment',
        m113: true,
        m114: false,
        naa: false,
        status: 'succeeded',
      });
      await page.close();
    });

    it('shows what an add-in writes in the form, and saving writes its custom properties as the extended property', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE }));
      const pane = await openTaskPane(page);
      const results = await inOffice<Array<{ status: string }>>(
        pane,
        `${ASYNC}
         const item = Office.context.mailbox.item;
         const a = await call((cb) => item.subject.setAsync('Quarterly review', cb));
         const b = await call((cb) => item.location.setAsync('Room 1', cb));
         const props = (await call((cb) => item.loadCustomPropertiesAsync(cb))).value;
         props.set('webexMeeting', { version: 1, meetingId: 'm-1', createdAt: '2025-06-01T10:00:00.000Z' });
         const c = await call((cb) => props.saveAsync(cb));
         return [a, b, c];`,
      );
      expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(await page.inputValue('[data-testid="devhost-subject"]')).toBe('Quarterly review');
      expect(await page.inputValue('[data-testid="devhost-location"]')).toBe('Room 1');

      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = await page.textContent('[data-testid="devhost-event-id"]');
      const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
      expect(saved?.event.subject).toBe('Quarterly review');
      const property = saved?.event.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === CUSTOM_PROPERTIES_ID.toLowerCase());
      expect(JSON.parse(property?.value ?? '{}')).toEqual({
        webexMeeting: { version: 1, meetingId: 'm-1', createdAt: '2025-06-01T10:00:00.000Z' },
      });
      await page.close();
    });

    it('reopens a saved event with ?eventId=, custom properties included', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE }));
      const pane = await openTaskPane(page);
      await inOffice(
        pane,
        `${ASYNC}
         const item = Office.context.mailbox.item;
         await call((cb) => item.subject.setAsync('Reopened', cb));
         const props = (await call((cb) => item.loadCustomPropertiesAsync(cb))).value;
         props.set('marker', 'kept');
         await call((cb) => props.saveAsync(cb));`,
      );
      const itemId = await inOffice<{ status: string; value: string }>(
        pane,
        `${ASYNC} return call((cb) => Office.context.mailbox.item.saveAsync(cb));`,
      );
      expect(itemId.status).toBe('succeeded');
      const eventId = await page.textContent('[data-testid="devhost-event-id"]');
      await page.close();

      const again = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE, eventId: eventId ?? '' }));
      expect(await again.inputValue('[data-testid="devhost-subject"]')).toBe('Reopened');
      const pane2 = await openTaskPane(again);
      const reread = await inOffice<{ marker: unknown; id: string }>(
        pane2,
        `${ASYNC}
         const item = Office.context.mailbox.item;
         const props = (await call((cb) => item.loadCustomPropertiesAsync(cb))).value;
         const id = (await call((cb) => item.getItemIdAsync(cb))).value;
         return { marker: props.get('marker'), id: Office.context.mailbox.convertToRestId(id, 'v2.0') };`,
      );
      expect(reread).toEqual({ marker: 'kept', id: eventId });
      await again.close();
    });

    it('gives back HTML an add-in wrote the way Outlook rewrites it (office-js issue 5482)', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE }));
      const pane = await openTaskPane(page);
      const html = await inOffice<string>(
        pane,
        `${ASYNC}
         const body = Office.context.mailbox.item.body;
         await call((cb) => body.setAsync('<div style="color: red"><p id="keep">Hello <a href="https://example.webex.com/m">join</a></p></div>', { coercionType: 'html' }, cb));
         return (await call((cb) => body.getAsync('html', cb))).value;`,
      );
      expect(html).toMatch(
        /^<p id="keep" class="elementToProof"><span style="font-family: Aptos, [^"]*">Hello <a href="https:\/\/example.webex.com\/m" data-auth="NotApplicable" data-linkindex="0">join<\/a><\/span><\/p>$/,
      );
      expect(await page.innerHTML('[data-testid="devhost-body"]')).toBe(html);
      await page.close();
    });

    it('with bodyRewrite=5482,6778, wraps the body again on every full write, as Outlook on the web has been seen to (office-js issue 6778)', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE, bodyRewrite: '5482,6778' }));
      const pane = await openTaskPane(page);
      const lengths = await inOffice<number[]>(
        pane,
        `${ASYNC}
         const body = Office.context.mailbox.item.body;
         const seen = [];
         await call((cb) => body.setAsync('<p>Hello</p>', { coercionType: 'html' }, cb));
         for (let i = 0; i < 3; i++) {
           const html = (await call((cb) => body.getAsync('html', cb))).value;
           seen.push((html.match(/<br>/g) || []).length);
           await call((cb) => body.setAsync(html, { coercionType: 'html' }, cb));
         }
         return seen;`,
      );
      expect(lengths).toEqual([1, 2, 3]);
      await page.close();
    });

    it('refuses dialogs that do not start over HTTPS on the host page’s own origin, as Outlook does (12005, 12004)', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE }));
      const pane = await openTaskPane(page);
      const codes = await inOffice<number[]>(
        pane,
        `${ASYNC}
         const open = (url) => call((cb) => Office.context.ui.displayDialogAsync(url, { height: 50, width: 30 }, cb));
         return [(await open(arg.http)).error.code, (await open(arg.otherOrigin)).error.code];`,
        { http: `${stack.backendUrl}/auth/webex/start`, otherOrigin: `${stack.identityUrl}/common/v2.0/.well-known/openid-configuration` },
      );
      expect(codes).toEqual([12005, 12004]);
      await page.close();
    });

    it('relays a message that a page on another origin posts to its opener as the dialog’s DialogMessageReceived', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ taskpane: PLAIN_ADDIN_PAGE }));
      const pane = await openTaskPane(page);
      const popupOpened = context.waitForEvent('page');
      const status = await inOffice<string>(
        pane,
        `${ASYNC}
         window.__messages = [];
         const r = await call((cb) => Office.context.ui.displayDialogAsync(arg, { height: 50, width: 30 }, cb));
         r.value.addEventHandler(Office.EventType.DialogMessageReceived, (e) => window.__messages.push({ message: e.message, origin: e.origin }));
         return r.status;`,
        `${stack.addinUrl}/support.html`,
      );
      expect(status).toBe('succeeded');
      const popup = await popupOpened;
      // The dialog goes on to the backend's Webex-linking result page (local mode: no office.js), which reports a stale state.
      await popup.waitForLoadState('domcontentloaded');
      await popup.evaluate((url) => window.location.assign(url), `${stack.backendUrl}/auth/webex/start?state=stale`);
      await pane.waitForFunction(() => (window as unknown as { __messages: unknown[] }).__messages.length > 0);
      const messages = await pane.evaluate(
        () => (window as unknown as { __messages: Array<{ message: string; origin: string }> }).__messages,
      );
      expect(messages.map((m) => ({ ...m, message: JSON.parse(m.message) as unknown }))).toEqual([
        { message: { type: 'webex-link', status: 'failed', code: 'webex_link_state_invalid' }, origin: new URL(stack.backendUrl).origin },
      ]);
      await popup.close();
      await page.close();
    });

    it('runs the launch-event page on a new appointment and sees its handler complete', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await page.waitForSelector(
        '[data-testid="devhost-log"] li[data-event="launch-event-completed"][data-type="OnNewAppointmentOrganizer"]',
        { state: 'attached', timeout: 30_000 },
      );
      await page.close();
    });

    it('leaves an add-in page opened outside the dev host to Microsoft’s office.js', async () => {
      const page = await context.newPage();
      await page.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.fulfill({ contentType: 'text/javascript', body: 'window.__officeFromCdn = true;' }),
      );
      await page.goto(`${stack.addinUrl}${PLAIN_ADDIN_PAGE}`);
      expect(await page.evaluate(() => (window as unknown as { __officeFromCdn?: boolean }).__officeFromCdn)).toBe(true);
      await shoot(page, 'outside-devhost');
      await page.close();
    });
  });

  describe('runs the add-in', () => {
    /** The event the function-command test saves; the next test opens it again. */
    let savedEventId = '';

    /** Waits for the pane to show `view`; if it does not, says which view it shows (and its error code). */
    const paneView = async (pane: Frame, view: string) => {
      try {
        return await pane.waitForSelector(`[data-testid="addin-pane"][data-view="${view}"]`, { timeout: 60_000 });
      } catch (thrown) {
        const shown = await pane.getAttribute('[data-testid="addin-pane"]', 'data-view', { timeout: 1_000 }).catch(() => 'nothing');
        const code = await pane.getAttribute('[data-testid="addin-error"]', 'data-code', { timeout: 1_000 }).catch(() => null);
        throw new Error(`the pane shows ${shown}${code ? ` (${code})` : ''}, not ${view}: ${(thrown as Error).message.split('\n')[0]}`);
      }
    };

    async function fillAppointment(page: Page, subject: string, start = '2031-03-04T10:00', end = '2031-03-04T11:00'): Promise<void> {
      await page.fill('[data-testid="devhost-subject"]', subject);
      await page.fill('[data-testid="devhost-start"]', start);
      await page.fill('[data-testid="devhost-end"]', end);
      await page.fill('[data-testid="devhost-attendees"]', 'megan.bowen@contoso.example');
      await page.press('[data-testid="devhost-attendees"]', 'Tab');
    }

    const webexMeetings = () => webexMeetingsOf(stack);
    const snapshot = itemSnapshot;

    it('signs in through the Office dialog, links Webex, then lets the backend follow the calendar, from the pane', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      const pane = await openTaskPane(page);
      await paneView(pane, 'signIn');
      await shoot(page, 'pane-sign-in');

      const signIn = context.waitForEvent('page');
      await pane.click('[data-testid="addin-sign-in"]');
      await signInInPopup(await signIn, ALEX);
      await paneView(pane, 'connect');
      await shoot(page, 'pane-connect-webex');

      const link = context.waitForEvent('page');
      await pane.click('[data-testid="addin-connect-webex"]');
      const popup = await link;
      await popup.waitForURL((url) => url.origin === stack.webexUrl, { timeout: 30_000 });
      // A page of another origin in the dialog (here Webex's own) posts a forged answer to the
      // opener; the host relays it with that origin, and the pane ignores it and keeps waiting.
      await popup.evaluate(() =>
        window.opener?.postMessage(JSON.stringify({ type: 'webex-link', status: 'failed', code: 'webex_access_denied' }), '*'),
      );
      await page.waitForSelector(`[data-testid="devhost-log"] li[data-event="dialog-message"][data-origin="${stack.webexUrl}"]`, {
        state: 'attached',
        timeout: 30_000,
      });
      expect(await pane.getAttribute('[data-testid="addin-pane"]', 'data-view')).toBe('progress');
      await linkWebexInPopup(popup, ALEX);
      // Individual mode: the pane asks the backend to follow the calendar (POST /api/microsoft/link). Where the
      // user's sign-in already consented to the calendar permissions, on-behalf-of does it at once; else the pane asks.
      const next = await pane.waitForSelector(
        '[data-testid="addin-pane"][data-view="authorize"], [data-testid="addin-pane"][data-view="noMeeting"]',
        { timeout: 30_000 },
      );
      if ((await next.getAttribute('data-view')) === 'authorize') {
        await shoot(page, 'pane-authorize-calendar');
        const consent = context.waitForEvent('page');
        await pane.click('[data-testid="addin-authorize-calendar"]');
        await signInInPopup(await consent, ALEX);
        await paneView(pane, 'noMeeting');
        expect(await pane.getAttribute('[data-testid="addin-notice"]', 'data-notice')).toBe('calendar.authorized');
      }
      await shoot(page, 'pane-no-meeting');

      await pane.click('[data-testid="addin-open-settings"]');
      await paneView(pane, 'settings');
      expect(await pane.getAttribute('[data-testid="addin-calendar-access"]', 'data-access')).toBe('user');
      expect(await pane.getAttribute('[data-testid="addin-webex-scheduling"]', 'data-scheduling')).toBe('personal');
      // Which Webex account is linked, read from Webex as the settings open.
      expect(await (await pane.waitForSelector('[data-testid="addin-webex-account"]')).getAttribute('data-email')).toBe(ALEX);
      await shoot(page, 'pane-settings-authorization');
      await page.close();
    });

    it('keeps the Webex meeting in step when another client moves the saved event through Graph', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Moved elsewhere');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = ((await snapshot(page)).customProperties?.webexMeeting as { meetingId: string }).meetingId;
      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
      const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
      expect(saved).toBeDefined();

      // As a phone or another Outlook would, through Microsoft Graph with the user's token: the event moves a day later, 15:00–16:30 UTC.
      const token = await userGraphToken(stack, ALEX);
      const moved = await fetch(`${stack.graphUrl}/v1.0/me/events/${saved!.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          start: { dateTime: '2031-03-05T15:00:00', timeZone: 'UTC' },
          end: { dateTime: '2031-03-05T16:30:00', timeZone: 'UTC' },
        }),
      });
      expect(moved.status).toBe(200);

      const wanted = { start: '2031-03-05T15:00:00.000Z', end: '2031-03-05T16:30:00.000Z' };
      const deadline = Date.now() + 60_000;
      let seen: { start?: string; end?: string } = {};
      while (Date.now() < deadline) {
        const meeting = (await webexMeetings()).find((m) => m.id === meetingId);
        seen = { start: meeting?.start, end: meeting?.end };
        if (seen.start === wanted.start && seen.end === wanted.end) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(seen).toEqual(wanted);

      // The pane, opened again on the moved event, shows the meeting at its new time.
      const again = await openDevHost(context, stack.devhostUrl({ eventId }));
      const pane2 = await openTaskPane(again);
      await paneView(pane2, 'meeting');
      await shoot(again, 'pane-followed-graph-move');
      await again.close();
      await page.close();
    });

    it('adds a Webex meeting with the function command, and saving keeps it in Graph', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Design review');
      await page.click('[data-testid="devhost-command-add-webex"]');
      await page.waitForSelector('[data-testid="devhost-command-add-webex"][data-state="completed"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid^="devhost-notification-"][data-type="informationalMessage"]');
      const item = await snapshot(page);
      expect(item.bodyHtml).toMatch(/https:\/\/[^"]*webex[^"]*/i);
      expect(item.customProperties?.webexMeeting).toEqual(expect.objectContaining({ meetingId: expect.any(String) }));
      await shoot(page, 'command-added');

      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
      const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
      const property = saved?.event.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === CUSTOM_PROPERTIES_ID.toLowerCase());
      expect(JSON.parse(property?.value ?? '{}')).toEqual({ webexMeeting: item.customProperties?.webexMeeting });
      savedEventId = eventId;
      await page.close();
    });

    /** Turns "add to every new meeting" on or off, in the roaming settings the pane keeps (the dev host keeps them in localStorage). */
    async function addToEveryNewMeeting(on: boolean): Promise<void> {
      const page = await openDevHost(context, stack.devhostUrl({ launchEvents: 'off' }));
      await page.evaluate(
        ([key, value]) => {
          const { addinId, user } = (window as unknown as { devhost: { addinId: string; user: string } }).devhost;
          const storageKey = `devhost.roaming.${addinId}.${user.toLowerCase()}`;
          const roaming = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, unknown>;
          localStorage.setItem(
            storageKey,
            JSON.stringify({ ...roaming, [key]: { defaultMeetingType: 'scheduled', addToEveryNewMeeting: value } }),
          );
        },
        [SETTINGS_CACHE_KEY, on] as const,
      );
      await page.close();
    }

    it('adds a Webex meeting to every new appointment from the launch event, signed in by Office’s single sign-on', async () => {
      await addToEveryNewMeeting(true);
      try {
        const page = await openDevHost(context, stack.devhostUrl());
        await page.waitForSelector(
          '[data-testid="devhost-log"] li[data-event="launch-event-completed"][data-type="OnNewAppointmentOrganizer"]',
          { state: 'attached', timeout: 60_000 },
        );
        // No MSAL and no dialog in launchevent.js: the token came from the host's Office.auth, and the backend took it.
        const item = await snapshot(page);
        expect(item.bodyHtml).toMatch(/https:\/\/[^"]*webex[^"]*/i);
        expect(item.customProperties?.webexMeeting).toEqual(expect.objectContaining({ meetingId: expect.any(String) }));
        await page.waitForSelector('[data-testid^="devhost-notification-"][data-type="informationalMessage"]', { state: 'attached' });
        await page.close();
      } finally {
        await addToEveryNewMeeting(false);
      }
    });

    it('shows the meeting in the pane when the saved event is opened again, and adding again changes nothing', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ eventId: savedEventId }));
      const pane = await openTaskPane(page);
      await paneView(pane, 'meeting');
      const join = await pane.getAttribute('[data-testid="addin-join-link"]', 'href');
      expect(join).toMatch(/^https:\/\//);
      await shoot(page, 'pane-meeting');

      const before = (await snapshot(page)).bodyHtml;
      const meetingsBefore = (await webexMeetings()).length;
      await page.click('[data-testid="devhost-command-add-webex"]');
      await page.waitForSelector('[data-testid="devhost-command-add-webex"][data-state="completed"]', { timeout: 60_000 });
      const after = (await snapshot(page)).bodyHtml;
      expect(after).toBe(before);
      expect((await webexMeetings()).length).toBe(meetingsBefore);
      await page.close();
    });

    it('adds a meeting from the pane and removes it again', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Pane meeting');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      expect(await page.innerHTML('[data-testid="devhost-body"]')).toMatch(/webex/i);
      await shoot(page, 'pane-added');

      await pane.click('[data-testid="addin-remove-meeting"]');
      await paneView(pane, 'noMeeting');
      const item = await snapshot(page);
      expect(item.bodyHtml).not.toMatch(/webex/i);
      expect(item.customProperties?.webexMeeting).toBeUndefined();
      await shoot(page, 'pane-removed');
      await page.close();
    });

    it('moves the Webex meeting when the appointment’s start moves while the pane is open', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Moving meeting');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      // Europe/Berlin is UTC+1 in early March.
      await page.fill('[data-testid="devhost-start"]', '2031-03-04T14:00');
      await pane.waitForSelector('[data-testid="addin-notice"][data-notice="meeting.followed"]', { timeout: 30_000 });
      const meetingId = (await snapshot(page)).customProperties?.webexMeeting as { meetingId: string };
      const meeting = (await webexMeetings()).find((m) => m.id === meetingId.meetingId);
      expect({ start: meeting?.start, end: meeting?.end }).toEqual({ start: '2031-03-04T13:00:00.000Z', end: '2031-03-04T14:00:00.000Z' });
      await shoot(page, 'pane-followed-time');
      await page.close();
    });

    it('adds a weekly series as a recurring Webex meeting and saves the series to Graph', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Weekly sync');
      await page.selectOption('[data-testid="devhost-recurrence"]', 'weekly');
      await page.fill('[data-testid="devhost-recurrence-until"]', '2031-04-29');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = ((await snapshot(page)).customProperties?.webexMeeting as { meetingId: string }).meetingId;
      expect((await webexMeetings()).find((m) => m.id === meetingId)?.recurrence).toMatch(/FREQ=WEEKLY.*BYDAY=TU/);

      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = await page.textContent('[data-testid="devhost-event-id"]');
      const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
      expect(saved?.event.recurrence).toEqual(
        expect.objectContaining({
          pattern: expect.objectContaining({ type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }),
          range: expect.objectContaining({ type: 'endDate', startDate: '2031-03-04', endDate: '2031-04-29' }),
        }),
      );
      await page.close();
    });

    it('adds a meeting with the attendees as Webex invitees and the alternate host chosen in the pane; reopened, it shows them and saves a change', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'With alternate hosts');
      await page.fill('[data-testid="devhost-attendees"]', `${MEGAN}; ${ROSA}`);
      await page.press('[data-testid="devhost-attendees"]', 'Tab');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      const megan = await pane.waitForSelector(`[data-testid="addin-alternate-host-${MEGAN}"]`, { timeout: 30_000 });
      const rosa = await pane.waitForSelector(`[data-testid="addin-alternate-host-${ROSA}"]`);
      expect(await megan.isDisabled()).toBe(false);
      // Another Webex organization: shown, not selectable, with why.
      expect(await rosa.isDisabled()).toBe(true);
      expect(await pane.getAttribute(`[data-testid="addin-alternate-host-${ROSA}-why"]`, 'data-reason')).toBe('other_organization');
      await megan.check();
      await shoot(page, 'pane-alternate-hosts');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = ((await snapshot(page)).customProperties?.webexMeeting as { meetingId: string }).meetingId;
      const inWebex = (await webexMeetings()).find((m) => m.id === meetingId);
      expect(inWebex?.invitees.map((i) => [i.email, i.coHost]).sort()).toEqual([
        [MEGAN, true],
        [ROSA, false],
      ]);
      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
      await page.close();

      const again = await openDevHost(context, stack.devhostUrl({ eventId }));
      const pane2 = await openTaskPane(again);
      await paneView(pane2, 'meeting');
      expect(await pane2.textContent('[data-testid="addin-alternate-hosts-summary"]')).toContain(MEGAN);
      await pane2.click('[data-testid="addin-change-options"]');
      const checked = await pane2.waitForSelector(`[data-testid="addin-alternate-host-${MEGAN}"]`);
      expect(await checked.isChecked()).toBe(true);
      await shoot(again, 'pane-alternate-hosts-reopened');
      await checked.uncheck();
      await pane2.click('[data-testid="addin-save-options"]');
      await pane2.waitForSelector('[data-testid="addin-notice"][data-notice="meeting.optionsSaved"]', { timeout: 30_000 });
      expect((await webexMeetings()).find((m) => m.id === meetingId)?.invitees.find((i) => i.email === MEGAN)?.coHost).toBe(false);
      await again.close();
    });

    it('adds a meeting on the Webex site, from the template and with the audio, minutes before the host and lobby chosen in the pane; reopened, it shows them and saves a change', async () => {
      // Alex hosts on a second Webex site: the pane offers the choice.
      const added = await fetch(`${stack.webexUrl}/_emulator/people/sites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ALEX, siteUrl: 'contoso-events.webex.com' }),
      });
      expect(added.status).toBe(201);
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'With Webex options', '2031-05-06T10:00', '2031-05-06T11:00');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.waitForSelector('[data-testid="addin-site"]', { timeout: 30_000 });
      expect(await pane.inputValue('[data-testid="addin-site"]')).toBe('contoso.webex.com');
      await pane.selectOption('[data-testid="addin-site"]', 'contoso-events.webex.com');
      // The site's own template (not its standard one): what it sets is shown before adding.
      const templates = await pane.$$eval('[data-testid="addin-template"] option', (options) =>
        options.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
      );
      const team = templates.find((o) => o.text.startsWith('Team meeting'));
      expect(team).toBeDefined();
      await pane.selectOption('[data-testid="addin-template"]', team?.value ?? '');
      await pane.waitForFunction(
        () => (document.querySelector('[data-testid="addin-join-before-host-minutes"]') as HTMLSelectElement | null)?.value === '10',
        undefined,
        { timeout: 30_000 },
      );
      expect(await pane.inputValue('[data-testid="addin-audio"]')).toBe('VoIP');
      expect(await pane.inputValue('[data-testid="addin-lobby"]')).toBe('allowJoinWithLobby');
      await pane.selectOption('[data-testid="addin-join-before-host-minutes"]', '15');
      await pane.selectOption('[data-testid="addin-audio"]', 'webexAudio');
      await pane.uncheck('[data-testid="addin-audio-toll-free"]');
      await pane.selectOption('[data-testid="addin-lobby"]', 'blockFromJoin');
      await shoot(page, 'pane-webex-options');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = ((await snapshot(page)).customProperties?.webexMeeting as { meetingId: string }).meetingId;
      const inWebex = (await webexMeetings()).find((m) => m.id === meetingId);
      expect(inWebex?.siteUrl).toBe('contoso-events.webex.com');
      expect(inWebex?.options).toMatchObject({
        enabledJoinBeforeHost: true,
        joinBeforeHostMinutes: 15,
        // From the template alone: the pane does not set it.
        enableConnectAudioBeforeHost: true,
        unlockedMeetingJoinSecurity: 'blockFromJoin',
        audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false, enabledGlobalCallIn: true },
      });
      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
      await page.close();

      const again = await openDevHost(context, stack.devhostUrl({ eventId }));
      const pane2 = await openTaskPane(again);
      await paneView(pane2, 'meeting');
      expect(await pane2.textContent('[data-testid="addin-meeting-site"]')).toBe('contoso-events.webex.com');
      expect(await pane2.getAttribute('[data-testid="addin-meeting-audio"] [data-audio]', 'data-audio')).toBe('webexAudio');
      expect(await pane2.getAttribute('[data-testid="addin-meeting-join-before-host"] [data-minutes]', 'data-minutes')).toBe('15');
      expect(await pane2.getAttribute('[data-testid="addin-meeting-lobby"] [data-lobby]', 'data-lobby')).toBe('blockFromJoin');
      await shoot(again, 'pane-webex-options-reopened');
      await pane2.click('[data-testid="addin-change-options"]');
      await pane2.waitForSelector('[data-testid="addin-lobby"]');
      expect(await pane2.$('[data-testid="addin-site"]')).toBeNull();
      expect(await pane2.isChecked('[data-testid="addin-audio-toll-free"]')).toBe(false);
      await pane2.selectOption('[data-testid="addin-audio"]', 'VoIP');
      await pane2.selectOption('[data-testid="addin-lobby"]', 'allowJoin');
      await pane2.selectOption('[data-testid="addin-join-before-host-minutes"]', '5');
      await pane2.click('[data-testid="addin-save-options"]');
      await pane2.waitForSelector('[data-testid="addin-notice"][data-notice="meeting.optionsSaved"]', { timeout: 30_000 });
      expect((await webexMeetings()).find((m) => m.id === meetingId)?.options).toMatchObject({
        joinBeforeHostMinutes: 5,
        unlockedMeetingJoinSecurity: 'allowJoin',
        audioConnectionOptions: { audioConnectionType: 'VoIP' },
      });
      expect(await pane2.getAttribute('[data-testid="addin-meeting-lobby"] [data-lobby]', 'data-lobby')).toBe('allowJoin');
      await again.close();

      // Reopened once more: what Webex now has.
      const third = await openDevHost(context, stack.devhostUrl({ eventId }));
      const pane3 = await openTaskPane(third);
      await paneView(pane3, 'meeting');
      expect(await pane3.getAttribute('[data-testid="addin-meeting-audio"] [data-audio]', 'data-audio')).toBe('VoIP');
      expect(await pane3.getAttribute('[data-testid="addin-meeting-join-before-host"] [data-minutes]', 'data-minutes')).toBe('5');
      expect(await pane3.textContent('[data-testid="addin-meeting-site"]')).toBe('contoso-events.webex.com');
      // Computer audio only: no dial-in numbers.
      expect(await pane3.$('[data-testid="addin-dial-in"]')).toBeNull();
      await third.close();
    });

    it('shows when the Webex meeting is out of step and why, and brings it in step on "try again"', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Stretched');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = ((await snapshot(page)).customProperties?.webexMeeting as { meetingId: string }).meetingId;
      await page.click('[data-testid="devhost-save"]');
      await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
      const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
      const saved = (await savedEvents(stack)).find((e) => e.immutableId === eventId || e.id === eventId);
      await page.close();

      // Another client stretches the appointment past Webex's longest meeting (23 h 59 min).
      const token = await userGraphToken(stack, ALEX);
      const patch = (body: unknown) =>
        fetch(`${stack.graphUrl}/v1.0/me/events/${saved!.id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
      expect((await patch({ end: { dateTime: '2031-03-05T12:00:00', timeZone: 'UTC' } })).status).toBe(200);

      // Opened again, the pane says what is out of step, in the user's words, until the backend has seen it.
      let again: Page | undefined;
      let pane2: Frame | undefined;
      const deadline = Date.now() + 60_000;
      for (;;) {
        again = await openDevHost(context, stack.devhostUrl({ eventId }));
        pane2 = await openTaskPane(again);
        await paneView(pane2, 'meeting');
        if (await pane2.$('[data-testid="addin-sync-problem"]')) break;
        await again.close();
        if (Date.now() > deadline) throw new Error('the sync problem was never shown');
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(await pane2.getAttribute('[data-testid="addin-sync-problem"]', 'data-codes')).toBe('meeting_too_long');
      expect(await pane2.textContent('[data-testid="addin-sync-problem"]')).toContain('23 hours 59 minutes');
      expect(await pane2.getAttribute('[data-testid="addin-meeting"]', 'data-in-step')).toBe('false');
      await shoot(again, 'pane-sync-problem');
      // Webex kept its earlier time.
      expect((await webexMeetings()).find((m) => m.id === meetingId)?.end).toBe('2031-03-04T10:00:00.000Z');

      // The organizer shortens it elsewhere again, then tries again from the pane.
      expect((await patch({ end: { dateTime: '2031-03-04T11:00:00', timeZone: 'UTC' } })).status).toBe(200);
      await pane2.click('[data-testid="addin-sync-retry"]');
      await pane2.waitForSelector('[data-testid="addin-notice"][data-notice="sync.inStep"]', { timeout: 30_000 });
      expect(await pane2.$('[data-testid="addin-sync-problem"]')).toBeNull();
      expect((await webexMeetings()).find((m) => m.id === meetingId)?.end).toBe('2031-03-04T11:00:00.000Z');
      await again.close();
    });

    it('follows Outlook’s dark theme', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ theme: 'dark' }));
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      expect(await pane.getAttribute('[data-theme]', 'data-theme')).toBe('dark');
      await shoot(page, 'pane-dark');
      await page.close();
    });

    it('speaks Russian when Outlook’s display language is ru-RU', async () => {
      const page = await openDevHost(context, stack.devhostUrl({ lang: 'ru-RU' }));
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      expect(await pane.evaluate(() => document.documentElement.lang)).toMatch(/^ru/);
      expect(await pane.textContent('[data-testid="addin-add-meeting"]')).toMatch(/[А-Яа-яЁё]/);
      await shoot(page, 'pane-ru-RU');
      await page.close();
    });

    it('shows an error with a way forward when Webex fails, and tries again', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Webex is down');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      await fetch(`${stack.webexUrl}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 503, pathPrefix: '/v1/meetings', method: 'POST', retryAfter: 0 }),
      });
      try {
        await pane.click('[data-testid="addin-add-meeting"]');
        await paneView(pane, 'error');
        expect(await pane.getAttribute('[data-testid="addin-error"]', 'data-code')).toBeTruthy();
        await shoot(page, 'pane-error-webex-unavailable');
      } finally {
        await fetch(`${stack.webexUrl}/_emulator/faults`, { method: 'DELETE' });
      }
      await pane.click('[data-testid="addin-retry"]');
      await paneView(pane, 'meeting');
      await page.close();
    });

    it('refuses an all-day appointment with a sentence, not a meeting', async () => {
      const page = await openDevHost(context, stack.devhostUrl());
      await fillAppointment(page, 'Offsite');
      await page.check('[data-testid="devhost-all-day"]');
      const pane = await openTaskPane(page);
      await paneView(pane, 'noMeeting');
      const meetingsBefore = (await webexMeetings()).length;
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'error');
      expect(await pane.getAttribute('[data-testid="addin-error"]', 'data-code')).toBe('all_day_not_supported');
      expect((await webexMeetings()).length).toBe(meetingsBefore);
      await shoot(page, 'pane-error-all-day');
      await page.close();
    });
  });

  // Last: the runs above are what the pane does under the dev host (sign-in, dialogs, meetings, themes, languages).
  it('runs the task pane under the production Content-Security-Policy, and no add-in page breaks it', async () => {
    const policies = new Set(await Promise.all(panePolicies));
    expect([...policies]).toEqual([addinContentSecurityPolicy({ apiBaseUrl: stack.backendUrl, authorityHost: stack.identityUrl })]);
    expect(violationsOn(violations, stack.addinUrl)).toEqual([]);
  });
});
