/**
 * The fetch every outbound client of the backend sends with (Graph, Webex, the Microsoft token
 * endpoint): a connection pool of its own, and a lighter way through it than the platform's fetch.
 *
 * The pool: with the platform's default, every request that finds no idle connection opens a new
 * one, and idle ones close after 4 s: a burst of 256 concurrent sync jobs (syncConcurrency) opened
 * up to 256 connections to Graph and as many to Webex, each a TLS handshake and a TLS context of its
 * own, about a fifth of the backend's CPU during a burst (docs/operations.md#outbound-connections).
 * Here each service gets at most `connectionsPerOrigin` connections; requests beyond them wait for
 * one (a few milliseconds, against a handshake's CPU), and connections stay open between bursts
 * while the service keeps them.
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
import { Agent, type Dispatcher } from 'undici';

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
const DEFAULT_KEEP_ALIVE_MS = 60_000;

/** Statuses whose answer has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Who calls, for the services' operators (the platform's fetch says "node"). */
const USER_AGENT = 'webex-scheduler-for-outlook';

type SimpleBody = string | Uint8Array | URLSearchParams | ArrayBuffer | null | undefined;

export function createOutboundFetch(options: OutboundFetchOptions = {}): OutboundFetch {
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: keepAliveMs,
    keepAliveMaxTimeout: keepAliveMs,
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
