/**
 * An answer of the API that is not a success. Every error leaves the backend in one shape,
 * `{ error: { code, message, requestId } }`: clients and tests branch on `code`; `message` is a
 * plain sentence for people and never holds personal data or a stack trace.
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

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}
