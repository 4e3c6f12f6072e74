import { countsBetween, emptyCounts, MAX_TEXTS, record, statementKind, topTexts } from '../../../../scripts/world/db-statement-tally';

describe("the count of a backend's database statements", () => {
  it("counts every statement of a script, the job queue's apart, and the /metrics scrapes aside", () => {
    const counts = emptyCounts();
    record(counts, { sql: 'SELECT * FROM event_links WHERE id = $1', statements: 1, queueSchema: 'pgboss', duringScrape: false });
    record(counts, { sql: 'BEGIN; UPDATE pgboss.job SET state = $1; COMMIT', statements: 3, queueSchema: 'pgboss', duringScrape: false });
    record(counts, { sql: 'SELECT count(*) FROM users', statements: 1, queueSchema: 'pgboss', duringScrape: true });
    expect(counts).toMatchObject({ statements: 4, calls: 2, queue: 3, byKind: { select: 1, script: 3 }, scrapeStatements: 1 });
  });

  it('counts a call that failed as the one statement the server received', () => {
    const counts = emptyCounts();
    record(counts, { sql: "INSERT INTO app_jobs.job VALUES ('x')", statements: 0, queueSchema: 'app_jobs', duringScrape: false });
    expect(counts).toMatchObject({ statements: 1, calls: 1, queue: 1, byKind: { insert: 1 } });
  });

  it('names a call by its first keyword, past leading comments', () => {
    expect(statementKind('  -- the fetch\n  WITH next AS (SELECT 1) UPDATE x SET y = 1', 1)).toBe('with');
    expect(statementKind('commit', 1)).toBe('commit');
    expect(statementKind('', 1)).toBe('other');
  });

  it('gives what happened between two readings', () => {
    const before = emptyCounts();
    record(before, { sql: 'SELECT 1', statements: 1, queueSchema: 'pgboss', duringScrape: false });
    const after = structuredClone(before);
    record(after, { sql: 'SELECT 2', statements: 1, queueSchema: 'pgboss', duringScrape: false });
    record(after, { sql: 'DELETE FROM pgboss.job', statements: 1, queueSchema: 'pgboss', duringScrape: false });
    expect(countsBetween(before, after)).toEqual({
      statements: 2,
      calls: 2,
      queue: 1,
      byKind: { select: 1, delete: 1 },
      byText: { 'SELECT 2': 1, 'DELETE FROM pgboss.job': 1 },
      scrapeStatements: 0,
    });
  });

  it('tells which statements were sent most, the same text with other parameters counted as one', () => {
    const counts = emptyCounts();
    for (let i = 0; i < 3; i++)
      record(counts, { sql: `SELECT *\n  FROM links WHERE id = $1`, statements: 1, queueSchema: 'pgboss', duringScrape: false });
    record(counts, { sql: 'UPDATE links SET x = $1', statements: 1, queueSchema: 'pgboss', duringScrape: false });
    expect(topTexts(counts, 1)).toEqual([{ text: 'SELECT * FROM links WHERE id = $1', statements: 3 }]);
  });

  it('keeps a bounded number of texts, counting the rest together', () => {
    const counts = emptyCounts();
    for (let i = 0; i <= MAX_TEXTS; i++) record(counts, { sql: `SELECT ${i}`, statements: 1, queueSchema: 'pgboss', duringScrape: false });
    expect(Object.keys(counts.byText)).toHaveLength(MAX_TEXTS + 1);
    expect(counts.byText['(other texts)']).toBe(1);
  });
});
