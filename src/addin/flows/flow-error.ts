/**
 * A flow refused or could not finish what the user asked, for a reason of its own (as opposed to an
 * OfficeError from Outlook or an ApiError from the backend, which flows pass on unchanged).
 * Codes match the backend's where they mean the same (the draft codes of src/core/meeting-draft.ts),
 * so the UI has one sentence per code whoever found the problem.
 */
import type { DraftErrorCode } from '../../core/meeting-draft';

export type FlowErrorCode =
  | DraftErrorCode
  /** The Webex linking dialog was closed before Webex answered. */
  | 'webex_link_cancelled'
  /** The linking page reported a failure it named (webex_access_denied, webex_link_state_invalid, ...). */
  | 'webex_link_failed'
  | 'webex_access_denied'
  | 'webex_link_state_invalid'
  | 'webex_unavailable'
  /** The calendar authorization dialog was closed before Microsoft answered. */
  | 'calendar_authorization_cancelled'
  /** The authorization page reported a failure it did not name, or answered something unexpected. */
  | 'calendar_authorization_failed'
  /** ...or one it named (src/server/admin/authorization-result-page.ts). */
  | 'authorization_declined'
  | 'authorization_flow_invalid'
  | 'authorization_account_mismatch'
  | 'microsoft_unavailable'
  /** The item has no Webex meeting to act on. */
  | 'no_meeting'
  /** The appointment's body is larger than the backend takes (the launch event's join block, remote-join-block-ops.ts). */
  | 'appointment_too_large';

export class FlowError extends Error {
  constructor(
    readonly code: FlowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FlowError';
  }
}
