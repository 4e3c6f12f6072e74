import { GraphError } from '../../../../src/server/graph/graph-error';
import { JobFailure } from '../../../../src/server/jobs/job-failure';

const address = 'adele.vance@contoso.example';

describe('JobFailure', () => {
  it("serializes to the failed error's class, code, status, request id and Retry-After only", () => {
    const graph = new GraphError({
      status: 429,
      serviceMessage: `Mailbox ${address} is throttled`,
      requestId: 'req-42',
      retryAfterMs: 45_000,
    });
    const failure = new JobFailure(graph);
    expect(JSON.parse(JSON.stringify(failure))).toEqual({
      name: 'GraphError',
      code: 'graph_throttled',
      status: 429,
      requestId: 'req-42',
      retryAfterMs: 45_000,
    });
  });

  it('has a message and a stack made of those fields, so that nothing else is kept whichever way it is stored', () => {
    const failed = Object.assign(new Error(`the calendar of ${address} could not be read`), {
      code: 'graph_unavailable',
      status: 503,
      serviceMessage: address,
    });
    const failure = new JobFailure(failed);
    expect(failure.message).toBe('graph_unavailable, HTTP 503');
    expect(failure.stack).toBe('Error: graph_unavailable, HTTP 503');
    expect(failure.cause).toBeUndefined();
    const fields = Object.fromEntries(Object.entries(failure));
    expect(JSON.stringify([failure.message, failure.stack, fields])).not.toContain('adele');
  });

  it('stands for a thrown value that is not an error by its type', () => {
    expect(new JobFailure(`no mailbox for ${address}`).toJSON()).toEqual({ name: 'string' });
  });
});
