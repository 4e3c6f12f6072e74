/**
 * Bounded loops for the benchmark: everything it waits for has a deadline, and everything it does
 * many times runs a fixed number at a time.
 */

export class DeadlineError extends Error {
  readonly code = 'bench_deadline';
  constructor(what: string, timeoutMs: number) {
    super(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'DeadlineError';
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined; throws DeadlineError after timeoutMs. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DeadlineError(what, timeoutMs);
    await sleep(intervalMs);
  }
}

/** Runs `work` for every item, `concurrency` at a time, in order of the items; results in that order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(runners);
  return results;
}
