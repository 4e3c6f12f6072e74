/// <reference types="office-js" />
/**
 * The add-in's roaming settings (Mailbox 1.1): a small per-user store that Outlook carries between
 * the user's clients. Used to cache the user's settings for launch events, which must decide
 * quickly and may not reach the backend.
 */
import { officeCall } from './office-call';
import { officeGlobal } from './office-context';
import { OfficeError } from './office-error';

export interface RoamingSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  save(): Promise<void>;
}

export function roamingSettings(): RoamingSettings {
  const settings = () => {
    const store = officeGlobal()?.context?.roamingSettings;
    if (!store) throw new OfficeError('office_unavailable', 'Roaming settings are not available.');
    return store;
  };
  return {
    get: (name) => settings().get(name) as unknown,
    set: (name, value) => settings().set(name, value),
    remove: (name) => settings().remove(name),
    save: () => officeCall<void>((cb) => settings().saveAsync(cb)),
  };
}
