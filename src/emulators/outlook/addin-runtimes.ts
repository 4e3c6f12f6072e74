/**
 * The add-in's runtimes as Outlook on the web runs them: the task pane in a frame beside the
 * form, and the function file and the launch-event page in hidden frames, loaded when first
 * needed. A command or launch event calls the function the page registered with
 * Office.actions.associate under the manifest's name and waits for its event.completed().
 */
import type { RuntimeKind } from './devhost-bridge';
import type { HostBridgeServer, HostSession } from './host-bridge-server';

export interface AddinRuntimesOptions {
  host: Window;
  server: HostBridgeServer;
  taskpaneUrl: string;
  functionFileUrl: string;
  launchEventUrl?: string;
  paneContainer: HTMLElement;
  hiddenContainer: HTMLElement;
  log(event: string, detail: Record<string, unknown>): void;
  /** How long to wait for a page to register its functions. */
  associateTimeoutMs?: number;
}

export interface Completion {
  options: unknown;
  ms: number;
}

interface Pending {
  resolve(c: Completion): void;
  startedAt: number;
}

let nextInvocation = 1;

export class AddinRuntimes {
  private paneFrame: HTMLIFrameElement | undefined;
  private readonly frames = new Map<RuntimeKind, HTMLIFrameElement>();
  private readonly associated = new Map<HostSession, Set<string>>();
  private readonly associateWaiters: Array<() => void> = [];
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly o: AddinRuntimesOptions) {
    o.server.handle('actions.associate', (session, [name]) => {
      const names = this.associated.get(session) ?? new Set<string>();
      names.add(String(name));
      this.associated.set(session, names);
      for (const wake of this.associateWaiters.splice(0)) wake();
    });
    o.server.handle('actions.completed', (_session, [invocationId, options]) => {
      const p = this.pending.get(String(invocationId));
      if (!p) return;
      this.pending.delete(String(invocationId));
      p.resolve({ options, ms: Date.now() - p.startedAt });
    });
  }

  get taskPaneOpen(): boolean {
    return this.paneFrame !== undefined;
  }

  openTaskPane(url = this.o.taskpaneUrl): void {
    if (this.paneFrame) return;
    const frame = this.o.host.document.createElement('iframe');
    frame.title = 'Add-in task pane';
    frame.dataset.testid = 'devhost-taskpane-frame';
    frame.name = 'devhost-taskpane';
    this.o.paneContainer.querySelector('.pane-body')?.append(frame);
    this.o.paneContainer.hidden = false;
    this.paneFrame = frame;
    if (frame.contentWindow) this.o.server.expect(frame.contentWindow, 'taskpane');
    frame.src = url;
    this.o.log('taskpane-opened', { url: new URL(url, this.o.host.location.href).pathname });
  }

  closeTaskPane(): void {
    if (!this.paneFrame) return;
    if (this.paneFrame.contentWindow) this.o.server.forget(this.paneFrame.contentWindow);
    this.paneFrame.remove();
    this.paneFrame = undefined;
    this.o.paneContainer.hidden = true;
    this.o.log('taskpane-closed', {});
  }

  private hiddenFrame(kind: 'function' | 'launchevent', url: string): HTMLIFrameElement {
    const existing = this.frames.get(kind);
    if (existing) return existing;
    const frame = this.o.host.document.createElement('iframe');
    frame.title = kind === 'function' ? 'Add-in function file' : 'Add-in launch-event runtime';
    frame.dataset.testid = `devhost-${kind}-frame`;
    this.o.hiddenContainer.append(frame);
    if (frame.contentWindow) this.o.server.expect(frame.contentWindow, kind);
    frame.src = url;
    this.frames.set(kind, frame);
    return frame;
  }

  private async sessionWith(kind: 'function' | 'launchevent', name: string): Promise<HostSession> {
    const deadline = Date.now() + (this.o.associateTimeoutMs ?? 60_000);
    for (;;) {
      const session = this.o.server.live(kind).find((s) => this.associated.get(s)?.has(name));
      if (session) return session;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `The ${kind === 'function' ? 'function file' : 'launch-event page'} did not register "${name}" with Office.actions.associate.`,
        );
      await new Promise<void>((resolve) => {
        const timer = this.o.host.setTimeout(resolve, Math.min(left, 1000));
        this.associateWaiters.push(() => {
          this.o.host.clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async invoke(kind: 'function' | 'launchevent', url: string, name: string, event: Record<string, unknown>): Promise<Completion> {
    this.hiddenFrame(kind, url);
    const session = await this.sessionWith(kind, name);
    const invocationId = `i${nextInvocation++}`;
    const done = new Promise<Completion>((resolve) => this.pending.set(invocationId, { resolve, startedAt: Date.now() }));
    session.send({ type: 'invokeAction', invocationId, name, event });
    return done;
  }

  /** Runs a function command (the ribbon button) and resolves when the function calls completed(). */
  runCommand(name: string): Promise<Completion> {
    return this.invoke('function', this.o.functionFileUrl, name, { source: { id: name } });
  }

  /** Fires a launch event at its handler; resolves when the handler completes. */
  fireLaunchEvent(type: string, handler: string): Promise<Completion> {
    if (!this.o.launchEventUrl) return Promise.reject(new Error('The manifest names no launch-event page.'));
    return this.invoke('launchevent', this.o.launchEventUrl, handler, { type });
  }
}
