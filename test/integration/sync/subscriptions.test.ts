/**
 * The subscription manager against the Graph emulator, with the backend's receiver answering the
 * validation handshakes: create, renew before expiry (with moved clocks), lifecycle events,
 * the start-up check, unlink; and calendar sync in individual mode (delegated tokens).
 */
import { createHash } from 'node:crypto';
import { ensureCalendarSync, renewDueSubscriptions, stopCalendarSync, verifySubscriptionsAtStartup } from '../../../src/server/sync';
import { ALEX, CONTOSO, daysAhead, local, MEGAN, startSyncStack, utcOf, type SyncStack } from './sync-stack';

const DAY_MS = 86_400_000;

describe('subscriptions (admin mode)', () => {
  let stack: SyncStack;

  beforeAll(async () => {
    stack = await startSyncStack({ sync: { coalesceSeconds: 0 } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const rows = () => stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id);
  const inGraph = (id: string) => stack.graph.subscriptions.get(id);
  const moveClocks = (ms: number) => {
    stack.setClockOffsetMs(ms);
    stack.graph.clock.setOffset(ms / 1000);
  };

  afterEach(() => moveClocks(0));

  it('syncing a calendar creates a subscription through the validation handshake, keeping only the hash of its clientState', async () => {
    const state = await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
    expect(state.created).toBe(true);
    const graphSide = inGraph(state.subscriptionId);
    expect(graphSide?.notificationUrl).toBe(`${stack.url}/graph/notifications`);
    expect(graphSide?.lifecycleNotificationUrl).toBe(`${stack.url}/graph/lifecycle`);
    expect(graphSide?.resource).toBe(`users/${ALEX.id}/events`);
    const [row] = await rows();
    expect(row?.clientStateHash).toBe(
      createHash('sha256')
        .update(graphSide?.clientState ?? '')
        .digest('base64url'),
    );
    expect(row?.clientStateHash).not.toBe(graphSide?.clientState);
    expect(stack.ctx.metrics.get('validation_handshakes')).toBe(2);
  });

  it('syncing it again creates nothing', async () => {
    const first = (await rows())[0]!;
    const again = await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
    expect(again).toEqual({ subscriptionId: first.id, created: false });
    expect(stack.graph.subscriptions.forMailbox(ALEX.id)).toHaveLength(1);
  });

  it('a subscription is not renewed early, and is renewed well before it expires', async () => {
    const row = (await rows())[0]!;
    moveClocks(1 * DAY_MS);
    expect(await renewDueSubscriptions(stack.ctx)).toEqual({ renewed: 0, recreated: 0, failed: 0 });
    moveClocks(5 * DAY_MS);
    expect(await renewDueSubscriptions(stack.ctx)).toEqual({ renewed: 1, recreated: 0, failed: 0 });
    const renewed = (await rows())[0]!;
    expect(renewed.id).toBe(row.id);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(row.expiresAt.getTime() + 4 * DAY_MS);
    expect(inGraph(row.id)?.expiration).toBe(renewed.expiresAt.getTime());
  });

  it('reauthorizationRequired is answered by reauthorizing the subscription', async () => {
    const row = (await rows())[0]!;
    await fetch(`${stack.graph.url}/_emulator/subscriptions/${row.id}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lifecycleEvent: 'reauthorizationRequired' }),
    });
    expect(inGraph(row.id)?.reauthorizationRequiredAt).not.toBeNull();
    await stack.until(() => expect(inGraph(row.id)?.reauthorizationRequiredAt).toBeNull());
    expect(stack.ctx.metrics.get('subscriptions', { op: 'reauthorize', outcome: 'ok' })).toBe(1);
  });

  it('missed notifications start a resync of the mailbox', async () => {
    const row = (await rows())[0]!;
    await fetch(`${stack.graph.url}/_emulator/subscriptions/${row.id}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lifecycleEvent: 'missed' }),
    });
    await stack.until(() => expect(stack.ctx.metrics.get('resyncs', { reason: 'missed' })).toBe(1));
  });

  it('subscriptionRemoved is answered with a new subscription and a resync that catches up', async () => {
    const row = (await rows())[0]!;
    await fetch(`${stack.graph.url}/_emulator/subscriptions/${row.id}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lifecycleEvent: 'subscriptionRemoved' }),
    });
    const replacement = await stack.until(async () => {
      const [now] = await rows();
      expect(now?.id).not.toBe(row.id);
      return now!;
    });
    expect(inGraph(replacement.id)).toBeDefined();
    expect(inGraph(row.id)).toBeUndefined();
    await stack.until(() => expect(stack.ctx.metrics.get('resyncs', { reason: 'subscription_recreated' })).toBe(1));
  });

  it('at start-up, a subscription Graph lost is recreated and the changes made meanwhile are caught up', async () => {
    const day = daysAhead(12);
    const meeting = await stack.addMeeting({
      subject: 'Gap',
      start: utcOf(`${day}T09:00`),
      end: utcOf(`${day}T09:30`),
      timeZone: 'America/Los_Angeles',
    });
    const event = await stack.outlook.create(
      stack.eventBodyWith(meeting, { subject: 'Gap', start: local(`${day}T09:00:00`), end: local(`${day}T09:30:00`) }),
    );
    await stack.until(async () => expect((await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, event.id))?.meetingId).toBe(meeting.id));
    const lost = (await rows())[0]!;
    stack.graph.subscriptions.delete(lost.id);
    // Nobody hears of this change.
    await stack.outlook.update(event.id, { subject: 'Gap, renamed' });
    const report = await verifySubscriptionsAtStartup(stack.ctx);
    expect(report).toMatchObject({ recreated: 1, failed: 0 });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.title).toBe('Gap, renamed'));
    expect(stack.graph.subscriptions.forMailbox(ALEX.id)).toHaveLength(1);
  });

  it('at start-up, a subscription for our URL that we do not hold is deleted', async () => {
    const orphan = await stack.outlook.request<{ id: string }>({
      method: 'POST',
      path: '/subscriptions',
      body: {
        changeType: 'updated',
        notificationUrl: `${stack.url}/graph/notifications`,
        resource: `users/${MEGAN.id}/events`,
        expirationDateTime: new Date(Date.now() + DAY_MS).toISOString(),
        clientState: 'lost-with-the-database',
      },
    });
    const report = await verifySubscriptionsAtStartup(stack.ctx, { orphanGraceMs: 50 });
    expect(report.orphansDeleted).toBe(1);
    expect(inGraph(orphan.id)).toBeUndefined();
  });

  it('at start-up, a subscription made meanwhile (by a request, or another replica) is not taken for an orphan', async () => {
    // The check reads what the store holds, then what Graph has: a subscription made between the two
    // reads is in Graph and not in what the check read. Deleted, its mailbox would hear nothing more.
    const store = stack.ctx.store;
    let made: string | undefined;
    const racing = {
      ...stack.ctx,
      store: {
        ...store,
        subscriptions: {
          ...store.subscriptions,
          listExpiringBefore: async (...args: Parameters<typeof store.subscriptions.listExpiringBefore>) => {
            const held = await store.subscriptions.listExpiringBefore(...args);
            made = (await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: MEGAN.id })).subscriptionId;
            return held;
          },
        },
      },
    };
    const report = await verifySubscriptionsAtStartup(racing, { orphanGraceMs: 0 });
    expect(report.orphansDeleted).toBe(0);
    expect(made && inGraph(made)).toBeDefined();
    await stopCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: MEGAN.id });
  });

  it('stopping calendar sync deletes the subscription in Graph and in the store', async () => {
    await stopCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
    expect(await rows()).toEqual([]);
    expect(stack.graph.subscriptions.forMailbox(ALEX.id)).toEqual([]);
  });
});

describe('calendar sync in individual mode (delegated tokens)', () => {
  let stack: SyncStack;

  beforeAll(async () => {
    stack = await startSyncStack({ mode: 'individual', sync: { coalesceSeconds: 0 } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('without the user token once, individual mode cannot start', async () => {
    await expect(ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: MEGAN.id })).rejects.toMatchObject({
      code: 'graph_user_token_missing',
    });
  });

  it("the user's token starts an encrypted token cache, the subscription is the user's, and the workers sync with the user's tokens", async () => {
    const state = await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id, userAssertion: await stack.apiToken(ALEX) });
    expect(stack.graph.subscriptions.get(state.subscriptionId)?.userId).toBe(ALEX.id);
    const sealed = await stack.store.db.query<{ cache_sealed: string }>('SELECT cache_sealed FROM msal_caches WHERE user_id = $1', [
      ALEX.id,
    ]);
    expect(sealed[0]?.cache_sealed).toMatch(/^v1:/);

    const day = daysAhead(15);
    const meeting = await stack.addMeeting({
      subject: 'Delegated',
      start: utcOf(`${day}T09:00`),
      end: utcOf(`${day}T09:30`),
      timeZone: 'America/Los_Angeles',
    });
    const event = await stack.outlook.create(
      stack.eventBodyWith(meeting, { subject: 'Delegated', start: local(`${day}T09:00:00`), end: local(`${day}T09:30:00`) }),
    );
    await stack.until(async () => expect((await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, event.id))?.meetingId).toBe(meeting.id));
    await stack.outlook.update(event.id, { subject: 'Delegated, renamed' });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.title).toBe('Delegated, renamed'));
  });
});
