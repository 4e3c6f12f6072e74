/// <reference types="office-js" />
/**
 * Office dialogs (Dialog API 1.1): a page opened in its own window by the pane or a command, which
 * reports back with Office.context.ui.messageParent. Used to sign in where nested app
 * authentication is unavailable, and to link the user's Webex account.
 */
import { isSetSupported, officeGlobal } from './office-context';
import { OfficeError } from './office-error';

export interface DialogSize {
  /** Percent of the screen. */
  height: number;
  width: number;
}

export interface DialogOptions extends DialogSize {
  /**
   * The origins whose messages this dialog's flow accepts (the page it ends on: the add-in's own,
   * or the backend's). A message from any other origin — a page the dialog was led to, another
   * site the user navigated to — is ignored, and the dialog keeps waiting for its own page.
   */
  expectedOrigins: readonly string[];
}

/**
 * Whether a dialog message comes from one of `expected`. Clients with DialogOrigin 1.1 say where
 * every message comes from, so a message without an origin there is refused too; older clients
 * say nothing, and deliver only the messages of the dialog this add-in opened.
 */
export function messageFromExpectedOrigin(origin: unknown, expected: readonly string[]): boolean {
  if (typeof origin === 'string') return expected.includes(origin.replace(/\/+$/, ''));
  return origin === undefined && !isSetSupported('DialogOrigin', '1.1');
}

/** Dialog messages arrive as DialogMessageReceived, errors and closing as DialogEventReceived. */
const MESSAGE_RECEIVED = 'dialogMessageReceived' as unknown as Office.EventType;
const EVENT_RECEIVED = 'dialogEventReceived' as unknown as Office.EventType;

/**
 * Opens `url` in a dialog and resolves with the first message a page of an expected origin sends,
 * closing the dialog. Rejects with OfficeError: "DialogClosed" when the user closes it,
 * "DialogAlreadyOpen", "DialogBlocked", and so on.
 */
export function openDialogForMessage(url: string, options: DialogOptions): Promise<string> {
  const size: DialogSize = { height: options.height, width: options.width };
  const ui = officeGlobal()?.context?.ui;
  if (!ui || typeof ui.displayDialogAsync !== 'function') {
    return Promise.reject(new OfficeError('office_unavailable', 'Office dialogs are not available.'));
  }
  return new Promise<string>((resolve, reject) => {
    try {
      ui.displayDialogAsync(url, { height: size.height, width: size.width, promptBeforeOpen: false }, (result) => {
        if (String(result.status) === 'failed') {
          const code = result.error?.code;
          reject(typeof code === 'number' ? OfficeError.fromDialogCode(code) : OfficeError.fromAsyncError(result.error));
          return;
        }
        const dialog = result.value;
        let settled = false;
        const settle = (action: () => void) => {
          if (settled) return;
          settled = true;
          try {
            dialog.close();
          } catch {
            // Already closed by the user: nothing to close.
          }
          action();
        };
        dialog.addEventHandler(MESSAGE_RECEIVED, (arg) => {
          const { message, origin } = arg as { message?: unknown; origin?: unknown };
          if (!messageFromExpectedOrigin(origin, options.expectedOrigins)) return;
          settle(() => resolve(typeof message === 'string' ? message : JSON.stringify(message ?? null)));
        });
        dialog.addEventHandler(EVENT_RECEIVED, (arg) => {
          const code = (arg as { error?: unknown }).error;
          settle(() =>
            reject(typeof code === 'number' ? OfficeError.fromDialogCode(code) : new OfficeError('DialogClosed', 'The dialog was closed.')),
          );
        });
      });
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      reject(new OfficeError('office_call_failed', err.message));
    }
  });
}

/**
 * From inside a dialog page: sends `message` to the page that opened it, addressed to
 * `targetOrigin` (the add-in's) where the client supports DialogOrigin 1.1.
 */
export function messageParent(message: string, targetOrigin: string): void {
  const ui = officeGlobal()?.context?.ui;
  if (!ui || typeof ui.messageParent !== 'function')
    throw new OfficeError('office_unavailable', 'This page was not opened as an Office dialog.');
  if (isSetSupported('DialogOrigin', '1.1')) ui.messageParent(message, { targetOrigin });
  else ui.messageParent(message);
}
