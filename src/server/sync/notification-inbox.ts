/**
 * Between the Graph receiver and the sync jobs. The receiver verifies a POST's notifications and
 * appends what they ask for here; it answers 202 once the inbox has stored them durably. The
 * drainer, in the background, turns what is stored into jobs.
 *
 * Why not jobs at once: a job costs pg-boss an insert into an indexed table, and an echo check a
 * read of the event's link, per notification; the receiver's acknowledgements would run at the
 * speed of those writes (Graph marks a slow endpoint slow, then drops it). Here the notifications
 * of the POSTs of a moment are stored in ONE row, ONE insert (a group commit: a write waits a
 * millisecond for more POSTs to join it): a POST of twenty notifications costs about
 * what a POST of one does, and fifty POSTs what one does. The drainer
 * then does the per-notification work in bulk: one read of the links for the echo check, one insert
 * of all the jobs, and the rows' deletion, in one transaction — a row becomes jobs entirely or not
 * at all, and a process killed in between leaves the row for the next drain (its own or another
 * replica's: rows are taken FOR UPDATE SKIP LOCKED).
 *
 * Acknowledgements first: while the receiver is writing, the drainer takes one row at a time and at
 * most a tenth of the process's time (it pauses nine times as long as its last drain took), so a
 * burst is acknowledged at the receiver's pace and turned into jobs a moment later; when the
 * receiver is idle it drains four rows at a time, letting the event loop turn between them. A tenth
 * of the process still turns hundreds of notifications a second into jobs, over twenty times the
 * sustained rate of a tenant of 10,000 users (16 a second; scripts/bench/ingest-figures.ts).
 */
import type { JobDefinition } from '../jobs';
import type { InboxRow, Store, StoreTransaction } from '../store';
import type { ChangeType, LifecycleEvent } from './notification-payload';
import type { SyncLogger } from './sync-context';
import { toError } from '../errors';
import {
  subscriptionLifecycleJob,
  syncEventJob,
  syncEventKey,
  type SubscriptionLifecyclePayload,
  type SyncEventPayload,
} from './sync-jobs';
import type { SyncMetrics } from './sync-metrics';

/** A change of one event to bring in step, as the receiver verified it. */
export interface ChangeEntry {
  kind: 'change';
  /** The subscription's tenant and user (not the notification's spelling of them). */
  tenantId: string;
  userId: string;
  eventId: string;
  changeType: ChangeType;
  /** From the notification; an entry whose changeKey is the one last synced is our own write's echo. */
  changeKey?: string;
}

export interface LifecycleEntry {
  kind: 'lifecycle';
  subscriptionId: string;
  lifecycleEvent: LifecycleEvent;
}

export type InboxEntry = ChangeEntry | LifecycleEntry;

export interface NotificationInbox {
  /** Stores the entries durably, with those of the other POSTs arriving meanwhile; rejects if they could not be. */
  append(entries: readonly InboxEntry[]): Promise<void>;
  /** Turns everything stored into jobs now (tests; a stop). Resolves to how many entries were drained. */
  drain(): Promise<number>;
  /** Starts the background drainer (woken by every append, and looking every pollMs). */
  start(): void;
  /** Stops it, after the drain under way. */
  stop(): Promise<void>;
}

/** What the inbox needs of the sync context. */
export interface InboxDeps {
  store: Store;
  queue: {
    sendMany<T extends object>(
      job: JobDefinition<T>,
      payloads: readonly T[],
      options?: { tx?: StoreTransaction['db']; startAfterSeconds?: number; startAt?: readonly Date[] },
    ): Promise<void>;
    wake(job: JobDefinition<object>, afterSeconds?: number): void;
  };
  metrics: SyncMetrics;
  logger: SyncLogger;
  /** SyncOptions.coalesceSeconds: how long a job waits for more notifications of its event (0: it runs at once). */
  coalesceSeconds: number;
}

export interface NotificationInboxOptions {
  /** Rows taken per drain transaction (default 4, and 1 while the receiver is busy; a row holds the notifications of up to a few dozen POSTs). */
  rowsPerDrain?: number;
  /** How often the drainer looks at the inbox when nothing woke it (default 2 s). */
  pollMs?: number;
  /**
   * How long a write waits for more POSTs to join it (default 1 ms; Graph allows 3 s for the
   * answer). Under load the POSTs that arrive while a write is under way join the next one anyway;
   * a longer wait only adds to every answer (2 ms acknowledged about a tenth fewer POSTs a second of
   * twenty notifications in the bench, 5 ms a third fewer; none at all, one write per POST).
   */
  groupWindowMs?: number;
}

/** While the receiver is busy, the drainer pauses this many times as long as its last drain took: it takes at most a tenth of the process's time. */
const DRAIN_PAUSE_FACTOR = 9;

/** How long after the receiver's last write it still counts as busy, for the drainer. */
const BUSY_AFTER_APPEND_MS = 100;

const linkKey = (e: Pick<ChangeEntry, 'tenantId' | 'userId' | 'eventId'>): string => `${e.tenantId}/${e.userId}/${e.eventId}`;

/** An entry (or the job made of it) with when the receiver stored it. */
interface Received<T> {
  entry: T;
  receivedAt: Date;
}

/** Whether an entry read back makes a valid job (the job's own payload check): one that does not would stop the drain at every try. */
const checkChange: (data: unknown) => void = syncEventJob.assertPayload;
const checkLifecycle: (data: unknown) => void = subscriptionLifecycleJob.assertPayload;

function usable(entry: unknown): entry is InboxEntry {
  const e = entry as { kind?: unknown; changeKey?: unknown; [field: string]: unknown } | null;
  try {
    if (e?.kind === 'change') checkChange({ tenantId: e.tenantId, userId: e.userId, eventId: e.eventId, changeType: e.changeType });
    else if (e?.kind === 'lifecycle') checkLifecycle({ subscriptionId: e.subscriptionId, lifecycleEvent: e.lifecycleEvent });
    else return false;
    return e.changeKey === undefined || typeof e.changeKey === 'string';
  } catch {
    return false;
  }
}

/**
 * How a row stores its entries (format 2): the changes grouped by mailbox, each change a short
 * array, and the lifecycle events apart:
 *
 *   {"v":2,"changes":[[tenantId,userId,[[eventId,changeType,changeKey?],…]],…],"lifecycle":[[subscriptionId,lifecycleEvent],…]}
 *
 * A row holds what the POSTs of a moment asked for, hundreds of changes in a burst, and written as
 * objects (format 1: a plain array of entries) most of its bytes were the property names and the
 * same tenant and user ids over and over: bytes the database writes twice, the row and its log,
 * while the receiver waits (bench figure ingest_ratio). Rows of format 1 are still read (a row
 * written before an upgrade).
 */
interface StoredEntries {
  v: 2;
  changes: [tenantId: string, userId: string, events: [eventId: string, changeType: string, changeKey?: string][]][];
  lifecycle: [subscriptionId: string, lifecycleEvent: string][];
}

export function encodeEntries(entries: readonly InboxEntry[]): string {
  const byMailbox = new Map<string, StoredEntries['changes'][number]>();
  const lifecycle: StoredEntries['lifecycle'] = [];
  for (const e of entries) {
    if (e.kind === 'lifecycle') {
      lifecycle.push([e.subscriptionId, e.lifecycleEvent]);
      continue;
    }
    const key = `${e.tenantId}/${e.userId}`;
    let group = byMailbox.get(key);
    if (!group) byMailbox.set(key, (group = [e.tenantId, e.userId, []]));
    group[2].push(e.changeKey === undefined ? [e.eventId, e.changeType] : [e.eventId, e.changeType, e.changeKey]);
  }
  const stored: StoredEntries = { v: 2, changes: [...byMailbox.values()], lifecycle };
  return JSON.stringify(stored);
}

/**
 * The entries a row holds, as objects to check (usable()): undefined when the row is neither
 * format; a part of a format-2 row that is not as written above becomes `null` (dropped, counted).
 */
export function decodeEntries(stored: unknown): unknown[] | undefined {
  if (Array.isArray(stored)) return stored;
  const row = stored as Partial<StoredEntries> | null;
  if (typeof row !== 'object' || row === null || row.v !== 2 || !Array.isArray(row.changes) || !Array.isArray(row.lifecycle))
    return undefined;
  const entries: unknown[] = [];
  for (const group of row.changes as unknown[]) {
    if (!Array.isArray(group) || !Array.isArray(group[2])) {
      entries.push(null);
      continue;
    }
    const [tenantId, userId, events] = group as [unknown, unknown, unknown[]];
    for (const event of events) {
      if (!Array.isArray(event)) {
        entries.push(null);
        continue;
      }
      const [eventId, changeType, changeKey] = event as unknown[];
      entries.push({ kind: 'change', tenantId, userId, eventId, changeType, ...(changeKey === undefined ? {} : { changeKey }) });
    }
  }
  for (const item of row.lifecycle as unknown[]) {
    const [subscriptionId, lifecycleEvent] = Array.isArray(item) ? (item as unknown[]) : [];
    entries.push(Array.isArray(item) ? { kind: 'lifecycle', subscriptionId, lifecycleEvent } : null);
  }
  return entries;
}

function parseRow(row: InboxRow, logger: SyncLogger): InboxEntry[] {
  let entries: unknown[] | undefined;
  try {
    entries = decodeEntries(JSON.parse(row.entries));
  } catch {
    // Only this module writes rows: this is a bug or a hand-edited database.
  }
  if (!entries) {
    logger.error({ code: 'inbox_row_unreadable', rowId: row.id }, 'an inbox row could not be read: it is dropped');
    return [];
  }
  const kept = entries.filter(usable);
  if (kept.length < entries.length)
    logger.error(
      { code: 'inbox_entry_unusable', rowId: row.id, dropped: entries.length - kept.length },
      'inbox entries that make no valid job are dropped',
    );
  return kept;
}

export function createNotificationInbox(deps: InboxDeps, options: NotificationInboxOptions = {}): NotificationInbox {
  const { store, queue, metrics, logger } = deps;
  const rowsPerDrain = options.rowsPerDrain ?? 4;
  const pollMs = options.pollMs ?? 2_000;
  const groupWindowMs = options.groupWindowMs ?? 1;

  // --- appending: a group commit -----------------------------------------------------------
  interface Waiting {
    entries: readonly InboxEntry[];
    resolve: () => void;
    reject: (error: Error) => void;
  }
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;

  const writeWaiting = async (): Promise<void> => {
    for (;;) {
      // A write costs about the same for one POST as for fifty: let the POSTs of the next moment
      // join it. (Waiting until the POSTs under way have appended does not work: on one thread,
      // the next request is read only after this one has appended.)
      if (groupWindowMs > 0) await new Promise((resolve) => setTimeout(resolve, groupWindowMs));
      if (waiting.length === 0) return;
      lastAppendAt = performance.now();
      const batch = waiting;
      waiting = [];
      try {
        await store.inbox.append(encodeEntries(batch.flatMap((w) => w.entries)));
        for (const w of batch) w.resolve();
        wakeDrainer();
      } catch (thrown) {
        const error = toError(thrown);
        for (const w of batch) w.reject(error);
      }
    }
  };

  const startWriting = (): void => {
    if (writing) return;
    writing = writeWaiting().finally(() => {
      writing = undefined;
      // An append made between the last write's end and this moment found a writer still set.
      if (waiting.length > 0) startWriting();
    });
  };

  // The receiver is busy while it appends, and for a moment after (the next POSTs are on their way).
  let lastAppendAt = -Infinity;
  const receiverBusy = (): boolean =>
    writing !== undefined || waiting.length > 0 || performance.now() - lastAppendAt < BUSY_AFTER_APPEND_MS;

  // --- draining -----------------------------------------------------------------------------
  const sendChanges = async (
    tx: StoreTransaction,
    changes: readonly Received<ChangeEntry>[],
  ): Promise<{ jobs: number; starts: Date[] }> => {
    // Echoes of our own writes: the changeKey is the one last synced. An event needs a job when any
    // of its notifications is not an echo.
    const synced = await tx.links.getSyncedChangeKeys(changes.filter((c) => c.entry.changeKey !== undefined).map((c) => c.entry));
    const jobs = new Map<string, Received<SyncEventPayload>>();
    let echoes = 0;
    for (const { entry: c, receivedAt } of changes) {
      if (c.changeKey !== undefined && synced.get(linkKey(c)) === c.changeKey) {
        echoes++;
        continue;
      }
      const key = syncEventKey(c);
      if (!jobs.has(key))
        jobs.set(key, { entry: { tenantId: c.tenantId, userId: c.userId, eventId: c.eventId, changeType: c.changeType }, receivedAt });
    }
    if (echoes > 0) metrics.inc('sync_skipped_known_change', undefined, echoes);
    return { jobs: jobs.size, starts: await sendAll(tx, syncEventJob, [...jobs.values()]) };
  };

  /**
   * The queues are stately: a job whose key already has one waiting is dropped by the insert. A job
   * starts coalesceSeconds after the receiver stored its first notification, not after this drain:
   * a drain that comes late (the receiver busy, or a large backlog) does not make the job wait a
   * whole window more. Resolves to the start times (distinct).
   */
  const sendAll = async <T extends object>(tx: StoreTransaction, job: JobDefinition<T>, received: Received<T>[]): Promise<Date[]> => {
    const delay = deps.coalesceSeconds;
    const payloads = received.map((r) => r.entry);
    if (delay === 0) {
      await queue.sendMany(job, payloads, { tx: tx.db });
      return payloads.length > 0 ? [new Date()] : [];
    }
    const startAt = received.map((r) => new Date(r.receivedAt.getTime() + delay * 1000));
    await queue.sendMany(job, payloads, { tx: tx.db, startAt });
    return [...new Set(startAt.map((d) => d.getTime()))].map((ms) => new Date(ms));
  };

  /** One transaction: takes some rows, sends their jobs, deletes them. Resolves to the entries drained and whether rows remain. */
  const drainSome = async (limit: number): Promise<{ entries: number; more: boolean }> => {
    const result = await store.transaction(async (tx) => {
      const rows = await tx.inbox.take(limit);
      if (rows.length === 0) return { entries: 0, rows: 0, changeStarts: [], lifecycleStarts: [] };
      const entries = rows.flatMap((row) => parseRow(row, logger).map((entry) => ({ entry, receivedAt: row.receivedAt })));
      const changes = entries.filter((e): e is Received<ChangeEntry> => e.entry.kind === 'change');
      const lifecycle = new Map<string, Received<SubscriptionLifecyclePayload>>();
      for (const { entry: e, receivedAt } of entries) {
        if (e.kind !== 'lifecycle' || lifecycle.has(`${e.subscriptionId}/${e.lifecycleEvent}`)) continue;
        lifecycle.set(`${e.subscriptionId}/${e.lifecycleEvent}`, {
          entry: { subscriptionId: e.subscriptionId, lifecycleEvent: e.lifecycleEvent },
          receivedAt,
        });
      }
      const changeJobs = await sendChanges(tx, changes);
      const lifecycleStarts = await sendAll(tx, subscriptionLifecycleJob, [...lifecycle.values()]);
      await tx.inbox.delete(rows.map((r) => r.id));
      if (changeJobs.jobs + lifecycle.size > 0) metrics.inc('notifications_enqueued', undefined, changeJobs.jobs + lifecycle.size);
      return { entries: entries.length, rows: rows.length, changeStarts: changeJobs.starts, lifecycleStarts };
    });
    if (result.rows > 0) {
      // The jobs start when their coalescing window closes: this process's workers look then, not at their next poll.
      wakeAt(syncEventJob, result.changeStarts);
      wakeAt(subscriptionLifecycleJob, result.lifecycleStarts);
    }
    return { entries: result.entries, more: result.rows === limit };
  };

  /** Wakes this process's workers of the queue when the jobs sent to start at these times may start. */
  const wakeAt = (job: JobDefinition<object>, starts: readonly Date[]): void => {
    for (const start of starts) queue.wake(job, Math.max(0, (start.getTime() - Date.now()) / 1000));
  };

  let draining: Promise<number> | undefined;
  /** Drains until the inbox is empty, giving way to the receiver while it writes. */
  const drainAll = (yieldToReceiver: boolean): Promise<number> => {
    draining ??= (async () => {
      let total = 0;
      for (;;) {
        const started = performance.now();
        // One row at a time while the receiver is busy, so that its writes wait less for ours.
        const busy = yieldToReceiver && receiverBusy();
        const { entries, more } = await drainSome(busy ? 1 : rowsPerDrain);
        total += entries;
        if (!more) return total;
        // PGlite answers without going through the event loop: without a pause here, a long drain
        // would keep every socket of the process waiting.
        if (yieldToReceiver && receiverBusy())
          await new Promise((resolve) => setTimeout(resolve, DRAIN_PAUSE_FACTOR * (performance.now() - started)));
        else await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let woken = false;
  const runDrainer = (): void => {
    if (!started || draining) {
      woken = true;
      return;
    }
    woken = false;
    drainAll(true)
      .catch((thrown: unknown) => {
        logger.warn({ err: toError(thrown), code: 'inbox_drain_failed' }, 'notifications could not be turned into jobs yet: trying again');
      })
      .finally(() => {
        if (woken && started) setImmediate(runDrainer);
      });
  };
  function wakeDrainer(): void {
    if (started) setImmediate(runDrainer);
  }

  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ entries, resolve, reject });
        startWriting();
      });
    },

    async drain() {
      await writing;
      let total = 0;
      // One drain may be under way already (it may have started before the last rows were stored).
      while (draining) total += await draining;
      return total + (await drainAll(false));
    },

    start() {
      if (started) return;
      started = true;
      timer = setInterval(runDrainer, pollMs);
      timer.unref();
      runDrainer();
    },

    async stop() {
      started = false;
      if (timer) clearInterval(timer);
      timer = undefined;
      await writing;
      await draining?.catch(() => 0);
    },
  };
}
