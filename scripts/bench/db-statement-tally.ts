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
  /** Statements sent while answering GET /metrics, not counted above. */
  scrapeStatements: number;
}

export function emptyCounts(): DbStatementCounts {
  return { statements: 0, calls: 0, queue: 0, byKind: {}, scrapeStatements: 0 };
}

/** What a call is, by its first keyword (lower case), or 'script' when it carried several statements. */
export function statementKind(sql: string, statements: number): string {
  if (statements > 1) return 'script';
  const word = /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  return word ?? 'other';
}

/** Records one call of `statements` statements (at least one: a call that failed still went to the server). */
export function record(counts: DbStatementCounts, call: { sql: string; statements: number; queueSchema: string; duringScrape: boolean }): void {
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
}

/** What happened between two readings. */
export function countsBetween(before: DbStatementCounts, after: DbStatementCounts): DbStatementCounts {
  const byKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.byKind)) {
    const d = n - (before.byKind[kind] ?? 0);
    if (d !== 0) byKind[kind] = d;
  }
  return {
    statements: after.statements - before.statements,
    calls: after.calls - before.calls,
    queue: after.queue - before.queue,
    byKind,
    scrapeStatements: after.scrapeStatements - before.scrapeStatements,
  };
}
