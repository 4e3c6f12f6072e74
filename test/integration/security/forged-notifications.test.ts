/**
 * Whatever is POSTed to the Graph receiver, only a genuine notification becomes work: one naming a
 * subscription we hold, with its clientState, for its own tenant and mailbox. Forged, replayed,
 * malformed, oversized and random bodies (fast-check, thousands of them) are answered without a
 * 5xx, enqueue nothing, and leave the process serving.
 */
import fc from 'fast-check';
import { changeNotification, startReceiverApp, type ReceiverApp } from '../../helpers/receiver-app';

let r: ReceiverApp;

beforeAll(async () => {
  r = await startReceiverApp();
});

afterAll(async () => {
  await r?.close();
});

function post(body: unknown, contentType = 'application/json', remoteAddress = '127.0.0.1') {
  return r.app.inject({
    method: 'POST',
    url: '/graph/notifications',
    remoteAddress,
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function enqueuedBy(send: () => Promise<{ statusCode: number }>): Promise<{ status: number; jobs: number }> {
  const before = await r.jobs();
  const { statusCode } = await send();
  return { status: statusCode, jobs: (await r.jobs()) - before };
}

const dropped = (reason: string) => r.ctx.metrics.get('notifications_dropped', { reason });

describe('the Graph receiver', () => {
  it('enqueues a genuine notification (the control for every refusal below)', async () => {
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.alice)] }))).toEqual({ status: 202, jobs: 1 });
  });

  it('drops a notification with the wrong clientState', async () => {
    const before = dropped('client_state_mismatch');
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.alice, { clientState: r.bob.clientState })] }))).toEqual({
      status: 202,
      jobs: 0,
    });
    expect(dropped('client_state_mismatch')).toBe(before + 1);
  });

  it('drops a notification for a subscription it does not hold', async () => {
    const forged = changeNotification({ ...r.alice, id: '9a1f7c2e-0000-4000-8000-000000000bad' });
    const before = dropped('unknown_subscription');
    expect(await enqueuedBy(() => post({ value: [forged] }))).toEqual({ status: 202, jobs: 0 });
    expect(dropped('unknown_subscription')).toBe(before + 1);
  });

  it("drops a notification carrying another tenant's id", async () => {
    const before = dropped('tenant_mismatch');
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.alice, { tenantId: r.other.tenantId })] }))).toEqual({
      status: 202,
      jobs: 0,
    });
    expect(dropped('tenant_mismatch')).toBe(before + 1);
  });

  it("drops another tenant's genuine subscription naming this tenant's mailbox, and one user's naming another's", async () => {
    const before = dropped('resource_mismatch');
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.other, { userId: r.alice.userId })] }))).toEqual({
      status: 202,
      jobs: 0,
    });
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.alice, { userId: r.bob.userId })] }))).toEqual({
      status: 202,
      jobs: 0,
    });
    expect(dropped('resource_mismatch')).toBe(before + 2);
  });

  it('turns a batch replayed again and again into one job', async () => {
    const batch = { value: [changeNotification(r.bob), changeNotification(r.bob)] };
    const first = await enqueuedBy(() => post(batch));
    let replays = 0;
    for (let i = 0; i < 5; i++) replays += (await enqueuedBy(() => post(batch))).jobs;
    expect([first, replays]).toEqual([{ status: 202, jobs: 2 }, 0]);
  });

  it('does not enqueue a replay of a change it already synced (the same changeKey)', async () => {
    const meetingId = `meeting-${Date.now()}`;
    await r.store.meetings.create({ meetingId, tenantId: r.alice.tenantId, userId: r.alice.userId });
    const eventId = 'AAMkAGsyncedEvent=';
    await r.store.links.linkEvent({
      tenantId: r.alice.tenantId,
      userId: r.alice.userId,
      eventId,
      meetingId,
      lastSynced: { changeKey: 'DwAAABYAAAA1', startUtc: new Date(), endUtc: new Date(), subjectHash: 'x', recurrenceHash: null },
    });
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.alice, {}, eventId)] }))).toEqual({ status: 202, jobs: 0 });
  });

  it.each([
    ['malformed JSON', '{"value": [', 'application/json', 400, 'malformed_json'],
    ['an empty body', '', 'application/json', 400, 'malformed_json'],
    ['a JSON body of the wrong shape', '{"values": []}', 'application/json', 400, 'malformed_notification'],
    ['a JSON array', '[{"subscriptionId": "x"}]', 'application/json', 400, 'malformed_notification'],
    ['plain text', 'value=1', 'text/plain', 415, 'unsupported_media_type'],
    ['a form', 'value=1', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
  ])('answers %s with a 4xx and its code', async (_what, body, contentType, status, code) => {
    const res = await enqueuedBy(async () => {
      const answer = await post(body, contentType);
      expect(answer.json()).toMatchObject({ error: { code } });
      return answer;
    });
    expect(res).toEqual({ status, jobs: 0 });
  });

  it('refuses a body over its limit (413) and a batch of more than 1,000 items (400)', async () => {
    const huge = JSON.stringify({ value: [changeNotification(r.alice, { padding: 'x'.repeat(1_100_000) })] });
    expect(await enqueuedBy(() => post(huge))).toEqual({ status: 413, jobs: 0 });
    const many = { value: Array.from({ length: 1001 }, () => changeNotification(r.alice)) };
    expect(await enqueuedBy(() => post(many))).toEqual({ status: 400, jobs: 0 });
  });

  it('never answers 5xx and never enqueues anything for thousands of random bodies', async () => {
    const before = await r.jobs();
    const statuses = new Set<number>();
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    // Shaped like notifications, with our real subscription id among the values tried.
    const idLike = fc.oneof(fc.constant(r.alice.id), fc.constant(r.other.id), fc.uuid(), fc.string(), fc.integer(), fc.constant(null));
    const item = fc.record(
      {
        subscriptionId: idLike,
        clientState: fc.oneof(fc.string(), fc.constant(''), fc.constant(null), fc.base64String()),
        changeType: fc.oneof(fc.constantFrom('created', 'updated', 'deleted', 'missed'), fc.string()),
        lifecycleEvent: fc.oneof(fc.constantFrom('missed', 'subscriptionRemoved', 'reauthorizationRequired'), fc.string()),
        resource: fc.oneof(fc.constant(`Users/${r.alice.userId}/Events/AAMk=`), fc.string(), fc.webUrl()),
        resourceData: fc.oneof(fc.object(), fc.record({ id: fc.string(), '@odata.etag': fc.string() })),
        tenantId: fc.oneof(fc.constant(r.alice.tenantId), fc.uuid(), fc.string()),
      },
      { requiredKeys: [] },
    );
    const shaped = fc.array(item, { maxLength: 25 }).map((value) => JSON.stringify({ value }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, shaped), async (body) => {
        const res = await post(body);
        statuses.add(res.statusCode);
        return res.statusCode < 500;
      }),
      { numRuns: 3_000 },
    );
    expect(await r.jobs()).toBe(before);
    expect([...statuses].every((s) => s >= 200 && s < 500)).toBe(true);
  }, 120_000);

  it('still serves genuine notifications after all that', async () => {
    // From another address: the fuzzing one, whose POSTs kept failing, gets no lookup for a while.
    expect(await enqueuedBy(() => post({ value: [changeNotification(r.bob)] }, 'application/json', '203.0.113.10'))).toEqual({
      status: 202,
      jobs: 1,
    });
    const health = await r.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});
