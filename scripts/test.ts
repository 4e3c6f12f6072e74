/**
 * `npm test`: format check, lint, type-check, then Jest with the local CA trusted (NODE_EXTRA_CA_CERTS is read
 * only when a Node process starts, so Jest runs as a child of this script).
 *
 * Flags: --jest-only skips lint and type-check; anything else is passed to Jest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevCerts } from './dev-certs';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function run(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jestOnly = args.includes('--jest-only');
  const jestArgs = args.filter((a) => a !== '--jest-only');

  const certs = await ensureDevCerts();
  if (!jestOnly) {
    run('format (prettier --check; npm run format rewrites)', bin('prettier'), ['--check', '--log-level=warn', '.']);
    run('lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']);
    run('type-check (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  }

  const artifacts = join(root, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const resultsFile = join(artifacts, 'jest-results.json');
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: certs.caCertPath, WEBEX_SCHEDULER_TEST: '1' };
  // The Teams tab's browser tests build its pages for their own backend (its address is fixed in the
  // build). webpack's cache for them (in the temporary directory, by content) is filled here, once,
  // before Jest: a cold build inside a test's setup, on a fresh machine busy with the other tests,
  // can outlast the setup's time limit.
  const paths = jestArgs.filter((a) => !a.startsWith('-'));
  if (paths.length === 0 || paths.some((p) => 'test/e2e/teams'.startsWith(p.replace(/\/+$/, '')) || p.startsWith('test/e2e/teams'))) {
    run('Teams tab pages (webpack cache)', bin('tsx'), ['-e', "require('./test/e2e/teams/teams-browser-kit').warmTeamsPagesCache()"]);
  }
  console.log(`\n> tests (jest, on Node.js ${process.version})`);
  const r = spawnSync(bin('jest'), ['--json', `--outputFile=${resultsFile}`, ...jestArgs], { stdio: 'inherit', cwd: root, env });

  if (existsSync(resultsFile)) {
    const res = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    console.log(`\n${res.numPassedTests} passed, ${res.numFailedTests} failed, ${res.numPendingTests + res.numTodoTests} skipped`);
  }
  process.exit(r.status ?? 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
