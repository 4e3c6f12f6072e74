/// <reference types="office-js" />
/**
 * The info bar of the item being edited (notificationMessages, Mailbox 1.3): the only way a
 * function command or a launch event, which have no UI of their own, can tell the user anything.
 * One key per add-in message, so a later message replaces the progress one.
 */
import { officeCall } from './office-call';
import { composeItem } from './office-context';

export type NotificationKind = 'progress' | 'information' | 'error';

const TYPES: Readonly<Record<NotificationKind, string>> = {
  progress: 'progressIndicator',
  information: 'informationalMessage',
  error: 'errorMessage',
};

/** Outlook refuses messages longer than 150 characters. */
export const NOTIFICATION_MAX_LENGTH = 150;
/** The manifest's 16 px icon resource, which informational messages must name. */
export const NOTIFICATION_ICON = 'Icon.16';

function truncateToLimit(message: string): string {
  return message.length <= NOTIFICATION_MAX_LENGTH ? message : `${message.slice(0, NOTIFICATION_MAX_LENGTH - 1)}…`;
}

/** Shows (or replaces) the message under `key`. */
export function showNotification(
  key: string,
  kind: NotificationKind,
  message: string,
  source: () => Office.AppointmentCompose = composeItem,
): Promise<void> {
  const details: Office.NotificationMessageDetails = {
    type: TYPES[kind] as Office.MailboxEnums.ItemNotificationMessageType,
    message: truncateToLimit(message),
  };
  if (kind === 'information') {
    details.icon = NOTIFICATION_ICON;
    details.persistent = false;
  }
  return officeCall<void>((cb) => source().notificationMessages.replaceAsync(key, details, cb));
}

export function removeNotification(key: string, source: () => Office.AppointmentCompose = composeItem): Promise<void> {
  return officeCall<void>((cb) => source().notificationMessages.removeAsync(key, cb));
}
