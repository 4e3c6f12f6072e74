/**
 * One group of benchmark figures (the task pane's, later the receiver's, the sync engine's...).
 * `npm run bench` (run-bench.ts) runs every group in turn and prints one JSON object: the figures
 * of all groups side by side (docs/architecture.md#bench-figures names them), and under `inputs`
 * what each group measured with, so a figure can be reproduced and compared.
 */

export type Figure = number | null;

export interface FigureGroupResult {
  figures: Record<string, Figure>;
  inputs: Record<string, unknown>;
  /** Why a figure is null (no Postgres server to measure on, a part that failed): shown in its verdict. */
  unmeasured?: Record<string, string>;
  /** Parts that failed while the others were measured: the run then exits 1, as for a group that fails. */
  failures?: string[];
}

export interface FigureGroup {
  /** The key of this group's inputs in the output. */
  name: string;
  /** The figures it reports: all null when the group fails. */
  figureNames: readonly string[];
  run(context: BenchContext): Promise<FigureGroupResult>;
}

export interface BenchContext {
  /** The repository's root. */
  root: string;
  /** A scratch directory for this run; removed afterwards. */
  workDir: string;
  /** Progress for the person watching (stderr): stdout carries only the JSON. */
  log(message: string): void;
}
