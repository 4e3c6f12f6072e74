/**
 * End to end, single appointments: a meeting added through the API, its event created with the
 * marker through Graph, then each rule of docs/architecture.md#reconciliation played by editing the
 * event through Graph and watching the Webex emulator converge, with notifications delivered over
 * HTTP.
 */
import { findJoinBlock } from '../../../src/core/join-block';
import { extendedPropertyExpand, markerFromExtendedProperties } from '../../../src/core/marker';
import { ensureCalendarSync, sweepUnsavedMeetings } from '../../../src/server/sync';
import { ADDIN_ID, ALEX, CONTOSO, daysAhead, local, MEGAN, startSyncStack, utcOf, type MeetingDetails, type SyncStack } from './sync-stack';

let stack: SyncStack;
const day = daysAhead(20);

beforeAll(async () => {
  stack = await startSyncStack({ sync: { coalesceSeconds: 0 } });
  await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
});

afterAll(async () => {
  await stack?.close();
});

const link = (eventId: string, userId = ALEX.id) => stack.store.links.getByEvent(CONTOSO.id, userId, eventId);
const writes = () =>
  stack.ctx.metrics.get('webex_calls', { kind: 'update' }) +
  stack.ctx.metrics.get('webex_calls', { kind: 'create' }) +
  stack.ctx.metrics.get('webex_calls', { kind: 'delete' });

async function meetingWithEvent(subject: string): Promise<{ meeting: MeetingDetails; eventId: string }> {
  const meeting = await stack.addMeeting({
    subject,
    start: utcOf(`${day}T09:00`),
    end: utcOf(`${day}T09:30`),
    timeZone: 'Pacific Standard Time',
  });
  const event = await stack.outlook.create(
    stack.eventBodyWith(meeting, { subject, start: local(`${day}T09:00:00`), end: local(`${day}T09:30:00`) }),
  );
  await stack.until(async () => expect((await link(event.id))?.meetingId).toBe(meeting.id));
  return { meeting, eventId: event.id };
}

/** Waits until the engine has synced the event's current version. */
async function synced(eventId: string): Promise<void> {
  const { changeKey } = await stack.outlook.get(eventId, { $select: 'changeKey' });
  await stack.until(async () => expect((await link(eventId))?.lastSynced.changeKey).toBe(changeKey));
}

describe('single events, end to end', () => {
  it('a new event carrying the marker is linked to its meeting, and Webex is left as it was', async () => {
    const { meeting } = await meetingWithEvent('Linking');
    const calls = stack.webexMeeting(meeting.id)?.calls ?? [];
    expect(calls.filter((c) => c.operation === 'update')).toEqual([]);
  });

  it('moving the event moves the Webex meeting, in the organizer zone', async () => {
    const { meeting, eventId } = await meetingWithEvent('Moving');
    await stack.outlook.update(eventId, { start: local(`${day}T11:00:00`), end: local(`${day}T12:00:00`) });
    await stack.until(() => {
      const m = stack.webexMeeting(meeting.id);
      expect([m?.start, m?.end, m?.timezone]).toEqual([utcOf(`${day}T11:00`), utcOf(`${day}T12:00`), 'America/Los_Angeles']);
    });
  });

  it('renaming the event renames the Webex meeting', async () => {
    const { meeting, eventId } = await meetingWithEvent('Old name');
    await stack.outlook.update(eventId, { subject: 'New name' });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.title).toBe('New name'));
  });

  it('a category or location change costs no Webex call', async () => {
    const { meeting, eventId } = await meetingWithEvent('Echo');
    await synced(eventId);
    const before = writes();
    const calls = stack.webexMeeting(meeting.id)?.calls.length;
    // Attendees are followed (invitees.test.ts); these edits leave them as they were.
    await stack.outlook.update(eventId, { categories: ['Red category'], location: { displayName: 'Room 1 and Webex' } });
    await synced(eventId);
    expect(writes()).toBe(before);
    expect(stack.webexMeeting(meeting.id)?.calls.length).toBe(calls);
    expect(stack.ctx.metrics.get('echo_suppressed')).toBeGreaterThan(0);
  });

  it('a copied event gets its own Webex meeting, and its join block and marker are rewritten through Graph', async () => {
    const { meeting, eventId } = await meetingWithEvent('Copied');
    const original = await stack.outlook.get(eventId, { $select: 'subject,body,start,end', $expand: extendedPropertyExpand(ADDIN_ID) });
    const copy = await stack.outlook.create({
      subject: 'Copied',
      body: original.body,
      start: local(`${day}T14:00:00`),
      end: local(`${day}T14:30:00`),
      singleValueExtendedProperties: (original.singleValueExtendedProperties as { id: string; value: string }[]).map(({ id, value }) => ({
        id,
        value,
      })),
    });
    const copyLink = await stack.until(async () => {
      const l = await link(copy.id);
      expect(l?.meetingId).toBeDefined();
      expect(l?.meetingId).not.toBe(meeting.id);
      return l!;
    });
    const copied = stack.webexMeeting(copyLink.meetingId);
    expect([copied?.deleted, copied?.start]).toEqual([false, utcOf(`${day}T14:00`)]);
    await stack.until(async () => {
      const now = await stack.outlook.get(copy.id, { $select: 'body', $expand: extendedPropertyExpand(ADDIN_ID) });
      expect(markerFromExtendedProperties(now.singleValueExtendedProperties, ADDIN_ID)?.meetingId).toBe(copyLink.meetingId);
      expect(findJoinBlock((now.body as { content: string }).content, 'html')?.meetingId).toBe(copyLink.meetingId);
    });
    // The original keeps its meeting, untouched.
    expect((await link(eventId))?.meetingId).toBe(meeting.id);
    expect(stack.webexMeeting(meeting.id)?.start).toBe(utcOf(`${day}T09:00`));
    // The copy's own meeting follows the copy from now on.
    await synced(copy.id);
    await stack.outlook.update(copy.id, { start: local(`${day}T15:00:00`), end: local(`${day}T15:30:00`) });
    await stack.until(() => expect(stack.webexMeeting(copyLink.meetingId)?.start).toBe(utcOf(`${day}T15:00`)));
    expect(stack.webexMeeting(meeting.id)?.start).toBe(utcOf(`${day}T09:00`));
  });

  it('deleting the event deletes the Webex meeting without e-mails and drops the link', async () => {
    const { meeting, eventId } = await meetingWithEvent('Deleted');
    await stack.outlook.delete(eventId);
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.deleted).toBe(true));
    const deletion = stack.webexMeeting(meeting.id)?.calls.find((c) => c.operation === 'delete');
    expect([deletion?.sendEmail, deletion?.emailsSent]).toEqual([false, 0]);
    await stack.until(async () => expect(await link(eventId)).toBeUndefined());
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, meeting.id)).toBeUndefined();
  });

  it('cancelling the event deletes the Webex meeting', async () => {
    const { meeting, eventId } = await meetingWithEvent('Cancelled');
    await stack.outlook.update(eventId, { isCancelled: true });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.deleted).toBe(true));
  });

  it('removing the join block and the marker deletes the Webex meeting', async () => {
    const { meeting, eventId } = await meetingWithEvent('Removed');
    const original = await stack.outlook.get(eventId, { $expand: extendedPropertyExpand(ADDIN_ID), $select: 'subject' });
    const [property] = original.singleValueExtendedProperties as { id: string }[];
    await stack.outlook.update(eventId, {
      body: { contentType: 'html', content: '<p>Agenda: numbers.</p>' },
      singleValueExtendedProperties: [{ id: property!.id, value: '{}' }],
    });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.deleted).toBe(true));
    await stack.until(async () => expect(await link(eventId)).toBeUndefined());
  });

  it('an all-day event cannot become a Webex meeting: the code is counted, Webex keeps its time, nothing loops', async () => {
    const { meeting, eventId } = await meetingWithEvent('All day');
    await stack.outlook.update(eventId, { isAllDay: true, start: local(`${day}T00:00:00`), end: local(`${daysAhead(21)}T00:00:00`) });
    await synced(eventId);
    expect(stack.ctx.metrics.get('sync_errors', { code: 'all_day_not_supported' })).toBe(1);
    // Kept by code for the admin page, with nothing of the event itself.
    expect(await stack.store.syncErrors.count(CONTOSO.id, new Date(0))).toEqual([
      expect.objectContaining({ code: 'all_day_not_supported', count: 1 }),
    ]);
    expect(stack.webexMeeting(meeting.id)?.start).toBe(utcOf(`${day}T09:00`));
  });

  it('a meeting whose draft was never saved is swept after the grace period, without e-mails', async () => {
    const meeting = await stack.addMeeting({
      subject: 'Never saved',
      start: utcOf(`${day}T16:00`),
      end: utcOf(`${day}T16:30`),
      timeZone: 'America/Los_Angeles',
    });
    expect((await sweepUnsavedMeetings(stack.ctx)).deleted).toBe(0);
    stack.setClockOffsetMs(2 * 3_600_000);
    try {
      const report = await sweepUnsavedMeetings(stack.ctx);
      expect(report.deleted).toBeGreaterThanOrEqual(1);
    } finally {
      stack.setClockOffsetMs(0);
    }
    const snapshot = stack.webexMeeting(meeting.id);
    expect(snapshot?.deleted).toBe(true);
    expect(snapshot?.calls.find((c) => c.operation === 'delete')?.sendEmail).toBe(false);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, meeting.id)).toBeUndefined();
  });

  it('the sweeper forgets sign-in flows that expired unfinished and keeps live ones', async () => {
    const now = stack.ctx.clock().getTime();
    const grant = { accessToken: 'a', refreshToken: 'r', accessExpiresAt: new Date(now), refreshExpiresAt: new Date(now), scopes: [] };
    const user = { tenantId: CONTOSO.id, userId: ALEX.id };
    await stack.store.oauthStates.create({ flow: 'webex-link', ...user, codeVerifier: 'v', expiresAt: new Date(now - 1000) });
    const live = await stack.store.oauthStates.create({
      flow: 'webex-link',
      ...user,
      codeVerifier: 'v',
      expiresAt: new Date(now + 60_000),
    });
    await stack.store.webexPendingLinks.create(CONTOSO.id, ALEX.id, grant, new Date(now - 1000));
    const livePending = await stack.store.webexPendingLinks.create(CONTOSO.id, ALEX.id, grant, new Date(now + 60_000));
    expect((await sweepUnsavedMeetings(stack.ctx)).prunedFlows).toBeGreaterThanOrEqual(2);
    expect(await stack.store.oauthStates.consume(live, 'webex-link', new Date(now))).toBeDefined();
    expect(await stack.store.webexPendingLinks.claim(livePending, new Date(now))).toBeDefined();
  });

  it('the sweeper forgets sync errors older than 30 days and keeps recent ones', async () => {
    const now = stack.ctx.clock().getTime();
    await stack.store.syncErrors.record({
      tenantId: CONTOSO.id,
      userId: ALEX.id,
      code: 'old_problem',
      at: new Date(now - 31 * 86_400_000),
    });
    await stack.store.syncErrors.record({ tenantId: CONTOSO.id, userId: ALEX.id, code: 'recent_problem', at: new Date(now - 86_400_000) });
    expect((await sweepUnsavedMeetings(stack.ctx)).prunedErrors).toBeGreaterThanOrEqual(1);
    const codes = (await stack.store.syncErrors.count(CONTOSO.id, new Date(0))).map((c) => c.code);
    expect(codes).toContain('recent_problem');
    expect(codes).not.toContain('old_problem');
  });

  it('the sweeper spares a meeting whose event exists but was never linked, and links it', async () => {
    // Megan's calendar has no subscription: nobody told the engine about her event.
    const meeting = await stack.addMeeting(
      { subject: 'Unheard', start: utcOf(`${day}T13:00`), end: utcOf(`${day}T13:30`), timeZone: 'America/Los_Angeles' },
      MEGAN,
    );
    const event = await stack.outlook.create(
      stack.eventBodyWith(meeting, { subject: 'Unheard', start: local(`${day}T13:00:00`), end: local(`${day}T13:30:00`) }),
      MEGAN,
    );
    stack.setClockOffsetMs(2 * 3_600_000);
    try {
      expect((await sweepUnsavedMeetings(stack.ctx)).rescued).toBe(1);
    } finally {
      stack.setClockOffsetMs(0);
    }
    expect(stack.webexMeeting(meeting.id)?.deleted).toBe(false);
    await stack.until(async () => expect((await link(event.id, MEGAN.id))?.meetingId).toBe(meeting.id));
  });
});
