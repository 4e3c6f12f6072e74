/**
 * The local world survives a restart of `npm start`: the real launcher on spare ports with a
 * temporary DATA_DIR; in the Outlook dev host (Debian's Chromium) the user links Webex, adds a
 * meeting and saves; Ctrl-C; `npm start` again on the same DATA_DIR. The event and its meeting are
 * still in the Graph and Webex emulators, a second meeting is added without a Webex window (the
 * grant survived), and a move of the first event through Graph still reaches Webex (the
 * subscription survived). With every port moved, this is also the second stack beside a first:
 * the Teams dev host must reach these emulators, not the default ports. Last, `npm start -- --fresh`
 * starts over from the seed.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/world/free-port';
import { LOCAL_APP } from '../../src/server/config';
import { browserAvailable, launchBrowser, type LaunchedBrowser } from '../helpers/browser';
import { ALEX, linkWebexInPopup, openDevHost, openTaskPane, shoot, signInInPopup } from './addin/devhost-page';
import { startLauncher, type Launcher } from './launcher-process';

const run = browserAvailable() ? describe : describe.skip;

interface GraphEventRecord {
  id: string;
  immutableId: string;
  event: { subject: string; start: { dateTime: string }; singleValueExtendedProperties: Array<{ id: string; value: string }> };
}

interface WebexMeeting {
  id: string;
  title: string;
  start: string;
  end: string;
  deleted: boolean;
}

const READY = 'local stack ready';
const START_TIMEOUT = 300_000;

run('the local world across a restart of npm start', () => {
  let ports: { addin: number; backend: number; graph: number; identity: number; webex: number };
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let launcher: Launcher | undefined;
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  /** The event saved before the restart and its Webex meeting. */
  let first: { eventId: string; restId: string; meetingId: string };

  const addinUrl = () => `https://localhost:${ports.addin}`;
  const graphUrl = () => `https://localhost:${ports.graph}`;
  const webexUrl = () => `https://localhost:${ports.webex}`;
  const identityUrl = () => `https://localhost:${ports.identity}`;
  const devhostUrl = () => `${addinUrl()}/devhost.html?tz=Europe%2FBerlin`;

  async function launch(args: string[] = []): Promise<void> {
    launcher = startLauncher(env, args);
    await launcher.waitForOutput(READY, START_TIMEOUT);
  }

  async function stop(): Promise<void> {
    const code = await launcher?.interrupt();
    launcher = undefined;
    expect(code).toBe(0);
  }

  async function graphEvents(): Promise<GraphEventRecord[]> {
    const res = await fetch(`${graphUrl()}/_emulator/events`);
    return ((await res.json()) as { value: GraphEventRecord[] }).value;
  }

  async function webexMeetings(): Promise<WebexMeeting[]> {
    const res = await fetch(`${webexUrl()}/_emulator/meetings`);
    return ((await res.json()) as { items: WebexMeeting[] }).items;
  }

  const paneView = (pane: Frame, view: string) =>
    pane.waitForSelector(`[data-testid="addin-pane"][data-view="${view}"]`, { timeout: 30_000 });

  /** The first of the views a freshly opened pane settles on. */
  async function settledView(pane: Frame): Promise<string | null> {
    const views = ['signIn', 'connect', 'authorize', 'noMeeting', 'error'];
    const el = await pane.waitForSelector(views.map((v) => `[data-testid="addin-pane"][data-view="${v}"]`).join(', '), { timeout: 60_000 });
    return el.getAttribute('data-view');
  }

  async function fillAppointment(page: Page, subject: string, start: string, end: string): Promise<void> {
    await page.fill('[data-testid="devhost-subject"]', subject);
    await page.fill('[data-testid="devhost-start"]', start);
    await page.fill('[data-testid="devhost-end"]', end);
  }

  const meetingOf = (page: Page) =>
    page.evaluate(
      () =>
        (
          window as unknown as { devhost: { snapshot(): { customProperties?: { webexMeeting?: { meetingId: string } } } } }
        ).devhost.snapshot().customProperties?.webexMeeting?.meetingId ?? '',
    );

  async function userGraphToken(upn: string): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: LOCAL_APP.backendClientId,
      client_secret: LOCAL_APP.backendClientSecret,
      username: upn,
      password: `${upn.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())}-Local-1!`,
      scope: 'https://graph.microsoft.com/Calendars.ReadWrite',
    });
    const res = await fetch(`${identityUrl()}/organizations/oauth2/v2.0/token`, { method: 'POST', body: form });
    const body = (await res.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`no Graph token for ${upn}: ${res.status} ${body.error_description ?? ''}`);
    return body.access_token;
  }

  beforeAll(async () => {
    const [addin, backend, graph, identity, webex] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    ports = { addin, backend, graph, identity, webex };
    dataDir = mkdtempSync(join(tmpdir(), 'wso-world-'));
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      ADDIN_PORT: String(addin),
      PORT: String(backend),
      GRAPH_EMULATOR_PORT: String(graph),
      IDENTITY_EMULATOR_PORT: String(identity),
      WEBEX_EMULATOR_PORT: String(webex),
      LOG_LEVEL: 'warn',
    };
    [browser] = await Promise.all([launchBrowser(), launch()]);
    context = browser.context;
  }, START_TIMEOUT + 60_000);

  afterAll(async () => {
    await launcher?.interrupt();
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('links Webex, adds a meeting and saves the appointment', async () => {
    const signInPage = await openDevHost(context, devhostUrl());
    const pane = await openTaskPane(signInPage);
    await paneView(pane, 'signIn');
    const signIn = context.waitForEvent('page');
    await pane.click('[data-testid="addin-sign-in"]');
    await signInInPopup(await signIn, ALEX);
    await paneView(pane, 'connect');
    const link = context.waitForEvent('page');
    await pane.click('[data-testid="addin-connect-webex"]');
    await linkWebexInPopup(await link, ALEX);
    const next = await pane.waitForSelector(
      '[data-testid="addin-pane"][data-view="authorize"], [data-testid="addin-pane"][data-view="noMeeting"]',
      { timeout: 30_000 },
    );
    if ((await next.getAttribute('data-view')) === 'authorize') {
      const consent = context.waitForEvent('page');
      await pane.click('[data-testid="addin-authorize-calendar"]');
      await signInInPopup(await consent, ALEX);
      await paneView(pane, 'noMeeting');
    }
    await signInPage.close();

    const page = await openDevHost(context, devhostUrl());
    await fillAppointment(page, 'Before the restart', '2031-05-06T10:00', '2031-05-06T11:00');
    const pane2 = await openTaskPane(page);
    await paneView(pane2, 'noMeeting');
    await pane2.click('[data-testid="addin-add-meeting"]');
    await paneView(pane2, 'meeting');
    const meetingId = await meetingOf(page);
    await page.click('[data-testid="devhost-save"]');
    await page.waitForSelector('[data-testid="devhost-status"]:text("Saved")');
    const eventId = (await page.textContent('[data-testid="devhost-event-id"]')) ?? '';
    const saved = (await graphEvents()).find((e) => e.immutableId === eventId || e.id === eventId);
    expect(saved?.event.subject).toBe('Before the restart');
    expect((await webexMeetings()).find((m) => m.id === meetingId)?.deleted).toBe(false);
    first = { eventId, restId: saved!.id, meetingId };
    await page.close();
  }, 180_000);

  it(
    'keeps the event and its Webex meeting through Ctrl-C and npm start on the same DATA_DIR',
    async () => {
      await stop();
      await launch();

      const event = (await graphEvents()).find((e) => e.id === first.restId);
      expect(event?.event.subject).toBe('Before the restart');
      const meeting = (await webexMeetings()).find((m) => m.id === first.meetingId);
      expect(meeting).toEqual(expect.objectContaining({ title: 'Before the restart', deleted: false, start: '2031-05-06T08:00:00.000Z' }));
      expect(launcher!.output()).toContain('Continuing the saved local world');
    },
    START_TIMEOUT + 60_000,
  );

  it('adds a second meeting with no Webex window: the grant survived', async () => {
    const popups: Page[] = [];
    const onPage = (p: Page) => popups.push(p);
    const page = await openDevHost(context, devhostUrl());
    context.on('page', onPage);
    try {
      await fillAppointment(page, 'After the restart', '2031-05-07T10:00', '2031-05-07T11:00');
      const pane = await openTaskPane(page);
      expect(await settledView(pane)).toBe('noMeeting');
      await pane.click('[data-testid="addin-add-meeting"]');
      await paneView(pane, 'meeting');
      const meetingId = await meetingOf(page);
      expect((await webexMeetings()).find((m) => m.id === meetingId)).toEqual(
        expect.objectContaining({ title: 'After the restart', deleted: false }),
      );
      await shoot(page, 'world-after-restart');
    } finally {
      context.off('page', onPage);
    }
    expect(popups.map((p) => p.url())).toEqual([]);
    await page.close();
  }, 120_000);

  it('still follows the calendar: a move of the first event through Graph reaches its Webex meeting', async () => {
    const token = await userGraphToken(ALEX);
    const moved = await fetch(`${graphUrl()}/v1.0/me/events/${first.restId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        start: { dateTime: '2031-05-08T15:00:00', timeZone: 'UTC' },
        end: { dateTime: '2031-05-08T16:30:00', timeZone: 'UTC' },
      }),
    });
    expect(moved.status).toBe(200);

    const wanted = { start: '2031-05-08T15:00:00.000Z', end: '2031-05-08T16:30:00.000Z' };
    const deadline = Date.now() + 90_000;
    let seen: { start?: string; end?: string } = {};
    while (Date.now() < deadline) {
      const meeting = (await webexMeetings()).find((m) => m.id === first.meetingId);
      seen = { start: meeting?.start, end: meeting?.end };
      if (seen.start === wanted.start && seen.end === wanted.end) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(seen).toEqual(wanted);
  }, 120_000);

  it('serves a Teams dev host that reaches this stack’s emulators on their moved ports', async () => {
    const page = await context.newPage();
    await page.goto(`${addinUrl()}/teams-devhost.html`);
    const status = page.locator('#status');
    await status.filter({ hasText: /Choose a person|could not reach/ }).waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/^Choose a person/);
    expect(await page.locator('#user option').count()).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it(
    'starts over from the seed with npm start -- --fresh, and says so',
    async () => {
      await stop();
      await launch(['--fresh']);
      expect(launcher!.output()).toMatch(/Starting over/);
      expect((await graphEvents()).find((e) => e.id === first.restId)).toBeUndefined();
      expect(await webexMeetings()).toEqual([]);
    },
    START_TIMEOUT + 60_000,
  );
});
