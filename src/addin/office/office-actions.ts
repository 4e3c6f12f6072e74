/**
 * Registers the add-in's function-command and launch-event handlers with Office.actions.associate,
 * under the names manifest.xml gives (see src/core/manifest/addin-functions.ts).
 *
 * Office.js is loaded by the host page (or preloaded by classic Outlook on Windows, which runs the
 * launch-event file without any page and never calls Office.onReady), so registration happens at
 * once, at load. Outside Office (a plain browser, a test) there is nothing to register with.
 */

/** What Outlook passes to a function command or a launch-event handler. */
export interface CompletableEvent {
  /** Tells Outlook the handler is done; a launch event that never completes is cut off after about 300 s. */
  completed(options?: { allowEvent?: boolean }): void;
}

export type ActionHandler = (event: CompletableEvent) => void;

/** The part of Office.js used here; typed locally until the task pane brings @types/office-js. */
interface OfficeActionsApi {
  actions?: { associate(name: string, handler: ActionHandler): void };
}

function office(): OfficeActionsApi | undefined {
  return (globalThis as { Office?: OfficeActionsApi }).Office;
}

/**
 * Associates each handler with its manifest name. Returns the names registered: none outside
 * Office, or on an Office.js too old to have Office.actions.
 */
export function associateActions(handlers: Readonly<Record<string, ActionHandler>>): string[] {
  const actions = office()?.actions;
  if (!actions) return [];
  const names = Object.keys(handlers);
  for (const name of names) actions.associate(name, handlers[name] as ActionHandler);
  return names;
}
