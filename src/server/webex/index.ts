/** The Webex client, OAuth and tokens: import from here, not from the files behind it. */
export {
  WebexClient,
  type WebexClientOptions,
  type DeleteMeetingOptions,
  type GetMeetingOptions,
  type ListMeetingsOptions,
} from './webex-client';
export { WebexOAuth, type WebexOAuthOptions, type WebexTokenSet } from './webex-oauth';
export { getWebexAccessToken, WEBEX_REFRESH_MARGIN_MS, type WebexGrantStore } from './webex-access-token';
export { createPkcePair, pkceChallengeOf, type PkcePair } from './create-pkce-pair';
export { WebexError, webexErrorCode, type WebexErrorCode } from './webex-error';
export { WebexAuthorizationError, type WebexAuthorizationErrorCode } from './webex-authorization-error';
export type * from './webex-types';
