/**
 * The backend's errors in one place (docs/architecture.md#conventions, 4: errors have codes).
 *
 * - `toError`: what every `catch` does first with what was thrown.
 * - `codeOf`: the `code` of an error-like value, for branching on it.
 * - `DomainError`: a refusal or fault of the backend's own parts (meetings, delegation, the Teams
 *   calling tab, admin mode) by code and kind. Its kind says what it means, not how HTTP says it:
 *   the HTTP edge alone gives each kind its status (src/server/http/error-handling.ts), and the job
 *   engine decides from the kind (`isRefusal`) whether a retry can help.
 */

/**
 * Coerces whatever was thrown into an Error, keeping an Error as it is so its code, cause and
 * stack survive.
 *
 * Node's fetch builds its errors in another realm (undici's), and under Jest's sandbox they fail
 * `instanceof Error` although they are errors; such an error-like object (one with a string
 * `message`) is kept as it is, so its `code` and `cause` survive for classification.
 */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string')
    return thrown as Error;
  return new Error(typeof thrown === 'string' ? thrown : `non-Error thrown: ${String(thrown)}`);
}

/** The `code` of an error-like value, if it has a string one. */
export function codeOf(thrown: unknown): string | undefined {
  const code = typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * An error of one part of the backend (the store, the job queue, sign-in, admin mode) with the code
 * callers branch on, never the message; each part declares its own subclass, named, and codes.
 */
export abstract class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * What a domain error means to whoever asked:
 * - refusals, which stand until someone acts: `invalid` (the request itself), `unauthenticated`
 *   (who asks is not known), `forbidden` (not allowed, or a consent is missing), `not_found`,
 *   `conflict` (the state of an account or a link stands in the way);
 * - faults that may pass: `rate_limited`, `unavailable` (a service does not answer now),
 *   `upstream_failed` (a service answered with a failure), `misconfigured` (the deployment).
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream_failed'
  | 'misconfigured';

const REFUSALS: ReadonlySet<DomainErrorKind> = new Set<DomainErrorKind>([
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
]);

export class DomainError extends Error {
  /** For a fault that may pass: how long to wait before asking again. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, for clients and tests to branch on (`meeting_not_found`, `webex_not_linked`, ...). */
    readonly code: string,
    /** A plain sentence for people, without personal data. */
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** A refusal that stands until someone acts: asking again, or a job's retry, changes nothing. */
export function isRefusal(error: DomainError): boolean {
  return REFUSALS.has(error.kind);
}
