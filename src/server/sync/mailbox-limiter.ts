/**
 * Keeps the backend's Graph requests for each mailbox within Outlook's limits before Graph has to
 * enforce them (docs/architecture.md#service-facts: 10,000 requests per 10 minutes and 4 concurrent
 * requests per app per mailbox;
 * https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits).
 *
 * - Concurrency: at most `concurrency` requests in flight per mailbox; the next one waits its turn.
 * - Budget: at most `budget` requests in any `windowMs`. Counted in 60 buckets; a request counts
 *   against the current bucket and the 60 before it, so the check is a little stricter than the
 *   rolling window Graph applies, never looser.
 * - Retry-After: a 429 that got through anyway pauses the mailbox for the time Graph asked.
 * A request that would wait longer than `maxWaitMs` fails with SyncError 'mailbox_budget_exhausted'
 * carrying retryAfterMs, so that a job gives its worker back and reschedules instead of holding it.
 *
 * Several replicas: the limits are per app, not per process, so each process keeps its share
 * (`replicas` divides both). With 2 replicas each sends at most 2 at once per mailbox and 5,000 per
 * 10 minutes: the total can never exceed Graph's limits, at the price of leaving a share unused
 * when one replica is idle. A Postgres-backed semaphore would share exactly, but would put a
 * database round trip in front of every Graph call; the static split is the documented choice.
 */
import { SyncError } from './sync-error';

export interface MailboxLimits {
  /** Requests in flight per mailbox, across all replicas (Graph: 4). */
  concurrency: number;
  /** Requests per window per mailbox, across all replicas (Graph: 10,000). */
  budget: number;
  /** The budget's window (Graph: 10 minutes). */
  windowMs: number;
  /** Longest a request waits for the budget or a pause before failing with mailbox_budget_exhausted. */
  maxWaitMs: number;
  /** Backend replicas sharing the limits (each keeps its share). */
  replicas: number;
}

export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = {
  concurrency: 4,
  budget: 10_000,
  windowMs: 10 * 60_000,
  maxWaitMs: 30_000,
  replicas: 1,
};

export type MailboxWaitReason = 'concurrency' | 'budget' | 'paused';

export interface MailboxLimiterOptions extends Partial<MailboxLimits> {
  now?: () => number;
  /** Reported each time a request has to wait (for metrics). */
  onWait?: (reason: MailboxWaitReason) => void;
}

const BUCKETS = 60;

interface MailboxState {
  active: number;
  /** Requests waiting for a free slot, woken in order. */
  waiters: (() => void)[];
  /** Request counts by bucket number (time / bucketMs). */
  buckets: Map<number, number>;
  pausedUntil: number;
}

export class MailboxLimiter {
  readonly limits: MailboxLimits;
  /** The share of this process. */
  readonly concurrency: number;
  readonly budget: number;
  private readonly bucketMs: number;
  private readonly now: () => number;
  private readonly mailboxes = new Map<string, MailboxState>();
  private acquisitions = 0;

  constructor(private readonly options: MailboxLimiterOptions = {}) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<MailboxLimits>;
    this.limits = { ...DEFAULT_MAILBOX_LIMITS, ...defined };
    const replicas = Math.max(1, Math.floor(this.limits.replicas));
    this.concurrency = Math.max(1, Math.floor(this.limits.concurrency / replicas));
    this.budget = Math.max(1, Math.floor(this.limits.budget / replicas));
    this.bucketMs = Math.max(1, Math.ceil(this.limits.windowMs / BUCKETS));
    this.now = options.now ?? Date.now;
  }

  /** Runs `fn` as one request to the mailbox, within its limits. */
  async run<T>(mailbox: string, fn: () => Promise<T>): Promise<T> {
    const key = mailbox.toLowerCase();
    await this.acquire(key);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  /** Graph answered 429 with Retry-After: send nothing more to the mailbox until then. */
  pause(mailbox: string, ms: number): void {
    const state = this.state(mailbox.toLowerCase());
    state.pausedUntil = Math.max(state.pausedUntil, this.now() + Math.max(0, ms));
  }

  /** Requests counted against the mailbox's budget in the current window (for tests and health). */
  used(mailbox: string): number {
    const state = this.mailboxes.get(mailbox.toLowerCase());
    return state ? this.usedIn(state, this.now()) : 0;
  }

  /** Requests in flight for the mailbox. */
  inFlight(mailbox: string): number {
    return this.mailboxes.get(mailbox.toLowerCase())?.active ?? 0;
  }

  private state(key: string): MailboxState {
    let state = this.mailboxes.get(key);
    if (!state) {
      state = { active: 0, waiters: [], buckets: new Map(), pausedUntil: 0 };
      this.mailboxes.set(key, state);
    }
    return state;
  }

  private usedIn(state: MailboxState, now: number): number {
    const current = Math.floor(now / this.bucketMs);
    let used = 0;
    for (const [bucket, count] of state.buckets) {
      if (bucket > current - BUCKETS - 1) used += count;
      else state.buckets.delete(bucket);
    }
    return used;
  }

  /** When the oldest counted bucket leaves the window. */
  private budgetFreesAt(state: MailboxState): number {
    const oldest = Math.min(...state.buckets.keys());
    return (oldest + BUCKETS + 1) * this.bucketMs;
  }

  private async acquire(key: string): Promise<void> {
    this.acquisitions += 1;
    if (this.acquisitions % 1000 === 0) this.prune();
    const state = this.state(key);
    const deadline = this.now() + this.limits.maxWaitMs;
    try {
      await this.take(state, deadline);
    } catch (thrown) {
      // This request may have been woken for a free slot it will not use: pass the turn on.
      if (state.active < this.concurrency) state.waiters.shift()?.();
      throw thrown;
    }
  }

  private async take(state: MailboxState, deadline: number): Promise<void> {
    for (;;) {
      const now = this.now();
      if (state.pausedUntil > now) {
        await this.sleepUntil(state.pausedUntil, deadline, 'paused');
        continue;
      }
      if (this.usedIn(state, now) >= this.budget) {
        await this.sleepUntil(this.budgetFreesAt(state), deadline, 'budget');
        continue;
      }
      if (state.active >= this.concurrency) {
        this.options.onWait?.('concurrency');
        await new Promise<void>((resolve) => state.waiters.push(resolve));
        continue;
      }
      state.active += 1;
      const bucket = Math.floor(now / this.bucketMs);
      state.buckets.set(bucket, (state.buckets.get(bucket) ?? 0) + 1);
      return;
    }
  }

  private async sleepUntil(until: number, deadline: number, reason: MailboxWaitReason): Promise<void> {
    const now = this.now();
    if (until > deadline) {
      throw new SyncError('mailbox_budget_exhausted', `the mailbox's Graph budget is spent (${reason}); try again later`, {
        retryAfterMs: Math.max(1, until - now),
      });
    }
    this.options.onWait?.(reason);
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, until - now)));
  }

  private release(key: string): void {
    const state = this.mailboxes.get(key);
    if (!state) return;
    state.active = Math.max(0, state.active - 1);
    state.waiters.shift()?.();
  }

  /** Forgets mailboxes with nothing in flight, nobody waiting and nothing left in the window. */
  private prune(): void {
    const now = this.now();
    for (const [key, state] of this.mailboxes) {
      if (state.active === 0 && state.waiters.length === 0 && state.pausedUntil <= now && this.usedIn(state, now) === 0)
        this.mailboxes.delete(key);
    }
  }
}
