/// <reference types="office-js" />
/**
 * Item events the task pane listens to while it is open (Mailbox 1.7): the appointment's time, its
 * recurrence or its attendees changed. Launch events cover the same changes when the pane is closed, on clients
 * with event-based activation.
 */
import { officeCall } from './office-call';
import { composeItem, isSetSupported } from './office-context';

export type ItemChange = 'time' | 'recurrence' | 'recipients';

// Office.EventType.AppointmentTimeChanged, RecurrenceChanged and RecipientsChanged, as Office.js spells them.
const EVENT_TYPES: Readonly<Record<ItemChange, string>> = {
  time: 'olkAppointmentTimeChanged',
  recurrence: 'olkRecurrenceChanged',
  recipients: 'olkRecipientsChanged',
};

/**
 * Calls `listener` on each change of the kinds asked for. Resolves to a function that stops
 * listening. On clients without Mailbox 1.7, nothing is registered and nothing is reported.
 */
export async function onItemChanged(
  changes: readonly ItemChange[],
  listener: (change: ItemChange) => void,
  source: () => Office.AppointmentCompose = composeItem,
): Promise<() => Promise<void>> {
  if (!isSetSupported('Mailbox', '1.7')) return async () => undefined;
  const item = source();
  const registered: ItemChange[] = [];
  for (const change of changes) {
    await officeCall<void>((cb) => item.addHandlerAsync(EVENT_TYPES[change], () => listener(change), cb));
    registered.push(change);
  }
  return async () => {
    for (const change of registered) await officeCall<void>((cb) => item.removeHandlerAsync(EVENT_TYPES[change], cb));
  };
}
