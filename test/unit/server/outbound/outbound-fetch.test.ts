import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { createOutboundFetch, type OutboundFetch } from '../../../../src/server/outbound/outbound-fetch';

/** Starts a TLS server on a free port: its address, and how many connections (TLS handshakes) it was opened. */
async function listenCounting(server: Server | Http2SecureServer): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server.on('secureConnection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://localhost:${port}`, connections: () => connections };
}

/** An HTTPS service that answers each request after `delayMs` and counts the connections (TLS handshakes) it was opened. */
async function slowService(delayMs: number): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const server: Server = createServer(readDevCerts(), (req, res) => {
    req.resume();
    setTimeout(() => res.end(JSON.stringify({ path: req.url })), delayMs);
  });
  return {
    ...(await listenCounting(server)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A service that speaks HTTP/2 and HTTP/1.1 (as Microsoft's front doors do): answers after
 * `delayMs`, and notes the connections, the protocol of each request and the most requests it had
 * under way at once.
 */
async function http2Service(delayMs: number) {
  let underWay = 0;
  let mostAtOnce = 0;
  const versions = new Set<string>();
  const server: Http2SecureServer = createSecureServer({ ...readDevCerts(), allowHTTP1: true }, (req, res) => {
    versions.add(req.httpVersion);
    underWay += 1;
    mostAtOnce = Math.max(mostAtOnce, underWay);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () =>
      setTimeout(() => {
        underWay -= 1;
        res.end(JSON.stringify({ path: req.url, method: req.method, body }));
      }, delayMs),
    );
  });
  return {
    ...(await listenCounting(server)),
    mostAtOnce: () => mostAtOnce,
    versions: () => [...versions],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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

  it('sends one request at a time on an HTTP/1.1 connection, whatever the method (no pipelining)', async () => {
    let underWay = 0;
    let mostOnOneSocket = 0;
    const perSocket = new Map<unknown, number>();
    const server = createServer(readDevCerts(), (req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      mostOnOneSocket = Math.max(mostOnOneSocket, n);
      underWay += 1;
      req.resume();
      setTimeout(() => {
        underWay -= 1;
        perSocket.set(req.socket, (perSocket.get(req.socket) ?? 1) - 1);
        res.end('{}');
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      outbound = createOutboundFetch({ connectionsPerOrigin: 3 });
      const send = outbound.fetch;
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const res = await send(`https://localhost:${port}/r/${i}`, i % 2 ? { method: 'PATCH', body: '{"a":1}' } : {});
          await res.text();
        }),
      );
      expect(mostOnOneSocket).toBe(1);
      expect(underWay).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('speaks HTTP/2 where the service offers it: a burst of reads and writes shares its connections, all under way at once', async () => {
    const h2 = await http2Service(50);
    try {
      outbound = createOutboundFetch({ connectionsPerOrigin: 4 });
      const send = outbound.fetch;
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const res = await send(
            `${h2.url}/r/${i}`,
            i % 2 ? { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: `{"i":${i}}` } : {},
          );
          return (await res.json()) as { path: string; method: string; body: string };
        }),
      );
      expect(answers.map((a) => a.path)).toEqual(Array.from({ length: 40 }, (_, i) => `/r/${i}`));
      expect(answers.filter((a) => a.method === 'PATCH').map((a) => a.body)).toEqual(
        Array.from({ length: 20 }, (_, k) => `{"i":${2 * k + 1}}`),
      );
      expect(h2.versions()).toEqual(['2.0']);
      // Opened while the first was still connecting (the protocol is known once connected), never more.
      expect(h2.connections()).toBeLessThanOrEqual(4);
      // Over HTTP/1.1 at most 4 (one per connection) would be under way; writes too share a connection.
      expect(h2.mostAtOnce()).toBeGreaterThan(20);
    } finally {
      await outbound?.close();
      outbound = undefined;
      await h2.close();
    }
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

  describe('answers as the platform fetch does', () => {
    let server: Server;
    let base: string;
    let seen: { method?: string; url?: string; headers: Record<string, string | string[] | undefined>; body: string };
    beforeAll(async () => {
      server = createServer(readDevCerts(), (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen = { method: req.method, url: req.url, headers: req.headers, body };
          if (req.url === '/moved') return res.writeHead(302, { location: '/here?after=redirect' }).end('moved');
          if (req.url === '/empty') return res.writeHead(204).end();
          if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
          res.writeHead(201, [
            ['content-type', 'application/json'],
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
            ['retry-after', '7'],
          ]);
          res.end(JSON.stringify({ path: req.url, body }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `https://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('status, every header (repeated ones too) and the body, for a URL or a string', async () => {
      outbound = createOutboundFetch();
      const res = await outbound.fetch(new URL(`${base}/a?b=c%20d`), { method: 'post', body: new TextEncoder().encode('bytes') });
      expect(res.status).toBe(201);
      expect(res.ok).toBe(true);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await res.json()).toEqual({ path: '/a?b=c%20d', body: 'bytes' });
      expect(seen.method).toBe('POST');
      expect(seen.headers['user-agent']).toBe('webex-scheduler-for-outlook');
      expect(seen.headers.accept).toBe('*/*');
    });

    it('the content type fetch gives a text or form body, unless the caller set one', async () => {
      outbound = createOutboundFetch();
      await outbound.fetch(`${base}/form`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }),
      });
      expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
      expect(seen.body).toBe('grant_type=client_credentials&scope=a+b');
      await outbound.fetch(`${base}/text`, { method: 'POST', body: 'plain' });
      expect(seen.headers['content-type']).toBe('text/plain;charset=UTF-8');
      await outbound.fetch(`${base}/json`, { method: 'PATCH', body: '{}', headers: [['Content-Type', 'application/json']] });
      expect(seen.headers['content-type']).toBe('application/json');
    });

    it('an answer without a body (204)', async () => {
      outbound = createOutboundFetch();
      const res = await outbound.fetch(`${base}/empty`, { method: 'DELETE' });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    });

    it('follows a redirect as fetch does, unless told not to', async () => {
      outbound = createOutboundFetch();
      const followed = await outbound.fetch(`${base}/moved`);
      expect(followed.status).toBe(201);
      expect(((await followed.json()) as { path: string }).path).toBe('/here?after=redirect');
      const manual = await outbound.fetch(`${base}/moved`, { redirect: 'manual' });
      expect(manual.status).toBe(302);
      expect(manual.headers.get('location')).toBe('/here?after=redirect');
    });

    it('a Request goes through the platform fetch, on the same pool', async () => {
      outbound = createOutboundFetch();
      const res = await outbound.fetch(new Request(`${base}/as-request`, { method: 'PUT', body: 'r' }));
      expect(await res.json()).toEqual({ path: '/as-request', body: 'r' });
    });

    it('fails as fetch does: a timed-out signal\'s TimeoutError, an aborted one\'s reason, a network error as the cause of "fetch failed"', async () => {
      outbound = createOutboundFetch();
      await expect(outbound.fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
      const controller = new AbortController();
      controller.abort(new Error('the job was stopped'));
      await expect(outbound.fetch(`${base}/a`, { signal: controller.signal })).rejects.toThrow('the job was stopped');
      const refused = await outbound.fetch('https://127.0.0.1:9/nobody').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TypeError);
      expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    });
  });
});
