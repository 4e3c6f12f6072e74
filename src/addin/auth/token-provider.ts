/** Access tokens for the backend's `access_as_user` scope, however the add-in signs in. */
export interface TokenRequestOptions {
  /** Skip cached tokens (the backend refused the last one). */
  forceRefresh?: boolean;
  /** The caller runs on a user gesture and may show sign-in UI. */
  interactive?: boolean;
}

export interface TokenProvider {
  /** Rejects with AuthError. */
  getToken(options?: TokenRequestOptions): Promise<string>;
  /**
   * True when, right now, no token can be had without the user (nothing kept, nothing a silent
   * attempt could use): the pane then shows its sign-in at once instead of trying first. False
   * where the provider cannot tell without trying; never true where a silent attempt could succeed.
   */
  signInNeeded?(): boolean;
}
