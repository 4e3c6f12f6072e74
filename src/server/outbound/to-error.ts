/**
 * Coerces whatever was thrown into an Error (docs/architecture.md#conventions: every catch coerces
 * to Error).
 *
 * Node's fetch builds its errors in another realm (undici's), and under Jest's sandbox they fail
 * `instanceof Error` although they are errors; such an error-like object is kept as it is, so its
 * `code` and `cause` survive for classification.
 */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (
    typeof thrown === 'object' &&
    thrown !== null &&
    typeof (thrown as { message?: unknown }).message === 'string' &&
    typeof (thrown as { name?: unknown }).name === 'string'
  ) {
    return thrown as Error;
  }
  return new Error(typeof thrown === 'string' ? thrown : `non-Error thrown: ${String(thrown)}`);
}
