/**
 * A delegate's meeting kept in step, in both modes: Megan (Alex's delegate) adds a meeting for Alex
 * and saves the appointment into Alex's calendar; later edits — Alex's own, and Megan's through
 * the sharing permission — reach the Webex meeting, which stays Alex's. Graph sends no change
 * notifications through the sharing permissions, so the edits are followed through Alex's mailbox:
 * the organization's subscription in admin mode, Alex's own calendar authorization in individual
 * mode.
 *
 * The backend app is the admin stack's with the sync engine beside it on the same store (as in
 * admin-mode-sync.test.ts). Outlook's writes go through
 * Graph with each person's own delegated token.
 */
import { createOnBehalfOfTokenProvider } from '../../../src/server/graph';
import type { SyncContext } from '../../../src/server/sync';
import { ADELE, ALEX, CONTOSO, MEGAN, startAdminStack, type AdminStack } from '../admin/admin-stack';
import { markedEventBody } from './marked-event';
import { daysAhead, local, utcOf, type MeetingDetails } from './sync-stack';

type LinkAnswer = { status: 'linked' | 'not_required' } | { status: 'consent_required'; url: string };

describe.each(['individual', 'admin'] as const)('a delegate’s meeting in %s mode', (mode) => {
  let stack: AdminStack;
  let ctx: SyncContext | undefined;
  const until = <T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T> => stack.until(check, timeoutMs);

  /** Graph as Outlook uses it for `user`: their own delegated token, with the permission named. */
  async function outlookAs(
    user: typeof ALEX,
    permission: string,
    call: { method: 'POST' | 'PATCH'; path: string; body: unknown },
  ): Promise<{ id: string }> {
    const graphToken = await createOnBehalfOfTokenProvider(stack.config.microsoft).getAccessToken(CONTOSO.id, await stack.userToken(user), [
      `https://graph.microsoft.com/${permission}`,
    ]);
    const res = await fetch(`${stack.config.microsoft.graphBaseUrl}/v1.0${call.path}`, {
      method: call.method,
      headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json', prefer: 'IdType="ImmutableId"' },
      body: JSON.stringify(call.body),
    });
    if (!res.ok) throw new Error(`${call.method} ${call.path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  }

  async function authorizeCalendar(user: typeof ALEX): Promise<void> {
    const link = await stack.api<LinkAnswer>('POST', '/api/microsoft/link', { token: await stack.userToken(user) });
    if (link.body.status === 'consent_required') {
      const page = await stack.authorizeCalendar(link.body.url, user);
      if (page.status !== 200) throw new Error(`the calendar authorization of ${user.userPrincipalName} ended with ${page.status}`);
    }
  }

  beforeAll(async () => {
    stack = await startAdminStack({ sync: true });
    ctx = stack.sync?.ctx;

    if (mode === 'admin') {
      const admin = (await stack.adminSignIn(ADELE)).jar;
      const consent = await stack.adminConsent(admin, ADELE);
      if (consent.status !== 200) throw new Error(`admin consent ended with ${consent.status}`);
    } else {
      // The owner links Webex, lets delegates use it and lets the backend follow the calendar; the delegate authorizes too.
      const alex = await stack.userToken(ALEX);
      await stack.linkWebex(alex, ALEX);
      await stack.api('PUT', '/api/me/settings', { token: alex, body: { allowDelegates: true } });
      await authorizeCalendar(ALEX);
      await authorizeCalendar(MEGAN);
    }
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  const day = daysAhead(mode === 'admin' ? 21 : 22);
  const eventsOfAlex = `/users/${ALEX.id}/events`;
  const alexMail = (ALEX.mail as string).toLowerCase();
  let meeting: MeetingDetails;
  let eventId: string;

  it('is added by the delegate for the owner, and the appointment the delegate saves in the owner’s calendar is linked', async () => {
    const created = await stack.api<MeetingDetails>('POST', `/api/meetings?onBehalfOf=${encodeURIComponent(ALEX.userPrincipalName)}`, {
      token: await stack.userToken(MEGAN),
      body: { subject: 'Quarterly plan', start: utcOf(`${day}T09:00`), end: utcOf(`${day}T10:00`), timeZone: 'America/Los_Angeles' },
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    await until(async () => expect(await stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id)).toHaveLength(1));

    const event = await outlookAs(MEGAN, 'Calendars.ReadWrite.Shared', {
      method: 'POST',
      path: eventsOfAlex,
      body: markedEventBody(meeting, { subject: 'Quarterly plan', start: local(`${day}T09:00:00`), end: local(`${day}T10:00:00`) }),
    });
    eventId = event.id;
    await until(async () => expect((await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId))?.meetingId).toBe(meeting.id));
  });

  it('follows the owner moving the appointment', async () => {
    await outlookAs(ALEX, 'Calendars.ReadWrite', {
      method: 'PATCH',
      path: `${eventsOfAlex}/${encodeURIComponent(eventId)}`,
      body: { start: local(`${day}T13:00:00`), end: local(`${day}T14:00:00`) },
    });
    await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: alexMail }).find((m) => m.id === meeting.id);
      expect([snapshot?.start, snapshot?.end]).toEqual([utcOf(`${day}T13:00`), utcOf(`${day}T14:00`)]);
    });
  });

  it('follows the delegate renaming it, and the meeting stays the owner’s', async () => {
    await outlookAs(MEGAN, 'Calendars.ReadWrite.Shared', {
      method: 'PATCH',
      path: `${eventsOfAlex}/${encodeURIComponent(eventId)}`,
      body: { subject: 'Quarterly plan (final)' },
    });
    const renamed = await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: alexMail }).find((m) => m.id === meeting.id);
      expect(snapshot?.title).toBe('Quarterly plan (final)');
      return snapshot!;
    });
    expect(renamed.hostEmail).toBe(alexMail);
    const updates = renamed.calls.filter((c) => c.operation === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    if (mode === 'admin') for (const call of updates) expect(call.onBehalfOf).toBe(alexMail);
    else for (const call of updates) expect(call.actor.toLowerCase()).toContain('alex');
    expect(ctx?.metrics.get('sync_errors', { code: 'webex_not_linked' })).toBe(0);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, meeting.id)).toBeDefined();
  });
});
