/** Which sentence of the task pane's messages a failure gets (describe-failure.ts): any code under en-US's "errors". */
import { describeFailure, type DescribedError } from './describe-failure';
import { EN_US } from './locales/en-US';

export type { DescribedError };

export function describeError(thrown: unknown): DescribedError {
  return describeFailure(thrown, (code) => code in EN_US.errors);
}
