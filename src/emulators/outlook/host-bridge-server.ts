/**
 * The dev host's end of the bridge (see devhost-bridge.ts): it knows which windows it opened and
 * as what runtime, gives each a session when its office-loader connects, dispatches the stand-in's
 * calls to the host's services and pushes events back. A window the host did not open gets no
 * session, so a stray page cannot drive the appointment.
 */
import {
  bridgeFailure,
  bridgeOk,
  DEVHOST_BRIDGE_VERSION,
  DEVHOST_GLOBAL,
  type BridgeError,
  type BridgeEvent,
  type BridgeMethod,
  type DevHostBridge,
  type HostContext,
  type RuntimeKind,
} from './devhost-bridge';

export interface HostSession {
  id: string;
  kind: RuntimeKind;
  window: Window;
  /** For dialogs: the dialog's id in its opener's session. */
  dialogId?: string;
  send(event: BridgeEvent): void;
}

/** Thrown by a handler to answer with an Office error. */
export class OfficeCallError extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message);
    this.name = 'OfficeCallError';
  }
}

export type BridgeHandler = (session: HostSession, args: unknown[]) => unknown;

interface Expected {
  kind: RuntimeKind;
  dialogId?: string;
}

let nextSession = 1;

export class HostBridgeServer {
  private readonly expected = new Map<Window, Expected>();
  private readonly sessions = new Map<string, HostSession>();
  private readonly handlers = new Map<BridgeMethod, BridgeHandler>();
  private readonly connectListeners: Array<(session: HostSession) => void> = [];

  constructor(private readonly contextFor: (session: HostSession) => Omit<HostContext, 'sessionId' | 'kind'>) {}

  /** Marks a window the host opened; its office-loader will get a session of this kind. */
  expect(win: Window, kind: RuntimeKind, dialogId?: string): void {
    this.expected.set(win, { kind, dialogId });
  }

  forget(win: Window): void {
    this.expected.delete(win);
    for (const [id, s] of this.sessions) if (s.window === win) this.sessions.delete(id);
  }

  handle(method: BridgeMethod, handler: BridgeHandler): void {
    this.handlers.set(method, handler);
  }

  onConnect(listener: (session: HostSession) => void): void {
    this.connectListeners.push(listener);
  }

  /** Sessions alive now, optionally of one kind. */
  live(kind?: RuntimeKind): HostSession[] {
    return [...this.sessions.values()].filter((s) => !kind || s.kind === kind);
  }

  broadcast(event: BridgeEvent, kinds?: RuntimeKind[]): void {
    for (const s of this.sessions.values()) if (!kinds || kinds.includes(s.kind)) s.send(event);
  }

  private connect(win: Window, onEvent: (json: string) => void): string | undefined {
    const expected = this.expected.get(win);
    if (!expected) return undefined;
    // A reload of the same window (the pane navigating, a dialog's redirect chain) replaces its session.
    for (const [id, s] of this.sessions) if (s.window === win) this.sessions.delete(id);
    const session: HostSession = {
      id: `s${nextSession++}`,
      kind: expected.kind,
      window: win,
      dialogId: expected.dialogId,
      send: (event) => {
        try {
          onEvent(JSON.stringify(event));
        } catch {
          // The window navigated away or closed: its document no longer listens.
          this.sessions.delete(session.id);
        }
      },
    };
    this.sessions.set(session.id, session);
    for (const listener of this.connectListeners) setTimeout(() => listener(session), 0);
    return JSON.stringify({ ...this.contextFor(session), sessionId: session.id, kind: session.kind } satisfies HostContext);
  }

  private async call(sessionId: string, method: string, argsJson: string): Promise<string> {
    const session = this.sessions.get(sessionId);
    if (!session) return bridgeFailure({ code: 5001, name: 'InternalError', message: 'The add-in window is no longer connected.' });
    const handler = this.handlers.get(method as BridgeMethod);
    if (!handler) return bridgeFailure({ code: 5001, name: 'NotSupported', message: `${method} is not supported by the dev host.` });
    try {
      const args = JSON.parse(argsJson) as unknown[];
      return bridgeOk(await handler(session, Array.isArray(args) ? args : []));
    } catch (thrown) {
      if (thrown instanceof OfficeCallError) return bridgeFailure(thrown.error);
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      console.error(`[devhost] ${method} failed`, err);
      return bridgeFailure({ code: 5001, name: 'InternalError', message: err.message });
    }
  }

  /** Publishes the bridge on the host's window, where office-loader looks for it. */
  publish(host: Window): void {
    const bridge: DevHostBridge = {
      version: DEVHOST_BRIDGE_VERSION,
      connect: (win, onEvent) => this.connect(win, onEvent),
      call: (sessionId, method, argsJson) => this.call(sessionId, method, argsJson),
    };
    Object.defineProperty(host, DEVHOST_GLOBAL, { value: Object.freeze(bridge), configurable: false, enumerable: false, writable: false });
  }
}
