/**
 * Driving the Outlook dev host from Playwright: opening it, its task pane frame, the sign-in and
 * Webex popups the add-in opens as Office dialogs, and what the Graph emulator holds afterwards.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { screenshotPath } from '../../helpers/browser';
import type { AddinStack } from './addin-stack';

export const ALEX = 'alex.wilber@contoso.example';
export const IRINA = 'irina.petrova@contoso.example';
export const MEGAN = 'megan.bowen@contoso.example';

export interface SavedEvent {
  userId: string;
  id: string;
  immutableId: string;
  event: {
    subject: string;
    body: { contentType: string; content: string };
    location: { displayName: string };
    singleValueExtendedProperties: Array<{ id: string; value: string }>;
    recurrence: unknown;
  };
}

/** Opens the dev host and waits until it has read the manifest and the user. */
export async function openDevHost(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.warn(`[devhost page error] ${err.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return page;
}

/** The task pane's frame, once the pane is open and its page has loaded. */
export async function taskPane(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('[data-testid="devhost-taskpane-frame"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the task pane frame has no document');
  await frame.waitForLoadState('domcontentloaded');
  return frame;
}

export async function openTaskPane(page: Page): Promise<Frame> {
  if ((await page.$('[data-testid="devhost-taskpane-frame"]')) === null) await page.click('[data-testid="devhost-open-taskpane"]');
  return taskPane(page);
}

/** Waits until the pane shows one of the views (its data-view); gives the pane's root. */
export function paneView(pane: Frame, ...views: string[]) {
  return pane.waitForSelector(views.map((v) => `[data-testid="addin-pane"][data-view="${v}"]`).join(', '), { timeout: 30_000 });
}

/** Calls the stand-in Office in a frame: `body` is the body of an async function that has `Office` in scope. */
export async function inOffice<T>(frame: Frame, body: string, arg?: unknown): Promise<T> {
  await frame.waitForFunction(() => typeof (window as unknown as { Office?: unknown }).Office === 'object');
  return frame.evaluate(
    ([source, a]) => {
      const run = new Function('Office', 'arg', `return (async () => { ${source} })();`) as (o: unknown, a: unknown) => Promise<unknown>;
      return run((window as unknown as { Office: unknown }).Office, a);
    },
    [body, arg] as const,
  ) as Promise<T>;
}

/** Office's callback style as a promise of the AsyncResult, inside the frame. */
export const ASYNC = `const call = (fn) => new Promise((resolve) => fn((r) => resolve({ status: r.status, value: r.value, error: r.error && { code: r.error.code, name: r.error.name } })));`;

/** Completes the identity emulator's sign-in page in a popup (user, then consent when asked). */
export async function signInInPopup(popup: Page, upn: string): Promise<void> {
  await popup.waitForLoadState('domcontentloaded');
  await popup.click(`[data-testid="identity-user-${upn}"]`);
  await popup.click('[data-testid="identity-sign-in"]');
  const accept = popup.locator('[data-testid="identity-accept"]');
  try {
    await accept.waitFor({ timeout: 3000 });
    await accept.click();
  } catch {
    // No consent page: consent was given already.
  }
}

/** Completes the Webex emulator's authorize page in a popup. */
export async function linkWebexInPopup(popup: Page, email: string): Promise<void> {
  await popup.waitForLoadState('domcontentloaded');
  const user = popup.locator(`[data-testid="webex-user-${email}"]`);
  if (await user.count()) await user.click();
  await popup.click('[data-testid="webex-accept"]');
}

export async function savedEvents(stack: AddinStack, userId?: string): Promise<SavedEvent[]> {
  const res = await fetch(`${stack.graphUrl}/_emulator/events${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`);
  const body = (await res.json()) as { value: SavedEvent[] };
  return body.value;
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`addin-${name}`), fullPage: false });
}

/** A meeting as the Webex emulator holds it. */
export interface WebexMeeting {
  id: string;
  title: string;
  start: string;
  end: string;
  recurrence?: string;
  hostEmail?: string;
  invitees: { email: string; coHost: boolean }[];
  siteUrl: string;
  options: {
    enabledJoinBeforeHost: boolean;
    joinBeforeHostMinutes: number;
    enableConnectAudioBeforeHost: boolean;
    unlockedMeetingJoinSecurity: string;
    audioConnectionOptions: { audioConnectionType: string; enabledTollFreeCallIn: boolean; enabledGlobalCallIn: boolean };
  };
}

export async function webexMeetingsOf(stack: AddinStack): Promise<WebexMeeting[]> {
  const res = await fetch(`${stack.webexUrl}/_emulator/meetings`);
  return ((await res.json()) as { items: WebexMeeting[] }).items;
}

/** The appointment open in the dev host, as its form holds it. */
export interface ItemSnapshot {
  bodyHtml: string;
  location: string;
  customProperties?: Record<string, unknown>;
}

export const itemSnapshot = (page: Page): Promise<ItemSnapshot> =>
  page.evaluate(() => (window as unknown as { devhost: { snapshot(): ItemSnapshot } }).devhost.snapshot());

/** A Graph token of the user's, by the password grant the identity emulator offers scripts (the user consented to the calendar first). */
export async function userGraphToken(stack: AddinStack, upn: string): Promise<string> {
  const app = stack.backendApp;
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: app.clientId,
    ...(app.clientSecret ? { client_secret: app.clientSecret } : {}),
    username: upn,
    password: `${upn.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())}-Local-1!`,
    scope: 'https://graph.microsoft.com/Calendars.ReadWrite',
  });
  const res = await fetch(`${app.authorityHost}/organizations/oauth2/v2.0/token`, { method: 'POST', body: form });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no Graph token for the test user: ${res.status} ${body.error_description ?? ''}`);
  return body.access_token;
}
