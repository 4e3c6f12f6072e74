/**
 * A sync problem (the code the backend recorded for the appointment) as the pane tells it: the
 * sentence under "sync.problems", and the ways forward that apply. Codes are grouped where the
 * user's way forward is the same: every lost Webex authorization reads alike and offers to connect
 * Webex again; every lost Microsoft authorization, to authorize the calendar again.
 */
import { EN_US } from './locales/en-US';

export type SyncProblemKey = keyof typeof EN_US.sync.problems;
export type SyncWayForward = 'reconnect' | 'authorize' | 'retry' | 'remove';

const WEBEX_AUTHORIZATION = ['webex_unauthorized', 'webex_reauthorization_required', 'webex_not_linked', 'webex_service_token_rejected'];

export function syncProblemKey(code: string): SyncProblemKey {
  if (WEBEX_AUTHORIZATION.includes(code)) return 'webex_authorization';
  // The sync engine stops on Graph's refusals of our access (consent withdrawn, token refused).
  if (code.startsWith('graph_')) return 'calendar_authorization';
  if (code === 'recurrence_invalid') return 'recurrence_unsupported';
  return code in EN_US.sync.problems ? (code as SyncProblemKey) : 'unknown';
}

/** What the pane offers for these problems, the most useful first; removing the meeting always. */
export function syncWaysForward(codes: readonly string[]): SyncWayForward[] {
  const keys = codes.map(syncProblemKey);
  const ways: SyncWayForward[] = [];
  if (keys.includes('webex_authorization')) ways.push('reconnect');
  if (keys.includes('calendar_authorization')) ways.push('authorize');
  // A meeting gone from Webex cannot be brought back by trying again.
  if (keys.some((k) => k !== 'webex_not_found')) ways.push('retry');
  ways.push('remove');
  return ways;
}
