/// <reference types="office-js" />
/**
 * Turns one Office.js `...Async(callback)` call into a Promise that rejects with an OfficeError
 * carrying Office's error code. Office calls back with an AsyncResult instead of throwing, and a
 * throw inside that callback cannot be caught by anyone (the pattern the official task-pane
 * template uses; docs/architecture.md#conventions, rule 1).
 */
import { OfficeError } from './office-error';

type AsyncCallback<T> = (result: Office.AsyncResult<T>) => void;

export function officeCall<T>(invoke: (callback: AsyncCallback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      invoke((result) => {
        // Office.AsyncResultStatus.Failed is "failed"; the literal keeps this usable before Office loads.
        if (String(result.status) === 'failed') reject(OfficeError.fromAsyncError(result.error));
        else resolve(result.value);
      });
    } catch (thrown) {
      if (thrown instanceof OfficeError) return reject(thrown);
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      reject(new OfficeError('office_call_failed', err.message));
    }
  });
}
