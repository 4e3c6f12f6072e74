/// <reference types="office-js" />
/**
 * Saving the item being edited and reading its id (Mailbox 1.3 and 1.8). Saving an appointment in
 * compose mode stores a draft and sends nothing to attendees; a new item has an id only once saved.
 */
import { officeCall } from './office-call';
import { composeItem, isSetSupported } from './office-context';
import { OfficeError } from './office-error';

/** Saves the item; resolves to its id (an EWS id; Graph calls convert it). */
export function saveItem(source: () => Office.AppointmentCompose = composeItem): Promise<string> {
  return officeCall<string>((cb) => source().saveAsync(cb));
}

/** The id of a saved item, or undefined when the item has not been saved yet. */
export async function getItemId(source: () => Office.AppointmentCompose = composeItem): Promise<string | undefined> {
  if (!isSetSupported('Mailbox', '1.8')) throw new OfficeError('requirement_unsupported', 'getItemIdAsync needs Mailbox 1.8.');
  try {
    const id = await officeCall<string>((cb) => source().getItemIdAsync(cb));
    return id === '' ? undefined : id;
  } catch (thrown) {
    // A new item that was never saved has no id: Office reports ItemNotSaved (code 9016).
    if (thrown instanceof OfficeError && (thrown.code === 'ItemNotSaved' || thrown.officeCode === 9016)) return undefined;
    throw thrown;
  }
}
