/// <reference types="office-js" />
/**
 * The add-in's custom properties on the item being edited (Mailbox 1.1). Outlook keeps them as one
 * JSON object per add-in, which Graph shows as the `cecp-<add-in id>` extended property; nothing is
 * stored until save() succeeds.
 */
import { officeCall } from './office-call';
import { composeItem } from './office-context';

export interface ItemCustomProperties {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  save(): Promise<void>;
}

export async function loadCustomProperties(source: () => Office.AppointmentCompose = composeItem): Promise<ItemCustomProperties> {
  const props = await officeCall<Office.CustomProperties>((cb) => source().loadCustomPropertiesAsync(cb));
  return {
    get: (name) => props.get(name) as unknown,
    // Office.js takes any JSON-serializable value, though its typings say string.
    set: (name, value) => props.set(name, value as string),
    remove: (name) => props.remove(name),
    save: () => officeCall<void>((cb) => props.saveAsync(cb)),
  };
}
