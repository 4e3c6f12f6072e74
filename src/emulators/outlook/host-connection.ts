/**
 * One add-in window's end of the dev host bridge, in the add-in's realm: calls go out as JSON and
 * answers and events come back parsed here, so every object the add-in receives is its own realm's.
 */
import type { BridgeEvent, BridgeMethod, BridgeResult, DevHostBridge, HostContext } from './devhost-bridge';

export interface HostConnection {
  context: HostContext;
  call(method: BridgeMethod, args: readonly unknown[]): Promise<BridgeResult>;
  onEvent(listener: (event: BridgeEvent) => void): void;
}

/** Connects to the host's bridge; undefined when the host does not know this window. */
export function connectToHost(bridge: DevHostBridge, self: Window): HostConnection | undefined {
  const listeners: Array<(event: BridgeEvent) => void> = [];
  const contextJson = bridge.connect(self, (eventJson) => {
    const event = JSON.parse(eventJson) as BridgeEvent;
    for (const listener of listeners) listener(event);
  });
  if (contextJson === undefined) return undefined;
  const context = JSON.parse(contextJson) as HostContext;
  return {
    context,
    async call(method, args) {
      const json = await bridge.call(context.sessionId, method, JSON.stringify(args));
      return JSON.parse(json) as BridgeResult;
    },
    onEvent(listener) {
      listeners.push(listener);
    },
  };
}
