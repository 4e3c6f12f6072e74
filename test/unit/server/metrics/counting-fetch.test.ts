import { Counter, Registry } from 'prom-client';
import { countingFetch, outboundErrorCode } from '../../../../src/server/metrics';

function counters() {
  const registers = [new Registry()];
  return {
    requests: new Counter({ name: 'req_total', help: 'R.', labelNames: ['service'], registers }),
    errors: new Counter({ name: 'err_total', help: 'E.', labelNames: ['service', 'code'], registers }),
  };
}

/** The value of one series of `counter`. */
async function valueOf(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => Object.keys(labels).every((k) => v.labels[k] === labels[k]))?.value ?? 0;
}

describe('the counting fetch of an outbound client', () => {
  it('counts every request and each failed answer by the product’s code for its status', async () => {
    const c = counters();
    const statuses = [200, 429, 503];
    const fetch = countingFetch('graph', c, async () => new Response(null, { status: statuses.shift() }));
    for (let i = 0; i < 3; i++) await fetch('https://graph.example/v1.0/me');
    expect(await valueOf(c.requests, { service: 'graph' })).toBe(3);
    expect(await valueOf(c.errors, { service: 'graph', code: 'graph_throttled' })).toBe(1);
    expect(await valueOf(c.errors, { service: 'graph', code: 'graph_unavailable' })).toBe(1);
  });

  it('counts a request that got no answer by its fault code, and passes the failure on', async () => {
    const c = counters();
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const fetch = countingFetch('webex', c, async () => {
      throw refused;
    });
    await expect(fetch('https://webex.example/v1/meetings')).rejects.toBe(refused);
    expect(await valueOf(c.errors, { service: 'webex', code: 'outbound_connect_failed' })).toBe(1);
  });

  it('names a timeout as such', async () => {
    const c = counters();
    const fetch = countingFetch('identity', c, async () => {
      throw new DOMException('The operation timed out.', 'TimeoutError');
    });
    await expect(fetch('https://login.example/token')).rejects.toThrow();
    expect(await valueOf(c.errors, { service: 'identity', code: 'outbound_timeout' })).toBe(1);
  });

  it('maps statuses per service', () => {
    expect(outboundErrorCode('webex', 401)).toBe('webex_unauthorized');
    expect(outboundErrorCode('identity', 400)).toBe('identity_refused');
    expect(outboundErrorCode('identity', 429)).toBe('identity_throttled');
  });
});
