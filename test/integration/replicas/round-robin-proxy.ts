/**
 * The load balancer in front of the backend replicas, as production has one: PUBLIC_BASE_URL is
 * its address, so Graph's notifications, the add-in's calls and the validation handshakes go to
 * whichever replica is next. A replica that does not answer (killed) is skipped and the request
 * tried on the next one, as a load balancer with passive health checks does; the request bodies
 * are small, so each is read whole first, to be sent again if need be.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';

export interface RoundRobinProxy {
  /** http://localhost:<port> */
  readonly url: string;
  /** The replicas' URLs (http://127.0.0.1:<port>), in turn. */
  backends: string[];
  /** Requests answered, by the replica that answered them. */
  readonly answered: Record<string, number>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(backend: string, incoming: IncomingMessage, body: Buffer): Promise<Answer> {
  const target = new URL(backend);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, connection: 'close' },
        agent: false,
      },
      (response) => {
        readAll(response).then(
          (answerBody) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answerBody }),
          reject,
        );
      },
    );
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('the replica took too long')));
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let next = 0;
  const proxy: RoundRobinProxy = {
    url: '',
    backends: [],
    answered: {},
    close: async () => undefined,
  };
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readAll(incoming);
      const tried = proxy.backends.length;
      for (let attempt = 0; attempt < tried; attempt++) {
        const backend = proxy.backends[next++ % tried] as string;
        try {
          const answer = await forward(backend, incoming, body);
          proxy.answered[backend] = (proxy.answered[backend] ?? 0) + 1;
          const { connection: _connection, 'transfer-encoding': _encoding, ...headers } = answer.headers;
          outgoing.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
          outgoing.end(answer.body);
          return;
        } catch {
          // Down (killed, or gone mid-answer): the next replica gets the request.
        }
      }
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end('{"error":{"code":"bad_gateway"}}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  Object.assign(proxy, {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return proxy;
}
