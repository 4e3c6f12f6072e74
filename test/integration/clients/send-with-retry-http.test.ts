/**
 * The retry core against a real HTTPS server: real sockets, real fetch, real timeouts. Waits go
 * through a fake clock, so Retry-After values are asserted without sleeping.
 */
import Fastify, { FastifyInstance } from 'fastify';
import { AddressInfo } from 'node:net';
import { readDevCerts } from '../../../scripts/dev-certs';
import { sendWithRetry } from '../../../src/server/outbound/send-with-retry';
import { FakeClock } from '../../unit/server/fake-clock';

let server: FastifyInstance;
let base: string;
const hits = new Map<string, number>();
const hit = (key: string) => {
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
};

beforeAll(async () => {
  const { key, cert } = readDevCerts();
  server = Fastify({ https: { key, cert }, forceCloseConnections: true }) as unknown as FastifyInstance;
  server.get('/seconds', async (_req, reply) =>
    hit('seconds') === 1 ? reply.code(429).header('Retry-After', '4').send({ error: 'throttled' }) : { ok: true },
  );
  server.get('/date', async (req, reply) => {
    const at = Number((req.query as { at: string }).at);
    return hit('date') === 1 ? reply.code(429).header('Retry-After', new Date(at).toUTCString()).send() : { ok: true };
  });
  server.get('/unavailable', async (_req, reply) => {
    hit('unavailable');
    return reply.code(503).send({ error: 'down' });
  });
  server.route({
    method: ['GET', 'POST'],
    url: '/gateway',
    handler: async (req, reply) => (hit(`gateway ${req.method}`) === 1 ? reply.code(504).send() : reply.code(200).send({ ok: true })),
  });
  server.route({
    method: ['GET', 'POST'],
    url: '/slow',
    handler: async (req) => {
      hit(`slow ${req.method}`);
      await new Promise((r) => setTimeout(r, 400));
      return { ok: true };
    },
  });
  server.get('/reset', async (req, reply) => {
    if (hit('reset') === 1) {
      req.raw.socket.destroy();
      return reply;
    }
    return { ok: true };
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `https://localhost:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => hits.clear());

function call(path: string, method = 'GET', policy: Parameters<typeof sendWithRetry>[1]['policy'] = {}) {
  const clock = new FakeClock(Date.now());
  const promise = sendWithRetry((signal) => fetch(`${base}${path}`, { method, signal }), {
    service: 'test',
    method,
    clock,
    policy,
  });
  return { clock, promise };
}

describe('sendWithRetry over HTTPS', () => {
  it('honours a Retry-After in seconds from a real 429', async () => {
    const { clock, promise } = call('/seconds');
    const res = await promise;
    expect(await res.json()).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([4000]);
    expect(hits.get('seconds')).toBe(2);
  });

  it('honours a Retry-After given as an HTTP-date', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T09:00:00.000Z'));
    const at = clock.now() + 9000;
    const res = await sendWithRetry((signal) => fetch(`${base}/date?at=${at}`, { signal }), { service: 'test', method: 'GET', clock });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([9000]);
  });

  it('gives up on a service that stays unavailable after the allowed attempts', async () => {
    const { promise } = call('/unavailable', 'GET', { maxAttempts: 3 });
    expect((await promise).status).toBe(503);
    expect(hits.get('unavailable')).toBe(3);
  });

  it('retries a GET after a 504 but returns a POST’s 504 untouched', async () => {
    expect((await call('/gateway', 'GET').promise).status).toBe(200);
    expect((await call('/gateway', 'POST').promise).status).toBe(504);
    expect(hits.get('gateway GET')).toBe(2);
    expect(hits.get('gateway POST')).toBe(1);
  });

  it('times out a slow answer and does not send the POST again', async () => {
    const { promise } = call('/slow', 'POST', { timeoutMs: 100 });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_timeout', attempts: 1 });
    expect(hits.get('slow POST')).toBe(1);
  });

  it('times out each attempt of a slow GET and stops at the attempt limit', async () => {
    const { promise } = call('/slow', 'GET', { timeoutMs: 100, maxAttempts: 2 });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_timeout', attempts: 2 });
    expect(hits.get('slow GET')).toBe(2);
  });

  it('tries a GET again when the server drops the connection', async () => {
    const res = await call('/reset').promise;
    expect(res.status).toBe(200);
    expect(hits.get('reset')).toBe(2);
  });

  it('reports a refused connection as connect_failed after its attempts', async () => {
    const closed = Fastify();
    await closed.listen({ host: '127.0.0.1', port: 0 });
    const port = (closed.server.address() as AddressInfo).port;
    await closed.close();
    const clock = new FakeClock();
    const promise = sendWithRetry((signal) => fetch(`https://127.0.0.1:${port}/`, { method: 'POST', signal }), {
      service: 'test',
      method: 'POST',
      clock,
      policy: { maxAttempts: 2 },
    });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_connect_failed', causeCode: 'ECONNREFUSED', attempts: 2 });
    expect(clock.sleeps).toHaveLength(1);
  });
});
