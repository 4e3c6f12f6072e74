/**
 * The web build evaluates `*.build-time.ts` modules and bundles only their data
 * (scripts/webpack/build-time-module-loader.js): what it emits must equal what the module exports
 * when Node runs it, so that the add-in and the backend (and the tests) see the same data.
 */
import { join } from 'node:path';
import { INFO_BAR_KEYS, INFO_BAR_TEXTS, PANE_ONLY_ERRORS } from '../../../../src/addin/i18n/info-bar-messages.build-time';
import { MESSAGES } from '../../../../src/addin/i18n/messages';
import { WINDOWS_TO_IANA } from '../../../../src/core/windows-zones.build-time';
import { findIana } from 'windows-iana';

const root = join(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require(join(root, 'scripts/webpack/build-time-module-loader.js')) as (this: unknown) => string;

/** Runs the loader on a module as webpack would, and reads back the constants it emits. */
function emitted(relativePath: string): Record<string, unknown> {
  const resourcePath = join(root, relativePath);
  const code = loader.call({
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    getOptions: () => ({ load: (path: string) => require(path) as unknown }),
    cacheable: () => undefined,
    addDependency: () => undefined,
    rootContext: root,
    resourcePath,
  });
  expect(code).not.toMatch(/\bimport\b|\brequire\(/);
  const out: Record<string, unknown> = {};
  for (const [, name, json] of code.matchAll(/^export const (\w+) = (.*);$/gm)) out[name!] = JSON.parse(json!) as unknown;
  return out;
}

describe('modules evaluated at build time', () => {
  it('give the info bar the notify messages and the errors its flows meet, of every locale, the keys once', () => {
    expect(emitted('src/addin/i18n/info-bar-messages.build-time.ts')).toEqual({ PANE_ONLY_ERRORS, INFO_BAR_KEYS, INFO_BAR_TEXTS });
    const errors = Object.keys(MESSAGES['en-US'].errors);
    expect(PANE_ONLY_ERRORS.filter((key) => !errors.includes(key))).toEqual([]);
    expect(INFO_BAR_KEYS).toEqual([
      ...errors.filter((key) => !PANE_ONLY_ERRORS.includes(key)).map((key) => `errors.${key}`),
      ...Object.keys(MESSAGES['en-US'].notify).map((key) => `notify.${key}`),
    ]);
    for (const [locale, messages] of Object.entries(MESSAGES)) {
      expect(INFO_BAR_TEXTS[locale as keyof typeof MESSAGES]).toEqual(
        INFO_BAR_KEYS.map((dotted) => {
          const [part, name] = dotted.split('.') as ['errors' | 'notify', string];
          return (messages[part] as Record<string, string>)[name];
        }),
      );
    }
  });

  it('give every Windows time zone the primary IANA zone windows-iana names for it', () => {
    expect(emitted('src/core/windows-zones.build-time.ts')).toEqual({ WINDOWS_TO_IANA });
    expect(Object.keys(WINDOWS_TO_IANA).length).toBeGreaterThan(130);
    for (const [name, zone] of Object.entries(WINDOWS_TO_IANA)) expect(zone).toBe(findIana(name)[0]);
    expect(WINDOWS_TO_IANA['Pacific Standard Time']).toBe('America/Los_Angeles');
  });

  it('refuse an export that is not data', () => {
    const context = {
      getOptions: () => ({ load: () => ({ fn: () => 1 }) }),
      cacheable: () => undefined,
      addDependency: () => undefined,
      rootContext: root,
      resourcePath: '/x.build-time.ts',
    };
    expect(() => loader.call(context)).toThrow(/not a JSON value/);
  });
});
