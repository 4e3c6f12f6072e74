import { GraphTokenError } from '../../../../src/server/graph/graph-token-error';
import { serializeError } from '../../../../src/server/logging/serialize-error';
import { WebexError } from '../../../../src/server/webex/webex-error';

const address = 'adele.vance@contoso.example';

describe('serializeError', () => {
  it('keeps the class, code, status, request id and Retry-After of a service error, none of its text', () => {
    const err = new WebexError({
      status: 429,
      body: { message: `Too many meetings for ${address}`, errors: [{ description: `Host ${address}` }] },
      trackingId: 'ROUTER_AB12',
      retryAfterMs: 30_000,
    });
    const serialized = serializeError(err);
    expect(serialized).toMatchObject({
      type: 'WebexError',
      code: 'webex_rate_limited',
      status: 429,
      requestId: 'ROUTER_AB12',
      retryAfterMs: 30_000,
    });
    expect(Object.keys(serialized).sort()).toEqual(['code', 'requestId', 'retryAfterMs', 'stack', 'status', 'type']);
    expect(JSON.stringify(serialized)).not.toContain('adele');
  });

  it("keeps where an error was thrown, not its message, even one spanning lines, nor its causes' messages", () => {
    const cause = new GraphTokenError('graph_token_unavailable', {
      aadsts: '90033',
      serviceMessage: `AADSTS90033: no token for ${address}`,
    });
    const err = Object.assign(new Error(`could not read the calendar of\n${address}\n    at first line of a quoted text`, { cause }), {
      code: 'sync_failed',
    });
    const serialized = serializeError(err);
    const text = JSON.stringify(serialized);
    expect(text).not.toContain('adele');
    expect(text).not.toContain('quoted text');
    expect(serialized).toMatchObject({
      type: 'Error',
      code: 'sync_failed',
      cause: { type: 'GraphTokenError', code: 'graph_token_unavailable' },
    });
    expect(serialized.stack).toMatch(/^\s+at .*serialize-error\.test\.ts/);
  });

  it('drops a code, a request id or a name that is free text rather than an identifier', () => {
    const err = Object.assign(new Error('failed'), {
      name: `Failed for ${address}`,
      code: `no mailbox ${address}`,
      requestId: `for ${address}`,
    });
    const serialized = serializeError(err);
    expect(serialized).toMatchObject({ type: 'Error' });
    expect(serialized).not.toHaveProperty('code');
    expect(serialized).not.toHaveProperty('requestId');
    expect(JSON.stringify(serialized)).not.toContain('adele');
  });

  it('names what was thrown when it is not an error', () => {
    expect(serializeError(`no mailbox for ${address}`)).toEqual({ type: 'string' });
  });
});
