/**
 * Which app starts calls on this device: the Webex App (webextel:) or the phone app (tel:). Kept
 * in the browser's storage, not in the user's profile: which apps are installed differs from one
 * device to the next.
 */
import type { CallPreference } from './call-plan';

const KEY = 'webex-calling.callWith';

export function readCallPreference(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): CallPreference {
  try {
    return storage?.getItem(KEY) === 'phone' ? 'phone' : 'webex';
  } catch {
    // Storage can be refused (privacy settings, some Teams mobile web views).
    return 'webex';
  }
}

export function saveCallPreference(
  preference: CallPreference,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(KEY, preference);
  } catch {
    // Not remembered on this device; the choice holds for this session.
  }
}
