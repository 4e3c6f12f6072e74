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
}
