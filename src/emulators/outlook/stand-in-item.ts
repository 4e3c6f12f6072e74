/**
 * Office.context.mailbox.item of the stand-in: an appointment in compose mode (the organizer
 * editing it, or the organizer's delegate in their calendar), as Office.js exposes it to an add-in. The state lives in the dev host; each call
 * goes over the bridge and each answer is rebuilt here (Dates, Recurrence objects) in the add-in's
 * realm.
 */
import type { BridgeEvent, BridgeResult, EmailAddressJson, ItemField, NotificationJson, RecurrenceJson } from './devhost-bridge';
import type { HostConnection } from './host-connection';
import { answer, answerNow, argumentError, officeError, splitAsyncArgs, type AsyncCallback } from './office-async';
import { CoercionType, EventType, MailboxEnums } from './office-enums';
import { Recurrence, recurrenceToJson } from './stand-in-recurrence';

type Handler = (args: Record<string, unknown>) => void;

const ITEM_EVENTS = new Set<string>([
  EventType.AppointmentTimeChanged,
  EventType.RecurrenceChanged,
  EventType.RecipientsChanged,
  EventType.EnhancedLocationsChanged,
  EventType.AttachmentsChanged,
]);

function asDate(value: unknown): Date | undefined {
  return typeof value === 'string' ? new Date(value) : undefined;
}

function recurrenceOf(value: unknown): Recurrence | null {
  return value ? Recurrence.fromJson(value as RecurrenceJson) : null;
}

function recurrenceWire(value: unknown): RecurrenceJson | null {
  if (value === null) return null;
  const json = recurrenceToJson(value);
  if (!json) throw argumentError('recurrencePattern is not a recurrence');
  return json;
}

function dateWire(value: unknown): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw argumentError('dateTime must be a Date');
  return value.toISOString();
}

/** Builds an item event's arguments in this realm, the way Office.js shapes them. */
function itemEventArgs(eventType: string, args: Record<string, unknown>): Record<string, unknown> {
  switch (eventType) {
    case EventType.AppointmentTimeChanged:
      return { type: eventType, start: asDate(args.start), end: asDate(args.end) };
    case EventType.RecurrenceChanged:
      return { type: eventType, recurrence: recurrenceOf(args.recurrence) };
    default:
      return { type: eventType, ...args };
  }
}

export class CustomProperties {
  constructor(
    private readonly conn: HostConnection,
    private values: Record<string, unknown>,
  ) {}

  get(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.values, name) ? this.values[name] : undefined;
  }
  set(name: string, value: unknown): void {
    // Office keeps values as JSON: what cannot survive JSON does not survive a save either.
    this.values = { ...this.values, [name]: JSON.parse(JSON.stringify(value ?? null)) as unknown };
  }
  remove(name: string): void {
    const rest = { ...this.values };
    delete rest[name];
    this.values = rest;
  }
  getAll(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.values)) as Record<string, unknown>;
  }
  /** saveAsync(callback, asyncContext), the Mailbox 1.1 signature. */
  saveAsync(callback?: unknown, asyncContext?: unknown): void {
    const args = { options: { asyncContext }, callback: typeof callback === 'function' ? (callback as AsyncCallback) : undefined };
    answer(
      args,
      () => this.conn.call('customProperties.save', [this.values]),
      () => undefined,
    );
  }
}

/** One property of the item reached through item.get / item.set (subject, location, start, ...). */
function property(
  conn: HostConnection,
  field: ItemField,
  map: (v: unknown) => unknown = (v) => v,
  toWire: (v: unknown) => unknown = (v) => v,
) {
  return {
    getAsync(...rest: unknown[]) {
      answer(splitAsyncArgs(rest), () => conn.call('item.get', [field]), map);
    },
    setAsync(value: unknown, ...rest: unknown[]) {
      answer(
        splitAsyncArgs(rest),
        () => conn.call('item.set', [field, toWire(value)]),
        () => undefined,
      );
    },
  };
}

function recipients(conn: HostConnection, field: 'requiredAttendees' | 'optionalAttendees') {
  const toWire = (list: unknown): EmailAddressJson[] => {
    if (!Array.isArray(list)) throw argumentError('recipients must be an array');
    return list.map((r: unknown) => {
      if (typeof r === 'string') return { emailAddress: r, displayName: r, recipientType: 'other', appointmentResponse: 'none' };
      const o = (r ?? {}) as Partial<EmailAddressJson>;
      return {
        emailAddress: String(o.emailAddress ?? ''),
        displayName: String(o.displayName ?? o.emailAddress ?? ''),
        recipientType: o.recipientType ?? 'other',
        appointmentResponse: 'none',
      };
    });
  };
  return {
    getAsync(...rest: unknown[]) {
      answer(splitAsyncArgs(rest), () => conn.call('item.get', [field]));
    },
    setAsync(list: unknown, ...rest: unknown[]) {
      answer(
        splitAsyncArgs(rest),
        () => conn.call('item.set', [field, toWire(list)]),
        () => undefined,
      );
    },
    addAsync(list: unknown, ...rest: unknown[]) {
      const args = splitAsyncArgs(rest);
      const added = toWire(list);
      answer(
        args,
        async () => {
          const current = await conn.call('item.get', [field]);
          if (!current.ok) return current;
          return conn.call('item.set', [field, [...((current.value as EmailAddressJson[]) ?? []), ...added]]);
        },
        () => undefined,
      );
    },
  };
}

function coercionOf(options: Record<string, unknown>, fallback: string): string {
  const c = options.coercionType;
  return typeof c === 'string' ? c : fallback;
}

function checkCoercion(coercion: string): BridgeResult | undefined {
  if (coercion === CoercionType.Html || coercion === CoercionType.Text) return undefined;
  return { ok: false, error: officeError(1000, 'InvalidCoercion', 'The coercion type is not supported.') };
}

export function createStandInItem(conn: HostConnection) {
  const handlers = new Map<string, Handler[]>();
  conn.onEvent((event: BridgeEvent) => {
    if (event.type !== 'itemEvent') return;
    for (const handler of handlers.get(event.eventType) ?? []) {
      const args = itemEventArgs(event.eventType, event.args);
      setTimeout(() => handler(args), 0);
    }
  });

  const bodyWrite = (method: 'body.set' | 'body.prepend' | 'body.setSelected') =>
    function (data: unknown, ...rest: unknown[]) {
      if (typeof data !== 'string') throw argumentError('data must be a string');
      const args = splitAsyncArgs(rest);
      const coercion = coercionOf(args.options, CoercionType.Text);
      const bad = checkCoercion(coercion);
      if (bad) return answerNow(args, bad);
      answer(
        args,
        () => conn.call(method, [data, coercion]),
        () => undefined,
      );
    };

  return {
    itemType: MailboxEnums.ItemType.Appointment,
    itemClass: 'IPM.Appointment',
    subject: property(conn, 'subject'),
    location: property(conn, 'location'),
    start: property(conn, 'start', asDate, dateWire),
    end: property(conn, 'end', asDate, dateWire),
    isAllDayEvent: property(conn, 'isAllDayEvent'),
    recurrence: property(conn, 'recurrence', recurrenceOf, recurrenceWire),
    seriesId: null as string | null,
    organizer: { getAsync: property(conn, 'organizer').getAsync },
    requiredAttendees: recipients(conn, 'requiredAttendees'),
    optionalAttendees: recipients(conn, 'optionalAttendees'),
    enhancedLocation: {
      getAsync(...rest: unknown[]) {
        answer(splitAsyncArgs(rest), () => conn.call('item.get', ['enhancedLocation']));
      },
      addAsync(ids: unknown, ...rest: unknown[]) {
        if (!Array.isArray(ids)) throw argumentError('locationIdentifiers must be an array');
        answer(
          splitAsyncArgs(rest),
          () => conn.call('item.set', ['enhancedLocation', { add: ids }]),
          () => undefined,
        );
      },
      removeAsync(ids: unknown, ...rest: unknown[]) {
        if (!Array.isArray(ids)) throw argumentError('locationIdentifiers must be an array');
        answer(
          splitAsyncArgs(rest),
          () => conn.call('item.set', ['enhancedLocation', { remove: ids }]),
          () => undefined,
        );
      },
    },
    body: {
      getAsync(coercionType: unknown, ...rest: unknown[]) {
        const args = splitAsyncArgs(rest);
        const coercion = typeof coercionType === 'string' ? coercionType : '';
        const bad = checkCoercion(coercion);
        if (bad) return answerNow(args, bad);
        answer(args, () => conn.call('body.get', [coercion]));
      },
      getTypeAsync(...rest: unknown[]) {
        answer(splitAsyncArgs(rest), () => conn.call('body.getType', []));
      },
      setAsync: bodyWrite('body.set'),
      prependAsync: bodyWrite('body.prepend'),
      setSelectedDataAsync: bodyWrite('body.setSelected'),
    },
    notificationMessages: {
      addAsync(key: unknown, details: unknown, ...rest: unknown[]) {
        answer(
          splitAsyncArgs(rest),
          () => conn.call('notifications.add', [String(key), details]),
          () => undefined,
        );
      },
      replaceAsync(key: unknown, details: unknown, ...rest: unknown[]) {
        answer(
          splitAsyncArgs(rest),
          () => conn.call('notifications.replace', [String(key), details]),
          () => undefined,
        );
      },
      removeAsync(key: unknown, ...rest: unknown[]) {
        answer(
          splitAsyncArgs(rest),
          () => conn.call('notifications.remove', [String(key)]),
          () => undefined,
        );
      },
      getAllAsync(...rest: unknown[]) {
        answer(
          splitAsyncArgs(rest),
          () => conn.call('notifications.getAll', []),
          (v) => (v as NotificationJson[]).map((n) => ({ ...n })),
        );
      },
    },
    loadCustomPropertiesAsync(callback: unknown, userContext?: unknown) {
      if (typeof callback !== 'function') throw argumentError('callback must be a function');
      answer(
        { options: { asyncContext: userContext }, callback: callback as AsyncCallback },
        () => conn.call('customProperties.load', []),
        (v) => new CustomProperties(conn, (v ?? {}) as Record<string, unknown>),
      );
    },
    saveAsync(...rest: unknown[]) {
      answer(splitAsyncArgs(rest), () => conn.call('item.save', []));
    },
    getItemIdAsync(...rest: unknown[]) {
      answer(splitAsyncArgs(rest), () => conn.call('item.getId', []));
    },
    /** Mailbox 1.8: the owner, the delegate's permissions and where the owner's mailbox is, in a shared calendar. */
    getSharedPropertiesAsync(...rest: unknown[]) {
      answer(
        splitAsyncArgs(rest),
        () => conn.call('item.getSharedProperties', []),
        (v) => ({ ...(v as Record<string, unknown>) }),
      );
    },
    close() {
      void conn.call('item.close', []);
    },
    addHandlerAsync(eventType: unknown, handler: unknown, ...rest: unknown[]) {
      const args = splitAsyncArgs(rest);
      if (typeof eventType !== 'string' || !ITEM_EVENTS.has(eventType) || typeof handler !== 'function') {
        return answerNow(args, {
          ok: false,
          error: officeError(5004, 'InvalidEventType', 'The event type is not supported on this item.'),
        });
      }
      handlers.set(eventType, [...(handlers.get(eventType) ?? []), handler as Handler]);
      answerNow(args, { ok: true });
    },
    removeHandlerAsync(eventType: unknown, ...rest: unknown[]) {
      const args = splitAsyncArgs(typeof rest[0] === 'function' && rest.length > 1 ? rest.slice(1) : rest);
      if (typeof eventType === 'string') handlers.delete(eventType);
      answerNow(args, { ok: true });
    },
  };
}
