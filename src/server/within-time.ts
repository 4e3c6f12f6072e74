/**
 * Runs `run` and settles as it does, or rejects with `message` once `ms` have passed (the run goes
 * on, unawaited): for checks whose caller must answer in time, such as a readiness probe or a
 * metrics scrape.
 */
import { toError } from './errors';

export function withinTime(run: () => unknown, ms: number, message: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    Promise.resolve()
      .then(run)
      .then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (thrown: unknown) => {
          clearTimeout(timer);
          reject(toError(thrown));
        },
      );
  });
}
