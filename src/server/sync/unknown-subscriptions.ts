/**
 * Subscription ids the Graph receiver looked up and did not find, remembered for a short while
 * (default 30 s, at most 10,000 of them, oldest forgotten first): a flood of notifications naming
 * one id we do not hold costs one lookup per while, not one per POST.
 *
 * Graph may notify before the request that created the subscription has returned, so an id can be
 * unknown a moment before it is stored. The process that stores it says so (`forget`), and a lookup
 * that was under way while a subscription was stored remembers nothing it missed. Another replica's
 * receiver may still take the id for unknown until its memory lapses; Graph's first notifications
 * for a subscription of a few milliseconds are the only ones at risk, and a recreated
 * subscription's mailbox is resynced anyway.
 */

export interface UnknownSubscriptions {
  /** Whether `id` was found unknown recently. */
  has(id: string): boolean;
  /** Called before a lookup; give what it returns to `remember` with the ids the lookup missed. */
  lookupStarted(): number;
  /** The ids a lookup started at `started` did not find; ignored if a subscription was stored since. */
  remember(ids: readonly string[], started: number): void;
  /** A subscription with this id has just been stored. */
  forget(id: string): void;
}

export interface UnknownSubscriptionsOptions {
  /** Current time in ms (the sync context's clock). */
  now: () => number;
  /** How long an id is remembered (default 30 s). */
  ttlMs?: number;
  /** How many ids at most (default 10,000). */
  maxEntries?: number;
}

export function createUnknownSubscriptions(options: UnknownSubscriptionsOptions): UnknownSubscriptions {
  const { now } = options;
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  // id -> until when it is remembered; a Map iterates in insertion order, oldest first.
  const until = new Map<string, number>();
  let stored = 0;

  return {
    has(id) {
      const expiry = until.get(id);
      if (expiry === undefined) return false;
      if (expiry > now()) return true;
      until.delete(id);
      return false;
    },
    lookupStarted: () => stored,
    remember(ids, started) {
      if (started !== stored) return;
      const expiry = now() + ttlMs;
      for (const id of ids) {
        until.delete(id);
        until.set(id, expiry);
      }
      for (const id of until.keys()) {
        if (until.size <= maxEntries) break;
        until.delete(id);
      }
    },
    forget(id) {
      stored++;
      until.delete(id);
    },
  };
}
