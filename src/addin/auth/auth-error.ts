/**
 * Why no token could be had for the backend. The pane turns each into a sentence with a way
 * forward: 'sign_in_required' shows the Sign in button (interaction needs a user gesture),
 * 'sign_in_cancelled' and 'sign_in_failed' offer to try again.
 */
export type AuthErrorCode =
  /** Silent sign-in failed and this caller may not interact (launch events, pane start-up). */
  | 'sign_in_required'
  /** The user closed the sign-in window. */
  | 'sign_in_cancelled'
  /** The identity provider refused, or MSAL failed; `reason` has MSAL's error code. */
  | 'sign_in_failed';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** MSAL's or the dialog's error code, for diagnostics. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
