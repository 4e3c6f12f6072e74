import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { createOutboundFetch, type OutboundFetch } from '../../../../src/server/outbound/outbound-fetch';

/** An HTTPS service that answers each request after `delayMs` and counts the connections (TLS handshakes) it was opened. */
async function slowService(delayMs: number): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server: Server = createServer(readDevCerts(), (req, res) => {
    req.resume();
    setTimeout(() => res.end(JSON.stringify({ path: req.url })), delayMs);
  });
  server.on('secureConnection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function burst(send: typeof fetch, url: string, requests: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const res = await send(`${url}/r/${i}`);
      return ((await res.json()) as { path: string }).path;
    }),
  );
}

describe('createOutboundFetch', () => {
  let service: Awaited<ReturnType<typeof slowService>>;
  let outbound: OutboundFetch | undefined;
  beforeEach(async () => {
    service = await slowService(30);
  });
  afterEach(async () => {
    await outbound?.close();
    outbound = undefined;
    await service.close();
  });

  it('sends a burst over at most connectionsPerOrigin connections, each answer to its own request', async () => {
    outbound = createOutboundFetch({ connectionsPerOrigin: 4 });
    const paths = await burst(outbound.fetch, service.url, 60);
    expect(paths).toEqual(Array.from({ length: 60 }, (_, i) => `/r/${i}`));
    expect(service.connections()).toBeGreaterThanOrEqual(1);
    expect(service.connections()).toBeLessThanOrEqual(4);
  });

  it('keeps its connections open between bursts: the next burst opens none', async () => {
    outbound = createOutboundFetch({ connectionsPerOrigin: 4 });
    await burst(outbound.fetch, service.url, 20);
    const afterFirst = service.connections();
    // Longer than the platform fetch's own idle timeout (4 s) would not be a unit test; a pause is enough to show reuse.
    await new Promise((r) => setTimeout(r, 200));
    await burst(outbound.fetch, service.url, 20);
    expect(service.connections()).toBe(afterFirst);
  });

  it('passes the caller’s request options on (method, headers, body)', async () => {
    let seen: { method?: string; type?: string; body: string } = { body: '' };
    const echo = createServer(readDevCerts(), (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, type: req.headers['content-type'], body };
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      outbound = createOutboundFetch();
      const { port } = echo.address() as AddressInfo;
      const res = await outbound.fetch(`https://localhost:${port}/x`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      expect(res.status).toBe(200);
      expect(seen).toEqual({ method: 'PATCH', type: 'application/json', body: '{"a":1}' });
    } finally {
      echo.closeAllConnections();
      await new Promise((r) => echo.close(r));
    }
  });

  it('the platform fetch alone opens a connection per concurrent request (what the pool is for)', async () => {
    await burst(fetch, service.url, 20);
    expect(service.connections()).toBeGreaterThan(4);
  });
});
