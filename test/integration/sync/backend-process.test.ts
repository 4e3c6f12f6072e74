/**
 * What `npm start` users see, end to end, with the real backend process (`src/server/main.ts` in
 * local mode, its embedded database in a temporary folder) against the emulators: a user of a
 * tenant no admin authorized lets the backend follow their calendar (POST /api/microsoft/link,
 * on-behalf-of), links their Webex account, adds a meeting through /api/meetings; the appointment
 * is saved with the meeting through Graph, then moved through Graph by another client; the Webex
 * meeting follows. SIGTERM then stops the process cleanly.
 */
import { GRAPH_APP_ID } from '../../../src/emulators/identity/graph-permissions';
import { LOCAL_APP } from '../../../src/server/config';
import { metricValue } from '../../../scripts/world/prometheus-values';
import { startWorld, type World } from '../../../scripts/world/world';
import { markedEventBody } from './marked-event';
import { ALEX, CONTOSO, daysAhead, local, utcOf, type MeetingDetails } from './sync-stack';

let world: World;

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { status, body: answered } = await world.api<T>(method, path, { token: await world.userToken(ALEX), body });
  return { status, body: answered };
}

/** Outlook (another client of Graph) acting for ALEX with a delegated token of its own. */
async function outlook<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await world.userToken(ALEX, { scope: 'https://graph.microsoft.com/Calendars.ReadWrite' });
  const res = await fetch(`${world.graph.url}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Graph answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const until = <T>(check: () => Promise<T> | T): Promise<T> => world.until(check, 30_000);

beforeAll(async () => {
  world = await startWorld({
    backend: 'process',
    graph: { notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000 } },
  });
  // Alex consented earlier (in the dialog, as individual-mode.test.ts drives it): the backend's
  // exchange on-behalf-of needs no dialog now. Outlook has its own consent to Alex's calendar.
  const { state } = world.identity;
  state.grantUserConsent(CONTOSO.id, ALEX.id, LOCAL_APP.backendClientId, GRAPH_APP_ID, ['User.Read', 'Calendars.ReadWrite']);
  state.grantUserConsent(CONTOSO.id, ALEX.id, LOCAL_APP.addinClientId, GRAPH_APP_ID, ['Calendars.ReadWrite']);
});

afterAll(async () => {
  await world?.close();
});

describe('the backend process, as npm start runs it', () => {
  const day = daysAhead(12);
  let meeting: MeetingDetails;
  let eventId: string;

  it('follows the calendar of a user who authorizes it, through the on-behalf-of exchange', async () => {
    const linked = await api<{ status: string }>('POST', '/api/microsoft/link');
    expect(linked).toEqual({ status: 200, body: { status: 'linked' } });
    await until(() => expect(world.graph.subscriptions.forMailbox(ALEX.id)).toHaveLength(1));
    const me = await api<{ requiredActions: string[] }>('GET', '/api/me');
    expect(me.body.requiredActions).toEqual(['link_webex']);
  });

  it('schedules a meeting with the Webex account the user links', async () => {
    // The whole browser flow, then the add-in's part: the result page's completion code, sent back with the user's own token.
    const page = await world.linkWebex(await world.userToken(ALEX), ALEX);
    expect(page.status).toBe(200);
    expect([page.completed?.status, page.completed?.body]).toEqual([200, { status: 'linked', email: ALEX.mail }]);

    const created = await api<MeetingDetails>('POST', '/api/meetings', {
      subject: 'Launch plan',
      start: utcOf(`${day}T09:00`),
      end: utcOf(`${day}T09:45`),
      timeZone: 'America/Los_Angeles',
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    expect(world.webex.meetings({ hostEmail: ALEX.mail as string }).map((m) => m.id)).toContain(meeting.id);
  });

  it('links the appointment saved with the meeting, and moves the Webex meeting when another client moves the appointment', async () => {
    const event = await outlook<{ id: string }>(
      'POST',
      `/users/${ALEX.id}/events`,
      markedEventBody(meeting, { subject: 'Launch plan', start: local(`${day}T09:00:00`), end: local(`${day}T09:45:00`) }),
    );
    eventId = event.id;
    await until(async () =>
      expect(metricValue(await world.process.metrics(), 'webex_scheduler_sync_events_processed_total', { outcome: 'linked' })).toBe(1),
    );

    await outlook('PATCH', `/users/${ALEX.id}/events/${encodeURIComponent(eventId)}`, {
      start: local(`${day}T15:30:00`),
      end: local(`${day}T16:15:00`),
    });
    await until(() => {
      const snapshot = world.webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id);
      expect([snapshot?.start, snapshot?.end]).toEqual([utcOf(`${day}T15:30`), utcOf(`${day}T16:15`)]);
    });
  });

  it('stops cleanly on SIGTERM, having logged no name, address or subject', async () => {
    expect(await world.process.stop()).toBe(0);
    const output = world.process.output();
    expect(output).toContain('"code":"backend_stopped"');
    for (const personal of [ALEX.mail as string, ALEX.displayName, 'Launch plan']) expect(output).not.toContain(personal);
  });
});
