/**
 * The Office calls on the item being composed, answered from the form's state the way Outlook
 * answers them: limits (subject and location 255 characters, body 1,000,000, custom properties
 * 2,500, five notifications of 150 characters), errors by Office's names, the body rewritten as
 * Outlook rewrites it, ids in the EWS format Office hands out.
 */
import type { AppointmentDraft, LocationDetailsJson } from './appointment-draft';
import type { EmailAddressJson, ItemField, NotificationJson, RecurrenceJson } from './devhost-bridge';
import { OfficeCallError, type HostBridgeServer } from './host-bridge-server';
import { htmlToText, rewriteFullBody, rewriteInsertedHtml, textToHtml, type BodyRewrite } from './outlook-body-rewrite';

/** Office.SharedProperties of an item in a calendar someone shared or delegated (Mailbox 1.8). */
export interface SharedPropertiesJson {
  owner: string;
  /** Office.MailboxEnums.DelegatePermissions bit flags. */
  delegatePermissions: number;
  targetMailbox: string;
  targetRestUrl: string;
}

export interface MailboxItemOptions {
  draft: AppointmentDraft;
  /** Set when the item is in another user's calendar, opened by their delegate. */
  shared?: SharedPropertiesJson;
  organizer: { emailAddress: string; displayName: string };
  bodyRewrite: BodyRewrite;
  /** Saves the item to the mailbox (Graph); resolves to its Graph id. */
  save(): Promise<string>;
  /** The body with `html` inserted at the editor's caret, or undefined when the caret is not in the body. */
  insertAtCaret(html: string): string | undefined;
  saveRoamingSettings(values: Record<string, unknown>): void;
  onClose(): void;
}

const MAX_SUBJECT = 255;
const MAX_LOCATION = 255;
const MAX_BODY = 1_000_000;
const MAX_CUSTOM_PROPERTIES = 2500;
const MAX_NOTIFICATIONS = 5;
const MAX_NOTIFICATION_TEXT = 150;

// Outlook's errors carry these names, which add-ins branch on; the numbers are the dev host's own.
const ERRORS = {
  DataExceedsMaximumSize: 9000,
  InvalidEndTime: 9010,
  DuplicateNotificationKey: 9023,
  NotificationKeyNotFound: 9024,
  NumberOfNotificationsExceeded: 9025,
  InvalidParameterValueError: 9031,
  ItemNotSaved: 9050,
  SaveError: 9021,
  InvalidSharedFolder: 9049,
} as const;

function fail(name: keyof typeof ERRORS, message: string): never {
  throw new OfficeCallError({ code: ERRORS[name], name, message });
}

/** Graph ids use '-' and '_' where EWS ids (what Office hands out) use '/' and '+'. */
export function ewsIdOf(restId: string): string {
  return restId.replace(/-/g, '/').replace(/_/g, '+');
}

function joinLocations(list: LocationDetailsJson[]): string {
  return list.map((l) => l.displayName).join('; ');
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') fail('InvalidParameterValueError', `${what} must be a string.`);
  return value;
}

export function registerMailboxItem(server: HostBridgeServer, o: MailboxItemOptions): void {
  const { draft } = o;
  const state = () => draft.state;

  const getField = (field: ItemField): unknown => {
    const s = state();
    switch (field) {
      case 'subject':
        return s.subject;
      case 'start':
        return new Date(s.start).toISOString();
      case 'end':
        return new Date(s.end).toISOString();
      case 'location':
        return s.location;
      case 'enhancedLocation':
        return s.enhancedLocations;
      case 'requiredAttendees':
        return s.requiredAttendees;
      case 'optionalAttendees':
        return s.optionalAttendees;
      case 'organizer':
        return { ...o.organizer, recipientType: 'user', appointmentResponse: 'organizer' } satisfies EmailAddressJson;
      case 'recurrence':
        return s.recurrence;
      case 'isAllDayEvent':
        return s.isAllDay;
      case 'seriesId':
        return null;
    }
  };

  const setField = (field: ItemField, value: unknown): void => {
    const s = state();
    switch (field) {
      case 'subject': {
        const subject = str(value, 'subject');
        if (subject.length > MAX_SUBJECT) fail('DataExceedsMaximumSize', 'The subject is longer than 255 characters.');
        return draft.update({ subject }, 'addin');
      }
      case 'location': {
        const location = str(value, 'location');
        if (location.length > MAX_LOCATION) fail('DataExceedsMaximumSize', 'The location is longer than 255 characters.');
        const enhancedLocations: LocationDetailsJson[] = location
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((name) => ({ locationIdentifier: { id: name, type: 'custom' }, displayName: name, locationType: 'custom' }));
        return draft.update({ location, enhancedLocations }, 'addin');
      }
      case 'start': {
        const start = Date.parse(str(value, 'start'));
        // Outlook keeps the duration when the start moves.
        return draft.update({ start, end: start + (s.end - s.start) }, 'addin');
      }
      case 'end': {
        const end = Date.parse(str(value, 'end'));
        if (end < s.start) fail('InvalidEndTime', 'The appointment end time is before its start time.');
        return draft.update({ end }, 'addin');
      }
      case 'isAllDayEvent':
        return draft.update({ isAllDay: Boolean(value) }, 'addin');
      case 'requiredAttendees':
      case 'optionalAttendees':
        return draft.update({ [field]: value as EmailAddressJson[] }, 'addin');
      case 'recurrence':
        return draft.update({ recurrence: (value as RecurrenceJson | null) ?? null }, 'addin');
      case 'enhancedLocation': {
        const change = value as { add?: Array<{ id: string; type: string }>; remove?: Array<{ id: string; type: string }> };
        let list = [...s.enhancedLocations];
        for (const id of change.add ?? []) {
          if (list.some((l) => l.locationIdentifier.id.toLowerCase() === String(id.id).toLowerCase())) continue;
          const type = id.type === 'room' ? 'room' : 'custom';
          list.push({
            locationIdentifier: { id: String(id.id), type },
            displayName: String(id.id),
            locationType: type,
            ...(type === 'room' ? { emailAddress: String(id.id) } : {}),
          });
        }
        const removed = new Set((change.remove ?? []).map((id) => String(id.id).toLowerCase()));
        list = list.filter((l) => !removed.has(l.locationIdentifier.id.toLowerCase()));
        return draft.update({ enhancedLocations: list, location: joinLocations(list) }, 'addin');
      }
      default:
        fail('InvalidParameterValueError', `${field} cannot be set.`);
    }
  };

  server.handle('item.get', (_s, [field]) => getField(field as ItemField));
  server.handle('item.set', (_s, [field, value]) => {
    setField(field as ItemField, value);
  });

  server.handle('body.getType', () => 'html');
  server.handle('body.get', (_s, [coercion]) => (coercion === 'text' ? htmlToText(state().bodyHtml) : state().bodyHtml));

  const incoming = (data: unknown, coercion: unknown): string => {
    const text = str(data, 'data');
    if (text.length > MAX_BODY) fail('DataExceedsMaximumSize', 'The data is longer than 1,000,000 characters.');
    return coercion === 'html' ? text : textToHtml(text);
  };
  server.handle('body.set', (_s, [data, coercion]) => {
    draft.update({ bodyHtml: rewriteFullBody(incoming(data, coercion), o.bodyRewrite) }, 'addin');
  });
  server.handle('body.prepend', (_s, [data, coercion]) => {
    draft.update({ bodyHtml: rewriteInsertedHtml(incoming(data, coercion), o.bodyRewrite) + state().bodyHtml }, 'addin');
  });
  server.handle('body.setSelected', (_s, [data, coercion]) => {
    const html = rewriteInsertedHtml(incoming(data, coercion), o.bodyRewrite);
    // Outlook inserts at the caret; with no caret in the body, at the start.
    draft.update({ bodyHtml: o.insertAtCaret(html) ?? html + state().bodyHtml }, 'addin');
  });

  server.handle('customProperties.load', () => state().customProperties ?? {});
  server.handle('customProperties.save', (_s, [values]) => {
    const json = JSON.stringify(values ?? {});
    if (json.length > MAX_CUSTOM_PROPERTIES) fail('DataExceedsMaximumSize', 'The custom properties exceed 2,500 characters.');
    draft.update({ customProperties: JSON.parse(json) as Record<string, unknown> }, 'addin');
  });

  server.handle('item.save', async () => {
    try {
      return ewsIdOf(await o.save());
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      return fail('SaveError', `The item could not be saved: ${err.message}`);
    }
  });
  server.handle('item.getId', () => {
    const id = state().eventId;
    if (!id) fail('ItemNotSaved', "The ID can't be retrieved until the item is saved.");
    return ewsIdOf(id);
  });
  // In the user's own calendar Office answers that the folder is not shared, as Outlook on the web does.
  server.handle('item.getSharedProperties', () => {
    if (!o.shared) fail('InvalidSharedFolder', "The current folder or mailbox isn't shared.");
    return o.shared;
  });
  server.handle('item.close', () => o.onClose());
  server.handle('roamingSettings.save', (_s, [values]) => o.saveRoamingSettings((values ?? {}) as Record<string, unknown>));

  const notification = (key: string, details: unknown): NotificationJson => {
    const d = (details ?? {}) as Partial<NotificationJson>;
    const message = str(d.message, 'message');
    if (message.length > MAX_NOTIFICATION_TEXT) fail('DataExceedsMaximumSize', 'The notification message is longer than 150 characters.');
    const type = str(d.type, 'type');
    if (!['informationalMessage', 'errorMessage', 'progressIndicator', 'insightMessage'].includes(type)) {
      fail('InvalidParameterValueError', 'The notification type is not supported.');
    }
    return { key, type, message, icon: d.icon, persistent: d.persistent };
  };
  server.handle('notifications.add', (_s, [key, details]) => {
    const list = state().notifications;
    if (list.some((n) => n.key === key)) fail('DuplicateNotificationKey', 'A notification with this key already exists.');
    if (list.length >= MAX_NOTIFICATIONS) fail('NumberOfNotificationsExceeded', 'An item can show at most five notifications.');
    draft.update({ notifications: [...list, notification(String(key), details)] }, 'addin');
  });
  server.handle('notifications.replace', (_s, [key, details]) => {
    const list = state().notifications;
    const next = notification(String(key), details);
    const at = list.findIndex((n) => n.key === key);
    if (at < 0 && list.length >= MAX_NOTIFICATIONS) fail('NumberOfNotificationsExceeded', 'An item can show at most five notifications.');
    draft.update({ notifications: at < 0 ? [...list, next] : list.map((n, i) => (i === at ? next : n)) }, 'addin');
  });
  server.handle('notifications.remove', (_s, [key]) => {
    const list = state().notifications;
    if (!list.some((n) => n.key === key)) fail('NotificationKeyNotFound', 'No notification has this key.');
    draft.update({ notifications: list.filter((n) => n.key !== key) }, 'addin');
  });
  server.handle('notifications.getAll', () => state().notifications);
}
