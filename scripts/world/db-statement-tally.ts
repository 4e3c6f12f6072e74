/**
 * The count of database statements a backend process sends (db-statement-counter.ts records into
 * it from inside that process): every statement, the job queue's included, a script of several
 * statements counting as that many. Statements sent while answering GET /metrics are kept apart:
 * the bench's own scrapes are not the engine's work.
 */

export interface DbStatementCounts {
  /** Statements of the backend's own work (everything but the /metrics scrapes). */
  statements: number;
  /** Round trips that carried them (a script is one). */
  calls: number;
  /** Of the statements, those naming the job queue's schema (pg-boss's). */
  queue: number;
  /** Statements by the first word of their call (a script of several: 'script'). */
  byKind: Record<string, number>;
  /** Statements by their call's text (whitespace folded, cut at TEXT_KEY_LENGTH), at most MAX_TEXTS texts, then '(other texts)'. */
  byText: Record<string, number>;
  /** Statements sent while answering GET /metrics, not counted above. */
  scrapeStatements: number;
}

export const TEXT_KEY_LENGTH = 120;
export const MAX_TEXTS = 300;
const OTHER_TEXTS = '(other texts)';

export function emptyCounts(): DbStatementCounts {
  return { statements: 0, calls: 0, queue: 0, byKind: {}, byText: {}, scrapeStatements: 0 };
}

/** The key a call's text is counted under: the same statement with other parameters is the same key. */
export function textKey(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, TEXT_KEY_LENGTH);
}

/** What a call is, by its first keyword (lower case), or 'script' when it carried several statements. */
export function statementKind(sql: string, statements: number): string {
  if (statements > 1) return 'script';
  const word = /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  return word ?? 'other';
}

/** Records one call of `statements` statements (at least one: a call that failed still went to the server). */
export function record(
  counts: DbStatementCounts,
  call: { sql: string; statements: number; queueSchema: string; duringScrape: boolean },
): void {
  const n = Math.max(1, call.statements);
  if (call.duringScrape) {
    counts.scrapeStatements += n;
    return;
  }
  counts.statements += n;
  counts.calls += 1;
  if (call.sql.includes(`${call.queueSchema}.`)) counts.queue += n;
  const kind = statementKind(call.sql, n);
  counts.byKind[kind] = (counts.byKind[kind] ?? 0) + n;
  let key = textKey(call.sql);
  if (!(key in counts.byText) && Object.keys(counts.byText).length >= MAX_TEXTS) key = OTHER_TEXTS;
  counts.byText[key] = (counts.byText[key] ?? 0) + n;
}

function difference(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(after)) {
    const d = n - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}

/** The `count` most frequent texts, most frequent first. */
export function topTexts(counts: Pick<DbStatementCounts, 'byText'>, count: number): { text: string; statements: number }[] {
  return Object.entries(counts.byText)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([text, statements]) => ({ text, statements }));
}

/** What happened between two readings. */
export function countsBetween(before: DbStatementCounts, after: DbStatementCounts): DbStatementCounts {
  return {
    statements: after.statements - before.statements,
    calls: after.calls - before.calls,
    queue: after.queue - before.queue,
    byKind: difference(before.byKind, after.byKind),
    byText: difference(before.byText, after.byText),
    scrapeStatements: after.scrapeStatements - before.scrapeStatements,
  };
}
