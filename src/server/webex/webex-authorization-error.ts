/**
 * The user's Webex authorization is missing or no longer usable: the add-in must ask them to link
 * their Webex account (again). Not a WebexError: 'webex_not_linked' is a fact of our own store,
 * and both codes call for the user, not for a retry.
 */
export type WebexAuthorizationErrorCode =
  /** No grant is stored for the user. */
  | 'webex_not_linked'
  /** Webex refused the grant (revoked, expired, already used): it has been dropped. */
  | 'webex_reauthorization_required';

export class WebexAuthorizationError extends Error {
  readonly retryable = false;

  constructor(
    readonly code: WebexAuthorizationErrorCode,
    /** Webex's tracking id of the refused token request, when there was one. */
    readonly trackingId?: string,
  ) {
    super(trackingId ? `${code} (tracking id ${trackingId})` : code);
    this.name = 'WebexAuthorizationError';
  }
}
