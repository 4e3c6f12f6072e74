/**
 * `npm run bench`: runs each figure group (figure-group.ts) in turn and prints ONE JSON object on
 * stdout: every group's figures at the top level and `inputs.<group>` beside them. Progress goes
 * to stderr. A group that fails reports its figures as null with the error under its inputs, the
 * other groups still run, and the exit code is 1.
 *
 * To add figures: write a module exporting a FigureGroup and list it in GROUPS. `verdicts` compares
 * each figure with its target (docs/architecture.md#bench-figures, figure-targets.ts).
 * BENCH_ONLY=sync,ingest runs only the groups named (while working on one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, Figure, FigureGroup } from './figure-group';
import { verdicts } from './figure-targets';
import { rerunTrustingLocalCa } from './local-ca';
import { ingestFigures } from './ingest-figures';
import { subscriptionFigures } from './subscription-figures';
import { syncFigures } from './sync-figures';
import { taskpaneFigures } from './taskpane-figures';

const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const GROUPS: FigureGroup[] = [taskpaneFigures, ingestFigures, syncFigures, subscriptionFigures].filter(
  (group) => !ONLY || ONLY.includes(group.name),
);

async function main(): Promise<void> {
  const rerun = await rerunTrustingLocalCa(__filename);
  if (rerun !== undefined) process.exit(rerun);
  const root = join(__dirname, '..', '..');
  const figures: Record<string, Figure> = {};
  const inputs: Record<string, unknown> = {};
  const unmeasured: Record<string, string> = {};
  const groupSeconds: Record<string, number> = {};
  let failed = false;
  const started = Date.now();
  for (const group of GROUPS) {
    const workDir = mkdtempSync(join(tmpdir(), `wso-bench-${group.name}-`));
    const context: BenchContext = { root, workDir, log: (message) => process.stderr.write(`[bench ${group.name}] ${message}\n`) };
    const groupStarted = Date.now();
    try {
      const result = await group.run(context);
      Object.assign(figures, result.figures);
      Object.assign(unmeasured, result.unmeasured);
      inputs[group.name] = result.inputs;
      for (const failure of result.failures ?? []) {
        failed = true;
        context.log(`failed: ${failure}`);
      }
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      failed = true;
      context.log(`failed: ${err.stack ?? err.message}`);
      for (const name of group.figureNames) {
        figures[name] = null;
        unmeasured[name] = `the ${group.name} group failed: ${err.message}`;
      }
      inputs[group.name] = { error: err.message };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      groupSeconds[group.name] = Math.round((Date.now() - groupStarted) / 100) / 10;
    }
  }
  process.stdout.write(
    `${JSON.stringify({ ...figures, verdicts: verdicts(figures, unmeasured), inputs: { ...inputs, group_seconds: groupSeconds, total_seconds: Math.round((Date.now() - started) / 100) / 10 } }, null, 2)}\n`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((thrown: unknown) => {
  console.error(thrown);
  process.exit(1);
});
