/**
 * The fetch every outbound client of the backend sends with (Graph, Webex, the Microsoft token
 * endpoint): a connection pool of its own, HTTP/2 where the service offers it, and a lighter way
 * through the pool than the platform's fetch.
 *
 * The pool: with the platform's default, every request that finds no idle connection opens a new
 * one, and idle ones close after 4 s: a burst of hundreds of concurrent sync jobs (syncConcurrency)
 * opened as many TLS connections to Graph and as many to Webex, a handshake and a TLS context each,
 * about a fifth of the backend's CPU during a burst (docs/operations.md#outbound-connections).
 * Here each service gets at most `connectionsPerOrigin` connections, kept open between bursts while
 * the service keeps them.
 *
 * HTTP/2: each connection offers h2 and HTTP/1.1 (ALPN) and speaks what the service picks. On an
 * HTTP/2 connection the requests share it, as many at once as the service allows (its
 * SETTINGS_MAX_CONCURRENT_STREAMS); on an HTTP/1.1 one, one request at a time (no pipelining), so a
 * service that speaks only HTTP/1.1 sees at most `connectionsPerOrigin` requests at once and the
 * rest wait for a connection. Microsoft Graph and the Microsoft identity platform speak HTTP/2: a
 * burst's hundreds of calls then need a handful of connections instead of one each, and none waits
 * for another's answer (with 64 HTTP/1.1 connections and Webex's 150 ms, a burst of 360 calls takes
 * at least 0.85 s; bench figure converge_ratio). Every request is marked idempotent for the pool:
 * in undici that only lets it share an HTTP/2 connection with others under way (a request not so
 * marked waits until the connection is idle); nothing is ever sent twice by the pool.
 *
 * The way through: the clients speak fetch (the Graph SDK's middleware, MSAL's network client, our
 * Webex client), but the platform's fetch costs about 450 µs of CPU a request on top of the HTTP
 * exchange (WHATWG streams, request and response objects, its own checks), three times what
 * undici's `request` on the same pool costs: at two requests a sync job, most of a job's CPU. So the
 * requests the clients send — a URL, a method, headers, a body of text or bytes — go through
 * `request`, and the answer, read whole, is handed back as a platform Response. What this path does
 * not carry (a Request object, a streamed or form body) goes through the platform's fetch on the
 * same pool; so does a request whose answer is a redirect, sent again as fetch would follow it.
 * Failures look as fetch's do (a TypeError "fetch failed" whose cause is the network error; an
 * aborted or timed-out signal's own reason), which is what the clients classify
 * (client-fault-error.ts, counting-fetch.ts).
 */
import { Agent, buildConnector, Client, Pool, type Dispatcher } from 'undici';

export interface OutboundFetchOptions {
  /** Open connections to one origin at most (default 64). */
  connectionsPerOrigin?: number;
  /** How long an idle connection is kept, when the service says nothing shorter (default 60 s). */
  keepAliveMs?: number;
}

export interface OutboundFetch {
  fetch: typeof fetch;
  /** Closes the pool's connections once the requests under way are answered. */
  close(): Promise<void>;
}

export const DEFAULT_CONNECTIONS_PER_ORIGIN = 64;
/**
 * Requests one HTTP/2 connection carries at once, at most: the service's own limit applies below
 * it (undici follows its SETTINGS_MAX_CONCURRENT_STREAMS; 100 is common); above, a new connection.
 */
const HTTP2_STREAMS_PER_CONNECTION = 1000;
const DEFAULT_KEEP_ALIVE_MS = 60_000;

/** Statuses whose answer has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Who calls, for the services' operators (the platform's fetch says "node"). */
const USER_AGENT = 'webex-scheduler-for-outlook';

type SimpleBody = string | Uint8Array | URLSearchParams | ArrayBuffer | null | undefined;

export function createOutboundFetch(options: OutboundFetchOptions = {}): OutboundFetch {
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const connect = buildConnector({ allowH2: true });
  // undici pipelines as many requests per connection as `pipelining` says, whatever the protocol;
  // the protocol is known once connected: many on h2, one on HTTP/1.1.
  const newClient = (origin: string | URL, clientOptions: Client.Options): Client => {
    const client: Client = new Client(origin, {
      ...clientOptions,
      connect: (connectOptions, callback) =>
        connect(connectOptions, (error, socket) => {
          if (socket) client.pipelining = isHttp2(socket) ? HTTP2_STREAMS_PER_CONNECTION : 1;
          callback(error, socket as never);
        }),
    });
    return client;
  };
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: keepAliveMs,
    keepAliveMaxTimeout: keepAliveMs,
    factory: (origin, poolOptions) => new Pool(origin, { ...poolOptions, factory: newClient }),
  });
  // `dispatcher` is the platform fetch's own extension of RequestInit (it is undici's fetch).
  const platformFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, dispatcher: agent } as RequestInit & { dispatcher: Dispatcher });

  const send: typeof fetch = async (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
    const body = init.body as unknown;
    if (!url || !isSimpleBody(body) || (url.protocol !== 'https:' && url.protocol !== 'http:')) return platformFetch(input, init);
    init.signal?.throwIfAborted();
    let answer: Dispatcher.ResponseData;
    try {
      answer = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
        headers: headerPairs(init.headers, body),
        body: bodyBytes(body),
        signal: init.signal ?? null,
        // Lets the request share an HTTP/2 connection with others under way (see above).
        idempotent: true,
      });
    } catch (thrown) {
      throw failure(thrown, init.signal);
    }
    if (REDIRECT.has(answer.statusCode) && answer.headers.location !== undefined && init.redirect !== 'manual') {
      await answer.body.dump();
      return platformFetch(input, init);
    }
    let bytes: ArrayBuffer;
    try {
      bytes = await answer.body.arrayBuffer();
    } catch (thrown) {
      throw failure(thrown, init.signal);
    }
    return new Response(NULL_BODY.has(answer.statusCode) ? null : bytes, {
      status: answer.statusCode,
      statusText: answer.statusText,
      headers: responseHeaders(answer.headers),
    });
  };

  return { fetch: send, close: () => agent.close() };
}

/** Whether the connection negotiated HTTP/2 (a TLS socket's ALPN choice). */
function isHttp2(socket: unknown): boolean {
  return (socket as { alpnProtocol?: string | false }).alpnProtocol === 'h2';
}

function isSimpleBody(body: unknown): body is SimpleBody {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer
  );
}

function bodyBytes(body: SimpleBody): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return body;
}

/** The request's headers as name/value pairs, with what fetch would add: accept, the content type of the body, a user agent. */
function headerPairs(given: HeadersInit | undefined, body: SimpleBody): string[] {
  const headers = new Headers(given);
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
  if (!headers.has('content-type')) {
    if (typeof body === 'string') headers.set('content-type', 'text/plain;charset=UTF-8');
    else if (body instanceof URLSearchParams) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  }
  const pairs: string[] = [];
  headers.forEach((value, name) => pairs.push(name, value));
  return pairs;
}

function responseHeaders(raw: Dispatcher.ResponseData['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** What fetch would have thrown: the signal's reason when it was aborted, else "fetch failed" caused by the network error. */
function failure(thrown: unknown, signal: AbortSignal | null | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return new TypeError('fetch failed', { cause: thrown });
}
