import { gatheredStatement } from '../../../../src/server/store/gathered-statement';

/** A statement that doubles numbers, recording each batch; `failing` numbers make a batch with them fail. */
function doubling(failing: number[] = []) {
  const batches: number[][] = [];
  const many = async (args: readonly number[]) => {
    batches.push([...args]);
    if (args.some((a) => failing.includes(a))) throw new Error('the statement failed');
    return args.map((a) => a * 2);
  };
  const one = async (a: number) => {
    batches.push([a]);
    if (failing.includes(a)) throw new Error(`${a} failed`);
    return a * 2;
  };
  return { batches, many, one };
}

describe('gatheredStatement', () => {
  it('sends the calls of one moment as one statement, each caller getting its own row', async () => {
    const s = doubling();
    const call = gatheredStatement(s.many, s.one, { windowMs: 0, maxCalls: 10 });
    expect(await Promise.all([1, 2, 3].map(call))).toEqual([2, 4, 6]);
    expect(s.batches).toEqual([[1, 2, 3]]);
  });

  it('sends a call alone as it always was', async () => {
    const s = doubling();
    const call = gatheredStatement(s.many, s.one, { windowMs: 0, maxCalls: 10 });
    expect(await call(4)).toBe(8);
    expect(await call(5)).toBe(10);
    expect(s.batches).toEqual([[4], [5]]);
  });

  it('waits windowMs for later calls, and sends at once when maxCalls are waiting', async () => {
    const s = doubling();
    const call = gatheredStatement(s.many, s.one, { windowMs: 50, maxCalls: 3 });
    const first = call(1);
    await new Promise((r) => setTimeout(r, 10));
    const rest = [2, 3, 4].map(call);
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(s.batches).toEqual([[1, 2, 3], [4]]);
  });

  it('never puts two calls of the same key in one statement: the later goes in the next, in order', async () => {
    const s = doubling();
    const call = gatheredStatement(s.many, s.one, { windowMs: 0, maxCalls: 10, keyOf: (a) => String(a % 10) });
    expect(await Promise.all([1, 11, 2, 21].map(call))).toEqual([2, 22, 4, 42]);
    expect(s.batches).toEqual([[1, 2], [11], [21]]);
  });

  it('does not let one call fail the others: after a failed statement each is sent alone', async () => {
    const s = doubling([2]);
    const call = gatheredStatement(s.many, s.one, { windowMs: 0, maxCalls: 10 });
    const results = await Promise.allSettled([1, 2, 3].map(call));
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('2 failed') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(s.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('sends a call of a key whose statement is under way only once that statement is done', async () => {
    const log: string[] = [];
    const slow = async (args: readonly number[]) => {
      log.push(`start ${args.join(',')}`);
      await new Promise((r) => setTimeout(r, 30));
      log.push(`end ${args.join(',')}`);
      return args.map((a) => a * 2);
    };
    const call = gatheredStatement(slow, async (a) => (await slow([a]))[0] as number, { windowMs: 0, maxCalls: 10, keyOf: String });
    const first = Promise.all([call(1), call(2)]);
    await new Promise((r) => setTimeout(r, 5));
    // 1 is being written: the second write of 1 waits for it; 3 goes at once.
    const later = Promise.all([call(1), call(3)]);
    expect(await Promise.all([first, later])).toEqual([
      [2, 4],
      [2, 6],
    ]);
    expect(log).toEqual(['start 1,2', 'start 3', 'end 1,2', 'start 1', 'end 3', 'end 1']);
  });
});
