import { defineJob, isRecord } from '../../../src/server/jobs';

const accept = (): void => undefined;

describe('job definitions', () => {
  it('retry with backoff by default', () => {
    expect(defineJob({ name: 'sync-event', assertPayload: accept })).toMatchObject({ retryLimit: 5, retryDelaySeconds: 5, retryBackoff: true });
  });

  it.each(['', 'Sync Event', 'a/b', 'x'.repeat(51)])('refuse the queue name %j', (name) => {
    expect(() => defineJob({ name, assertPayload: accept })).toThrow(expect.objectContaining({ code: 'job_definition_invalid' }));
  });

  it('refuse a negative retry limit', () => {
    expect(() => defineJob({ name: 'x', assertPayload: accept, retryLimit: -1 })).toThrow(expect.objectContaining({ code: 'job_definition_invalid' }));
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
