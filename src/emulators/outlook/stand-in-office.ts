/**
 * The stand-in `Office` namespace: the subset of Office.js (Outlook, compose mode) that the add-in
 * uses, answering from the dev host over the bridge. It behaves like Office.js on the web where
 * the add-in can tell the difference: onReady waits for the DOM, callbacks run on their own task,
 * results and errors have Office's shapes, dialog and requirement-set rules are Office's.
 *
 * `Office.auth` (and `OfficeRuntime.auth`, which office-loader installs beside it) is Office's single
 * sign-on, answered by the host.
 *
 * What each runtime gets follows Outlook: the task pane, the function file and the launch-event
 * page have the mailbox and the item; a dialog has only `ui.messageParent` and its parent's messages.
 */
import type { BridgeEvent } from './devhost-bridge';
import type { HostConnection } from './host-connection';
import { answer, answerNow, argumentError, officeError, splitAsyncArgs, type AsyncCallback } from './office-async';
import { AsyncResultStatus, CoercionType, EventType, HostType, MailboxEnums, PlatformType } from './office-enums';
import { createStandInItem } from './stand-in-item';

type Handler = (args: Record<string, unknown>) => void;
type ActionHandler = (event: Record<string, unknown>) => void;

/** "1.13" ≥ "1.9": compares dotted versions numerically (Office accepts numbers like 1.1 too). */
export function versionAtLeast(have: string, want: string): boolean {
  const a = have.split('.').map(Number);
  const b = want.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function roamingSettings(conn: HostConnection, initial: Record<string, unknown>) {
  let values: Record<string, unknown> = { ...initial };
  return {
    get: (name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined),
    set: (name: string, value: unknown) => {
      values = { ...values, [name]: JSON.parse(JSON.stringify(value ?? null)) as unknown };
    },
    remove: (name: string) => {
      const rest = { ...values };
      delete rest[name];
      values = rest;
    },
    saveAsync(callback?: unknown) {
      const args = { options: {}, callback: typeof callback === 'function' ? (callback as AsyncCallback) : undefined };
      answer(
        args,
        () => conn.call('roamingSettings.save', [values]),
        () => undefined,
      );
    },
  };
}

function dialogObject(conn: HostConnection, dialogId: string, handlers: Map<string, Map<string, Handler[]>>) {
  return {
    addEventHandler(eventType: string, handler: Handler) {
      const forDialog = handlers.get(dialogId) ?? new Map<string, Handler[]>();
      forDialog.set(eventType, [...(forDialog.get(eventType) ?? []), handler]);
      handlers.set(dialogId, forDialog);
    },
    close() {
      handlers.delete(dialogId);
      void conn.call('dialog.close', [dialogId]);
    },
    messageChild(message: string, options?: { targetOrigin?: string }) {
      void conn.call('dialog.messageChild', [dialogId, String(message), options?.targetOrigin ?? null]);
    },
    sendMessage(message: string) {
      void conn.call('dialog.messageChild', [dialogId, String(message), null]);
    },
  };
}

export interface StandInOffice {
  onReady(callback?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }>;
  initialize?: (reason: string) => void;
  [key: string]: unknown;
}

/** The `Office` object for one add-in window; `whenDomReady` resolves when the page's DOM is parsed. */
export function createStandInOffice(conn: HostConnection, whenDomReady: Promise<void>): StandInOffice {
  const ctx = conn.context;
  const info = { host: HostType.Outlook, platform: PlatformType.OfficeOnline };
  const dialogHandlers = new Map<string, Map<string, Handler[]>>();
  const parentMessageHandlers: Handler[] = [];
  const mailboxHandlers = new Map<string, Handler[]>();
  const actions = new Map<string, ActionHandler>();

  conn.onEvent((event: BridgeEvent) => {
    const later = (handler: Handler, args: Record<string, unknown>) => setTimeout(() => handler(args), 0);
    switch (event.type) {
      case 'dialogMessage':
        for (const h of dialogHandlers.get(event.dialogId)?.get(EventType.DialogMessageReceived) ?? []) {
          later(h, { type: EventType.DialogMessageReceived, message: event.message, origin: event.origin });
        }
        return;
      case 'dialogEvent':
        for (const h of dialogHandlers.get(event.dialogId)?.get(EventType.DialogEventReceived) ?? []) {
          later(h, { type: EventType.DialogEventReceived, error: event.error });
        }
        return;
      case 'parentMessage':
        for (const h of parentMessageHandlers)
          later(h, { type: EventType.DialogParentMessageReceived, message: event.message, origin: event.origin });
        return;
      case 'mailboxEvent':
        for (const h of mailboxHandlers.get(event.eventType) ?? []) later(h, { type: event.eventType, ...event.args });
        return;
      case 'invokeAction': {
        const handler = actions.get(event.name);
        const invocationId = event.invocationId;
        const completedEvent = {
          ...event.event,
          completed(options?: unknown) {
            void conn.call('actions.completed', [invocationId, options ?? null]);
          },
        };
        if (handler) setTimeout(() => handler(completedEvent), 0);
        return;
      }
      default:
        return;
    }
  });

  const ui: Record<string, unknown> = {
    displayDialogAsync(startAddress: unknown, ...rest: unknown[]) {
      if (typeof startAddress !== 'string') throw argumentError('startAddress must be a string');
      const args = splitAsyncArgs(rest);
      const { asyncContext: _ignored, ...options } = args.options;
      answer(
        args,
        () => conn.call('dialog.open', [startAddress, options]),
        (v) => dialogObject(conn, (v as { dialogId: string }).dialogId, dialogHandlers),
      );
    },
    messageParent(message: unknown, options?: { targetOrigin?: string }) {
      if (ctx.kind !== 'dialog') throw argumentError('messageParent is available in a dialog only');
      void conn.call('dialog.messageParent', [String(message), options?.targetOrigin ?? null]);
    },
    addHandlerAsync(eventType: unknown, handler: unknown, ...rest: unknown[]) {
      const args = splitAsyncArgs(rest);
      if (eventType !== EventType.DialogParentMessageReceived || typeof handler !== 'function' || ctx.kind !== 'dialog') {
        return answerNow(args, { ok: false, error: officeError(5004, 'InvalidEventType', 'The event type is not supported here.') });
      }
      parentMessageHandlers.push(handler as Handler);
      answerNow(args, { ok: true });
    },
    closeContainer() {
      void conn.call('item.close', []);
    },
  };

  const context: Record<string, unknown> = {
    host: info.host,
    platform: info.platform,
    displayLanguage: ctx.displayLanguage,
    contentLanguage: ctx.displayLanguage,
    // Outlook gives the four colors only (no isDarkTheme, no themeId, which other Office apps have).
    officeTheme: {
      bodyBackgroundColor: ctx.theme.bodyBackgroundColor,
      bodyForegroundColor: ctx.theme.bodyForegroundColor,
      controlBackgroundColor: ctx.theme.controlBackgroundColor,
      controlForegroundColor: ctx.theme.controlForegroundColor,
    },
    diagnostics: { host: info.host, platform: info.platform, version: '16.0.0.0' },
    requirements: {
      isSetSupported(name: string, minVersion?: string | number) {
        const have = ctx.requirementSets[name];
        if (have === undefined) return false;
        return minVersion === undefined || versionAtLeast(have, String(minVersion));
      },
    },
    ui,
  };

  if (ctx.mailbox) {
    const mailbox = ctx.mailbox;
    context.roamingSettings = roamingSettings(conn, mailbox.roamingSettings);
    context.mailbox = {
      userProfile: { ...mailbox.userProfile },
      diagnostics: { hostName: 'OutlookWebApp', hostVersion: mailbox.hostVersion, OWAView: 'ThreeColumnsNarrow' },
      item: createStandInItem(conn),
      // Outlook hands out EWS ids (base64) and REST ids with '/' and '+' swapped for '-' and '_'.
      convertToRestId: (id: string) => String(id).replace(/\//g, '-').replace(/\+/g, '_'),
      convertToEwsId: (id: string) => String(id).replace(/-/g, '/').replace(/_/g, '+'),
      addHandlerAsync(eventType: unknown, handler: unknown, ...rest: unknown[]) {
        const args = splitAsyncArgs(rest);
        if ((eventType !== EventType.ItemChanged && eventType !== EventType.OfficeThemeChanged) || typeof handler !== 'function') {
          return answerNow(args, { ok: false, error: officeError(5004, 'InvalidEventType', 'The event type is not supported.') });
        }
        mailboxHandlers.set(eventType, [...(mailboxHandlers.get(eventType) ?? []), handler as Handler]);
        answerNow(args, { ok: true });
      },
      removeHandlerAsync(eventType: unknown, ...rest: unknown[]) {
        if (typeof eventType === 'string') mailboxHandlers.delete(eventType);
        answerNow(splitAsyncArgs(rest), { ok: true });
      },
    };
  }

  // Office's single sign-on (the dev host's office-sso.ts): a promise, rejected with Office's { code, name, message }.
  const auth = {
    async getAccessToken(_options?: unknown): Promise<string> {
      const result = await conn.call('auth.getAccessToken', []);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { name: result.error.name, code: result.error.code });
      return String(result.value);
    },
  };

  let readyPromise: Promise<{ host: string; platform: string }> | undefined;
  const office: StandInOffice = {
    auth,
    AsyncResultStatus,
    CoercionType,
    EventType,
    HostType,
    PlatformType,
    MailboxEnums,
    context,
    actions: {
      associate(name: unknown, handler: unknown) {
        if (typeof name !== 'string' || typeof handler !== 'function') throw argumentError('associate(name, handler)');
        actions.set(name, handler as ActionHandler);
        void conn.call('actions.associate', [name]);
      },
    },
    onReady(callback) {
      readyPromise ??= whenDomReady.then(() => ({ ...info }));
      return readyPromise.then((value) => {
        callback?.(value);
        return value;
      });
    },
  };
  // Office.js calls Office.initialize (when the add-in set it) once it is ready.
  void whenDomReady.then(() => {
    if (typeof office.initialize === 'function') office.initialize('');
  });
  return office;
}
