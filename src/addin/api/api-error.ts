/**
 * A failed call to the backend. `code` is the API's error code ({ error: { code } }:
 * webex_not_linked, meeting_too_long, token_expired, ...) or one of ours when no answer came:
 * 'network_error' (unreachable), 'server_error' (an answer that is not the API's error shape).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly requestId?: string,
    /** From Retry-After, when the backend asks the caller to wait (503, 429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(value: unknown, code?: string): value is ApiError {
  return value instanceof ApiError && (code === undefined || value.code === code);
}
