/**
 * How an error appears in a log line: its class, code, status, the service's request id,
 * Retry-After (safe-error-fields.ts), where it was thrown, and the same of its causes. Not its
 * message, nor the message line of its stack: services echo request data in their texts (Graph
 * puts a user principal name in a 404, Webex an address in its descriptions, Microsoft sign-in the
 * user's name), and libraries repeat what they were given. The code says what happened; the
 * frames say where.
 */
import { safeErrorFields, type SafeErrorFields } from './safe-error-fields';

export interface SerializedError extends Omit<SafeErrorFields, 'name'> {
  type: string;
  /** The stack's frames ("at ..." lines) only. */
  stack?: string;
  cause?: SerializedError;
}

const FRAME = /^\s+at /;

/**
 * The frames of a V8 stack, without the message above them: the stack opens with the message,
 * which may span lines, some of which may look like frames.
 */
function framesOf(stack: unknown, message: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const at = typeof message === 'string' && message !== '' ? stack.indexOf(message) : -1;
  const afterMessage = at >= 0 ? stack.slice(at + (message as string).length) : stack;
  const frames = afterMessage.split('\n').filter((line) => FRAME.test(line));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

/** An Error, or an error from another realm (undici's under Jest), which fails `instanceof Error`. */
function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!isErrorLike(value)) return { type: typeof value };
  const { name, ...fields } = safeErrorFields(value);
  const stack = framesOf(value.stack, value.message);
  return {
    type: name,
    ...fields,
    ...(stack ? { stack } : {}),
    ...(value.cause !== undefined && depth < 3 ? { cause: serializeError(value.cause, depth + 1) } : {}),
  };
}
