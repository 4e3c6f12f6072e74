import { ClientFaultError } from '../../../../src/server/outbound/client-fault-error';
import { AttemptFn, RetryEvent, sendWithRetry } from '../../../../src/server/outbound/send-with-retry';
import { FakeClock } from '../fake-clock';

type Step = Response | Error | 'hang' | 'hang-body' | 'deaf';

/** An attempt function that plays `steps` in order and records the signals it was given. */
function scripted(steps: Step[]): AttemptFn & { calls: number } {
  const fn = Object.assign(
    async (signal: AbortSignal) => {
      const step = steps[fn.calls++];
      if (step === undefined) throw new Error('more attempts than scripted');
      if (step instanceof Error) throw step;
      if (step === 'hang') {
        return new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }
      if (step === 'deaf') return new Promise<Response>(() => undefined);
      if (step === 'hang-body') {
        // Headers arrive, the body never finishes.
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"partial":'));
            signal.addEventListener('abort', () => controller.error(signal.reason));
          },
        });
        return new Response(body, { status: 200 });
      }
      return step;
    },
    { calls: 0 },
  );
  return fn;
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(code === 204 ? null : JSON.stringify({ code }), { status: code, headers });

const fetchFailed = (socketCode: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(socketCode), { code: socketCode }) });

function send(attempt: AttemptFn, method: string, extra: Partial<Parameters<typeof sendWithRetry>[1]> = {}) {
  const clock = new FakeClock();
  const promise = sendWithRetry(attempt, { service: 'test', method, clock, random: () => 0.5, ...extra });
  return { clock, promise };
}

describe('sendWithRetry', () => {
  it('waits exactly the seconds a 429 Retry-After asks for, then succeeds', async () => {
    const attempt = scripted([status(429, { 'Retry-After': '2' }), status(200)]);
    const { clock, promise } = send(attempt, 'GET');
    expect((await promise).status).toBe(200);
    expect(clock.sleeps).toEqual([2000]);
    expect(attempt.calls).toBe(2);
  });

  it('waits until the HTTP-date a Retry-After names', async () => {
    const clock = new FakeClock();
    const attempt = scripted([status(429, { 'Retry-After': new Date(clock.now() + 7000).toUTCString() }), status(200)]);
    const res = await sendWithRetry(attempt, { service: 'test', method: 'GET', clock });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('backs off exponentially when a 503 gives no Retry-After, and returns the last answer', async () => {
    const attempt = scripted([status(503), status(503), status(503), status(503)]);
    const { clock, promise } = send(attempt, 'GET', { policy: { maxAttempts: 4, baseDelayMs: 500 } });
    expect((await promise).status).toBe(503);
    // random() = 0.5 puts each wait at three quarters of its step: 500, 1000, 2000.
    expect(clock.sleeps).toEqual([375, 750, 1500]);
    expect(attempt.calls).toBe(4);
  });

  it.each([400, 401, 404])('does not retry a %i', async (code) => {
    const attempt = scripted([status(code)]);
    const { clock, promise } = send(attempt, 'GET');
    expect((await promise).status).toBe(code);
    expect(attempt.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never sends a POST twice after it timed out', async () => {
    const attempt = scripted(['hang', status(201)]);
    const { promise } = send(attempt, 'POST', { policy: { timeoutMs: 20 } });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_timeout', attempts: 1, mayHaveReachedServer: true });
    expect(attempt.calls).toBe(1);
  });

  it('tries a GET again after it timed out', async () => {
    const attempt = scripted(['hang', status(200)]);
    const { promise } = send(attempt, 'GET', { policy: { timeoutMs: 20 } });
    expect((await promise).status).toBe(200);
    expect(attempt.calls).toBe(2);
  });

  it('times out an attempt that ignores its abort signal', async () => {
    const attempt = scripted(['deaf']);
    const { promise } = send(attempt, 'GET', { policy: { timeoutMs: 20, maxAttempts: 1 } });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_timeout' });
  });

  it('counts a body that stops arriving against the timeout', async () => {
    const attempt = scripted(['hang-body']);
    const { promise } = send(attempt, 'GET', { policy: { timeoutMs: 20, maxAttempts: 1 } });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_timeout' });
  });

  it('repeats a POST after 429 and 503 but not after 504', async () => {
    const attempt = scripted([status(429, { 'Retry-After': '1' }), status(503), status(504), status(201)]);
    const { promise } = send(attempt, 'POST');
    expect((await promise).status).toBe(504);
    expect(attempt.calls).toBe(3);
  });

  it('may repeat a PATCH the caller declares idempotent after a 504', async () => {
    const attempt = scripted([status(504), status(200)]);
    const { promise } = send(attempt, 'PATCH', { idempotent: true });
    expect((await promise).status).toBe(200);
  });

  it('stops after the maximum number of attempts', async () => {
    const attempt = scripted([
      status(429, { 'Retry-After': '0' }),
      status(429, { 'Retry-After': '0' }),
      status(429, { 'Retry-After': '0' }),
    ]);
    const { promise } = send(attempt, 'GET', { policy: { maxAttempts: 3 } });
    expect((await promise).status).toBe(429);
    expect(attempt.calls).toBe(3);
  });

  it('returns a Retry-After longer than the cap at once instead of waiting', async () => {
    const attempt = scripted([status(429, { 'Retry-After': '120' })]);
    const { clock, promise } = send(attempt, 'GET', { policy: { maxRetryAfterMs: 30_000 } });
    const res = await promise;
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(clock.sleeps).toEqual([]);
  });

  it('repeats even a POST whose connection was refused, since nothing was sent', async () => {
    const attempt = scripted([fetchFailed('ECONNREFUSED'), status(201)]);
    const { promise } = send(attempt, 'POST');
    expect((await promise).status).toBe(201);
  });

  it('does not repeat a POST whose connection was reset', async () => {
    const attempt = scripted([fetchFailed('ECONNRESET'), status(201)]);
    const { promise } = send(attempt, 'POST');
    await expect(promise).rejects.toMatchObject({ code: 'outbound_network', causeCode: 'ECONNRESET' });
    expect(attempt.calls).toBe(1);
  });

  it('fails with the last fault once the attempts are used up', async () => {
    const attempt = scripted([fetchFailed('ECONNRESET'), fetchFailed('ECONNRESET')]);
    const { promise } = send(attempt, 'GET', { policy: { maxAttempts: 2 } });
    const err: unknown = await promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientFaultError);
    expect(err).toMatchObject({ code: 'outbound_network', attempts: 2, retryable: true });
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const attempt = scripted([status(503), status(200)]);
    const { promise } = send(attempt, 'GET', {
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('shutting down')),
    });
    await expect(promise).rejects.toMatchObject({ code: 'outbound_aborted' });
    expect(attempt.calls).toBe(1);
  });

  it('lets a bug in the attempt through unchanged and untried', async () => {
    const bug = new RangeError('not a transport problem');
    const attempt = scripted([bug, status(200)]);
    const { promise } = send(attempt, 'GET');
    await expect(promise).rejects.toBe(bug);
    expect(attempt.calls).toBe(1);
  });

  it('reports each retry without the URL', async () => {
    const events: RetryEvent[] = [];
    const attempt = scripted([status(429, { 'Retry-After': '3' }), status(200)]);
    const { promise } = send(attempt, 'GET', { onRetry: (e) => events.push(e) });
    await promise;
    expect(events).toEqual([{ service: 'test', attempt: 1, delayMs: 3000, basis: 'retry-after', status: 429, faultCode: undefined }]);
  });

  it('hands back a 204 without a body', async () => {
    const attempt = scripted([status(204)]);
    const { promise } = send(attempt, 'DELETE');
    const res = await promise;
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });
});
