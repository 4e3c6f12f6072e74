/**
 * The calendars of every mailbox, in memory, and the feed of changes to them. The feed is what
 * change notifications will be built on (subscriptions come with the sync work): every create,
 * update and delete is announced once, after it is stored, with the new changeKey.
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

export type EventChangeListener = (change: EventChange) => void;

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
  private readonly changeKeyPrefix = randomBytes(16);
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

  /** Every event of every mailbox. */
  all(): StoredEvent[] {
    return [...this.mailboxes.values()].flatMap((c) => [...c.values()]).map((e) => structuredClone(e));
  }

  /** Replaces the writable fields; returns undefined when the event does not exist. */
  update(mailboxId: string, key: string, fields: EventFields): StoredEvent | undefined {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const current = calendar?.get(key);
    if (!calendar || !current) return undefined;
    const at = this.now();
    const type: EventType =
      current.type === 'singleInstance' || current.type === 'seriesMaster' ? (fields.recurrence ? 'seriesMaster' : 'singleInstance') : current.type;
    const updated: StoredEvent = { ...current, ...structuredClone(fields), type, lastModifiedAt: at, changeKey: this.nextChangeKey() };
    calendar.set(key, updated);
    this.emit('updated', updated, at);
    return structuredClone(updated);
  }

  /** Deletes an event, and the instances of a series with their master. */
  delete(mailboxId: string, key: string): boolean {
    const calendar = this.mailboxes.get(mailboxId.toLowerCase());
    const current = calendar?.get(key);
    if (!calendar || !current) return false;
    const at = this.now();
    for (const instance of [...calendar.values()].filter((e) => e.seriesMasterKey === key)) {
      calendar.delete(instance.key);
      this.emit('deleted', instance, at);
    }
    calendar.delete(key);
    this.emit('deleted', current, at);
    return true;
  }

  /** Forgets everything, silently (a reset of the emulator, not a change in any mailbox). */
  clear(): void {
    this.mailboxes.clear();
  }

  private calendar(mailboxId: string): Map<string, StoredEvent> {
    let c = this.mailboxes.get(mailboxId);
    if (!c) {
      c = new Map();
      this.mailboxes.set(mailboxId, c);
    }
    return c;
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
