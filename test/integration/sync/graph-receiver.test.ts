/**
 * The Graph receiver on a bare Fastify, over HTTP, with a real store and queue: the handshake, the
 * checks made before anything is trusted, and what ends up in the queue.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../helpers/databases';
import { receiverSyncContext } from '../../helpers/receiver-sync-context';
import type { JobQueue } from '../../../src/server/jobs';
import { registerGraphReceiver, subscriptionLifecycleJob, SYNC_JOBS, syncEventJob, type SyncContext } from '../../../src/server/sync';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const USER = '00000000-0000-4000-8000-000000000002';
const OTHER_USER = '00000000-0000-4000-8000-000000000003';
const SUBSCRIPTION = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const CLIENT_STATE = 'a-long-random-secret-for-this-subscription';

function change(overrides: Record<string, unknown> = {}, eventId = 'AAMkAD-event-1') {
  return {
    subscriptionId: SUBSCRIPTION,
    subscriptionExpirationDateTime: '2030-11-25T18:23:45.935+00:00',
    changeType: 'updated',
    resource: `Users/${USER}/Events/${eventId}`,
    resourceData: {
      '@odata.type': '#Microsoft.Graph.Event',
      '@odata.id': `Users/${USER}/Events/${eventId}`,
      '@odata.etag': 'W/"DwAAABYAAAA1"',
      id: eventId,
    },
    clientState: CLIENT_STATE,
    tenantId: TENANT,
    ...overrides,
  };
}

describeEachDatabase('Graph receiver', (t) => {
  let app: FastifyInstance;
  let base: string;
  let queue: JobQueue;
  let ctx: SyncContext;

  beforeAll(async () => {
    queue = await t.openJobQueue({ jobs: SYNC_JOBS });
    ctx = receiverSyncContext(t.store, queue);
    await t.store.users.upsert({ tenantId: TENANT, userId: USER });
    await t.store.subscriptions.save({
      id: SUBSCRIPTION,
      tenantId: TENANT,
      userId: USER,
      resource: `users/${USER}/events`,
      expiresAt: new Date(Date.now() + 86_400_000),
      clientState: CLIENT_STATE,
    });
    app = Fastify();
    await registerGraphReceiver(app, ctx, { bodyLimit: 16 * 1024 });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    ctx.metrics.reset();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  /** sync-event jobs waiting, once everything acknowledged has been drained from the inbox. */
  const jobs = async () => {
    await ctx.inbox.drain();
    return queue.queueSize(syncEventJob);
  };

  it.each(['/graph/notifications', '/graph/lifecycle'])(
    'the validation handshake at %s answers 200 text/plain with the decoded token',
    async (path) => {
      const token = 'Validation: Testing client application reachability for subscription Request-Id: 1d2e <&>';
      const res = await fetch(`${base}${path}?validationToken=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(token);
    },
  );

  it('a valid notification is answered 202, stored, and becomes a job', async () => {
    const before = await jobs();
    const res = await post('/graph/notifications', { value: [change({}, 'valid-1')] });
    expect(res.status).toBe(202);
    expect(ctx.metrics.get('notifications_stored')).toBe(1);
    expect(await jobs()).toBe(before + 1);
    expect(ctx.metrics.get('notifications_enqueued')).toBe(1);
  });

  it('duplicates of one change, in one POST or the next, make one job', async () => {
    const before = await jobs();
    expect(
      (
        await post('/graph/notifications', {
          value: [change({}, 'dup-1'), change({}, 'dup-1'), change({ changeType: 'created' }, 'dup-1')],
        })
      ).status,
    ).toBe(202);
    expect((await post('/graph/notifications', { value: [change({}, 'dup-1')] })).status).toBe(202);
    expect(await jobs()).toBe(before + 1);
  });

  it('a forged clientState is dropped and counted, and nothing is enqueued', async () => {
    const before = await jobs();
    const res = await post('/graph/notifications', { value: [change({ clientState: 'guessed' }, 'forged-1')] });
    expect(res.status).toBe(202);
    expect(await jobs()).toBe(before);
    expect(ctx.metrics.get('notifications_dropped', { reason: 'client_state_mismatch' })).toBe(1);
  });

  it('a forged clientState is dropped after genuine ones were accepted, and a genuine one after forged ones is accepted', async () => {
    await post('/graph/notifications', { value: [change({}, 'memo-genuine-1')] });
    const before = await jobs();
    await post('/graph/notifications', {
      value: [
        change({ clientState: CLIENT_STATE.slice(0, -1) + 'X' }, 'memo-forged'),
        change({ clientState: `${CLIENT_STATE}x` }, 'memo-longer'),
      ],
    });
    expect(await jobs()).toBe(before);
    expect(ctx.metrics.get('notifications_dropped', { reason: 'client_state_mismatch' })).toBe(2);
    await post('/graph/notifications', { value: [change({}, 'memo-genuine-2')] });
    expect(await jobs()).toBe(before + 1);
  });

  it("looks up a POST's subscriptions in one query, and a subscription it knows not again", async () => {
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      const unknown = '00000000-0000-0000-0000-0000000000aa';
      await post('/graph/notifications', {
        value: [change({}, 'lookup-1'), change({ subscriptionId: unknown }, 'lookup-2'), change({}, 'lookup-3')],
      });
      await post('/graph/notifications', { value: [change({}, 'lookup-4')] });
      // The first POST read the subscription and the unknown id at once; the second read nothing.
      expect(lookups.mock.calls).toEqual([[expect.arrayContaining([unknown])]]);
    } finally {
      lookups.mockRestore();
    }
  });

  it('a notification for a subscription we do not hold is dropped and counted', async () => {
    const before = await jobs();
    await post('/graph/notifications', { value: [change({ subscriptionId: '00000000-0000-0000-0000-00000000dead' }, 'unknown-1')] });
    expect(await jobs()).toBe(before);
    expect(ctx.metrics.get('notifications_dropped', { reason: 'unknown_subscription' })).toBe(1);
  });

  it("a notification naming another user's mailbox is dropped and counted", async () => {
    const before = await jobs();
    await post('/graph/notifications', { value: [change({ resource: `Users/${OTHER_USER}/Events/x`, resourceData: { id: 'x' } })] });
    expect(await jobs()).toBe(before);
    expect(ctx.metrics.get('notifications_dropped', { reason: 'resource_mismatch' })).toBe(1);
  });

  it('a change already synced (our own write echoed back) is not enqueued', async () => {
    await t.store.links.linkEvent({
      tenantId: TENANT,
      userId: USER,
      eventId: 'synced-1',
      meetingId: 'meeting-synced-1',
      lastSynced: { changeKey: 'DwAAABYAAAA1', startUtc: new Date(), endUtc: new Date(), subjectHash: 'h', recurrenceHash: null },
    });
    const before = await jobs();
    await post('/graph/notifications', { value: [change({}, 'synced-1')] });
    expect(await jobs()).toBe(before);
    expect(ctx.metrics.get('sync_skipped_known_change')).toBe(1);
  });

  it('a lifecycle notification is verified and stored as a job', async () => {
    await ctx.inbox.drain();
    const before = await queue.queueSize(subscriptionLifecycleJob);
    const res = await post('/graph/lifecycle', {
      value: [{ subscriptionId: SUBSCRIPTION, clientState: CLIENT_STATE, lifecycleEvent: 'missed', tenantId: TENANT }],
    });
    expect(res.status).toBe(202);
    await ctx.inbox.drain();
    expect(await queue.queueSize(subscriptionLifecycleJob)).toBe(before + 1);
  });

  it('a body that is not JSON is refused with 415', async () => {
    const res = await post('/graph/notifications', 'value=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('malformed JSON is refused with 400', async () => {
    const res = await post('/graph/notifications', '{"value": [', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
  });

  it('JSON that is not a collection of notifications is refused with 400', async () => {
    const res = await post('/graph/notifications', { notifications: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_notification');
  });

  it('an oversized body is refused with 413', async () => {
    const res = await post('/graph/notifications', { value: Array.from({ length: 40 }, (_, i) => change({}, `big-${i}`)) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});
