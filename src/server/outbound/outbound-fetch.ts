/**
 * The fetch every outbound client of the backend sends with (Graph, Webex, the Microsoft token
 * endpoint): the platform's fetch on a connection pool of its own, so that the sync engine's
 * hundreds of jobs at once share a bounded set of long-lived TLS connections to each service
 * instead of opening one each.
 *
 * With the platform's default pool, every request that finds no idle connection opens a new one,
 * and idle ones close after 4 s: a burst of 256 concurrent jobs (syncConcurrency) opened up to 256
 * connections to Graph and as many to Webex, each a TLS handshake and a TLS context of its own,
 * about a fifth of the backend's CPU during a burst (docs/operations.md#outbound-connections).
 * Here each service gets at most `connectionsPerOrigin` connections; requests beyond them wait
 * for one (a wait of a few milliseconds, against a handshake's CPU), and connections stay open
 * between bursts while the service keeps them.
 *
 * The pool is undici's, the same library as the platform's fetch (Node's fetch accepts its
 * `dispatcher`), so requests and responses stay the platform's own classes.
 */
import { Agent, type Dispatcher } from 'undici';

export interface OutboundFetchOptions {
  /** Open connections to one origin at most (default 64). */
  connectionsPerOrigin?: number;
  /** How long an idle connection is kept, when the service says nothing shorter (default 60 s). */
  keepAliveMs?: number;
  /** The fetch that sends (default the platform's); tests give one that records the dispatcher. */
  fetch?: typeof fetch;
}

export interface OutboundFetch {
  fetch: typeof fetch;
  /** Closes the pool's connections once the requests under way are answered. */
  close(): Promise<void>;
}

export const DEFAULT_CONNECTIONS_PER_ORIGIN = 64;
const DEFAULT_KEEP_ALIVE_MS = 60_000;

export function createOutboundFetch(options: OutboundFetchOptions = {}): OutboundFetch {
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: keepAliveMs,
    keepAliveMaxTimeout: keepAliveMs,
  });
  const base = options.fetch ?? fetch;
  return {
    // `dispatcher` is the platform fetch's own extension of RequestInit (undici's).
    fetch: (input, init) => base(input, { ...init, dispatcher: agent } as RequestInit & { dispatcher: Dispatcher }),
    close: () => agent.close(),
  };
}
