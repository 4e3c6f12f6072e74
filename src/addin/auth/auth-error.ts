/**
 * Why no token could be had for the backend. The pane turns each into a sentence with a way
 * forward: 'sign_in_required' shows the Sign in button (interaction needs a user gesture),
 * 'sign_in_cancelled', 'sign_in_failed' and 'sign_in_wrong_account' offer to sign in again.
 */
export type AuthErrorCode =
  /** Silent sign-in failed and this caller may not interact (launch events, pane start-up). */
  | 'sign_in_required'
  /** The user closed the sign-in window. */
  | 'sign_in_cancelled'
  /** The identity provider refused, or MSAL failed; `reason` has MSAL's error code. */
  | 'sign_in_failed'
  /** The user signed in as someone else than the user Office says is signed in to the mailbox (`user`); the token was not used. */
  | 'sign_in_wrong_account';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** MSAL's or the dialog's error code, for diagnostics. */
    readonly reason?: string,
    /** With 'sign_in_wrong_account': the user to sign in as (Office's user). */
    readonly user?: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
