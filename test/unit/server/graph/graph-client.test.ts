import { GraphClient } from '../../../../src/server/graph/graph-client';
import { GraphTokenError } from '../../../../src/server/graph/graph-token-error';
import { FakeClock } from '../fake-clock';
import { fakeFetch, json } from '../fake-fetch';

const tokens = { forTenant: () => ({ getAccessToken: async () => 'app-token' }) };

function client(f: typeof fetch, over: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) {
  return new GraphClient({ baseUrl: 'https://graph.example', tokens, fetch: f, clock: new FakeClock(), ...over });
}

describe('GraphClient (wire details)', () => {
  it('encodes query values and keeps OData option names readable', async () => {
    const f = fakeFetch(json(200, { value: [] }));
    await client(f).request('t1', { path: '/users/u1/events', query: { $filter: "subject eq 'a&b'", $top: 5 } });
    expect(f.requests[0]?.url).toBe("https://graph.example/v1.0/users/u1/events?$filter=subject%20eq%20'a%26b'&$top=5");
    expect(f.requests[0]?.headers.get('authorization')).toBe('Bearer app-token');
  });

  it('never sends the tenant’s token to a nextLink on another host', async () => {
    const f = fakeFetch();
    await expect(client(f).request('t1', { path: 'https://elsewhere.example/v1.0/users?$skiptoken=x' })).rejects.toMatchObject({
      code: 'graph_invalid_response',
    });
    expect(f.requests).toHaveLength(0);
  });

  it('does not repeat a POST after a 504, but repeats a PATCH declared idempotent', async () => {
    const post = fakeFetch(json(504, { error: { code: 'GatewayTimeout', message: 'x' } }));
    await expect(client(post).request('t1', { method: 'POST', path: '/subscriptions', body: {} })).rejects.toMatchObject({
      code: 'graph_unavailable',
    });
    expect(post.requests).toHaveLength(1);
    const patch = fakeFetch(json(504, { error: { code: 'GatewayTimeout', message: 'x' } }), json(200, { id: 'e1' }));
    await expect(
      client(patch).request('t1', { method: 'PATCH', path: '/users/u/events/e1', body: { subject: 's' }, idempotent: true }),
    ).resolves.toEqual({ id: 'e1' });
    expect(patch.requests).toHaveLength(2);
  });

  it('reads Graph’s error body: code, request id, and Retry-After', async () => {
    const body = {
      error: {
        code: 'ApplicationThrottled',
        message: 'Too many requests',
        innerError: { 'request-id': 'req-1', date: '2026-01-01T00:00:00' },
      },
    };
    const f = fakeFetch(json(429, body, { 'Retry-After': '90' }));
    await expect(client(f).getUser('t1', 'u1')).rejects.toMatchObject({
      code: 'graph_throttled',
      serviceCode: 'ApplicationThrottled',
      requestId: 'req-1',
      retryAfterMs: 90_000,
    });
  });

  it('reports a success whose JSON is broken as graph_invalid_response', async () => {
    const f = fakeFetch(new Response('{"id":', { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(client(f).getUser('t1', 'u1')).rejects.toMatchObject({ code: 'graph_invalid_response', status: 200 });
  });

  it('passes a token failure through as it was thrown', async () => {
    const refusing = { forTenant: () => ({ getAccessToken: () => Promise.reject(new GraphTokenError('graph_consent_required')) }) };
    const f = fakeFetch();
    const err: unknown = await client(f, { tokens: refusing })
      .getUser('t1', 'u1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphTokenError);
    expect(f.requests).toHaveLength(0);
  });
});
