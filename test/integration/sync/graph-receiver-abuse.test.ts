/**
 * The Graph receiver under abuse: what forged or stray notifications cost. A subscription id that
 * is not a GUID is never looked up; an unknown one is looked up once however often it comes; an
 * address whose POSTs keep failing verification gets no lookup for a while (429 for what cannot be
 * verified from memory), and nobody else is affected; Graph's own POSTs, with a stray notification
 * mixed in, are never refused. The app's clock stands
 * still here (the receiver's memories and windows go by it), and is moved by hand.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../helpers/databases';
import { receiverSyncContext } from '../../helpers/receiver-sync-context';
import type { GraphCall } from '../../../src/server/graph';
import type { JobQueue } from '../../../src/server/jobs';
import { createSubscription, registerGraphReceiver, SYNC_JOBS, syncEventJob, type SyncContext } from '../../../src/server/sync';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const USER = '00000000-0000-4000-8000-0000000000a1';
const SUBSCRIPTION = '5b7c1e2a-9d3f-4c6b-8a1e-2f3d4c5b6a71';
const CLIENT_STATE = 'the-secret-graph-was-given-for-this-subscription';
const FAILURE_LIMIT = 10;

let eventCounter = 0;
function change(overrides: Record<string, unknown> = {}) {
  const eventId = `AAMkAD-abuse-${++eventCounter}`;
  return {
    subscriptionId: SUBSCRIPTION,
    changeType: 'updated',
    resource: `Users/${USER}/Events/${eventId}`,
    resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.etag': 'W/"DwAAABYAAAA1"', id: eventId },
    clientState: CLIENT_STATE,
    tenantId: TENANT,
    ...overrides,
  };
}

const unused = () => {
  throw new Error('the receiver must not call out');
};

describeEachDatabase('Graph receiver under abuse', (t) => {
  let app: FastifyInstance;
  let queue: JobQueue;
  let ctx: SyncContext;
  let now = Date.parse('2030-01-01T00:00:00Z');
  /** What createSubscription asked Graph for: the clientState it chose. */
  let created: { id: string; clientState?: string } = { id: '' };

  beforeAll(async () => {
    queue = await t.openJobQueue({ jobs: SYNC_JOBS });
    ctx = receiverSyncContext(t.store, queue, {
      // Only createSubscription calls Graph here: it gets the subscription id the test chose.
      graph: {
        request: (async (_tenantId: string, call: GraphCall) => {
          created = { ...created, clientState: (call.body as { clientState?: string }).clientState };
          return { id: created.id, expirationDateTime: new Date(now + 86_400_000).toISOString() };
        }) as <T>(tenantId: string, call: GraphCall) => Promise<T>,
      },
      access: { authFor: async () => undefined, startDelegated: unused, hasDelegated: unused, forgetDelegated: unused },
      clock: () => new Date(now),
    });
    await t.store.tenants.upsert({ id: TENANT, mode: 'admin' });
    await t.store.users.upsert({ tenantId: TENANT, userId: USER });
    await t.store.subscriptions.save({
      id: SUBSCRIPTION,
      tenantId: TENANT,
      userId: USER,
      resource: `users/${USER}/events`,
      expiresAt: new Date(now + 86_400_000),
      clientState: CLIENT_STATE,
    });
    app = Fastify();
    await registerGraphReceiver(app, ctx, { failureLimit: FAILURE_LIMIT });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    ctx.metrics.reset();
  });

  const post = async (from: string, value: unknown[], path = '/graph/notifications') => {
    const res = await app.inject({
      method: 'POST',
      url: path,
      remoteAddress: from,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ value }),
    });
    return { status: res.statusCode, code: res.statusCode >= 400 ? res.json<{ error: { code: string } }>().error.code : undefined };
  };
  const jobs = async () => {
    await ctx.inbox.drain();
    return queue.queueSize(syncEventJob);
  };

  it('never looks up a subscription id that is not a GUID, and drops its notification (202)', async () => {
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      const notGuids = [
        'sub-1',
        `${SUBSCRIPTION}x`,
        `{${SUBSCRIPTION}}`,
        SUBSCRIPTION.replace(/-/g, ''),
        "x' OR '1'='1",
        'z'.repeat(500),
        `${SUBSCRIPTION.slice(0, -1)}g`,
      ];
      const answer = await post(
        '192.0.2.10',
        notGuids.map((subscriptionId) => change({ subscriptionId })),
        '/graph/notifications',
      );
      const lifecycle = await post(
        '192.0.2.10',
        [{ subscriptionId: 'sub-1', clientState: CLIENT_STATE, lifecycleEvent: 'missed', tenantId: TENANT }],
        '/graph/lifecycle',
      );
      expect([answer, lifecycle]).toEqual([
        { status: 202, code: undefined },
        { status: 202, code: undefined },
      ]);
      expect(lookups).not.toHaveBeenCalled();
      expect(ctx.metrics.get('notifications_dropped', { reason: 'invalid_subscription_id' })).toBe(notGuids.length + 1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('looks up the GUIDs of a POST that also carries ids that are not, and only them', async () => {
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      const before = await jobs();
      expect(await post('192.0.2.11', [change({ subscriptionId: 'not-a-guid' }), change()])).toEqual({ status: 202, code: undefined });
      expect(lookups.mock.calls.flat(2).every((id) => /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id))).toBe(true);
      expect(await jobs()).toBe(before + 1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('looks up a subscription it does not hold once, however often it is named', async () => {
    const unknown = '0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b';
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      const statuses = new Set<number>();
      // From many addresses, so that no failure limit stops the flood before it reaches the lookup.
      for (let i = 0; i < 50; i++) statuses.add((await post(`198.18.0.${i + 1}`, [change({ subscriptionId: unknown })])).status);
      expect([...statuses]).toEqual([202]);
      expect(lookups.mock.calls.filter(([ids]) => ids.includes(unknown))).toHaveLength(1);
      expect(ctx.metrics.get('notifications_dropped', { reason: 'unknown_subscription' })).toBe(50);
    } finally {
      lookups.mockRestore();
    }
  });

  it('looks up an unknown subscription again once its memory of it has lapsed', async () => {
    const unknown = '1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b';
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      await post('198.19.0.1', [change({ subscriptionId: unknown })]);
      now += 60_001;
      await post('198.19.0.2', [change({ subscriptionId: unknown })]);
      expect(lookups.mock.calls.filter(([ids]) => ids.includes(unknown))).toHaveLength(2);
    } finally {
      lookups.mockRestore();
    }
  });

  it('accepts at once the notifications of a subscription created right after its id was found unknown (Graph notified before we stored it)', async () => {
    created = { id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' };
    // Graph's first notification overtakes our write of the subscription: the id is unknown yet.
    expect(await post('192.0.2.20', [change({ subscriptionId: created.id, clientState: 'not-known-yet' })])).toEqual({
      status: 202,
      code: undefined,
    });
    await createSubscription(ctx, TENANT, USER);
    const before = await jobs();
    expect(await post('192.0.2.20', [change({ subscriptionId: created.id, clientState: created.clientState })])).toEqual({
      status: 202,
      code: undefined,
    });
    expect(await jobs()).toBe(before + 1);
  });

  it('refuses (429 rate_limited) an address whose POSTs keep failing, and only that address', async () => {
    const forger = '203.0.113.66';
    const forged = () => [change({ clientState: 'guessed' })];
    const unknown = () => [change({ subscriptionId: randomUUID() })];
    const answers: Array<{ status: number; code?: string }> = [];
    for (let i = 0; i < FAILURE_LIMIT; i++) answers.push(await post(forger, i % 2 === 0 ? forged() : unknown()));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([202]));

    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      // Over the limit: refused without a lookup, whether the subscription is one it holds or not.
      expect(await post(forger, unknown())).toEqual({ status: 429, code: 'rate_limited' });
      expect(await post(forger, forged())).toEqual({ status: 429, code: 'rate_limited' });
      expect(await post(forger, [change(), ...unknown()])).toEqual({ status: 429, code: 'rate_limited' });
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }

    const before = await jobs();
    expect(await post('203.0.113.67', [change()])).toEqual({ status: 202, code: undefined });
    expect(await post('203.0.113.67', forged())).toEqual({ status: 202, code: undefined });
    expect(await jobs()).toBe(before + 1);

    // The refusal is for a while: once the window has passed the address is heard again.
    now += 60_001;
    expect(await post(forger, [change()])).toEqual({ status: 202, code: undefined });
    expect(await jobs()).toBe(before + 2);
  });

  it('still takes, without a lookup, what a refused address sends that verifies from memory (Graph behind a proxy it was not told of shares the forger’s address)', async () => {
    const shared = '203.0.113.90';
    for (let i = 0; i < FAILURE_LIMIT; i++) await post(shared, [change({ subscriptionId: randomUUID() })]);
    expect(await post(shared, [change({ subscriptionId: randomUUID() })])).toEqual({ status: 429, code: 'rate_limited' });
    // Graph, from elsewhere a moment ago, made the receiver remember the subscription.
    expect(await post('52.159.0.2', [change()])).toEqual({ status: 202, code: undefined });
    const before = await jobs();
    const lookups = jest.spyOn(t.store.subscriptions, 'getMany');
    try {
      expect(await post(shared, [change(), change()])).toEqual({ status: 202, code: undefined });
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
    expect(await jobs()).toBe(before + 2);
  });

  it('says when to come back (Retry-After) with its 429', async () => {
    const forger = '203.0.113.70';
    for (let i = 0; i < FAILURE_LIMIT; i++) await post(forger, [change({ clientState: 'guessed' })]);
    const res = await app.inject({
      method: 'POST',
      url: '/graph/notifications',
      remoteAddress: forger,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ value: [change({ clientState: 'guessed' })] }),
    });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('counts failed POSTs, not POSTs: Graph posting far more than the limit, a stray notification mixed into some, is never refused', async () => {
    const graph = '52.159.0.1';
    const before = await jobs();
    const statuses = new Set<number>();
    for (let i = 0; i < 5 * FAILURE_LIMIT; i++) {
      // A notification of a subscription deleted on our side rides along with a genuine one.
      const value = i % 2 === 0 ? [change(), change({ subscriptionId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' })] : [change()];
      statuses.add((await post(graph, value)).status);
    }
    // A few POSTs that fail on their own, fewer than the limit, do not make Graph's others refused.
    for (let i = 0; i < FAILURE_LIMIT - 1; i++)
      statuses.add((await post(graph, [change({ subscriptionId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' })])).status);
    statuses.add((await post(graph, [change()])).status);
    expect([...statuses]).toEqual([202]);
    expect(await jobs()).toBe(before + 5 * FAILURE_LIMIT + 1);
  });

  it('answers no bad input with a 5xx, before and after its address is limited', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{"value":[{"subscriptionId":"\\u0000"}]}'],
      ['application/json', JSON.stringify({ value: [change({ subscriptionId: 42 })] })],
      ['application/json', JSON.stringify({ value: [change({ subscriptionId: 'x'.repeat(10_000) })] })],
      [
        'application/json',
        JSON.stringify({ value: Array.from({ length: 200 }, () => change({ subscriptionId: randomUUID(), clientState: 'guessed' })) }),
      ],
      ['application/json', '{"value": ['],
      ['text/plain', 'value=1'],
    ];
    const statuses = new Set<number>();
    for (const from of ['203.0.113.80', '203.0.113.81']) {
      // Enough rounds for the failing POSTs among them to pass the limit.
      for (let round = 0; round < FAILURE_LIMIT + 2; round++) {
        for (const [contentType, payload] of bodies) {
          const res = await app.inject({
            method: 'POST',
            url: '/graph/notifications',
            remoteAddress: from,
            headers: { 'content-type': contentType },
            payload,
          });
          statuses.add(res.statusCode);
        }
      }
    }
    expect([...statuses].every((s) => s < 500)).toBe(true);
    expect(statuses.has(429)).toBe(true);
  });
});
