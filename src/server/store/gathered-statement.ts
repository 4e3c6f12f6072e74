/**
 * One statement for the calls of a moment: the sync engine runs up to 256 jobs at once, and each
 * reads what the store knows of its event when it starts and writes what it synced when it ends
 * (docs/architecture.md#bench-figures, db_statements_per_sync_job). The calls made within
 * `windowMs` of the first are sent together as one statement (`many`), each caller given its own
 * row; a call alone is sent as it always was (`one`).
 *
 * Nothing is shared that would not be shared anyway: the calls gathered are separate statements
 * outside any transaction (the repositories of a transaction never gather), so running them as
 * one changes no answer. A gathered statement that fails is not allowed to fail calls that would
 * have succeeded alone: each is then sent on its own, and only its own failure reaches its caller.
 */
export interface GatherOptions<A> {
  /** How long the first call waits for others (ms); 0: those made in the same turn of the event loop. */
  windowMs: number;
  /** At most this many calls in one statement (a larger batch is sent at once). */
  maxCalls: number;
  /**
   * For writes, the key of a call's row: calls of the same key (the same row written twice) are
   * never in one statement, where only one of them would land: the later is sent once the earlier's
   * statement is done, so that they land in the order they were made.
   */
  keyOf?: (arg: A) => string;
}

interface Waiting<A, R> {
  arg: A;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function gatheredStatement<A, R>(
  many: (args: readonly A[]) => Promise<R[]>,
  one: (arg: A) => Promise<R>,
  options: GatherOptions<A>,
): (arg: A) => Promise<R> {
  let pending: Waiting<A, R>[] = [];
  let timer: NodeJS.Timeout | undefined;

  /** Keys whose statement is under way: a later call of one waits for it. */
  const busy = new Set<string>();

  const schedule = (): void => {
    timer ??= setTimeout(flush, options.windowMs);
  };

  const send = (batch: Waiting<A, R>[], keys: string[]): void => {
    for (const key of keys) busy.add(key);
    const done = (): void => {
      for (const key of keys) busy.delete(key);
      if (pending.length > 0) schedule();
    };
    const alone = (w: Waiting<A, R>): Promise<void> => one(w.arg).then(w.resolve, w.reject);
    const sent =
      batch.length === 1
        ? alone(batch[0] as Waiting<A, R>)
        : many(batch.map((w) => w.arg)).then(
            (results) => batch.forEach((w, i) => w.resolve(results[i] as R)),
            // One call's trouble (or the statement's) must not fail the others: each on its own.
            () => Promise.all(batch.map(alone)).then(() => undefined),
          );
    void sent.finally(done);
  };

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const waiting = pending;
    pending = [];
    let batch: Waiting<A, R>[] = [];
    let keys: string[] = [];
    for (const w of waiting) {
      const key = options.keyOf?.(w.arg);
      if (key !== undefined && (busy.has(key) || keys.includes(key))) {
        // The same row again: it goes once the statement of the earlier call is done.
        pending.push(w);
        continue;
      }
      if (key !== undefined) keys.push(key);
      batch.push(w);
      if (batch.length === options.maxCalls) {
        send(batch, keys);
        batch = [];
        keys = [];
      }
    }
    if (batch.length > 0) send(batch, keys);
  };

  return (arg) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ arg, resolve, reject });
      if (pending.length >= options.maxCalls) flush();
      else schedule();
    });
}
