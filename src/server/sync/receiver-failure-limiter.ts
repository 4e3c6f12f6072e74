/**
 * Per client address, how many of its POSTs to the Graph receiver failed verification (a forged
 * clientState, a subscription we do not hold, an id that is not one): past `limit` in a window of
 * `windowMs` the address gets no lookup until the window ends (the receiver answers 429 to what it
 * cannot verify from memory).
 *
 * Failures are counted, not requests: Graph posts far more than any limit, and a POST of Graph's
 * with a stray notification in it (a subscription deleted on our side a moment ago) still carries
 * genuine ones, so it does not count. Only POSTs of which nothing verified count.
 *
 * IPv6 addresses are counted by their /64, which one client usually holds whole. At most
 * `maxAddresses` are remembered, the least recently failing forgotten first. Per replica, in memory.
 */

export interface ReceiverFailureLimiter {
  /** Seconds until the address is heard again; 0 when it is heard now. */
  refusedFor(address: string): number;
  /** One POST from the address of which nothing verified. */
  failed(address: string): void;
}

export interface ReceiverFailureLimiterOptions {
  /** Current time in ms (the sync context's clock). */
  now: () => number;
  /** Failed POSTs an address may send per window (default 30). */
  limit?: number;
  /** The window, from an address's first failure (default 60 s). */
  windowMs?: number;
  /** Addresses remembered at most (default 10,000). */
  maxAddresses?: number;
}

/** The eight groups of an IPv6 address, '::' expanded; undefined if it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  const parts = address.split('::');
  if (parts.length > 2) return undefined;
  const left = parts[0] ? parts[0].split(':') : [];
  if (parts.length === 1) return left.length === 8 ? left : undefined;
  const right = parts[1] ? parts[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  return missing < 1 ? undefined : [...left, ...Array<string>(missing).fill('0'), ...right];
}

/** The counting key of an address: IPv4 (also IPv4-mapped IPv6) as it is, IPv6 by its first 64 bits. */
export function addressKey(address: string): string {
  const plain = address.split('%')[0]?.toLowerCase() ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped) return mapped[1] as string;
  if (!plain.includes(':')) return plain;
  const groups = ipv6Groups(plain);
  if (!groups) return plain;
  return `${groups
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16).toString(16) : g))
    .join(':')}::/64`;
}

export function createReceiverFailureLimiter(options: ReceiverFailureLimiterOptions): ReceiverFailureLimiter {
  const { now } = options;
  const limit = options.limit ?? 30;
  const windowMs = options.windowMs ?? 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, { failures: number; endsAt: number }>();

  return {
    refusedFor(address) {
      const w = windows.get(addressKey(address));
      const at = now();
      if (!w || w.failures < limit || at >= w.endsAt) return 0;
      return Math.max(1, Math.ceil((w.endsAt - at) / 1000));
    },
    failed(address) {
      const key = addressKey(address);
      const at = now();
      const current = windows.get(key);
      windows.delete(key);
      windows.set(
        key,
        current && at < current.endsAt
          ? { failures: current.failures + 1, endsAt: current.endsAt }
          : { failures: 1, endsAt: at + windowMs },
      );
      for (const oldest of windows.keys()) {
        if (windows.size <= maxAddresses) break;
        windows.delete(oldest);
      }
    },
  };
}
