/**
 * Office.context.ui.displayDialogAsync in the dev host, with Outlook on the web's rules: the
 * dialog opens as a popup window (or, with displayInIframe, as a frame over the form); its first
 * URL must be HTTPS (12005) and on the host page's own origin, port included (12004); one dialog
 * per host window (12007); a blocked popup is 12009; the user closing it is DialogEventReceived
 * 12006.
 *
 * Messages from the dialog reach its opener's DialogMessageReceived handlers two ways:
 * - a page on the add-in's origin loads office-loader, whose messageParent goes over the bridge
 *   (with Office's targetOrigin check);
 * - a page on another origin (the backend's Webex-linking result page) has no way to the bridge;
 *   it posts its message to `window.opener` (or `parent` in a frame) and the host relays it with
 *   that page's origin. Only messages from the dialog's own window are relayed.
 */
import type { HostBridgeServer, HostSession } from './host-bridge-server';
import { OfficeCallError } from './host-bridge-server';

interface OpenDialog {
  id: string;
  opener: HostSession;
  window: Window;
  frame?: HTMLElement;
  timer: number;
}

const dialogError = (code: number, message: string) => new OfficeCallError({ code, name: `Error ${code}`, message });

export interface DialogWindowsOptions {
  host: Window;
  /** Where iframe dialogs are shown. */
  overlay: HTMLElement;
  log(event: string, detail: Record<string, unknown>): void;
}

let nextDialog = 1;

export function registerDialogWindows(server: HostBridgeServer, o: DialogWindowsOptions): void {
  const dialogs = new Map<string, OpenDialog>();
  const origin = o.host.location.origin;

  const dispose = (d: OpenDialog) => {
    o.host.clearInterval(d.timer);
    dialogs.delete(d.id);
    server.forget(d.window);
    if (d.frame) d.frame.remove();
    if (!d.frame && !d.window.closed) d.window.close();
    if (dialogs.size === 0) o.overlay.hidden = true;
  };

  const open = (session: HostSession, url: unknown, options: Record<string, unknown>): { dialogId: string } => {
    let target: URL;
    try {
      target = new URL(String(url));
    } catch {
      throw dialogError(12002, 'The URL is not valid.');
    }
    if (target.protocol === 'http:')
      throw dialogError(12005, 'The URL passed to displayDialogAsync uses the HTTP protocol. HTTPS is required.');
    if (target.origin !== origin) {
      throw dialogError(
        12004,
        'The domain of the URL passed to displayDialogAsync is not trusted. It must be the host page\u2019s own domain, protocol and port included.',
      );
    }
    if ([...dialogs.values()].some((d) => d.opener.window === session.window)) {
      throw dialogError(12007, 'A dialog box is already opened from this host window.');
    }
    const id = `d${nextDialog++}`;
    const width = Math.round((o.host.screen.availWidth * Math.min(100, Number(options.width) || 50)) / 100);
    const height = Math.round((o.host.screen.availHeight * Math.min(100, Number(options.height) || 60)) / 100);
    let win: Window | null;
    let frame: HTMLElement | undefined;
    if (options.displayInIframe === true) {
      const wrapper = o.host.document.createElement('div');
      wrapper.className = 'devhost-dialog';
      wrapper.dataset.testid = 'devhost-dialog';
      const iframe = o.host.document.createElement('iframe');
      iframe.title = 'Add-in dialog';
      iframe.style.width = `${width}px`;
      iframe.style.height = `${height}px`;
      wrapper.append(iframe);
      o.overlay.append(wrapper);
      o.overlay.hidden = false;
      win = iframe.contentWindow;
      frame = wrapper;
      if (win) server.expect(win, 'dialog', id);
      iframe.src = target.href;
    } else {
      // The window is known before its first page can run: open() returns before navigation starts.
      win = o.host.open(target.href, `devhost-dialog-${id}`, `popup=yes,width=${width},height=${height}`);
      if (win) server.expect(win, 'dialog', id);
    }
    if (!win) throw dialogError(12009, 'The dialog box was blocked by the browser.');
    const dialog: OpenDialog = { id, opener: session, window: win, frame, timer: 0 };
    dialog.timer = o.host.setInterval(() => {
      if (!dialog.frame && dialog.window.closed) {
        dispose(dialog);
        o.log('dialog-closed', { dialogId: id });
        session.send({ type: 'dialogEvent', dialogId: id, error: 12006 });
      }
    }, 250);
    dialogs.set(id, dialog);
    o.log('dialog-opened', { dialogId: id, url: `${target.origin}${target.pathname}` });
    return { dialogId: id };
  };

  server.handle('dialog.open', (session, [url, options]) => {
    try {
      return open(session, url, (options ?? {}) as Record<string, unknown>);
    } catch (thrown) {
      // Outlook says nothing to the user here; the host log says why, for the developer.
      if (thrown instanceof OfficeCallError) o.log('dialog-refused', { code: thrown.error.code, url: String(url).split('?')[0] ?? '' });
      throw thrown;
    }
  });
  server.handle('dialog.close', (_s, [dialogId]) => {
    const d = dialogs.get(String(dialogId));
    if (d) dispose(d);
  });
  server.handle('dialog.messageChild', (_s, [dialogId, message, targetOrigin]) => {
    const d = dialogs.get(String(dialogId));
    if (!d) return;
    const child = server.live('dialog').find((s) => s.window === d.window);
    if (child) child.send({ type: 'parentMessage', message: String(message), origin });
    else if (typeof targetOrigin === 'string') d.window.postMessage(String(message), targetOrigin);
  });
  server.handle('dialog.messageParent', (session, [message, targetOrigin]) => {
    const d = [...dialogs.values()].find((x) => x.window === session.window);
    if (!d) return;
    // Office delivers only when the target origin, if given, is the host page's.
    if (typeof targetOrigin === 'string' && targetOrigin !== '*' && targetOrigin.replace(/\/+$/, '') !== origin) return;
    o.log('dialog-message', { dialogId: d.id, origin });
    d.opener.send({ type: 'dialogMessage', dialogId: d.id, message: String(message), origin });
  });

  o.host.addEventListener('message', (event: MessageEvent) => {
    const d = [...dialogs.values()].find((x) => x.window === event.source);
    if (!d || typeof event.data !== 'string') return;
    o.log('dialog-message', { dialogId: d.id, origin: event.origin });
    d.opener.send({ type: 'dialogMessage', dialogId: d.id, message: event.data, origin: event.origin });
  });
}
