import { benchPostgres, describeServer } from '../../../../scripts/bench/scratch-postgres';

describe('the Postgres server the bench measures on', () => {
  it('is BENCH_DATABASE_URL when set, else TEST_DATABASE_URL', () => {
    expect(benchPostgres({ BENCH_DATABASE_URL: 'postgres://a@h1/x', TEST_DATABASE_URL: 'postgres://b@h2/y' })).toEqual({
      source: 'BENCH_DATABASE_URL',
      url: 'postgres://a@h1/x',
    });
    expect(benchPostgres({ BENCH_DATABASE_URL: '  ', TEST_DATABASE_URL: 'postgres://b@h2/y' })).toEqual({
      source: 'TEST_DATABASE_URL',
      url: 'postgres://b@h2/y',
    });
  });

  it('is none without either, with the reason the figures on it are null', () => {
    expect(benchPostgres({})).toEqual({ reason: expect.stringContaining('BENCH_DATABASE_URL or TEST_DATABASE_URL') });
  });

  it('is described in the inputs without its credentials', () => {
    expect(describeServer('postgres://user:secret@db.local:6543/test')).toBe('db.local:6543');
    expect(describeServer('postgres://user@db.local/test')).toBe('db.local:5432');
  });
});
