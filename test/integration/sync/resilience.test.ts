/**
 * End to end, the ways the world misbehaves: notifications duplicated, followed by extras and
 * shuffled; a receiver answering 500 for a while; a worker dying in the middle of a job.
 */
import { ensureCalendarSync } from '../../../src/server/sync';
import { ALEX, CONTOSO, daysAhead, local, startSyncStack, utcOf, type MeetingDetails, type SyncStack } from './sync-stack';

let stack: SyncStack;
let crashAt: string | undefined;
const day = daysAhead(30);

beforeAll(async () => {
  stack = await startSyncStack({
    checkpoint: (step) => {
      if (step !== crashAt) return;
      crashAt = undefined;
      throw new Error(`the worker died at ${step}`);
    },
  });
  await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
});

afterAll(async () => {
  await stack?.close();
});

const link = (eventId: string) => stack.store.links.getByEvent(CONTOSO.id, ALEX.id, eventId);

async function meetingWithEvent(subject: string, hour = 9): Promise<{ meeting: MeetingDetails; eventId: string }> {
  const hh = String(hour).padStart(2, '0');
  const meeting = await stack.addMeeting({
    subject,
    start: utcOf(`${day}T${hh}:00`),
    end: utcOf(`${day}T${hh}:30`),
    timeZone: 'America/Los_Angeles',
  });
  const event = await stack.outlook.create(
    stack.eventBodyWith(meeting, { subject, start: local(`${day}T${hh}:00:00`), end: local(`${day}T${hh}:30:00`) }),
  );
  await stack.until(async () => expect((await link(event.id))?.meetingId).toBe(meeting.id));
  return { meeting, eventId: event.id };
}

describe('resilience, end to end', () => {
  it('duplicated, extra and shuffled notifications converge with at most one Graph read each', async () => {
    const { meeting, eventId } = await meetingWithEvent('Noisy');
    stack.graph.notifier.configure({ duplicateRate: 1, extraRate: 1, outOfOrder: true });
    try {
      const received = stack.ctx.metrics.get('notifications_received');
      const reads = stack.ctx.metrics.get('graph_reads', { kind: 'event' });
      for (const hour of ['10', '11', '12'])
        await stack.outlook.update(eventId, { start: local(`${day}T${hour}:00:00`), end: local(`${day}T${hour}:30:00`) });
      await stack.until(() => expect(stack.webexMeeting(meeting.id)?.start).toBe(utcOf(`${day}T12:00`)));
      await stack.until(async () => {
        const { changeKey } = await stack.outlook.get(eventId, { $select: 'changeKey' });
        expect((await link(eventId))?.lastSynced.changeKey).toBe(changeKey);
      });
      const notifications = stack.ctx.metrics.get('notifications_received') - received;
      expect(notifications).toBeGreaterThanOrEqual(9);
      // Coalescing: far fewer reads than notifications (the bench aims at 0.3 per notification).
      expect(stack.ctx.metrics.get('graph_reads', { kind: 'event' }) - reads).toBeLessThanOrEqual(Math.floor(notifications / 2));
    } finally {
      stack.graph.notifier.configure({ duplicateRate: 0, extraRate: 0, outOfOrder: false });
    }
  });

  it("Graph is not held to the API's per-user rate limit", async () => {
    const limit = stack.config.rateLimitPerMinute;
    const statuses = new Set<number>();
    for (let i = 0; i < limit + 10; i++) {
      const res = await fetch(`${stack.url}/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"value":[]}',
      });
      statuses.add(res.status);
    }
    expect([...statuses]).toEqual([202]);
  });

  it('a receiver answering 500 for a while loses nothing: Graph delivers again', async () => {
    const { meeting, eventId } = await meetingWithEvent('Flaky receiver');
    stack.receiverDown = true;
    try {
      await stack.outlook.update(eventId, { subject: 'Renamed while down' });
      await stack.graph.notifier.flush();
      expect(stack.graph.notifier.report().counters.failedAttempts).toBeGreaterThan(0);
      expect(stack.webexMeeting(meeting.id)?.title).toBe('Flaky receiver');
    } finally {
      stack.receiverDown = false;
    }
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.title).toBe('Renamed while down'));
  });

  it('a worker dying after updating Webex is retried, and the retry changes nothing twice', async () => {
    const { meeting, eventId } = await meetingWithEvent('Dies after update');
    crashAt = 'update:after-webex';
    await stack.outlook.update(eventId, { start: local(`${day}T14:00:00`), end: local(`${day}T14:30:00`) });
    await stack.until(async () => {
      const { changeKey } = await stack.outlook.get(eventId, { $select: 'changeKey' });
      expect((await link(eventId))?.lastSynced.changeKey).toBe(changeKey);
    }, 30_000);
    expect(crashAt).toBeUndefined();
    const snapshot = stack.webexMeeting(meeting.id);
    expect([snapshot?.start, snapshot?.deleted]).toEqual([utcOf(`${day}T14:00`), false]);
  });

  it("a worker dying after creating a copy's meeting is retried, and the copy still gets exactly one meeting", async () => {
    const { eventId } = await meetingWithEvent('Dies while copying', 15);
    const original = await stack.outlook.get(eventId, {
      $select: 'body',
      $expand: `singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name cecp-e11830dd-13a2-4b11-9012-8e90508d3f44')`,
    });
    crashAt = 'copy:after-create';
    const copy = await stack.outlook.create({
      subject: 'Dies while copying',
      body: original.body,
      start: local(`${day}T16:00:00`),
      end: local(`${day}T16:30:00`),
      singleValueExtendedProperties: (original.singleValueExtendedProperties as { id: string; value: string }[]).map(({ id, value }) => ({
        id,
        value,
      })),
    });
    const copyLink = await stack.until(async () => {
      const l = await link(copy.id);
      expect(l).toBeDefined();
      return l!;
    }, 30_000);
    expect(crashAt).toBeUndefined();
    const copies = stack.webex.state.snapshot().filter((m) => m.title === 'Dies while copying' && !m.deleted);
    expect(copies.map((m) => m.id).sort()).toEqual([copyLink.meetingId, (await link(eventId))!.meetingId].sort());
  });
});
