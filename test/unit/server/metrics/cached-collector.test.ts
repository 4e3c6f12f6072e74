import { cachedCollector } from '../../../../src/server/metrics';

describe('a cached collector', () => {
  it('runs once for every call within its time to live, calls made during the run included, then again', async () => {
    let now = 0;
    let runs = 0;
    let finish: () => void = () => undefined;
    const collect = cachedCollector(
      () => {
        runs++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      10_000,
      () => now,
    );
    const during = [collect(), collect(), collect()];
    finish();
    await Promise.all(during);
    now = 9_999;
    await collect();
    expect(runs).toBe(1);
    now = 10_000;
    const again = collect();
    finish();
    await again;
    expect(runs).toBe(2);
  });

  it('does not remember a run that failed: the next call runs again', async () => {
    let runs = 0;
    const collect = cachedCollector(
      () => {
        runs++;
        if (runs === 1) throw Object.assign(new Error('database unreachable'), { code: 'ECONNREFUSED' });
      },
      10_000,
      () => 0,
    );
    await expect(collect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await collect();
    await collect();
    expect(runs).toBe(2);
  });
});
