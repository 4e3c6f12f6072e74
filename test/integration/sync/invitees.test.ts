/**
 * End to end, attendees and sync problems: attendees changed through Graph reach the Webex meeting's
 * invitees (of the series, and of one occurrence), at exactly the invitee calls, while an edit that
 * leaves the attendees as they were costs no Webex call; alternate hosts set through /api stay; and
 * what the engine cannot apply is the event's sync problem on /api, until the event is in step again.
 */
import { ensureCalendarSync } from '../../../src/server/sync';
import type { CallLogEntry } from '../../../src/emulators/webex/meeting-store';
import { ALEX, CONTOSO, daysAhead, local, MEGAN, startSyncStack, utcOf, type MeetingDetails, type SyncStack } from './sync-stack';

let stack: SyncStack;
const day = daysAhead(21);
const ADELE = CONTOSO.users.find((u) => u.givenName === 'Adele')!;
const GUEST = 'guest@example.org';

beforeAll(async () => {
  stack = await startSyncStack({ sync: { coalesceSeconds: 0 } });
  await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
});

afterAll(async () => {
  await stack?.close();
});

const link = (eventId: string) => stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId);
const attendee = (email: string, name?: string) => ({ type: 'required', emailAddress: { address: email, ...(name ? { name } : {}) } });
const invitees = (meetingId: string) =>
  (stack.webexMeeting(meetingId)?.invitees ?? [])
    .map((i) => ({ email: i.email, coHost: i.coHost }))
    .sort((a, b) => a.email.localeCompare(b.email));
const calls = (meetingId: string): CallLogEntry[] => stack.webexMeeting(meetingId)?.calls ?? [];
const inviteeOps = ['listInvitees', 'createInvitees', 'updateInvitee', 'deleteInvitee', 'getInvitee'];

async function meetingWithEvent(
  subject: string,
  attendees: unknown[] = [],
  draft: Record<string, unknown> = {},
): Promise<{ meeting: MeetingDetails; eventId: string }> {
  const meeting = await stack.addMeeting({
    subject,
    start: utcOf(`${day}T09:00`),
    end: utcOf(`${day}T09:30`),
    timeZone: 'Pacific Standard Time',
    ...draft,
  });
  const event = await stack.outlook.create(
    stack.eventBodyWith(meeting, { subject, start: local(`${day}T09:00:00`), end: local(`${day}T09:30:00`), attendees }),
  );
  await stack.until(async () => expect((await link(event.id))?.meetingId).toBe(meeting.id));
  return { meeting, eventId: event.id };
}

/** Waits until the engine has synced the event's current version. */
async function synced(eventId: string): Promise<void> {
  const { changeKey } = await stack.outlook.get(eventId, { $select: 'changeKey' });
  await stack.until(async () => expect((await link(eventId))?.lastSynced.changeKey).toBe(changeKey));
}

interface SyncState {
  status: string;
  problems: { code: string; at: string; occurrence?: string }[];
}

describe('attendees reach Webex’s invitees', () => {
  it('the attendees sent when the meeting is added are its invitees, Webex sending them nothing', async () => {
    const { meeting } = await meetingWithEvent('Added with attendees', [attendee(MEGAN.mail!, MEGAN.displayName)], {
      invitees: [{ email: MEGAN.mail, displayName: MEGAN.displayName, coHost: true }],
    });
    expect(invitees(meeting.id)).toEqual([{ email: MEGAN.mail, coHost: true }]);
    const create = calls(meeting.id).find((c) => c.operation === 'create');
    expect([create?.sendEmail, create?.emailsSent]).toEqual([false, 0]);
    // Linking compared them with the event's attendees, and found nothing to change.
    expect(calls(meeting.id).filter((c) => c.operation === 'createInvitees' || c.operation === 'deleteInvitee')).toEqual([]);
  });

  it('an attendee added through Graph is invited in Webex; one removed is uninvited', async () => {
    const { meeting, eventId } = await meetingWithEvent('Graph attendees');
    await stack.outlook.update(eventId, { attendees: [attendee(MEGAN.mail!, MEGAN.displayName), attendee(GUEST)] });
    await stack.until(() =>
      expect(invitees(meeting.id)).toEqual([
        { email: GUEST, coHost: false },
        { email: MEGAN.mail, coHost: false },
      ]),
    );
    await stack.outlook.update(eventId, { attendees: [attendee(MEGAN.mail!, MEGAN.displayName)] });
    await stack.until(() => expect(invitees(meeting.id)).toEqual([{ email: MEGAN.mail, coHost: false }]));
    const writes = calls(meeting.id).filter((c) => c.operation === 'createInvitees' || c.operation === 'deleteInvitee');
    expect(writes.map((c) => [c.operation, c.sendEmail, c.emailsSent])).toEqual([
      ['createInvitees', false, 0],
      ['deleteInvitee', false, 0],
    ]);
  });

  it('an attendee-only change costs exactly the invitee calls; an edit that leaves the attendees as they were costs none', async () => {
    const { meeting, eventId } = await meetingWithEvent('Costs', [attendee(MEGAN.mail!)]);
    await synced(eventId);
    const before = calls(meeting.id).length;
    await stack.outlook.update(eventId, { attendees: [attendee(MEGAN.mail!), attendee(GUEST)] });
    await synced(eventId);
    expect(
      calls(meeting.id)
        .slice(before)
        .map((c) => c.operation),
    ).toEqual(['listInvitees', 'createInvitees']);

    const afterAttendees = calls(meeting.id).length;
    const echoesBefore = stack.ctx.metrics.get('echo_suppressed');
    await stack.outlook.update(eventId, { categories: ['Red category'] });
    await synced(eventId);
    expect(calls(meeting.id).length).toBe(afterAttendees);
    expect(stack.ctx.metrics.get('echo_suppressed')).toBeGreaterThan(echoesBefore);
    expect((await link(eventId))?.lastSynced.attendeesHash).not.toContain('@');
  });

  it('an alternate host set through /api stays when the attendees change, and the next echo costs nothing', async () => {
    const { meeting, eventId } = await meetingWithEvent('Alternate hosts', [attendee(ADELE.mail!), attendee(GUEST)]);
    await stack.until(() => expect(invitees(meeting.id)).toHaveLength(2));
    const refused = await stack.api<{ error: { code: string } }>('PUT', `/api/meetings/${meeting.id}/invitees`, {
      items: [{ email: ADELE.mail }, { email: GUEST, coHost: true }],
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'alternate_host_not_allowed']);
    const set = await stack.api<{ items: { email: string; coHost: boolean }[] }>('PUT', `/api/meetings/${meeting.id}/invitees`, {
      items: [{ email: ADELE.mail, coHost: true }, { email: GUEST }],
    });
    expect(set.status).toBe(200);
    expect(invitees(meeting.id)).toEqual([
      { email: ADELE.mail, coHost: true },
      { email: GUEST, coHost: false },
    ]);
    const listed = await stack.api<{ items: { email: string; coHost: boolean }[] }>('GET', `/api/meetings/${meeting.id}/invitees`);
    expect(listed.body.items.find((i) => i.email === ADELE.mail)?.coHost).toBe(true);
    // The link now knows Webex has these attendees: an edit that keeps them costs nothing.
    await synced(eventId);
    const before = calls(meeting.id).length;
    await stack.outlook.update(eventId, { categories: ['Green category'] });
    await synced(eventId);
    expect(
      calls(meeting.id)
        .slice(before)
        .filter((c) => inviteeOps.includes(c.operation)),
    ).toEqual([]);

    await stack.outlook.update(eventId, { attendees: [attendee(ADELE.mail!), attendee(GUEST), attendee(MEGAN.mail!)] });
    await stack.until(() => expect(invitees(meeting.id)).toHaveLength(3));
    expect(invitees(meeting.id).find((i) => i.email === ADELE.mail)?.coHost).toBe(true);
  });

  it('refuses, by code and before Webex is asked to create anything, more than 1000 attendees or an alternate host of another organization', async () => {
    const meetingsBefore = stack.webex.meetings().length;
    const draft = { subject: 'Refused', start: utcOf(`${day}T12:00`), end: utcOf(`${day}T12:30`), timeZone: 'Pacific Standard Time' };
    const many = Array.from({ length: 1001 }, (_, n) => ({ email: `p${n}@example.org` }));
    const tooMany = await stack.api<{ error: { code: string } }>('POST', '/api/meetings', { ...draft, invitees: many });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'too_many_invitees']);
    const otherOrg = await stack.api<{ error: { code: string } }>('POST', '/api/meetings', {
      ...draft,
      invitees: [{ email: GUEST, coHost: true }],
    });
    expect([otherOrg.status, otherOrg.body.error.code]).toEqual([400, 'alternate_host_not_allowed']);
    expect(stack.webex.meetings().length).toBe(meetingsBefore);
    // Exactly 1000 is Webex's limit, and fine.
    const thousand = await stack.api<{ id: string }>('POST', '/api/meetings', { ...draft, invitees: many.slice(0, 1000) });
    expect(thousand.status).toBe(201);
    expect(stack.webexMeeting(thousand.body.id)?.invitees).toHaveLength(1000);
  });

  it('says who may be an alternate host: people of the host’s Webex organization only', async () => {
    const answer = await stack.api<{ items: { email: string; eligible: boolean; reason?: string }[] }>(
      'POST',
      '/api/webex/alternate-hosts',
      {
        emails: [MEGAN.mail, GUEST, ALEX.mail],
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { email: MEGAN.mail, eligible: true },
      { email: GUEST, eligible: false, reason: 'other_organization' },
      { email: ALEX.mail, eligible: false, reason: 'host' },
    ]);
  });

  it('an exception with an attendee of its own invites them to that one Webex occurrence', async () => {
    const start = daysAhead(28);
    const meeting = await stack.addMeeting({
      subject: 'Weekly with guests',
      start: utcOf(`${start}T09:00`),
      end: utcOf(`${start}T09:30`),
      timeZone: 'Pacific Standard Time',
      recurrence: `FREQ=WEEKLY;INTERVAL=1;BYDAY=${['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${start}T12:00:00Z`).getUTCDay()]};COUNT=3`,
    });
    const weekday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][
      new Date(`${start}T12:00:00Z`).getUTCDay()
    ];
    const master = await stack.outlook.create(
      stack.eventBodyWith(meeting, {
        subject: 'Weekly with guests',
        start: local(`${start}T09:00:00`),
        end: local(`${start}T09:30:00`),
        attendees: [attendee(MEGAN.mail!)],
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'sunday' },
          range: { type: 'numbered', startDate: start, numberOfOccurrences: 3, recurrenceTimeZone: 'Pacific Standard Time' },
        },
      }),
    );
    await stack.until(async () => expect((await link(master.id))?.meetingId).toBe(meeting.id));
    await stack.until(() => expect(invitees(meeting.id)).toEqual([{ email: MEGAN.mail, coHost: false }]));
    const page = await stack.outlook.request<{ value: { id: string; originalStart: string }[] }>({
      path: `/users/${ALEX.id}/events/${encodeURIComponent(master.id)}/instances`,
      query: {
        startDateTime: `${start}T00:00:00Z`,
        endDateTime: new Date(Date.parse(`${start}T00:00:00Z`) + 30 * 86_400_000).toISOString(),
        $select: 'originalStart',
      },
    });
    const second = page.value.sort((a, b) => a.originalStart.localeCompare(b.originalStart))[1]!;
    await stack.outlook.update(second.id, { attendees: [attendee(MEGAN.mail!), attendee(GUEST)] });
    const occurrenceId = `${meeting.id}_${new Date(second.originalStart)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')}`;
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.occurrenceInvitees[occurrenceId]?.map((i) => i.email)).toEqual([GUEST]));
    // The series keeps its own invitees.
    expect(invitees(meeting.id)).toEqual([{ email: MEGAN.mail, coHost: false }]);
  });
});

describe('the organizer sees when sync fails', () => {
  it('an appointment stretched past Webex’s longest meeting is out of step on /api, by code, until it is shortened', async () => {
    const { meeting, eventId } = await meetingWithEvent('Too long');
    expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body).toEqual({ status: 'inStep', problems: [] });
    const errorsBefore = stack.ctx.metrics.get('sync_errors', { code: 'meeting_too_long' });
    await stack.outlook.update(eventId, { end: local(`${daysAhead(22)}T10:00:00`) });
    await stack.until(async () => {
      const state = (await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body;
      expect(state).toEqual({ status: 'outOfStep', problems: [{ code: 'meeting_too_long', at: expect.any(String) }] });
    });
    expect(stack.ctx.metrics.get('sync_errors', { code: 'meeting_too_long' })).toBeGreaterThan(errorsBefore);
    // Webex kept what it could hold.
    expect(stack.webexMeeting(meeting.id)?.end).toBe(utcOf(`${day}T09:30`));
    // The admin page's counts by code.
    const counts = await stack.store.syncErrors.count(CONTOSO.id, new Date(Date.now() - 3_600_000));
    expect(counts.find((c) => c.code === 'meeting_too_long')?.count).toBeGreaterThan(0);

    await stack.outlook.update(eventId, { end: local(`${day}T10:00:00`) });
    await stack.until(async () =>
      expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body).toEqual({ status: 'inStep', problems: [] }),
    );
    expect(stack.webexMeeting(meeting.id)?.end).toBe(utcOf(`${day}T10:00`));
  });

  it('a lost Webex authorization is the event’s problem; after connecting again, "try again" applies the change', async () => {
    const { meeting, eventId } = await meetingWithEvent('Revoked');
    await synced(eventId);
    stack.webex.revoke(ALEX.mail!);
    await stack.outlook.update(eventId, { subject: 'Renamed while revoked' });
    await stack.until(async () => {
      const state = (await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body;
      expect(state.status).toBe('outOfStep');
      expect(state.problems.map((p) => p.code)).toEqual(['webex_unauthorized']);
    });
    expect(stack.webexMeeting(meeting.id)?.title).toBe('Revoked');

    stack.forgetWebexToken();
    const retried = await stack.api<SyncState>('POST', `/api/meetings/${meeting.id}/sync/retry`);
    expect([retried.status, retried.body]).toEqual([200, { status: 'inStep', problems: [] }]);
    expect(stack.webexMeeting(meeting.id)?.title).toBe('Renamed while revoked');
  });

  it('a change Webex refused stays shown until tried again: an edit that changes nothing for Webex does not hide it', async () => {
    const { meeting, eventId } = await meetingWithEvent('Refused rename');
    await synced(eventId);
    const fault = { status: 400, pathPrefix: `/v1/meetings/${meeting.id}`, method: 'PATCH' };
    await fetch(`${stack.webex.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    try {
      await stack.outlook.update(eventId, { subject: 'Renamed, refused' });
      await stack.until(async () =>
        expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body.problems.map((p) => p.code)).toEqual([
          'webex_rejected',
        ]),
      );
    } finally {
      await fetch(`${stack.webex.url}/_emulator/faults`, { method: 'DELETE' });
    }
    await synced(eventId);
    await stack.outlook.update(eventId, { categories: ['Blue category'] });
    await synced(eventId);
    expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body.status).toBe('outOfStep');
    expect(stack.webexMeeting(meeting.id)?.title).toBe('Refused rename');

    const retried = await stack.api<SyncState>('POST', `/api/meetings/${meeting.id}/sync/retry`);
    expect(retried.body).toEqual({ status: 'inStep', problems: [] });
    expect(stack.webexMeeting(meeting.id)?.title).toBe('Renamed, refused');
  });

  it('a meeting deleted in Webex is out of step with webex_not_found', async () => {
    const { meeting, eventId } = await meetingWithEvent('Deleted in Webex');
    await synced(eventId);
    await stack.ctx.webex.deleteMeeting(await stack.webexToken(), meeting.id, { sendEmail: false });
    await stack.outlook.update(eventId, { subject: 'Renamed after the deletion' });
    await stack.until(async () =>
      expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body.problems.map((p) => p.code)).toEqual([
        'webex_not_found',
      ]),
    );
  });

  it('"try again" on an event not saved yet says so, by code', async () => {
    const meeting = await stack.addMeeting({
      subject: 'Unsaved',
      start: utcOf(`${day}T11:00`),
      end: utcOf(`${day}T11:30`),
      timeZone: 'Pacific Standard Time',
    });
    expect((await stack.api<SyncState>('GET', `/api/meetings/${meeting.id}/sync`)).body).toEqual({ status: 'notLinked', problems: [] });
    const retried = await stack.api<{ error: { code: string } }>('POST', `/api/meetings/${meeting.id}/sync/retry`);
    expect([retried.status, retried.body.error.code]).toEqual([409, 'meeting_not_linked']);
    // Another user's meeting is nobody's business.
    expect((await stack.api<{ error: { code: string } }>('GET', `/api/meetings/${meeting.id}/sync`, undefined, MEGAN)).status).toBe(404);
  });
});
