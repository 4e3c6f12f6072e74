/**
 * Admin mode, end to end: the tenant's admin consents from the admin page; a user of the tenant,
 * who never linked Webex, adds a meeting, which the organization's Webex token schedules for the
 * user's email (hostEmail); the event is then moved, renamed and deleted through Graph, as another
 * client would, and the sync engine's workers carry each change to the Webex meeting with the same
 * organization token and hostEmail.
 *
 * The backend app is the admin stack's (test/integration/admin) with the sync engine beside it on
 * the same store, its Graph receiver on the app's /graph as in main.ts.
 */
import type { SyncContext } from '../../../src/server/sync';
import { ADELE, ALEX, CONTOSO, startAdminStack, type AdminStack } from '../admin/admin-stack';
import { markedEventBody } from './marked-event';
import { daysAhead, local, utcOf, type MeetingDetails } from './sync-stack';

let stack: AdminStack;
let ctx: SyncContext | undefined;
const until = <T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T> => stack.until(check, timeoutMs);

beforeAll(async () => {
  stack = await startAdminStack({ sync: true });
  ctx = stack.sync?.ctx;
  const admin = (await stack.adminSignIn(ADELE)).jar;
  const consent = await stack.adminConsent(admin, ADELE);
  if (consent.status !== 200) throw new Error(`admin consent ended with ${consent.status}`);
});

afterAll(async () => {
  await stack?.close();
});

const day = daysAhead(20);
const eventsOfAlex = `/users/${ALEX.id}/events`;

describe('a meeting added in admin mode', () => {
  let meeting: MeetingDetails;
  let eventId: string;

  it('is scheduled with the organization’s token for a user who never linked Webex, and its event is linked', async () => {
    const token = await stack.userToken(ALEX);
    // The task pane's first call: the backend may follow the calendar (app-only), so it subscribes.
    expect((await stack.api('GET', '/api/me', { token })).status).toBe(200);
    await until(async () => expect(await stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id)).toHaveLength(1));

    const created = await stack.api<MeetingDetails>('POST', '/api/meetings', {
      token,
      body: { subject: 'Board review', start: utcOf(`${day}T09:00`), end: utcOf(`${day}T10:00`), timeZone: 'America/Los_Angeles' },
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    expect(await stack.store.users.get(CONTOSO.id, ALEX.id)).toMatchObject({ webexLinked: false });

    const event = await stack.appGraph.request<{ id: string }>(CONTOSO.id, {
      method: 'POST',
      path: eventsOfAlex,
      body: markedEventBody(meeting, { subject: 'Board review', start: local(`${day}T09:00:00`), end: local(`${day}T10:00:00`) }),
    });
    eventId = event.id;
    await until(async () => expect((await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId))?.meetingId).toBe(meeting.id));
  });

  it('follows its event moved through Graph, updated by the organization’s token on the user’s behalf', async () => {
    await stack.appGraph.request(CONTOSO.id, {
      method: 'PATCH',
      path: `${eventsOfAlex}/${encodeURIComponent(eventId)}`,
      body: { start: local(`${day}T13:00:00`), end: local(`${day}T14:00:00`) },
    });
    const moved = await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id);
      expect([snapshot?.start, snapshot?.end]).toEqual([utcOf(`${day}T13:00`), utcOf(`${day}T14:00`)]);
      return snapshot!;
    });
    const update = moved.calls.find((c) => c.operation === 'update');
    expect(update).toMatchObject({ status: 200, onBehalfOf: (ALEX.mail as string).toLowerCase() });
    expect(ctx?.metrics.get('sync_errors', { code: 'webex_not_linked' })).toBe(0);
  });

  it('is renamed with its event, and deleted without e-mails when the event is deleted', async () => {
    const path = `${eventsOfAlex}/${encodeURIComponent(eventId)}`;
    await stack.appGraph.request(CONTOSO.id, { method: 'PATCH', path, body: { subject: 'Board review (final)' } });
    await until(() =>
      expect(stack.webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id)?.title).toBe('Board review (final)'),
    );

    await stack.appGraph.request(CONTOSO.id, { method: 'DELETE', path });
    const deleted = await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: ALEX.mail as string, includeDeleted: true }).find((m) => m.id === meeting.id);
      expect(snapshot?.deleted).toBe(true);
      return snapshot!;
    });
    expect(deleted.calls.find((c) => c.operation === 'delete')).toMatchObject({
      emailsSent: 0,
      onBehalfOf: (ALEX.mail as string).toLowerCase(),
    });
    await until(async () => expect(await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId)).toBeUndefined());
  });
});
