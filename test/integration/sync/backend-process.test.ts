/**
 * What `npm start` users see, end to end, with the real backend process (`src/server/main.ts` in
 * local mode, its embedded database in a temporary folder) against the emulators: a user of a
 * tenant no admin authorized lets the backend follow their calendar (POST /api/microsoft/link,
 * on-behalf-of), links their Webex account, adds a meeting through /api/meetings; the appointment
 * is saved with the meeting through Graph, then moved through Graph by another client; the Webex
 * meeting follows. SIGTERM then stops the process cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDevCerts } from '../../../scripts/dev-certs';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { GRAPH_APP_ID } from '../../../src/emulators/identity/graph-permissions';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import { LOCAL_APP } from '../../../src/server/config';
import { freePort } from '../../../scripts/bench/free-port';
import { startBackendChild, type BackendChild } from './backend-child';
import { markedEventBody } from './marked-event';
import { ALEX, CONTOSO, daysAhead, local, utcOf, type MeetingDetails } from './sync-stack';
import { linkResultOf } from '../../helpers/webex-link-result';

const WEBEX_SCOPES = ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'];

let identity: IdentityEmulator;
let graph: GraphEmulator;
let webex: WebexEmulator;
let backend: BackendChild;
let backendUrl: string;
let dataDir: string;

function hiddenInputs(html: string): Record<string, string> {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescape(m[1] as string)] = unescape(m[2] as string);
  return fields;
}

/** A token of ALEX's from the identity emulator (password grant, the add-in's public client). */
async function userToken(scope: string): Promise<string> {
  const res = await fetch(`${identity.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: LOCAL_APP.addinClientId,
      username: ALEX.userPrincipalName,
      password: ALEX.password,
      scope,
    }),
  });
  const json = (await res.json()) as { access_token?: string; error_description?: string };
  if (!json.access_token) throw new Error(`no token: ${json.error_description}`);
  return json.access_token;
}

const apiToken = () => userToken(`api://localhost:3000/${LOCAL_APP.backendClientId}/access_as_user`);

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${backendUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await apiToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Outlook (another client of Graph) acting for ALEX with a delegated token of its own. */
async function outlook<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await userToken('https://graph.microsoft.com/Calendars.ReadWrite');
  const res = await fetch(`${graph.url}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Graph answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await graph.notifier.flush();
    try {
      return await check();
    } catch (thrown) {
      if (Date.now() > deadline) throw thrown;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const tls = readDevCerts();
  const port = await freePort();
  backendUrl = `http://localhost:${port}`;
  identity = createIdentityEmulator({
    tls,
    tenants: [CONTOSO],
    applications: productRegistrations({
      tenantId: CONTOSO.id,
      backendClientId: LOCAL_APP.backendClientId,
      backendClientSecret: LOCAL_APP.backendClientSecret,
      addinClientId: LOCAL_APP.addinClientId,
      addinBaseUrl: 'https://localhost:3000',
      backendBaseUrl: backendUrl,
    }),
  });
  await identity.listen();
  // Alex consented earlier (in the dialog, as individual-mode.test.ts drives it): the backend's
  // exchange on-behalf-of needs no dialog now. Outlook has its own consent to Alex's calendar.
  identity.state.grantUserConsent(CONTOSO.id, ALEX.id, LOCAL_APP.backendClientId, GRAPH_APP_ID, ['User.Read', 'Calendars.ReadWrite']);
  identity.state.grantUserConsent(CONTOSO.id, ALEX.id, LOCAL_APP.addinClientId, GRAPH_APP_ID, ['Calendars.ReadWrite']);
  graph = createGraphEmulator({
    tls,
    tenants: [CONTOSO],
    identityUrl: identity.url,
    notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000 },
  });
  await graph.listen();
  webex = createWebexEmulator({
    tls,
    directories: [CONTOSO],
    integrations: [
      {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        redirectUris: [`${backendUrl}/auth/webex/callback`],
        scopes: WEBEX_SCOPES,
        name: 'Webex Scheduler for Outlook',
      },
    ],
  });
  await webex.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'backend-process-'));
  backend = await startBackendChild({
    DATA_DIR: dataDir,
    PORT: String(port),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: new URL(graph.url).port,
    WEBEX_EMULATOR_PORT: new URL(webex.url).port,
    LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  await backend?.kill9();
  await Promise.all([graph?.close(), webex?.close(), identity?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the backend process, as npm start runs it', () => {
  const day = daysAhead(12);
  let meeting: MeetingDetails;
  let eventId: string;

  it('follows the calendar of a user who authorizes it, through the on-behalf-of exchange', async () => {
    const linked = await api<{ status: string }>('POST', '/api/microsoft/link');
    expect(linked).toEqual({ status: 200, body: { status: 'linked' } });
    await until(() => expect(graph.subscriptions.forMailbox(ALEX.id)).toHaveLength(1));
    const me = await api<{ requiredActions: string[] }>('GET', '/api/me');
    expect(me.body.requiredActions).toEqual(['link_webex']);
  });

  it('schedules a meeting with the Webex account the user links', async () => {
    const link = await api<{ url: string }>('POST', '/api/webex/link');
    expect(link.status).toBe(200);
    const start = await fetch(link.body.url, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location') as string);
    authorize.searchParams.set('email', ALEX.mail as string);
    const consent = await fetch(authorize, { redirect: 'manual' });
    const submitted = await fetch(`${webex.url}/v1/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ ...hiddenInputs(await consent.text()), decision: 'accept' }),
      redirect: 'manual',
    });
    const callback = await fetch(submitted.headers.get('location') as string, { redirect: 'manual' });
    expect(callback.status).toBe(200);
    // The add-in's part: the result page's completion code, sent back with the user's own token.
    const completed = await api<{ status: string }>('POST', '/api/webex/link/complete', {
      code: linkResultOf(await callback.text()).completion,
    });
    expect(completed).toEqual({ status: 200, body: { status: 'linked', email: ALEX.mail } });

    const created = await api<MeetingDetails>('POST', '/api/meetings', {
      subject: 'Launch plan',
      start: utcOf(`${day}T09:00`),
      end: utcOf(`${day}T09:45`),
      timeZone: 'America/Los_Angeles',
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    expect(webex.meetings({ hostEmail: ALEX.mail as string }).map((m) => m.id)).toContain(meeting.id);
  });

  it('links the appointment saved with the meeting, and moves the Webex meeting when another client moves the appointment', async () => {
    const event = await outlook<{ id: string }>(
      'POST',
      `/users/${ALEX.id}/events`,
      markedEventBody(meeting, { subject: 'Launch plan', start: local(`${day}T09:00:00`), end: local(`${day}T09:45:00`) }),
    );
    eventId = event.id;
    await until(async () => expect(await backend.counter('webex_scheduler_sync_events_processed_total', { outcome: 'linked' })).toBe(1));

    await outlook('PATCH', `/users/${ALEX.id}/events/${encodeURIComponent(eventId)}`, {
      start: local(`${day}T15:30:00`),
      end: local(`${day}T16:15:00`),
    });
    await until(() => {
      const snapshot = webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id);
      expect([snapshot?.start, snapshot?.end]).toEqual([utcOf(`${day}T15:30`), utcOf(`${day}T16:15`)]);
    });
  });

  it('stops cleanly on SIGTERM, having logged no name, address or subject', async () => {
    expect(await backend.stop()).toBe(0);
    const output = backend.output();
    expect(output).toContain('"code":"backend_stopped"');
    for (const personal of [ALEX.mail as string, ALEX.displayName, 'Launch plan']) expect(output).not.toContain(personal);
  });
});
