/**
 * How Office.js answers an `...Async` call, reproduced for the stand-in: the optional `options`
 * and `callback` after the required arguments, an AsyncResult whose status is "succeeded" or
 * "failed" with `error` {code, name, message} and the caller's `asyncContext`, and a callback that
 * runs later, on its own task, so that a throw inside it is an uncaught error of the page (as with
 * Office.js) rather than a rejected promise nobody sees.
 */
import type { BridgeError, BridgeResult } from './devhost-bridge';
import { AsyncResultStatus } from './office-enums';

export type AsyncCallback = (result: AsyncResult) => void;

export class AsyncResult {
  constructor(
    readonly status: (typeof AsyncResultStatus)[keyof typeof AsyncResultStatus],
    readonly value: unknown,
    readonly error: BridgeError | undefined,
    readonly asyncContext: unknown,
  ) {}
}

export interface AsyncArgs {
  options: Record<string, unknown>;
  callback?: AsyncCallback;
}

/** Splits `(…, [options], [callback])`: either may be left out, so a function in options' place is the callback. */
export function splitAsyncArgs(rest: readonly unknown[]): AsyncArgs {
  const [first, second] = rest;
  if (typeof first === 'function') return { options: {}, callback: first as AsyncCallback };
  const options = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  return { options, callback: typeof second === 'function' ? (second as AsyncCallback) : undefined };
}

/** Office.js throws synchronously for arguments of the wrong type; the name is what it uses. */
export function argumentError(message: string): Error {
  const err = new Error(message);
  err.name = 'Sys.ArgumentException';
  return err;
}

export function officeError(code: number, name: string, message: string): BridgeError {
  return { code, name, message };
}

/** Calls back with the result of `work`; `map` turns the bridge's JSON value into what Office.js hands out. */
export function answer(args: AsyncArgs, work: () => Promise<BridgeResult>, map: (value: unknown) => unknown = (v) => v): void {
  const asyncContext = args.options.asyncContext;
  const settle = (result: AsyncResult) => {
    if (args.callback) {
      const callback = args.callback;
      setTimeout(() => callback(result), 0);
    }
  };
  work().then(
    (result) => {
      if (result.ok) settle(new AsyncResult(AsyncResultStatus.Succeeded, map(result.value), undefined, asyncContext));
      else settle(new AsyncResult(AsyncResultStatus.Failed, undefined, result.error, asyncContext));
    },
    (thrown: unknown) => {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      settle(new AsyncResult(AsyncResultStatus.Failed, undefined, officeError(5001, 'InternalError', err.message), asyncContext));
    },
  );
}

/** An answer that needs no host round trip. */
export function answerNow(args: AsyncArgs, result: BridgeResult): void {
  answer(args, () => Promise.resolve(result));
}
