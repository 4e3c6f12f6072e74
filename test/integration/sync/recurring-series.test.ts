/**
 * End to end, a weekly series across the spring DST change in Los Angeles: the series keeps its
 * local time in Webex, a moved occurrence becomes a Webex exception, a deleted occurrence is
 * cancelled in Webex, and a change of the series' time starts its occurrences over on both sides.
 * The steps build on each other, in order.
 */
import { ensureCalendarSync } from '../../../src/server/sync';
import {
  ALEX,
  CONTOSO,
  local,
  mondaysAroundSpringForward,
  startSyncStack,
  utcOf,
  type GraphEventBody,
  type MeetingDetails,
  type SyncStack,
} from './sync-stack';

let stack: SyncStack;
let meeting: MeetingDetails;
let masterId: string;
const { before, after } = mondaysAroundSpringForward();
const weekAfter = new Date(Date.parse(`${after}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

const recurrence = {
  pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
  range: { type: 'numbered', startDate: before, numberOfOccurrences: 4, recurrenceTimeZone: 'Pacific Standard Time' },
};

beforeAll(async () => {
  stack = await startSyncStack({ sync: { coalesceSeconds: 0 } });
  await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
});

afterAll(async () => {
  await stack?.close();
});

const link = (eventId: string) => stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId);

/** The Webex occurrences of the series as the Webex API lists them (UTC starts). */
async function webexOccurrences(): Promise<string[]> {
  const token = await stack.webexToken();
  const items = await stack.ctx.webex.listMeetings(token, {
    meetingSeriesId: meeting.id,
    meetingType: 'scheduledMeeting',
    from: `${before}T00:00:00Z`,
    to: `${weekAfter}T23:59:59Z`,
  });
  return items.map((m) => new Date(m.start).toISOString()).sort();
}

async function instances(): Promise<GraphEventBody[]> {
  const page = await stack.outlook.request<{ value: GraphEventBody[] }>({
    path: `/users/${ALEX.id}/events/${encodeURIComponent(masterId)}/instances`,
    query: { startDateTime: `${before}T00:00:00Z`, endDateTime: `${weekAfter}T23:59:59Z`, $select: 'start,originalStart,type' },
  });
  return page.value.sort((a, b) => String(a.originalStart).localeCompare(String(b.originalStart)));
}

async function syncedMaster(): Promise<void> {
  const { changeKey } = await stack.outlook.get(masterId, { $select: 'changeKey' });
  await stack.until(async () => expect((await link(masterId))?.lastSynced.changeKey).toBe(changeKey));
}

describe('a weekly series across the DST change, end to end', () => {
  it('the series event is linked to the Webex series the add-in created', async () => {
    meeting = await stack.addMeeting({
      subject: 'Weekly sync',
      start: utcOf(`${before}T09:00`),
      end: utcOf(`${before}T09:30`),
      timeZone: 'Pacific Standard Time',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
    });
    const event = await stack.outlook.create(
      stack.eventBodyWith(meeting, {
        subject: 'Weekly sync',
        start: local(`${before}T09:00:00`),
        end: local(`${before}T09:30:00`),
        recurrence,
      }),
    );
    masterId = event.id;
    await stack.until(async () => expect((await link(masterId))?.meetingId).toBe(meeting.id));
  });

  it('moving the series to 10:00 keeps 10:00 local in Webex on both sides of the DST change', async () => {
    await stack.outlook.update(masterId, { start: local(`${before}T10:00:00`), end: local(`${before}T10:30:00`) });
    await stack.until(async () =>
      expect(await webexOccurrences()).toEqual([utcOf(`${before}T10:00`), utcOf(`${after}T10:00`), utcOf(`${weekAfter}T10:00`)]),
    );
    // 10:00 PST is 18:00 UTC, 10:00 PDT is 17:00 UTC.
    const [first, second] = await webexOccurrences();
    expect(new Date(second!).getUTCHours()).toBe(new Date(first!).getUTCHours() - 1);
  });

  it('moving one occurrence makes that Webex occurrence an exception', async () => {
    const [, afterChange] = await instances();
    const original = String(afterChange!.originalStart);
    await stack.outlook.update(afterChange!.id, { start: local(`${after}T13:00:00`), end: local(`${after}T13:30:00`) });
    await stack.until(() => {
      const exceptions = stack.webexMeeting(meeting.id)?.exceptions ?? [];
      expect(exceptions).toEqual([expect.objectContaining({ start: utcOf(`${after}T13:00`), end: utcOf(`${after}T13:30`) })]);
      expect(exceptions[0]?.id).toBe(`${meeting.id}_${original.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/Z?$/, 'Z')}`);
    });
  });

  it('deleting one occurrence cancels it in Webex', async () => {
    const third = (await instances())[2]!;
    await stack.outlook.delete(third.id);
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.cancelledOccurrences).toHaveLength(1));
    expect(stack.webexMeeting(meeting.id)?.exceptions).toHaveLength(1);
  });

  it('a change of the series that is not its time costs no Webex call', async () => {
    await syncedMaster();
    const writes = () =>
      (stack.webexMeeting(meeting.id)?.calls ?? []).filter((c) => c.operation !== 'get' && c.operation !== 'list').length;
    const writesBefore = writes();
    await stack.outlook.update(masterId, { categories: ['Blue category'] });
    await syncedMaster();
    expect(writes()).toBe(writesBefore);
  });

  it('moving the series again resets its exceptions on both sides, and a new exception is applied after', async () => {
    await stack.outlook.update(masterId, { start: local(`${before}T11:00:00`), end: local(`${before}T11:30:00`) });
    await stack.until(async () => {
      const snapshot = stack.webexMeeting(meeting.id);
      expect(snapshot?.start).toBe(utcOf(`${before}T11:00`));
      expect([snapshot?.exceptions, snapshot?.cancelledOccurrences]).toEqual([[], []]);
      const occurrenceLinks = (await stack.store.links.listForUser(CONTOSO.id, ALEX.id)).filter((l) =>
        l.meetingId.startsWith(`${meeting.id}_`),
      );
      expect(occurrenceLinks).toEqual([]);
    });
    const [first] = await instances();
    await stack.outlook.update(first!.id, { start: local(`${before}T15:00:00`), end: local(`${before}T15:30:00`) });
    await stack.until(() =>
      expect(stack.webexMeeting(meeting.id)?.exceptions).toEqual([expect.objectContaining({ start: utcOf(`${before}T15:00`) })]),
    );
  });

  it('deleting the series deletes the Webex series', async () => {
    await stack.outlook.delete(masterId);
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.deleted).toBe(true));
    expect((await stack.store.links.listForUser(CONTOSO.id, ALEX.id)).filter((l) => l.meetingId.startsWith(meeting.id))).toEqual([]);
  });
});
