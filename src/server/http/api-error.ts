/**
 * An answer of the API that is not a success. Every error leaves the backend in one shape,
 * `{ error: { code, message, requestId } }` (src/core/api-types.ts ErrorBody): clients and tests
 * branch on `code`; `message` is a plain sentence for people and never holds personal data or a
 * stack trace. Thrown by the HTTP edge only; the backend's parts throw DomainError
 * (src/server/errors.ts), which src/server/http/error-handling.ts turns into one of these.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Headers the answer must carry (WWW-Authenticate, Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}
