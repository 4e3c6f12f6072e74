import Fastify from 'fastify';
import { injectFetch } from '../../../../scripts/bench/inject-fetch';

describe('a fetch that hands one origin to an app in the process', () => {
  const app = Fastify();
  app.patch('/v1.0/subscriptions/:id', async (req, reply) =>
    reply
      .header('request-id', 'r-1')
      .send({ id: (req.params as { id: string }).id, body: req.body, host: req.headers.host, prefer: req.headers.prefer }),
  );
  app.delete('/v1.0/subscriptions/:id', async (_req, reply) => reply.code(204).send());
  app.get('/v1.0/throttled', async (_req, reply) =>
    reply
      .code(429)
      .header('retry-after', '2')
      .send({ error: { code: 'TooManyRequests' } }),
  );
  afterAll(() => app.close());

  it('answers with what the app answers: status, headers and body, request headers and body passed on', async () => {
    const fetch = injectFetch(app, 'https://localhost:4000');
    const res = await fetch('https://localhost:4000/v1.0/subscriptions/abc?x=1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', prefer: 'IdType="ImmutableId"' },
      body: JSON.stringify({ expirationDateTime: '2030-01-01T00:00:00Z' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toBe('r-1');
    expect(await res.json()).toEqual({
      id: 'abc',
      body: { expirationDateTime: '2030-01-01T00:00:00Z' },
      host: 'localhost:4000',
      prefer: 'IdType="ImmutableId"',
    });
    const gone = await fetch('https://localhost:4000/v1.0/subscriptions/abc', { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect(gone.body).toBeNull();
    const throttled = await fetch('https://localhost:4000/v1.0/throttled');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
  });

  it('sends other origins to the network fetch, and refuses an aborted request', async () => {
    const network = jest.fn(async () => new Response('elsewhere'));
    const fetch = injectFetch(app, 'https://localhost:4000', network);
    expect(await (await fetch('https://localhost:4001/v1.0/throttled')).text()).toBe('elsewhere');
    expect(network).toHaveBeenCalledTimes(1);
    await expect(fetch('https://localhost:4000/v1.0/throttled', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
