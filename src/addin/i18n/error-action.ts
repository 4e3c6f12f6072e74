import { TOKEN_REFUSALS } from './describe-failure';

/**
 * The way forward an error offers, by its code. 'later' is offered besides the primary action where the failed step may wait (authorizing the
 * calendar); 'authorize' asks Microsoft's consent again (a delegate's check needs the sharing permission).
 */
export type ErrorAction = 'retry' | 'reconnect' | 'signIn' | 'removeDetails' | 'later' | 'authorize';

const RECONNECT = [
  'webex_not_linked',
  'webex_reauthorization_required',
  'webex_access_denied',
  'webex_link_cancelled',
  'webex_link_failed',
  'webex_link_state_invalid',
  'webex_link_user_mismatch',
  'webex_link_completion_invalid',
];
const SIGN_IN = ['sign_in_required', 'sign_in_cancelled', 'sign_in_failed', 'sign_in_wrong_account', ...TOKEN_REFUSALS];

export function errorActionFor(code: string): ErrorAction {
  if (RECONNECT.includes(code)) return 'reconnect';
  if (SIGN_IN.includes(code)) return 'signIn';
  if (code === 'meeting_not_found') return 'removeDetails';
  if (code === 'delegate_consent_required') return 'authorize';
  return 'retry';
}
