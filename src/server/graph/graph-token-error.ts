/**
 * Microsoft identity refused to give the backend a Graph token. The code says who must act:
 * the tenant admin (consent), the operator (credential), or the user (sign in again).
 *
 * Built from MSAL's errors by their AADSTS numbers
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes); the AADSTS message
 * itself is kept in `serviceMessage` and out of `message`, since it can name the user.
 */
export type GraphTokenErrorCode =
  /** The tenant has not granted the app (admin consent, or the app is unknown in the tenant). */
  | 'graph_consent_required'
  /** Our client secret or certificate was refused: the deployment's configuration is wrong. */
  | 'graph_credential_invalid'
  /** On-behalf-of: the user's token is expired, invalid or for another audience. */
  | 'graph_user_assertion_invalid'
  /** On-behalf-of: the user must sign in interactively (MFA, conditional access, consent). */
  | 'graph_interaction_required'
  /** The tenant does not exist or is not reachable through the authority. */
  | 'graph_tenant_unknown'
  /** The token service is throttling or failing: try again later. */
  | 'graph_token_unavailable'
  | 'graph_token_failed';

export interface GraphTokenErrorDetails {
  /** AADSTS number, e.g. "700016". */
  aadsts?: string;
  /** MSAL's error code, e.g. "invalid_client". */
  msalCode?: string;
  serviceMessage?: string;
  /** Only an error whose message and stack hold no personal data (logs print causes). */
  cause?: Error;
}

export class GraphTokenError extends Error {
  readonly aadsts?: string;
  readonly msalCode?: string;
  readonly serviceMessage?: string;

  constructor(
    readonly code: GraphTokenErrorCode,
    details: GraphTokenErrorDetails = {},
  ) {
    super(`${code}${details.aadsts ? ` (AADSTS${details.aadsts})` : details.msalCode ? ` (${details.msalCode})` : ''}`, {
      cause: details.cause,
    });
    this.name = 'GraphTokenError';
    this.aadsts = details.aadsts;
    this.msalCode = details.msalCode;
    this.serviceMessage = details.serviceMessage;
  }

  get retryable(): boolean {
    return this.code === 'graph_token_unavailable';
  }
}

const CONSENT = new Set(['7000229', '65001', '650051', '650052', '700016', '7000112', '500011', '65004', '90094', '90099']);
const CREDENTIAL = new Set(['7000215', '7000222', '700027', '700024', '700023', '5000811', '700025', '7000216']);
const ASSERTION = new Set(['50013', '500133', '50027', '70000', '500131', '50173', '700082']);
const INTERACTION = new Set(['50076', '50079', '50158', '53003', '50105', '50126', '50055']);
const TENANT = new Set(['90002', '900023', '90072']);
/** "A transient error has occurred" and "the request is being throttled": try again later. */
const TRANSIENT = new Set(['90033', '90055']);

/**
 * After a 429 or 5xx (or any answer with Retry-After) MSAL answers the same request from its
 * throttling cache until Retry-After has passed, throwing ServerError(<error_codes joined>) with no
 * status (msal-common ThrottlingUtils.preProcess). Only passing failures are cached that way, so the
 * replay is one too, whatever AADSTS numbers the cached answer had: a sync job that took it for a
 * lasting refusal would stop for good and lose the change.
 */
function isThrottledReplay(err: { name?: string; status?: number; errorNo?: unknown; errorCode?: string }): boolean {
  return (
    err.name === 'ServerError' &&
    err.status === undefined &&
    (err.errorNo === undefined || err.errorNo === '') &&
    /^[\d ]*$/.test(err.errorCode ?? '')
  );
}

/** Maps an MSAL error (duck-typed: errorCode, errorMessage, errorNo, status) to a GraphTokenError. */
export function graphTokenErrorFromMsal(e: Error): GraphTokenError {
  const err = e as Error & { errorCode?: string; errorMessage?: string; errorNo?: string | number; status?: number; subError?: string };
  // MSAL gives error_codes[0] as a number (errorNo); older versions only have it in the message.
  const aadsts =
    err.errorNo !== undefined && err.errorNo !== '' ? String(err.errorNo) : /AADSTS(\d+)/.exec(err.errorMessage ?? err.message ?? '')?.[1];
  // Not `cause: e`: MSAL's message (and so its stack) can name the user, and logs print causes.
  const details: GraphTokenErrorDetails = { aadsts, msalCode: err.errorCode, serviceMessage: err.errorMessage };
  let code: GraphTokenErrorCode = 'graph_token_failed';
  if (isThrottledReplay(err) || (aadsts && TRANSIENT.has(aadsts))) code = 'graph_token_unavailable';
  else if (aadsts && CONSENT.has(aadsts)) code = 'graph_consent_required';
  else if (aadsts && CREDENTIAL.has(aadsts)) code = 'graph_credential_invalid';
  else if (aadsts && ASSERTION.has(aadsts)) code = 'graph_user_assertion_invalid';
  else if (aadsts && INTERACTION.has(aadsts)) code = 'graph_interaction_required';
  else if (aadsts && TENANT.has(aadsts)) code = 'graph_tenant_unknown';
  else if (err.status === 429 || (typeof err.status === 'number' && err.status >= 500)) code = 'graph_token_unavailable';
  // OAuth's own words for a passing failure (RFC 6749 section 5.2): MSAL does not always give the status beside them.
  else if (err.errorCode === 'temporarily_unavailable' || err.errorCode === 'server_error') code = 'graph_token_unavailable';
  else if (err.errorCode === 'invalid_client') code = 'graph_credential_invalid';
  else if (err.errorCode === 'unauthorized_client' || err.errorCode === 'consent_required') code = 'graph_consent_required';
  else if (err.errorCode === 'interaction_required' || err.errorCode === 'login_required') code = 'graph_interaction_required';
  else if (err.errorCode === 'invalid_grant') code = 'graph_user_assertion_invalid';
  else if (err.errorCode === 'endpoints_resolution_error' || err.errorCode === 'untrusted_authority') code = 'graph_tenant_unknown';
  return new GraphTokenError(code, details);
}
