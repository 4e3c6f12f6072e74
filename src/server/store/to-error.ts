/**
 * Coerces whatever was thrown into an Error (docs/architecture.md#conventions: every catch coerces
 * to Error), keeping an Error as it is so its code and stack survive.
 */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : `non-Error thrown: ${String(thrown)}`);
}
