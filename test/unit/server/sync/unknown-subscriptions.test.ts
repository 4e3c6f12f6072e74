import { createUnknownSubscriptions } from '../../../../src/server/sync/unknown-subscriptions';

describe('the subscription ids found unknown', () => {
  const make = (maxEntries?: number) => {
    let now = 0;
    const unknown = createUnknownSubscriptions({ now: () => now, ttlMs: 30_000, maxEntries });
    return { unknown, move: (ms: number) => (now += ms) };
  };

  it('are remembered for their time to live', () => {
    const { unknown, move } = make();
    unknown.remember(['a'], unknown.lookupStarted());
    move(29_999);
    expect(unknown.has('a')).toBe(true);
    move(1);
    expect(unknown.has('a')).toBe(false);
  });

  it('are forgotten when a subscription of that id is stored', () => {
    const { unknown } = make();
    unknown.remember(['a', 'b'], unknown.lookupStarted());
    unknown.forget('a');
    expect([unknown.has('a'), unknown.has('b')]).toEqual([false, true]);
  });

  it('are not remembered from a lookup under way while a subscription was stored (it may have missed it)', () => {
    const { unknown } = make();
    const started = unknown.lookupStarted();
    unknown.forget('a');
    unknown.remember(['a'], started);
    expect(unknown.has('a')).toBe(false);
  });

  it('are at most maxEntries, the oldest forgotten first', () => {
    const { unknown } = make(2);
    for (const id of ['a', 'b', 'c']) unknown.remember([id], unknown.lookupStarted());
    expect(['a', 'b', 'c'].map((id) => unknown.has(id))).toEqual([false, true, true]);
  });
});
