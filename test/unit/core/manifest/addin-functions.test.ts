/**
 * The function names in manifest.xml and the handlers the add-in registers must agree: Outlook
 * looks a handler up by the manifest's name and, when none is registered, fails without a word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADD_MEETING_FUNCTION, LAUNCH_EVENT_HANDLERS } from '../../../../src/core/manifest/addin-functions';
import { attr, descendants, parseXml, textOf } from '../../../../src/core/manifest/parse-xml';

const root = parseXml(readFileSync(join(__dirname, '..', '..', '..', '..', 'manifest.xml'), 'utf8')).root;

type Handler = (event: { completed(options?: { allowEvent?: boolean }): void }) => void;

/** Loads an add-in module with a stand-in Office.actions and returns what it registered. */
async function registeredBy(modulePath: string): Promise<Map<string, Handler>> {
  const registered = new Map<string, Handler>();
  const office = { actions: { associate: (name: string, handler: Handler) => registered.set(name, handler) } };
  (globalThis as { Office?: unknown }).Office = office;
  try {
    await jest.isolateModulesAsync(async () => {
      await import(modulePath);
    });
  } finally {
    delete (globalThis as { Office?: unknown }).Office;
  }
  return registered;
}

/**
 * Outlook waits for every function command and launch-event handler to call event.completed();
 * the handlers do their work first (here, outside Office, they fail fast), so wait for the call.
 */
async function expectCompletes(handler: ((event: { completed: () => void }) => unknown) | undefined): Promise<void> {
  const completed = jest.fn();
  await handler?.({ completed });
  for (let i = 0; i < 100 && completed.mock.calls.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(completed).toHaveBeenCalledTimes(1);
}

describe('the add-in functions named in the manifest', () => {
  it('runs the one "Add Webex meeting" function from the ribbon and from the mobile toggle', () => {
    const functionNames = descendants(root)
      .filter((e) => e.localName === 'FunctionName')
      .map(textOf);
    expect(functionNames.length).toBe(3);
    expect(new Set(functionNames)).toEqual(new Set([ADD_MEETING_FUNCTION]));
  });

  it('maps each launch event to the handler of the same constant', () => {
    const events = descendants(root)
      .filter((e) => e.localName === 'LaunchEvent')
      .map((e) => [attr(e, 'Type'), attr(e, 'FunctionName')]);
    expect(Object.fromEntries(events)).toEqual(LAUNCH_EVENT_HANDLERS);
  });

  it('are registered by the function file, and the command completes', async () => {
    const registered = await registeredBy('../../../../src/addin/commands/commands');
    expect([...registered.keys()]).toEqual([ADD_MEETING_FUNCTION]);
    await expectCompletes(registered.get(ADD_MEETING_FUNCTION));
  });

  it('are registered by the launch-event file, and every handler completes', async () => {
    const registered = await registeredBy('../../../../src/addin/launchevent/launchevent');
    expect([...registered.keys()].sort()).toEqual(Object.values(LAUNCH_EVENT_HANDLERS).sort());
    for (const handler of registered.values()) await expectCompletes(handler);
  });

  it('are not registered outside Office', async () => {
    const { associateActions } = await import('../../../../src/addin/office/office-actions');
    expect(associateActions({ [ADD_MEETING_FUNCTION]: () => undefined })).toEqual([]);
  });
});
