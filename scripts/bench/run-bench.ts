/**
 * `npm run bench`: runs each figure group (figure-group.ts) in turn and prints ONE JSON object on
 * stdout: every group's figures at the top level and `inputs.<group>` beside them. Progress goes
 * to stderr. A group that fails reports its figures as null with the error under its inputs, the
 * other groups still run, and the exit code is 1.
 *
 * Each group runs in a process of its own (this script again, told which group and where to write
 * its result), one after the other: the sync group's emulators run in the bench's process, and the
 * heap the task pane's webpack builds and the ingest rounds leave behind made its major garbage
 * collections pause them mid-burst (converge_ratio 0.71 in one full run where the same code gave
 * 0.86 measured alone). Each ratio's two sides are still measured in the same group, same process.
 *
 * To add figures: write a module exporting a FigureGroup and list it in GROUPS. `verdicts` compares
 * each figure with its target (docs/architecture.md#bench-figures, figure-targets.ts).
 * BENCH_ONLY=sync,ingest runs only the groups named (while working on one).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, Figure, FigureGroup, FigureGroupResult } from './figure-group';
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

/** Set in a group's own process: the group to run, and the file its result goes to. */
const GROUP_NAME = process.env.BENCH_GROUP;
const GROUP_RESULT_FILE = process.env.BENCH_GROUP_RESULT;

/** Runs `group` in a process of its own and resolves to its result (its progress goes to stderr). */
function runInOwnProcess(group: FigureGroup, workDir: string): Promise<FigureGroupResult> {
  const resultFile = join(workDir, 'result.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename], {
      env: { ...process.env, BENCH_GROUP: group.name, BENCH_GROUP_RESULT: resultFile, BENCH_WORK_DIR: workDir },
      // stdout carries only the JSON of this process: the group's own output goes to stderr.
      stdio: ['ignore', 2, 2],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      let written: (FigureGroupResult & { thrown?: undefined }) | { thrown: string };
      try {
        written = JSON.parse(readFileSync(resultFile, 'utf8')) as typeof written;
      } catch {
        reject(new Error(`the ${group.name} group's process ended (${signal ?? `exit ${code}`}) without a result`));
        return;
      }
      if (written.thrown !== undefined) reject(new Error(written.thrown));
      else resolve(written);
    });
  });
}

/** In a group's own process: runs the group and writes its result (or its failure) for the parent. */
async function runGroupHere(name: string, resultFile: string): Promise<void> {
  const group = GROUPS.find((g) => g.name === name);
  if (!group) throw new Error(`no figure group named ${name}`);
  const workDir = process.env.BENCH_WORK_DIR ?? mkdtempSync(join(tmpdir(), `wso-bench-${name}-`));
  const context: BenchContext = {
    root: join(__dirname, '..', '..'),
    workDir,
    log: (message) => process.stderr.write(`[bench ${name}] ${message}\n`),
  };
  try {
    writeFileSync(resultFile, JSON.stringify(await group.run(context)));
  } catch (thrown) {
    // The parent reports the group as failed, with this message.
    writeFileSync(resultFile, JSON.stringify({ thrown: thrown instanceof Error ? thrown.message : String(thrown) }));
    process.stderr.write(`[bench ${name}] ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`);
  }
}

async function main(): Promise<void> {
  if (GROUP_NAME && GROUP_RESULT_FILE) {
    await runGroupHere(GROUP_NAME, GROUP_RESULT_FILE);
    process.exit(0);
  }
  const rerun = await rerunTrustingLocalCa(__filename);
  if (rerun !== undefined) process.exit(rerun);
  const figures: Record<string, Figure> = {};
  const inputs: Record<string, unknown> = {};
  const unmeasured: Record<string, string> = {};
  const groupSeconds: Record<string, number> = {};
  let failed = false;
  const started = Date.now();
  for (const group of GROUPS) {
    const workDir = mkdtempSync(join(tmpdir(), `wso-bench-${group.name}-`));
    const log = (message: string) => process.stderr.write(`[bench ${group.name}] ${message}\n`);
    const groupStarted = Date.now();
    try {
      const result = await runInOwnProcess(group, workDir);
      Object.assign(figures, result.figures);
      Object.assign(unmeasured, result.unmeasured);
      inputs[group.name] = result.inputs;
      for (const failure of result.failures ?? []) {
        failed = true;
        log(`failed: ${failure}`);
      }
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      failed = true;
      log(`failed: ${err.stack ?? err.message}`);
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
