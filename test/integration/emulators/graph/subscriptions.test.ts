import { adele, alex, call, expiresIn, GraphErrorShape, GraphKit, Receiver, startGraph, startReceiver, subscribe } from './graph-test-kit';

let kit: GraphKit;
let app: string;
let receiver: Receiver;
let lifecycle: Receiver;

beforeAll(async () => {
  kit = await startGraph({ validationTimeoutMs: 400 });
  app = await kit.appToken();
  receiver = await startReceiver('/graph/notifications?tenant=contoso');
  lifecycle = await startReceiver('/graph/lifecycle');
});
afterAll(async () => {
  await Promise.all([kit.close(), receiver.close(), lifecycle.close()]);
});
beforeEach(() => {
  kit.emulator.reset();
  receiver.reset();
  lifecycle.reset();
});

type Subscription = Record<string, unknown> & { id: string; expirationDateTime: string };

describe('creating a subscription', () => {
  it('validates both URLs with a URL-encoded token and answers 201 with the subscription resource', async () => {
    const res = await subscribe(kit, app, receiver, { lifecycleNotificationUrl: lifecycle.url });
    expect(res.status).toBe(201);
    expect(receiver.validations).toHaveLength(1);
    expect(lifecycle.validations).toHaveLength(1);
    // The token has spaces and colons: a receiver that did not decode it would have failed.
    expect(receiver.validations[0]).toMatch(/^Validation: .+ Request-Id: [0-9a-f-]{36}$/);
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#subscriptions/$entity`);
    expect(res.body).toMatchObject({
      resource: `users/${adele.id}/events`,
      changeType: 'created,updated,deleted',
      clientState: 'secret-client-state',
      notificationUrl: receiver.url,
      lifecycleNotificationUrl: lifecycle.url,
      latestSupportedTlsVersion: 'v1_2',
      includeResourceData: false,
      applicationId: expect.any(String),
      creatorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.expirationDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it('is refused with 400 InvalidRequest when the notification URL answers the handshake wrongly', async () => {
    for (const validation of ['status-500', 'json', 'echo-encoded'] as const) {
      receiver.behaviour.validation = validation;
      const res = await subscribe(kit, app, receiver);
      expect(res.status).toBe(400);
      expect((res.body as unknown as GraphErrorShape).error.code).toBe('InvalidRequest');
    }
    expect((await call<{ value: unknown[] }>(kit.url, '/v1.0/subscriptions', { token: app })).body.value).toEqual([]);
  });

  it('is refused when the lifecycle URL fails the handshake, even though the notification URL passed', async () => {
    lifecycle.behaviour.validation = 'status-500';
    const res = await subscribe(kit, app, receiver, { lifecycleNotificationUrl: lifecycle.url });
    expect(res.status).toBe(400);
    expect((res.body as unknown as GraphErrorShape).error.code).toBe('InvalidRequest');
    expect(receiver.validations).toHaveLength(1);
    expect(kit.emulator.subscriptions.all()).toEqual([]);
  });

  it('is refused when the endpoint answers the handshake after the time limit', async () => {
    receiver.behaviour.validationDelayMs = 800;
    const res = await subscribe(kit, app, receiver);
    expect(res.status).toBe(400);
    expect((res.body as unknown as GraphErrorShape).error.code).toBe('InvalidRequest');
  });

  it('refuses plain HTTP for anything but loopback', async () => {
    const res = await subscribe(kit, app, receiver, { notificationUrl: 'http://receiver.example/notify' });
    expect(res.status).toBe(400);
    expect((res.body as unknown as GraphErrorShape).error.code).toBe('InvalidRequest');
  });

  it('refuses an expiration beyond 10,080 minutes, in the past or missing, and accepts one within the limit', async () => {
    const tooFar = await subscribe(kit, app, receiver, { expirationDateTime: expiresIn(kit.emulator, 10_081) });
    expect(tooFar.status).toBe(400);
    expect((tooFar.body as unknown as GraphErrorShape).error.code).toBe('ExtensionError');
    const past = await subscribe(kit, app, receiver, { expirationDateTime: expiresIn(kit.emulator, -1) });
    expect(past.status).toBe(400);
    const missing = await subscribe(kit, app, receiver, { expirationDateTime: undefined });
    expect(missing.status).toBe(400);
    expect((await subscribe(kit, app, receiver, { expirationDateTime: expiresIn(kit.emulator, 10_079) })).status).toBe(201);
  });

  it('takes a configured lifetime limit, such as the older 4,230 minutes', async () => {
    const short = await startGraph({ maxSubscriptionMinutes: 4230 });
    try {
      const token = await short.appToken();
      const tooFar = await subscribe(short, token, receiver, { expirationDateTime: expiresIn(short.emulator, 4231) });
      expect((tooFar.body as unknown as GraphErrorShape).error.code).toBe('ExtensionError');
      expect((await subscribe(short, token, receiver, { expirationDateTime: expiresIn(short.emulator, 4229) })).status).toBe(201);
    } finally {
      await short.close();
    }
  });

  it('refuses unknown properties, bad change types and unsupported resources', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ changeTpye: 'created' }, 400],
      [{ changeType: 'created,moved' }, 400],
      [{ resource: `users/${adele.id}/messages` }, 400],
      [{ clientState: 'x'.repeat(129) }, 400],
    ];
    for (const [extra, status] of cases) expect((await subscribe(kit, app, receiver, extra)).status).toBe(status);
  });

  it('needs a calendar permission; app-only tokens cannot use /me, delegated tokens only reach their own mailbox', async () => {
    const noCalendars = await kit.appToken(['User.Read.All']);
    expect((await subscribe(kit, noCalendars, receiver)).status).toBe(403);
    const me = await subscribe(kit, app, receiver, { resource: 'me/events' });
    expect(me.status).toBe(400);
    const adeleToken = await kit.userToken(adele.id);
    expect((await subscribe(kit, adeleToken, receiver, { resource: '/me/events' })).status).toBe(201);
    const other = await subscribe(kit, adeleToken, receiver, { resource: `users/${alex.id}/events` });
    expect(other.status).toBe(403);
    expect((other.body as unknown as GraphErrorShape).error.code).toBe('ErrorAccessDenied');
  });
});

describe('managing subscriptions', () => {
  it('PATCH renews the expiration within the limit', async () => {
    const { body: sub } = await subscribe(kit, app, receiver);
    const later = expiresIn(kit.emulator, 3000);
    const renewed = await call<Subscription>(kit.url, `/v1.0/subscriptions/${sub.id}`, {
      method: 'PATCH',
      token: app,
      body: { expirationDateTime: later },
    });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expirationDateTime)).toBe(Date.parse(later));
    const tooFar = await call<GraphErrorShape>(kit.url, `/v1.0/subscriptions/${sub.id}`, {
      method: 'PATCH',
      token: app,
      body: { expirationDateTime: expiresIn(kit.emulator, 20_000) },
    });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.code).toBe('ExtensionError');
  });

  it('DELETE removes it; afterwards it is 404', async () => {
    const { body: sub } = await subscribe(kit, app, receiver);
    expect((await call(kit.url, `/v1.0/subscriptions/${sub.id}`, { method: 'DELETE', token: app })).status).toBe(204);
    const gone = await call<GraphErrorShape>(kit.url, `/v1.0/subscriptions/${sub.id}`, { token: app });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ResourceNotFound');
  });

  it('POST /reauthorize answers 204 and clears a pending reauthorization', async () => {
    const { body: sub } = await subscribe(kit, app, receiver);
    kit.emulator.notifier.sendLifecycle(sub.id, 'reauthorizationRequired');
    expect(kit.emulator.subscriptions.get(sub.id)?.reauthorizationRequiredAt).not.toBeNull();
    const res = await call(kit.url, `/v1.0/subscriptions/${sub.id}/reauthorize`, { method: 'POST', token: app });
    expect(res.status).toBe(204);
    expect(kit.emulator.subscriptions.get(sub.id)?.reauthorizationRequiredAt).toBeNull();
  });

  it('GET /subscriptions lists only the calling app’s own; another app gets 404 for them', async () => {
    const { body: sub } = await subscribe(kit, app, receiver);
    const otherApp = await kit.appToken(undefined, { appid: '11111111-2222-4333-8444-555555555555' });
    await subscribe(kit, otherApp, receiver);
    const mine = await call<{ value: Subscription[] }>(kit.url, '/v1.0/subscriptions', { token: app });
    expect(mine.body.value.map((s) => s.id)).toEqual([sub.id]);
    expect((await call(kit.url, `/v1.0/subscriptions/${sub.id}`, { token: otherApp })).status).toBe(404);
    expect((await call(kit.url, `/v1.0/subscriptions/${sub.id}`, { method: 'DELETE', token: otherApp })).status).toBe(404);
  });

  it('an expired subscription disappears once the clock passes its expiration', async () => {
    const { body: sub } = await subscribe(kit, app, receiver, { expirationDateTime: expiresIn(kit.emulator, 30) });
    const moved = await fetch(`${kit.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 31 * 60 }),
    });
    expect(moved.status).toBe(200);
    expect((await call(kit.url, `/v1.0/subscriptions/${sub.id}`, { token: app })).status).toBe(404);
    expect((await call<{ value: unknown[] }>(kit.url, '/v1.0/subscriptions', { token: app })).body.value).toEqual([]);
    const renew = await call(kit.url, `/v1.0/subscriptions/${sub.id}`, {
      method: 'PATCH',
      token: app,
      body: { expirationDateTime: expiresIn(kit.emulator, 60) },
    });
    expect(renew.status).toBe(404);
  });
});
