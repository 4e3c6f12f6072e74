import { GraphError } from '../../../src/server/graph';
import { createJobQueue, defineJob, isRecord, JobError, type JobContext } from '../../../src/server/jobs';
import { WebexError } from '../../../src/server/webex';
import { describeEachDatabase } from '../../helpers/databases';

interface Ping {
  n: number;
}

function assertPing(data: unknown): asserts data is Ping {
  if (!isRecord(data) || typeof data.n !== 'number') throw new JobError('job_payload_invalid', 'ping needs n');
}

const ping = (name: string, extra: { retryDelaySeconds?: number; retryLimit?: number } = {}) =>
  defineJob<Ping>({ name, assertPayload: assertPing, retryDelaySeconds: extra.retryDelaySeconds ?? 1, retryLimit: extra.retryLimit ?? 3 });

/** A promise and the functions that settle it, for handlers to report to the test. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref()),
  ]);
}

describeEachDatabase('job queue', (t) => {
  it('processes a job that was sent, with its payload narrowed', async () => {
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5 });
    const job = ping('ping-processed');
    const got = deferred<{ payload: Ping; context: JobContext }>();
    await queue.work(job, async (payload, context) => got.resolve({ payload, context }));
    const id = await queue.send(job, { n: 42 });
    const { payload, context } = await within(got.promise, 15_000, 'the job');
    expect(payload).toEqual({ n: 42 });
    expect(context).toMatchObject({ id, name: 'ping-processed', retryCount: 0 });
  });

  it('takes queued jobs one after another without waiting a polling interval between them', async () => {
    // A 60 s polling interval: only fetching again at once after each job can finish five in time.
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 60 });
    const job = ping('ping-backlog');
    for (let n = 0; n < 5; n += 1) await queue.send(job, { n });
    const seen: number[] = [];
    const all = deferred<void>();
    await queue.work(job, async (payload) => {
      seen.push(payload.n);
      if (seen.length === 5) all.resolve();
    });
    await within(all.promise, 30_000, 'the five queued jobs');
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts a job sent to start later when its start comes, not at the next poll', async () => {
    // A 60 s polling interval: only the wake-up at the job's start can run it in time.
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 60 });
    const job = ping('ping-delayed');
    const ran = deferred<number>();
    await queue.work(job, async () => ran.resolve(Date.now()));
    const sent = Date.now();
    await queue.send(job, { n: 1 }, { startAfter: 1 });
    const at = await within(ran.promise, 15_000, 'the delayed job');
    expect(at - sent).toBeGreaterThanOrEqual(900);
  });

  it('claims the waiting jobs of a worker with several slots in one fetch and completes them together', async () => {
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 60 });
    const job = ping('ping-batched');
    await queue.sendMany(
      job,
      [0, 1, 2, 3, 4, 5].map((n) => ({ n })),
    );
    const started: number[] = [];
    const all = deferred<void>();
    const release = deferred<void>();
    await queue.work(
      job,
      async (payload) => {
        started.push(payload.n);
        if (started.length === 6) all.resolve();
        await release.promise;
      },
      { concurrency: 8 },
    );
    await within(all.promise, 15_000, 'the six jobs to start together');
    const states = async () =>
      (
        await t.store.db.query<{ state: string; completed_on: Date | null }>(
          `SELECT state, completed_on FROM "${t.jobsSchema}".job WHERE name = 'ping-batched'`,
        )
      ).map((r) => [r.state, r.completed_on?.getTime()]);
    expect((await states()).every(([state]) => state === 'active')).toBe(true);
    release.resolve();
    await within(
      (async () => {
        while (!(await states()).every(([state]) => state === 'completed')) await new Promise((r) => setTimeout(r, 50));
      })(),
      15_000,
      'the jobs to be completed',
    );
    // One statement completed them all: one completion time.
    expect(new Set((await states()).map(([, at]) => at)).size).toBe(1);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5, onError: () => undefined });
    const job = ping('ping-retried');
    const attempts: number[] = [];
    const done = deferred<void>();
    await queue.work(job, async (_payload, context) => {
      attempts.push(context.retryCount);
      if (context.retryCount === 0) throw new Error('first attempt fails');
      done.resolve();
    });
    await queue.send(job, { n: 1 });
    await within(done.promise, 20_000, 'the retry');
    expect(attempts).toEqual([0, 1]);
  });

  it('reports a failed attempt to onError with the job id', async () => {
    const failures: { code: unknown; jobId?: string }[] = [];
    const reported = deferred<void>();
    const queue = await t.openJobQueue({
      pollingIntervalSeconds: 0.5,
      onError: (error, context) => {
        failures.push({ code: (error as { code?: unknown }).code, jobId: context.jobId });
        reported.resolve();
      },
    });
    const job = ping('ping-reported', { retryLimit: 0 });
    await queue.work(job, async () => {
      throw Object.assign(new Error('webex down'), { code: 'webex_unavailable' });
    });
    const id = await queue.send(job, { n: 1 });
    await within(reported.promise, 15_000, 'the failure report');
    expect(failures[0]).toEqual({ code: 'webex_unavailable', jobId: id });
  });

  it("keeps of a failed attempt only the error's class, code, status, request id and Retry-After", async () => {
    // Services' texts name people; so may any message. None of this may reach the job's row.
    const address = 'adele.vance.canary@contoso.example';
    const job = ping('ping-failure-kept', { retryLimit: 1, retryDelaySeconds: 1 });
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5, onError: () => undefined });
    const firstRowRead = deferred<void>();
    await queue.work(job, async (_payload, context) => {
      if (context.retryCount === 0) {
        throw new WebexError({
          status: 429,
          body: {
            message: `No more meetings for ${address}`,
            errors: [{ description: `Host ${address} is over the limit` }],
            trackingId: 'ROUTER_1F2E',
          },
          retryAfterMs: 120_000,
        });
      }
      await firstRowRead.promise;
      const graph = new GraphError({ status: 503, serviceMessage: `Mailbox of ${address} is unavailable`, requestId: 'req-503' });
      throw Object.assign(new Error(`the calendar of ${address} could not be read`), {
        code: 'graph_unavailable',
        status: 503,
        requestId: 'req-503',
        cause: graph,
        details: [address],
      });
    });
    const id = await queue.send(job, { n: 1 });
    const row = async () =>
      (
        await t.store.db.query<{ state: string; output: unknown }>(`SELECT state, output FROM "${t.jobsSchema}".job WHERE id = $1`, [id])
      )[0];

    const readUntil = async (what: string, done: (r: { state: string; output: unknown } | undefined) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const r = await row();
        if (done(r)) return r as { state: string; output: unknown };
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const retried = await readUntil('the first failure', (r) => r?.output !== null && r?.output !== undefined);
    firstRowRead.resolve();
    expect(retried.output).toEqual({
      name: 'WebexError',
      code: 'webex_rate_limited',
      status: 429,
      requestId: 'ROUTER_1F2E',
      retryAfterMs: 120_000,
    });
    const failed = await readUntil('the last failure', (r) => r?.state === 'failed');
    expect(failed.output).toEqual({ name: 'Error', code: 'graph_unavailable', status: 503, requestId: 'req-503' });
    expect(JSON.stringify([retried, failed])).not.toContain('canary');
  });

  it('cancels a job whose payload fails its assertion instead of handing it over or retrying it', async () => {
    const codes: unknown[] = [];
    const refused = deferred<void>();
    const queue = await t.openJobQueue({
      pollingIntervalSeconds: 0.5,
      onError: (error) => {
        codes.push((error as { code?: unknown }).code);
        refused.resolve();
      },
    });
    const strict = ping('ping-malformed');
    // A sender with a looser idea of the payload, as an older replica might have.
    const loose = defineJob<object>({ name: 'ping-malformed', assertPayload: () => undefined, retryDelaySeconds: 1 });
    const handler = jest.fn(async () => undefined);
    await queue.work(strict, handler);
    await queue.send(loose, { n: 'not a number' });
    await within(refused.promise, 15_000, 'the refusal');
    expect(codes).toEqual(['job_payload_invalid']);
    expect(handler).not.toHaveBeenCalled();
    expect(await queue.queueSize(strict)).toBe(0);
  });

  it('refuses to send a payload that fails the assertion', async () => {
    const queue = await t.openJobQueue();
    await expect(queue.send(ping('ping-refused'), { n: 'x' } as unknown as Ping)).rejects.toMatchObject({ code: 'job_payload_invalid' });
  });

  it('creates a job sent inside a transaction only when the transaction commits', async () => {
    const job = ping('ping-in-transaction');
    const queue = await t.openJobQueue({ jobs: [job] });
    await expect(
      t.store.transaction(async (tx) => {
        await queue.send(job, { n: 1 }, { tx: tx.db });
        throw new Error('roll back');
      }),
    ).rejects.toThrow();
    expect(await queue.queueSize(job)).toBe(0);
    await t.store.transaction(async (tx) => {
      await queue.send(job, { n: 2 }, { tx: tx.db });
    });
    expect(await queue.queueSize(job)).toBe(1);
  });

  it('refuses to send inside a transaction to a queue it was not told about', async () => {
    const queue = await t.openJobQueue();
    await expect(t.store.transaction((tx) => queue.send(ping('ping-undeclared'), { n: 1 }, { tx: tx.db }))).rejects.toMatchObject({
      code: 'job_queue_undeclared',
    });
  });

  it('lets a running job finish before stop resolves', async () => {
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5 });
    const job = ping('ping-drained');
    const started = deferred<void>();
    let finished = false;
    await queue.work(job, async () => {
      started.resolve();
      await new Promise((r) => setTimeout(r, 1500));
      finished = true;
    });
    await queue.send(job, { n: 1 });
    await within(started.promise, 15_000, 'the job to start');
    await queue.stop({ timeoutMs: 10_000 });
    expect(finished).toBe(true);
  });

  it('keeps one job waiting per key of a stately queue, and one sent while its key runs waits behind it', async () => {
    interface Keyed {
      key: string;
      n: number;
    }
    const keyed = defineJob<Keyed>({
      name: 'keyed-stately',
      assertPayload(data): asserts data is Keyed {
        if (!isRecord(data) || typeof data.key !== 'string' || typeof data.n !== 'number')
          throw new JobError('job_payload_invalid', 'keyed needs key and n');
      },
      policy: 'stately',
      keyOf: (payload) => payload.key,
      retryDelaySeconds: 1,
    });
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5 });
    expect(await queue.send(keyed, { key: 'a', n: 1 })).toEqual(expect.any(String));
    // The first one has not started: it will see whatever the second was sent for.
    expect(await queue.send(keyed, { key: 'a', n: 2 })).toBeNull();
    await queue.sendMany(keyed, [
      { key: 'a', n: 3 },
      { key: 'b', n: 4 },
    ]);
    expect(await queue.queueSize(keyed)).toBe(2);

    const runs: number[] = [];
    const firstStarted = deferred<void>();
    const releaseFirst = deferred<void>();
    const behindRan = deferred<void>();
    await queue.work(
      keyed,
      async (payload) => {
        runs.push(payload.n);
        if (payload.n === 1) {
          firstStarted.resolve();
          await releaseFirst.promise;
        }
        if (payload.n === 5) behindRan.resolve();
      },
      { concurrency: 2 },
    );
    await within(firstStarted.promise, 15_000, 'the first job of key a');
    // Sent while key a runs: queued, and not started beside it though a worker is free.
    expect(await queue.send(keyed, { key: 'a', n: 5 })).toEqual(expect.any(String));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(runs).not.toContain(5);
    releaseFirst.resolve();
    await within(behindRan.promise, 15_000, 'the job queued behind the running one');
    expect(runs.sort()).toEqual([1, 4, 5]);
  });

  it('runs again a job whose process died while running it, once its heartbeat lapses', async () => {
    const job = ping('ping-orphaned', { retryDelaySeconds: 1 });
    const queue = await t.openJobQueue({ pollingIntervalSeconds: 0.5, monitorIntervalSeconds: 1 });
    const id = await queue.send(job, { n: 1 });
    // As a process that took it and was killed would leave it: active, its last heartbeat a minute old.
    await t.store.db.query(
      `UPDATE "${t.jobsSchema}".job SET state = 'active', started_on = now() - interval '1 minute', heartbeat_on = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    const got = deferred<JobContext>();
    await queue.work(job, async (_payload, context) => got.resolve(context));
    const context = await within(got.promise, 20_000, 'the job to run again');
    expect(context).toMatchObject({ id, previousAttemptLost: true });
    expect(context.retryCount).toBeGreaterThan(0);
  });

  it('refuses to send before it is started', async () => {
    const queue = createJobQueue(t.store.db);
    await expect(queue.send(ping('ping-early'), { n: 1 })).rejects.toMatchObject({ code: 'job_queue_not_started' });
  });
});
