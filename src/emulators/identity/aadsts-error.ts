/**
 * Errors as the Microsoft identity platform sends them: an OAuth 2.0 `error`, an `AADSTS<n>`
 * code and the JSON body MSAL parses (error, error_description, error_codes, timestamp,
 * trace_id, correlation_id, error_uri, and sometimes suberror).
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'consent_required'
  | 'interaction_required'
  | 'login_required'
  | 'server_error'
  | 'temporarily_unavailable';

export class AadstsError extends Error {
  /** `AADSTS<number>`, the code tests and callers match on. */
  readonly code: string;

  constructor(
    readonly error: OAuthErrorCode,
    readonly aadsts: number,
    message: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
    readonly suberror?: string,
  ) {
    super(`AADSTS${aadsts}: ${message}`);
    this.name = 'AadstsError';
    this.code = `AADSTS${aadsts}`;
  }
}

export interface AadstsErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

/** "2016-01-09 02:02:12Z", the timestamp format of Entra error bodies. */
export function aadstsTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function aadstsErrorBody(
  err: AadstsError,
  ctx: { traceId: string; correlationId: string; now: Date; baseUrl: string },
): AadstsErrorBody {
  const timestamp = aadstsTimestamp(ctx.now);
  return {
    error: err.error,
    error_description: `${err.message}\r\nTrace ID: ${ctx.traceId}\r\nCorrelation ID: ${ctx.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: ctx.traceId,
    correlation_id: ctx.correlationId,
    error_uri: `${ctx.baseUrl}/error?code=${err.aadsts}`,
    ...(err.suberror ? { suberror: err.suberror } : {}),
  };
}

/** AADSTS90002: the {tenant} of the URL is neither a known tenant id, a verified domain, common nor organizations. */
export function tenantNotFound(segment: string, error: OAuthErrorCode = 'invalid_request'): AadstsError {
  return new AadstsError(
    error,
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

/** AADSTS500011: a token was asked for a resource that has no service principal in the tenant. */
export function resourcePrincipalNotFound(resourceName: string, tenantDisplayName: string): AadstsError {
  return new AadstsError(
    'invalid_resource',
    500011,
    `The resource principal named ${resourceName} was not found in the tenant named ${tenantDisplayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}

/** Coerces anything thrown to an Error (docs/architecture.md#conventions: every catch coerces). */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
