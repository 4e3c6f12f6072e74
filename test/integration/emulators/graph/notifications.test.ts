import { adele, alex, call, eventBody, expiresIn, GraphKit, Receiver, startGraph, startReceiver, subscribe } from './graph-test-kit';

let kit: GraphKit;
let app: string;
let receiver: Receiver;
let lifecycle: Receiver;

const FAST = {
  batchWindowMs: 10,
  retryBaseMs: 20,
  retryMaxDelayMs: 40,
  receiverTimeoutMs: 400,
  slowThresholdMs: 2900,
  slowMinSamples: 100,
  duplicateRate: 0,
  extraRate: 0,
  maxBatchSize: 20,
  deliveryDelayMs: 0,
};

beforeAll(async () => {
  kit = await startGraph({ notifications: FAST });
  app = await kit.appToken();
  receiver = await startReceiver();
  lifecycle = await startReceiver('/graph/lifecycle');
});
afterAll(async () => {
  await Promise.all([kit.close(), receiver.close(), lifecycle.close()]);
});
beforeEach(() => {
  kit.emulator.reset();
  kit.emulator.notifier.configure(FAST);
  receiver.reset();
  lifecycle.reset();
});

type Notification = Record<string, unknown> & { changeType?: string; lifecycleEvent?: string; resourceData?: Record<string, string> };
const events = `/v1.0/users/${adele.id}/events`;

async function subscribed(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<string> {
  const res = await subscribe(kit, app, receiver, { lifecycleNotificationUrl: lifecycle.url, ...extra }, headers);
  expect(res.status).toBe(201);
  return res.body.id;
}

function changes(): Notification[] {
  return receiver.notifications() as Notification[];
}

describe('change notifications', () => {
  it('a create, an update and a delete made through the API each arrive with Graph’s fields', async () => {
    const subscriptionId = await subscribed();
    const created = await call<{ id: string; changeKey: string }>(kit.url, events, {
      method: 'POST',
      token: app,
      body: eventBody('Sync', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
    });
    const updated = await call<{ changeKey: string }>(kit.url, `${events}/${created.body.id}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'Sync 2' },
    });
    await call(kit.url, `${events}/${created.body.id}`, { method: 'DELETE', token: app });
    await kit.emulator.notifier.flush();

    const got = changes();
    // Graph does not promise order: batches sent close together may arrive either way round.
    expect(got.map((n) => n.changeType).sort()).toEqual(['created', 'deleted', 'updated']);
    const of = (changeType: string) => got.find((n) => n.changeType === changeType);
    const sub = kit.emulator.subscriptions.get(subscriptionId)!;
    const resource = `Users/${adele.id}/Events/${created.body.id}`;
    expect(of('updated')).toEqual({
      subscriptionId,
      subscriptionExpirationDateTime: new Date(sub.expiration).toISOString().replace('Z', '+00:00'),
      changeType: 'updated',
      resource,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': resource,
        '@odata.etag': `W/"${updated.body.changeKey}"`,
        id: created.body.id,
      },
      clientState: 'secret-client-state',
      tenantId: sub.tenantId,
    });
    expect(of('deleted')?.resourceData).toEqual({ '@odata.type': '#Microsoft.Graph.Event', '@odata.id': resource, id: created.body.id });
    expect(kit.emulator.notifier.report().counters).toMatchObject({ delivered: 3, dropped: 0, retried: 0 });
  });

  it('changes close together share one POST as a value[] batch', async () => {
    await subscribed();
    for (let i = 0; i < 3; i += 1) kit.emulator.createEvent(adele.id, eventBody(`B${i}`, '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]).toHaveLength(3);
  });

  it('only the subscribed mailbox and change types are notified', async () => {
    await subscribed({ changeType: 'deleted' });
    const ev = kit.emulator.createEvent(adele.id, eventBody('Only deletes', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.createEvent(alex.id, eventBody('Other mailbox', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.events.delete(adele.id, ev.event.key);
    await kit.emulator.notifier.flush();
    expect(changes().map((n) => n.changeType)).toEqual(['deleted']);
  });

  it('ids in notifications are immutable when the subscription was created with Prefer: IdType="ImmutableId"', async () => {
    await subscribed({}, { Prefer: 'IdType="ImmutableId"' });
    const ev = kit.emulator.createEvent(adele.id, eventBody('Immutable', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()[0]!.resourceData!.id).toBe(ev.immutableId);
  });

  it('with duplicates and extra notifications switched on, one change arrives several times', async () => {
    await subscribed();
    kit.emulator.notifier.configure({ duplicateRate: 1, extraRate: 1 });
    kit.emulator.createEvent(adele.id, eventBody('Noisy', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(
      changes()
        .map((n) => n.changeType)
        .sort(),
    ).toEqual(['created', 'created', 'updated']);
    expect(kit.emulator.notifier.report().counters).toMatchObject({ duplicates: 1, extra: 1, delivered: 3 });
  });

  it('a change to an occurrence of a series is announced as an update of the series master', async () => {
    await subscribed();
    const master = kit.emulator.createEvent(adele.id, {
      ...eventBody('Weekly', '2026-11-02T09:00:00', '2026-11-02T09:30:00', 'UTC'),
      recurrence: {
        pattern: { type: 'weekly', daysOfWeek: ['monday'] },
        range: { type: 'numbered', startDate: '2026-11-02', numberOfOccurrences: 4 },
      },
    });
    const instances = await call<{ value: { id: string }[] }>(
      kit.url,
      `${events}/${master.id}/instances?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z`,
      { token: app },
    );
    await kit.emulator.notifier.flush();
    receiver.posts.length = 0;
    await call(kit.url, `${events}/${instances.body.value[1]!.id}`, { method: 'PATCH', token: app, body: { subject: 'Moved one' } });
    await call(kit.url, `${events}/${instances.body.value[2]!.id}`, { method: 'DELETE', token: app });
    await kit.emulator.notifier.flush();
    const got = changes();
    expect(got.map((n) => n.changeType)).toEqual(['updated', 'updated']);
    expect(new Set(got.map((n) => n.resourceData!.id))).toEqual(new Set([master.id]));
  });
});

describe('delivery to a failing receiver', () => {
  it('is retried with back-off until the receiver answers 2xx', async () => {
    await subscribed();
    receiver.behaviour.failNext = 2;
    kit.emulator.createEvent(adele.id, eventBody('Retry me', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toEqual([]);
    await kit.emulator.notifier.idle(3000);
    expect(changes().map((n) => n.changeType)).toEqual(['created']);
    expect(kit.emulator.notifier.report().counters).toMatchObject({ delivered: 1, retried: 2, failedAttempts: 2, dropped: 0 });
  });

  it('a receiver slower than its timeout counts as failed and is retried', async () => {
    await subscribed();
    receiver.behaviour.delayMs = (n) => (n === 0 ? 700 : 0);
    kit.emulator.createEvent(adele.id, eventBody('Slow', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.idle(5000);
    expect(kit.emulator.notifier.report().counters).toMatchObject({ failedAttempts: 1, retried: 1, delivered: 1 });
  });

  it('is dropped after the retry window, and the subscription hears `missed`', async () => {
    await subscribed({ expirationDateTime: expiresIn(kit.emulator, 10_000) });
    receiver.behaviour.failNext = 100;
    kit.emulator.createEvent(adele.id, eventBody('Lost', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    kit.emulator.clock.advance(4 * 3600 + 1);
    await kit.emulator.notifier.flush();
    await kit.emulator.notifier.flush();
    expect(kit.emulator.notifier.report().counters.dropped).toBe(1);
    expect(lifecycle.notifications().map((n) => n.lifecycleEvent)).toEqual(['missed']);
  });
});

describe('the slow rule', () => {
  // Slow means over 150 ms here (2,900 ms in Graph); the slow answers take 400 ms, the others a few.
  beforeEach(() =>
    kit.emulator.notifier.configure({
      maxBatchSize: 1,
      slowMinSamples: 10,
      slowThresholdMs: 150,
      receiverTimeoutMs: 2000,
      slowDelayMs: 60_000,
    }),
  );

  async function deliverWithSlowShare(slowOfTen: number): Promise<void> {
    receiver.behaviour.delayMs = (n) => (n < slowOfTen ? 400 : 0);
    for (let i = 0; i < 10; i += 1) kit.emulator.createEvent(adele.id, eventBody(`S${i}`, '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.notifier.configure({ maxParallelPerEndpoint: 1 });
    await kit.emulator.notifier.flush();
  }

  it('marks an endpoint slow at 10% slow responses and delays its notifications', async () => {
    await subscribed();
    await deliverWithSlowShare(1);
    const endpoint = kit.emulator.notifier.report().endpoints.find((e) => e.url === receiver.url)!;
    expect(endpoint).toMatchObject({ state: 'slow', responses: 10, slowResponses: 1 });
    kit.emulator.createEvent(adele.id, eventBody('Late', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toHaveLength(10);
    expect(kit.emulator.notifier.report().counters.delayedSlow).toBe(1);
  });

  it('drops notifications at 15% slow responses, until the counts are flushed', async () => {
    await subscribed();
    await deliverWithSlowShare(2);
    expect(kit.emulator.notifier.report().endpoints.find((e) => e.url === receiver.url)!.state).toBe('drop');
    kit.emulator.createEvent(adele.id, eventBody('Dropped', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toHaveLength(10);
    expect(kit.emulator.notifier.report().counters.dropped).toBe(1);
    kit.emulator.clock.advance(601);
    kit.emulator.createEvent(adele.id, eventBody('Back', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toHaveLength(11);
  });
});

describe('lifecycle notifications', () => {
  async function trigger(subscriptionId: string, lifecycleEvent: string): Promise<number> {
    const res = await fetch(`${kit.url}/_emulator/subscriptions/${subscriptionId}/lifecycle`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ lifecycleEvent }),
    });
    await kit.emulator.notifier.flush();
    return res.status;
  }

  it('reauthorizationRequired and missed reach the lifecycle URL in Graph’s shape', async () => {
    const id = await subscribed();
    expect(await trigger(id, 'reauthorizationRequired')).toBe(202);
    expect(await trigger(id, 'missed')).toBe(202);
    const sub = kit.emulator.subscriptions.get(id)!;
    expect(lifecycle.notifications()).toEqual(
      ['reauthorizationRequired', 'missed'].map((lifecycleEvent) => ({
        subscriptionId: id,
        subscriptionExpirationDateTime: new Date(sub.expiration).toISOString().replace('Z', '+00:00'),
        tenantId: sub.tenantId,
        clientState: 'secret-client-state',
        lifecycleEvent,
      })),
    );
    expect(changes()).toEqual([]);
  });

  it('subscriptionRemoved removes the subscription: no more notifications', async () => {
    const id = await subscribed();
    expect(await trigger(id, 'subscriptionRemoved')).toBe(202);
    expect(lifecycle.notifications().map((n) => n.lifecycleEvent)).toEqual(['subscriptionRemoved']);
    expect((await call(kit.url, `/v1.0/subscriptions/${id}`, { token: app })).status).toBe(404);
    kit.emulator.createEvent(adele.id, eventBody('Unheard', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toEqual([]);
  });

  it('after a reauthorizationRequired challenge is left unanswered, delivery pauses until the app reauthorizes', async () => {
    const id = await subscribed();
    await trigger(id, 'reauthorizationRequired');
    kit.emulator.clock.advance(11 * 60);
    kit.emulator.createEvent(adele.id, eventBody('Paused', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes()).toEqual([]);
    expect((await call(kit.url, `/v1.0/subscriptions/${id}/reauthorize`, { method: 'POST', token: app })).status).toBe(204);
    kit.emulator.createEvent(adele.id, eventBody('Resumed', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await kit.emulator.notifier.flush();
    expect(changes().map((n) => n.changeType)).toEqual(['created']);
  });

  it('an unknown lifecycle event is 400 and an unknown subscription 404', async () => {
    const id = await subscribed();
    expect(await trigger(id, 'exploded')).toBe(400);
    expect(await trigger('00000000-0000-4000-8000-000000000000', 'missed')).toBe(404);
  });
});

describe('the delivery counters', () => {
  it('are readable at GET /_emulator/notifications', async () => {
    await subscribed();
    kit.emulator.createEvent(adele.id, eventBody('Counted', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const flushed = await fetch(`${kit.url}/_emulator/notifications/flush`, { method: 'POST' });
    expect(flushed.status).toBe(200);
    const report = (await (await fetch(`${kit.url}/_emulator/notifications`)).json()) as { counters: Record<string, number> };
    expect(report.counters).toMatchObject({ queued: 1, delivered: 1, retried: 0, dropped: 0, duplicates: 0 });
  });

  it('bad settings are refused with 400', async () => {
    const res = await fetch(`${kit.url}/_emulator/notifications/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 2 }),
    });
    expect(res.status).toBe(400);
  });
});
