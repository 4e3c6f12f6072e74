/**
 * The server side of calendarView delta: the state behind each $skiptoken and $deltatoken.
 * Tokens are opaque random strings naming a state kept here, as Exchange keeps sync states in a
 * cache of limited size: once the cache is full the oldest states go, and a client that comes back
 * with an evicted (or made up) token must start over (410 SyncStateNotFound).
 */
import { randomBytes } from 'node:crypto';
import type { EventIdentity } from './event-render';

/** What the client knows about one instance in the view after a round. */
export interface KnownInstance {
  changeKey: string;
  identity: EventIdentity;
}

/** A calendar view being tracked: the mailbox, the window and what the client will know after this round. */
export interface DeltaRound {
  mailboxId: string;
  from: number;
  to: number;
  /** Keyed by instanceKey(). */
  known: Map<string, KnownInstance>;
}

export interface DeltaEntry {
  key: string;
  identity: EventIdentity;
  removed: boolean;
}

export type DeltaState = { kind: 'skip'; round: DeltaRound; pending: DeltaEntry[] } | { kind: 'delta'; round: DeltaRound };

/** The key of an instance in a view: stable from occurrence to exception, as its id is. */
export function instanceKey(ev: EventIdentity): string {
  const isInstance =
    (ev.type === 'occurrence' || ev.type === 'exception') &&
    ev.seriesMasterKey &&
    ev.originalStart !== null &&
    ev.originalStart !== undefined;
  return isInstance ? `${ev.seriesMasterKey}@${ev.originalStart}` : ev.key;
}

export class DeltaTokens {
  private readonly states = new Map<string, DeltaState>();

  constructor(private readonly capacity = 10_000) {}

  issue(state: DeltaState): string {
    const token = randomBytes(24).toString('base64url');
    this.states.set(token, state);
    while (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
    return token;
  }

  /** The state of a token; a deltaLink may be followed again, so reading does not consume it. */
  get(token: string): DeltaState | undefined {
    return this.states.get(token);
  }

  get size(): number {
    return this.states.size;
  }

  /** Forgets every state, as a cache eviction would: every outstanding link then fails. */
  clear(): void {
    this.states.clear();
  }

  /** Every state by token, oldest first, for the emulator's state file (graph-snapshot.ts). */
  exportData(): Array<[string, DeltaState]> {
    return [...this.states.entries()];
  }

  importData(entries: Array<[string, DeltaState]>): void {
    this.states.clear();
    for (const [token, state] of entries) this.states.set(token, state);
  }
}
