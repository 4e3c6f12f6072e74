import { adele, alex, call, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => {
  kit.emulator.reset();
  kit.emulator.throttle.configure({ enabled: true, maxConcurrent: 4, windowLimit: 10_000, windowMs: 600_000, latencyMs: 0 });
});

const adeleEvents = `/v1.0/users/${adele.id}/events`;

describe('Outlook throttling per app per mailbox', () => {
  it('a fifth concurrent request to one mailbox gets 429 ApplicationThrottled with Retry-After', async () => {
    // Long enough that all five are in flight together, even on a busy machine.
    kit.emulator.throttle.configure({ latencyMs: 800 });
    const results = await Promise.all(Array.from({ length: 5 }, () => call<GraphErrorShape>(kit.url, adeleEvents, { token: app })));
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(throttled[0]!.body.error.code).toBe('ApplicationThrottled');
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const counters = (await (await fetch(`${kit.url}/_emulator/throttling`)).json()) as { throttle_429s: number };
    expect(counters.throttle_429s).toBe(1);
  });

  it('requests to other mailboxes, or from another app, do not share the limit', async () => {
    // Long enough that all five are in flight together, even on a busy machine.
    kit.emulator.throttle.configure({ latencyMs: 800 });
    const otherApp = await kit.appToken(undefined, { appid: '11111111-2222-4333-8444-555555555555' });
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => call(kit.url, adeleEvents, { token: app })),
      call(kit.url, `/v1.0/users/${alex.id}/events`, { token: app }),
      call(kit.url, adeleEvents, { token: otherApp }),
      call(kit.url, `/v1.0/users/${adele.id}`, { token: app }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it('counts /me and /users/{upn} as the same mailbox as /users/{id}', async () => {
    kit.emulator.throttle.configure({ windowLimit: 2 });
    const userToken = await kit.userToken(adele.id);
    expect((await call(kit.url, '/v1.0/me/events', { token: userToken })).status).toBe(200);
    expect(
      (
        await call(
          kit.url,
          `/v1.0/users/${adele.userPrincipalName}/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-01-02T00:00:00Z`,
          { token: userToken },
        )
      ).status,
    ).toBe(200);
    expect((await call(kit.url, adeleEvents, { token: userToken })).status).toBe(429);
  });

  it('more requests than the window allows get 429 with a Retry-After until the window moves on', async () => {
    kit.emulator.throttle.configure({ windowLimit: 3, windowMs: 10_000 });
    for (let i = 0; i < 3; i += 1) expect((await call(kit.url, adeleEvents, { token: app })).status).toBe(200);
    const over = await call<GraphErrorShape>(kit.url, adeleEvents, { token: app });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('ApplicationThrottled');
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10);
    kit.emulator.clock.advance(retryAfter);
    expect((await call(kit.url, adeleEvents, { token: app })).status).toBe(200);
  });

  it('requests inside a $batch count one by one, and a throttled one answers 429 inside the batch', async () => {
    kit.emulator.throttle.configure({ windowLimit: 2 });
    const requests = Array.from({ length: 3 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/${adele.id}/events`,
      ...(i > 0 ? { dependsOn: [String(i - 1)] } : {}),
    }));
    const res = await call<{ responses: { id: string; status: number; headers: Record<string, string> }[] }>(kit.url, '/v1.0/$batch', {
      method: 'POST',
      token: app,
      body: { requests },
    });
    expect(res.status).toBe(200);
    const statuses = Object.fromEntries(res.body.responses.map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ '0': 200, '1': 200, '2': 429 });
    expect(res.body.responses.find((r) => r.id === '2')!.headers['Retry-After']).toBeDefined();
    expect(kit.emulator.throttle.report().counters.throttled).toBe(1);
  });

  it('the limits and latency are set at POST /_emulator/throttling; bad settings are 400', async () => {
    const ok = await fetch(`${kit.url}/_emulator/throttling`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ windowLimit: 50, windowMs: 10_000 }),
    });
    expect(ok.status).toBe(200);
    expect(kit.emulator.throttle.report().settings).toMatchObject({ windowLimit: 50, windowMs: 10_000 });
    const bad = await fetch(`${kit.url}/_emulator/throttling`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ maxConcurrent: -1 }),
    });
    expect(bad.status).toBe(400);
  });
});
