import { defineJob, isRecord } from '../../../../src/server/jobs';

const accept = (): void => undefined;

describe('job definitions', () => {
  it('retry with backoff by default', () => {
    expect(defineJob({ name: 'sync-event', assertPayload: accept })).toMatchObject({
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
    });
  });

  it.each(['', 'Sync Event', 'a/b', 'x'.repeat(51)])('refuse the queue name %j', (name) => {
    expect(() => defineJob({ name, assertPayload: accept })).toThrow(expect.objectContaining({ code: 'job_definition_invalid' }));
  });

  it('refuse a negative retry limit', () => {
    expect(() => defineJob({ name: 'x', assertPayload: accept, retryLimit: -1 })).toThrow(
      expect.objectContaining({ code: 'job_definition_invalid' }),
    );
  });

  it('beat a heartbeat every 5 s by default, and refuse one pg-boss would not take or that outlasts the expiry', () => {
    expect(defineJob({ name: 'x', assertPayload: accept })).toMatchObject({ heartbeatSeconds: 10, policy: 'standard' });
    for (const heartbeatSeconds of [9, 10.5]) {
      expect(() => defineJob({ name: 'x', assertPayload: accept, heartbeatSeconds })).toThrow(
        expect.objectContaining({ code: 'job_definition_invalid' }),
      );
    }
    expect(() => defineJob({ name: 'x', assertPayload: accept, heartbeatSeconds: 60, expireInSeconds: 60 })).toThrow(
      expect.objectContaining({ code: 'job_definition_invalid' }),
    );
  });

  it('key every job of a stately queue, and only those', () => {
    const keyed = defineJob<{ id: string }>({ name: 'x', assertPayload: accept, policy: 'stately', keyOf: (payload) => payload.id });
    expect(keyed.keyOf?.({ id: 'a' })).toBe('a');
    // Without a key, every job would share one: the queue would hold a single job.
    expect(() => defineJob({ name: 'x', assertPayload: accept, policy: 'stately' })).toThrow(
      expect.objectContaining({ code: 'job_definition_invalid' }),
    );
    expect(() => defineJob<{ id: string }>({ name: 'x', assertPayload: accept, keyOf: (payload) => payload.id })).toThrow(
      expect.objectContaining({ code: 'job_definition_invalid' }),
    );
  });
});

describe('isRecord', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['s', false],
  ])('says %j is a record: %s', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});
