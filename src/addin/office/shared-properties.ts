/// <reference types="office-js" />
/**
 * Whose calendar the appointment is in. In a calendar someone shared or delegated (Mailbox 1.8,
 * with SupportsSharedFolders in the manifest) Office gives the item's shared properties: the
 * owner's SMTP address, what the delegate may do there, and where the owner's mailbox is. In the
 * user's own calendar the method is absent on some clients and fails on others ("the current
 * folder or mailbox isn't shared"): both mean "not shared", as does an owner who is the user.
 *
 * The owner's address is used only to name the owner to the backend, which checks the delegate's
 * right itself: nothing here is trusted for that.
 */
import { officeCall } from './office-call';
import { composeItem, isSetSupported, officeGlobal } from './office-context';

/** Office.MailboxEnums.DelegatePermissions, as bit flags. */
export const DELEGATE_PERMISSIONS = { read: 1, write: 2, deleteOwn: 4, deleteAll: 8, editOwn: 16, editAll: 32 } as const;

export interface SharedItem {
  /** The owner's email address. */
  owner: string;
  /** DelegatePermissions bit flags. */
  delegatePermissions: number;
  targetMailbox?: string;
  targetRestUrl?: string;
}

interface SharedPropertiesSource {
  getSharedPropertiesAsync?: (callback: (result: Office.AsyncResult<Office.SharedProperties>) => void) => void;
}

/** Whether the delegate may create items in the owner's folder (Write). */
export function mayWrite(item: SharedItem): boolean {
  return (item.delegatePermissions & DELEGATE_PERMISSIONS.write) !== 0;
}

/** The shared properties of the item being edited, or undefined when it is in the user's own calendar. */
export async function getSharedItem(source: () => SharedPropertiesSource = composeItem): Promise<SharedItem | undefined> {
  if (!isSetSupported('Mailbox', '1.8')) return undefined;
  const item = source();
  const read = item.getSharedPropertiesAsync;
  if (typeof read !== 'function') return undefined;
  let shared: Office.SharedProperties;
  try {
    shared = await officeCall<Office.SharedProperties>((cb) => read.call(item, cb));
  } catch {
    return undefined;
  }
  const owner = typeof shared?.owner === 'string' ? shared.owner.trim() : '';
  if (owner === '') return undefined;
  const me = officeGlobal()?.context?.mailbox?.userProfile?.emailAddress;
  if (typeof me === 'string' && me.toLowerCase() === owner.toLowerCase()) return undefined;
  return {
    owner,
    delegatePermissions: Number(shared.delegatePermissions) || 0,
    ...(typeof shared.targetMailbox === 'string' && shared.targetMailbox !== '' ? { targetMailbox: shared.targetMailbox } : {}),
    ...(typeof shared.targetRestUrl === 'string' && shared.targetRestUrl !== '' ? { targetRestUrl: shared.targetRestUrl } : {}),
  };
}

let current: Promise<SharedItem | undefined> | undefined;

/**
 * The shared properties of the item this page runs for, asked once: a pane, a command or a launch
 * event serves one item, whose calendar does not change under it.
 */
export function currentSharedItem(): Promise<SharedItem | undefined> {
  current ??= getSharedItem().catch(() => undefined);
  return current;
}

/** The owner to name in meeting calls (ApiClientOptions.calendarOwner): the calendar's owner when it is not the user's. */
export async function currentCalendarOwner(): Promise<string | undefined> {
  return (await currentSharedItem())?.owner;
}
