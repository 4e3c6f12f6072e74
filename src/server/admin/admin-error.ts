/**
 * Why an admin page, the tenant authorization or a user's own calendar authorization was refused
 * or failed. Pages and JSON answers carry the code; tests assert it. The HTTP status of each code is
 * the HTTP edge's (src/server/http/error-handling.ts).
 */
import { CodedError } from '../errors';

export type AdminErrorCode =
  /** No admin session (or it expired): sign in first. */
  | 'admin_sign_in_required'
  /** The signed-in user holds no role that may authorize the app for the tenant. */
  | 'admin_role_required'
  /** The session is for another tenant than the one asked about. */
  | 'admin_other_tenant'
  /** A form or JSON call without the session's anti-forgery token. */
  | 'admin_csrf_invalid'
  /** The browser came back without the flow it started (no cookie, another state, too late). */
  | 'authorization_flow_invalid'
  /** Microsoft answered the sign-in or consent with an error (the admin or user declined...). */
  | 'authorization_declined'
  /** The code could not be exchanged, or the tokens do not say who signed in. */
  | 'sign_in_failed'
  /** Someone other than the user who started the flow signed in. */
  | 'authorization_account_mismatch'
  /** Consent was granted for another tenant than the signed-in admin's. */
  | 'admin_consent_tenant_mismatch'
  /** Microsoft said consent was granted, but the app still cannot read the tenant with its own permissions (it may take a few minutes). */
  | 'admin_consent_unverified'
  /** The organization's default meeting template is not a Webex template id. */
  | 'admin_template_invalid'
  /** Microsoft identity or Graph could not be reached. */
  | 'microsoft_unavailable';

export class AdminError extends CodedError<AdminErrorCode> {
  override name = 'AdminError';
}
