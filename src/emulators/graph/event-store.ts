/**
 * The calendars of every mailbox, in memory, and the feed of changes to them. The feed is what
 * change notifications are built on (change-notifier.ts): every create, update and delete is
 * announced once, after it is stored, with the new changeKey.
 *
 * Series follow Exchange, where exceptions live inside their master: changing, adding or removing
 * an exception (or cancelling an occurrence) also changes the master, which is announced as an
 * update of the master. Moving a series or changing its pattern drops its exceptions and
 * cancellations, as Outlook does.
 */
import { randomBytes } from 'node:crypto';
import type { EventFields, EventType, StoredEvent } from './event-model';

export type EventChangeType = 'created' | 'updated' | 'deleted';

export interface EventChange {
  changeType: EventChangeType;
  mailboxId: string;
  tenantId: string;
  eventKey: string;
  /** The changeKey after the change; for a deletion, the last one the event had. */
  changeKey: string;
  eventType: EventType;
  seriesMasterKey: string | null;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Whether an update moves a series: its first start, its length or its pattern. */
function seriesMoved(current: StoredEvent, next: EventFields): boolean {
  return (
    current.start.instant !== next.start.instant ||
    current.end.instant !== next.end.instant ||
    current.isAllDay !== next.isAllDay ||
    JSON.stringify(current.recurrence) !== JSON.stringify(next.recurrence)
  );
}

export type EventChangeListener = (change: EventChange) => void;

/** The calendars and the change-key sequence, for the emulator's state file (graph-snapshot.ts). */
export interface EventStoreData {
  events: StoredEvent[];
  /** Base64 of the change keys' fixed prefix. */
  changeKeyPrefix: string;
  changeCounter: number;
}

export interface EventOwner {
  mailboxId: string;
  tenantId: string;
}

export interface NewEventSystemFields {
  type?: EventType;
  seriesMasterKey?: string | null;
  originalStart?: number | null;
  iCalUId?: string;
}

const ICAL_PREFIX = '040000008200E00074C5B7101A82E008';

/** Exchange's iCalUId shape: the Outlook GOID prefix, zero dates, a length and a random id. */
function newICalUId(): string {
  return `${ICAL_PREFIX}${'0'.repeat(8)}${'0'.repeat(32)}10000000${randomBytes(16).toString('hex').toUpperCase()}`;
}

export class EventStore {
  private readonly mailboxes = new Map<string, Map<string, StoredEvent>>();
  private readonly listeners = new Set<EventChangeListener>();
  private changeKeyPrefix = randomBytes(16);
  private changeCounter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Subscribes to changes; returns the function that unsubscribes. */
  onChange(listener: EventChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  create(owner: EventOwner, fields: EventFields, system: NewEventSystemFields = {}): StoredEvent {
    const at = this.now();
    const event: StoredEvent = {
      ...structuredClone(fields),
      key: randomBytes(16).toString('hex'),
      mailboxId: owner.mailboxId.toLowerCase(),
      tenantId: owner.tenantId.toLowerCase(),
      type: system.type ?? (fields.recurrence ? 'seriesMaster' : 'singleInstance'),
      seriesMasterKey: system.seriesMasterKey ?? null,
      originalStart: system.originalStart ?? null,
      cancelledOccurrences: [],
      createdAt: at,
      lastModifiedAt: at,
      changeKey: this.nextChangeKey(),
      iCalUId: system.iCalUId ?? newICalUId(),
    };
    this.calendar(event.mailboxId).set(event.key, event);
    this.emit('created', event, at);
    return structuredClone(event);
  }

  get(mailboxId: string, key: string): StoredEvent | undefined {
    const e = this.mailboxes.get(mailboxId.toLowerCase())?.get(key);
    return e ? structuredClone(e) : undefined;
  }

  /** Every event of a mailbox (all types), oldest first. */
  list(mailboxId: string): StoredEvent[] {
    return [...(this.mailboxes.get(mailboxId.toLowerCase())?.values() ?? [])].map((e) => structuredClone(e));
  }

  /**
   * Every event of a mailbox as stored, not copies: for observers that only read and must not cost
   * the emulator what they observe (the bench's convergence check, several times a second over
   * thousands of events, each copy with its body). Never changed through.
   */
  peek(mailboxId: string): ReadonlyArray<Readonly<StoredEvent>> {
    return [...(this.mailboxes.get(mailboxId.toLowerCase())?.values() ?? [])];
  }

  /** Every event of every mailbox. */
  all(): StoredEvent[] {
    return [...this.mailboxes.values()].flatMap((c) => [...c.values()]).map((e) => structuredClone(e));
  }

  /** The stored exceptions of a series master. */
  exceptionsOf(mailboxId: string, masterKey: string): StoredEvent[] {
    return this.list(mailboxId).filter((e) => e.type === 'exception' && e.seriesMasterKey === masterKey);
  }

  /**
   * Replaces the writable fields; returns undefined when the event does not exist. A series master
   * whose time or pattern changes loses its exceptions and cancelled occurrences.
   */
  update(mailboxId: string, key: string, fields: EventFields): StoredEvent | undefined {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const current = calendar?.get(key);
    if (!calendar || !current) return undefined;
    const at = this.now();
    const type: EventType =
      current.type === 'singleInstance' || current.type === 'seriesMaster'
        ? fields.recurrence
          ? 'seriesMaster'
          : 'singleInstance'
        : current.type;
    let cancelledOccurrences = current.cancelledOccurrences;
    if (current.type === 'seriesMaster' && seriesMoved(current, fields)) {
      this.removeExceptions(calendar, current.key, at);
      cancelledOccurrences = [];
    }
    const updated: StoredEvent = {
      ...current,
      ...structuredClone(fields),
      type,
      cancelledOccurrences: type === 'seriesMaster' ? cancelledOccurrences : [],
      lastModifiedAt: at,
      changeKey: this.nextChangeKey(),
    };
    calendar.set(key, updated);
    this.emit('updated', updated, at);
    if (updated.type === 'exception' && updated.seriesMasterKey) this.touch(calendar, updated.seriesMasterKey, at);
    return structuredClone(updated);
  }

  /** Turns an occurrence of a series into an exception with its own fields. */
  createException(mailboxId: string, masterKey: string, originalStart: number, fields: EventFields): StoredEvent | undefined {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const master = calendar?.get(masterKey);
    if (!calendar || !master || master.type !== 'seriesMaster') return undefined;
    const exception = this.create(
      { mailboxId: master.mailboxId, tenantId: master.tenantId },
      { ...fields, recurrence: null },
      { type: 'exception', seriesMasterKey: masterKey, originalStart, iCalUId: master.iCalUId },
    );
    this.touch(calendar, masterKey, this.now());
    return exception;
  }

  /** Deletes one occurrence of a series (and the exception that replaced it, if any). */
  cancelOccurrence(mailboxId: string, masterKey: string, originalStart: number): boolean {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const master = calendar?.get(masterKey);
    if (!calendar || !master || master.type !== 'seriesMaster') return false;
    const at = this.now();
    const exception = [...calendar.values()].find(
      (e) => e.type === 'exception' && e.seriesMasterKey === masterKey && e.originalStart === originalStart,
    );
    if (exception) {
      calendar.delete(exception.key);
      this.emit('deleted', exception, at);
    }
    if (!master.cancelledOccurrences.includes(originalStart)) {
      calendar.set(masterKey, { ...master, cancelledOccurrences: [...master.cancelledOccurrences, originalStart].sort((a, b) => a - b) });
    }
    this.touch(calendar, masterKey, at);
    return true;
  }

  /**
   * Deletes an event; a series master takes its exceptions with it, and deleting an exception
   * cancels its occurrence. The whole change is stored before it is announced.
   */
  delete(mailboxId: string, key: string): boolean {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const current = calendar?.get(key);
    if (!calendar || !current) return false;
    if (
      current.type === 'exception' &&
      current.seriesMasterKey &&
      current.originalStart !== null &&
      calendar.has(current.seriesMasterKey)
    ) {
      return this.cancelOccurrence(mailboxId, current.seriesMasterKey, current.originalStart);
    }
    const at = this.now();
    const instances = [...calendar.values()].filter((e) => e.seriesMasterKey === key);
    for (const instance of instances) calendar.delete(instance.key);
    calendar.delete(key);
    for (const instance of instances) this.emit('deleted', instance, at);
    this.emit('deleted', current, at);
    return true;
  }

  /** Forgets everything, silently (a reset of the emulator, not a change in any mailbox). */
  clear(): void {
    this.mailboxes.clear();
  }

  exportData(): EventStoreData {
    return { events: this.all(), changeKeyPrefix: this.changeKeyPrefix.toString('base64'), changeCounter: this.changeCounter };
  }

  /** Replaces every calendar with saved ones, silently (a restart, not a change in any mailbox). */
  importData(data: EventStoreData): void {
    this.clear();
    for (const e of data.events) this.calendar(e.mailboxId).set(e.key, structuredClone(e));
    this.changeKeyPrefix = Buffer.from(data.changeKeyPrefix, 'base64');
    this.changeCounter = data.changeCounter;
  }

  private calendar(mailboxId: string): Map<string, StoredEvent> {
    let c = this.mailboxes.get(mailboxId);
    if (!c) {
      c = new Map();
      this.mailboxes.set(mailboxId, c);
    }
    return c;
  }

  private removeExceptions(calendar: Map<string, StoredEvent>, masterKey: string, at: number): void {
    const exceptions = [...calendar.values()].filter((e) => e.type === 'exception' && e.seriesMasterKey === masterKey);
    for (const e of exceptions) calendar.delete(e.key);
    for (const e of exceptions) this.emit('deleted', e, at);
  }

  /** A change inside a series is a change of its master. */
  private touch(calendar: Map<string, StoredEvent>, masterKey: string, at: number): void {
    const master = calendar.get(masterKey);
    if (!master) return;
    const touched: StoredEvent = { ...master, lastModifiedAt: at, changeKey: this.nextChangeKey() };
    calendar.set(masterKey, touched);
    this.emit('updated', touched, at);
  }

  /** Exchange change keys are 22 bytes of base64; ours end with a counter so every change differs. */
  private nextChangeKey(): string {
    this.changeCounter += 1;
    const counter = Buffer.alloc(6);
    counter.writeUIntBE(this.changeCounter, 0, 6);
    return Buffer.concat([this.changeKeyPrefix, counter]).toString('base64');
  }

  private emit(changeType: EventChangeType, e: StoredEvent, at: number): void {
    const change: EventChange = {
      changeType,
      mailboxId: e.mailboxId,
      tenantId: e.tenantId,
      eventKey: e.key,
      changeKey: e.changeKey,
      eventType: e.type,
      seriesMasterKey: e.seriesMasterKey,
      at,
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (caught) {
        // A listener's failure is its own; the change is stored either way.
        const err = caught instanceof Error ? caught : new Error(String(caught));
        process.emitWarning(err);
      }
    }
  }
}
