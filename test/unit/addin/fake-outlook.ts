/**
 * An Outlook appointment in compose mode, as office-addin-mock objects: what the add-in's Office
 * wrappers read and write, with the state kept in plain fields for assertions. Calls answer
 * asynchronously with an AsyncResult, as Office.js does; `failures` makes a named call fail with an
 * Office error.
 */
import { OfficeMockObject } from 'office-addin-mock';

// office-addin-mock needs only the OfficeApp names from office-addin-manifest, whose own
// dependencies are ES modules that Jest's CommonJS runtime cannot load.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));

export interface OfficeFailure {
  code: number;
  name: string;
  message?: string;
}

export interface FakeRecurrence {
  recurrenceType: string;
  recurrenceProperties?: Record<string, unknown> | null;
  seriesTime: { startDate: string; endDate?: string | null; startTime: string; duration: number };
  recurrenceTimeZone?: { name: string; offset?: number } | null;
}

export interface NotificationRecord {
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}

export interface FakeOutlookState {
  subject: string;
  start: Date;
  end: Date;
  isAllDay: boolean | undefined;
  location: string;
  customLocations: string[];
  bodyType: 'html' | 'text';
  body: string;
  customProperties: Record<string, unknown>;
  recurrence: FakeRecurrence | null;
  /** Office's EmailAddressDetails of the required and optional attendees. */
  requiredAttendees: { emailAddress: string; displayName: string; recipientType?: string }[];
  optionalAttendees: { emailAddress: string; displayName: string; recipientType?: string }[];
  itemId: string | undefined;
  displayLanguage: string;
  timeZone: string;
  /** Requirement sets and the highest version supported. */
  sets: Record<string, string>;
  roaming: Record<string, unknown>;
  notifications: Record<string, NotificationRecord>;
  /** Handlers registered with item.addHandlerAsync, by event type. */
  itemHandlers: Record<string, (args: unknown) => void>;
  mailboxHandlers: Record<string, (args: unknown) => void>;
  /** Calls that fail, by name ("body.setAsync", "loadCustomPropertiesAsync", "customProperties.saveAsync", ...). */
  failures: Record<string, OfficeFailure>;
  /** How often each write was made. */
  writes: { body: number; location: number; customLocations: number; customProperties: number; roaming: number; item: number };
  /** Dialogs opened: the URL and how the test answers; messageParent calls as url 'messageParent' with their target origin. */
  dialogs: { url: string; options: unknown; targetOrigin?: string }[];
  /**
   * What the next dialog does: send a message (from `origin`, when the client says where messages
   * come from), after the messages of `before`; close; or fail to open with a code.
   */
  dialogScript: {
    message?: string;
    origin?: string;
    before?: Array<{ message: string; origin?: string }>;
    closeWith?: number;
    failWith?: number;
  };
  theme:
    | { bodyBackgroundColor: string; bodyForegroundColor: string; controlBackgroundColor: string; controlForegroundColor: string }
    | undefined;
  /** Handlers registered with Office.actions.associate, by name. */
  associated: Record<string, unknown>;
}

type Callback = (result: unknown) => void;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function defaultState(): FakeOutlookState {
  return {
    subject: 'Quarterly planning',
    requiredAttendees: [],
    optionalAttendees: [],
    start: new Date('2030-03-04T09:00:00Z'),
    end: new Date('2030-03-04T10:00:00Z'),
    isAllDay: undefined,
    location: '',
    customLocations: [],
    bodyType: 'html',
    body: '<html><body><div>Agenda: numbers</div></body></html>',
    customProperties: {},
    recurrence: null,
    itemId: undefined,
    displayLanguage: 'en-US',
    timeZone: 'UTC',
    sets: { Mailbox: '1.13' },
    roaming: {},
    notifications: {},
    itemHandlers: {},
    mailboxHandlers: {},
    failures: {},
    writes: { body: 0, location: 0, customLocations: 0, customProperties: 0, roaming: 0, item: 0 },
    dialogs: [],
    dialogScript: {},
    theme: {
      bodyBackgroundColor: '#FFFFFF',
      bodyForegroundColor: '#000000',
      controlBackgroundColor: '#FFFFFF',
      controlForegroundColor: '#000000',
    },
    associated: {},
  };
}

export interface FakeOutlook {
  state: FakeOutlookState;
  office: OfficeMockObject;
  /** Sets globalThis.Office; returns a function that removes it. */
  install(): () => void;
  /** Fires an item event (e.g. "olkAppointmentTimeChanged"). */
  fireItemEvent(type: string): void;
}

export function fakeOutlook(overrides: Partial<FakeOutlookState> = {}): FakeOutlook {
  const state: FakeOutlookState = { ...defaultState(), ...overrides };

  const answer = (name: string, callback: Callback | undefined, value?: () => unknown): void => {
    const failure = state.failures[name];
    setTimeout(() => {
      if (failure)
        callback?.({ status: 'failed', error: { code: failure.code, name: failure.name, message: failure.message ?? failure.name } });
      else callback?.({ status: 'succeeded', value: value?.() });
    }, 0);
  };
  // Office.js accepts (options, callback) and (callback) alike.
  const cbOf = (a: unknown, b: unknown): Callback | undefined => (typeof a === 'function' ? (a as Callback) : (b as Callback | undefined));

  const recurrenceObject = () => {
    const r = state.recurrence;
    if (!r) return null;
    return {
      recurrenceType: r.recurrenceType,
      recurrenceProperties: r.recurrenceProperties ?? null,
      recurrenceTimeZone: r.recurrenceTimeZone ?? null,
      seriesTime: {
        getStartDate: () => r.seriesTime.startDate,
        getEndDate: () => r.seriesTime.endDate ?? null,
        getStartTime: () => r.seriesTime.startTime,
        getDuration: () => r.seriesTime.duration,
      },
    };
  };

  const customPropertiesObject = () => {
    const pending: Record<string, unknown> = JSON.parse(JSON.stringify(state.customProperties)) as Record<string, unknown>;
    return {
      get: (name: string) => pending[name],
      set: (name: string, value: unknown) => {
        pending[name] = value;
      },
      remove: (name: string) => {
        delete pending[name];
      },
      getAll: () => ({ ...pending }),
      saveAsync: (a?: unknown, b?: unknown) =>
        answer('customProperties.saveAsync', cbOf(a, b), () => {
          state.customProperties = JSON.parse(JSON.stringify(pending)) as Record<string, unknown>;
          state.writes.customProperties += 1;
        }),
    };
  };

  const item = {
    itemType: 'appointment',
    subject: { getAsync: (a?: unknown, b?: unknown) => answer('subject.getAsync', cbOf(a, b), () => state.subject) },
    start: { getAsync: (a?: unknown, b?: unknown) => answer('start.getAsync', cbOf(a, b), () => new Date(state.start)) },
    end: { getAsync: (a?: unknown, b?: unknown) => answer('end.getAsync', cbOf(a, b), () => new Date(state.end)) },
    requiredAttendees: {
      getAsync: (a?: unknown, b?: unknown) =>
        answer('requiredAttendees.getAsync', cbOf(a, b), () => state.requiredAttendees.map((r) => ({ ...r }))),
    },
    optionalAttendees: {
      getAsync: (a?: unknown, b?: unknown) =>
        answer('optionalAttendees.getAsync', cbOf(a, b), () => state.optionalAttendees.map((r) => ({ ...r }))),
    },
    location: {
      getAsync: (a?: unknown, b?: unknown) => answer('location.getAsync', cbOf(a, b), () => state.location),
      setAsync: (value: string, a?: unknown, b?: unknown) =>
        answer('location.setAsync', cbOf(a, b), () => {
          state.location = value;
          state.writes.location += 1;
        }),
    },
    enhancedLocation: {
      getAsync: (a?: unknown, b?: unknown) =>
        answer('enhancedLocation.getAsync', cbOf(a, b), () =>
          state.customLocations.map((id) => ({ locationIdentifier: { id, type: 'custom' }, displayName: id, emailAddress: '' })),
        ),
      addAsync: (ids: { id: string }[], a?: unknown, b?: unknown) =>
        answer('enhancedLocation.addAsync', cbOf(a, b), () => {
          state.customLocations.push(...ids.map((l) => l.id));
          state.writes.customLocations += 1;
        }),
      removeAsync: (ids: { id: string }[], a?: unknown, b?: unknown) =>
        answer('enhancedLocation.removeAsync', cbOf(a, b), () => {
          state.customLocations = state.customLocations.filter((l) => !ids.some((r) => r.id === l));
          state.writes.customLocations += 1;
        }),
    },
    body: {
      getTypeAsync: (a?: unknown, b?: unknown) => answer('body.getTypeAsync', cbOf(a, b), () => state.bodyType),
      getAsync: (type: string, a?: unknown, b?: unknown) =>
        answer('body.getAsync', cbOf(a, b), () => (type === state.bodyType ? state.body : state.body.replace(/<[^>]+>/g, ''))),
      setAsync: (content: string, a?: unknown, b?: unknown) =>
        answer('body.setAsync', cbOf(a, b), () => {
          state.body = content;
          state.writes.body += 1;
        }),
    },
    recurrence: { getAsync: (a?: unknown, b?: unknown) => answer('recurrence.getAsync', cbOf(a, b), recurrenceObject) },
    isAllDayEvent: { getAsync: (a?: unknown, b?: unknown) => answer('isAllDayEvent.getAsync', cbOf(a, b), () => state.isAllDay) },
    notificationMessages: {
      replaceAsync: (key: string, details: NotificationRecord, a?: unknown, b?: unknown) =>
        answer('notificationMessages.replaceAsync', cbOf(a, b), () => {
          state.notifications[key] = details;
        }),
      removeAsync: (key: string, a?: unknown, b?: unknown) =>
        answer('notificationMessages.removeAsync', cbOf(a, b), () => {
          delete state.notifications[key];
        }),
    },
    loadCustomPropertiesAsync: (callback: Callback) => answer('loadCustomPropertiesAsync', callback, customPropertiesObject),
    saveAsync: (a?: unknown, b?: unknown) =>
      answer('saveAsync', cbOf(a, b), () => {
        state.itemId = state.itemId ?? 'AAMkAGI2THVSAAA=';
        state.writes.item += 1;
        return state.itemId;
      }),
    getItemIdAsync: (a?: unknown, b?: unknown) => {
      const callback = cbOf(a, b);
      if (state.itemId === undefined && !state.failures.getItemIdAsync) {
        setTimeout(
          () => callback?.({ status: 'failed', error: { code: 9016, name: 'ItemNotSaved', message: 'The item is not saved.' } }),
          0,
        );
        return;
      }
      answer('getItemIdAsync', callback, () => state.itemId);
    },
    addHandlerAsync: (type: string, handler: (args: unknown) => void, a?: unknown, b?: unknown) =>
      answer('item.addHandlerAsync', cbOf(a, b), () => {
        state.itemHandlers[type] = handler;
      }),
    removeHandlerAsync: (type: string, a?: unknown, b?: unknown) =>
      answer('item.removeHandlerAsync', cbOf(a, b), () => {
        delete state.itemHandlers[type];
      }),
  };

  const data = {
    context: {
      displayLanguage: state.displayLanguage,
      requirements: {
        isSetSupported: (name: string, version?: string) => {
          const max = state.sets[name];
          return max !== undefined && (version === undefined || compareVersions(max, version) >= 0);
        },
      },
      roamingSettings: {
        get: (name: string) => state.roaming[name],
        set: (name: string, value: unknown) => {
          state.roaming[name] = value;
        },
        remove: (name: string) => {
          delete state.roaming[name];
        },
        saveAsync: (callback?: Callback) =>
          answer('roamingSettings.saveAsync', callback, () => {
            state.writes.roaming += 1;
          }),
      },
      ui: {
        displayDialogAsync: (url: string, options: unknown, callback: Callback) => {
          state.dialogs.push({ url, options });
          const script = state.dialogScript;
          setTimeout(() => {
            if (script.failWith !== undefined) {
              callback({ status: 'failed', error: { code: script.failWith, name: '', message: 'dialog failed' } });
              return;
            }
            const handlers: Record<string, (arg: unknown) => void> = {};
            const dialog = {
              close: () => undefined,
              addEventHandler: (type: string, handler: (arg: unknown) => void) => (handlers[type] = handler),
            };
            callback({ status: 'succeeded', value: dialog });
            setTimeout(() => {
              for (const early of script.before ?? [])
                handlers.dialogMessageReceived?.(early.origin === undefined ? { message: early.message } : early);
              if (script.closeWith !== undefined) handlers.dialogEventReceived?.({ error: script.closeWith });
              else
                handlers.dialogMessageReceived?.({
                  message: script.message ?? '',
                  ...(script.origin === undefined ? {} : { origin: script.origin }),
                });
            }, 0);
          }, 0);
        },
        messageParent: (message: string, options?: { targetOrigin?: string }) => {
          state.dialogs.push({
            url: 'messageParent',
            options: message,
            ...(options?.targetOrigin ? { targetOrigin: options.targetOrigin } : {}),
          });
        },
      },
      mailbox: {
        userProfile: { timeZone: state.timeZone, displayName: 'Alex Wilber', emailAddress: 'alex.wilber@contoso.example' },
        item,
        addHandlerAsync: (type: string, handler: (args: unknown) => void, a?: unknown, b?: unknown) =>
          answer('mailbox.addHandlerAsync', cbOf(a, b), () => {
            state.mailboxHandlers[type] = handler;
          }),
        removeHandlerAsync: (type: string, a?: unknown, b?: unknown) =>
          answer('mailbox.removeHandlerAsync', cbOf(a, b), () => {
            delete state.mailboxHandlers[type];
          }),
      },
      officeTheme: state.theme,
    },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    actions: {
      associate: (name: string, handler: unknown) => {
        state.associated[name] = handler;
      },
    },
  };

  const office = new OfficeMockObject(data, 'outlook' as never);
  return {
    state,
    office,
    install() {
      const g = globalThis as { Office?: unknown };
      const previous = g.Office;
      g.Office = office;
      return () => {
        g.Office = previous;
      };
    },
    fireItemEvent(type: string) {
      state.itemHandlers[type]?.({ type });
    },
  };
}
