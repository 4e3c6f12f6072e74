/**
 * A backend running as a process of its own (src/server/main.ts, or sync-backend-process.ts when a
 * test needs its hooks), under node with tsx's loader, as in production:
 * started, read through its /metrics, stopped gracefully, or killed with SIGKILL (kill -9) to see
 * what a crash loses. Its output is kept in memory for the caller to search (the privacy canary) or
 * to show when it fails to start. BENCH_CPU_PROF=1 in the caller's environment runs it under
 * `node --cpu-prof` (profiles in /tmp/prof, written when it exits, not after a SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DbStatementCounts } from './db-statement-tally';
import { parsePrometheusText } from './prometheus-values';

const root = join(__dirname, '..', '..');
/** The backend process as `npm start` and production run it. */
export const MAIN_ENTRY = join(root, 'src', 'server', 'main.ts');
/** main.ts's startBackend with the fault suite's hooks (SYNC_OPTIONS_JSON, SYNC_CRASH_AT_STEP). */
export const HOOKED_ENTRY = join(__dirname, 'sync-backend-process.ts');
/** Loaded into the process to count its database statements (countDbStatements). */
const STATEMENT_COUNTER = join(__dirname, 'db-statement-counter.ts');

export interface BackendProcess {
  readonly pid: number;
  readonly url: string;
  /** The line it announced itself with (url and anything else it said). */
  readonly announcement: Record<string, unknown>;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Its counters at GET /metrics, `name{labels}` -> value. */
  metrics(): Promise<Record<string, number>>;
  /** SIGKILL: no handler runs, nothing is flushed. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (a graceful stop). */
  stop(): Promise<number | null>;
  /** Every database statement it sent so far (only when started with countDbStatements). */
  dbStatements(): Promise<DbStatementCounts>;
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** How it ended, once it has: `code 0`, `signal SIGKILL`; undefined while it runs. */
  exitStatus(): string | undefined;
}

export interface StartBackendOptions {
  env: Record<string, string>;
  /** MAIN_ENTRY (default), HOOKED_ENTRY, or another script announcing itself the same way. */
  entry?: string;
  /** How long it may take to listen (default 60 s). */
  timeoutMs?: number;
  /** Counts every database statement it sends (db-statement-counter.ts), read with dbStatements(). */
  countDbStatements?: boolean;
}

/** Only what any process has, plus the backend's variables: none of the caller's. */
function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, NODE_EXTRA_CA_CERTS, TMPDIR } = process.env;
  return { PATH, HOME, NODE_EXTRA_CA_CERTS, ...(TMPDIR ? { TMPDIR } : {}), ...extra };
}

export async function startBackendProcess(options: StartBackendOptions): Promise<BackendProcess> {
  // Node itself with tsx's loader, not the tsx command: that one runs the script in a child of its
  // own, which a SIGKILL of the command would leave running.
  const counting = options.countDbStatements === true;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      ...(counting ? ['--import', STATEMENT_COUNTER] : []),
      options.entry ?? MAIN_ENTRY,
    ],
    {
      cwd: root,
      env: processEnv(options.env),
      // The counter answers over an IPC channel.
      stdio: counting ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let announcement: Record<string, unknown> | undefined;
  // Everything it says is kept (the privacy canary reads it), bounded; the first line announcing
  // that it listens is looked for as lines arrive: main.ts logs it (pino, at info), the other
  // entries print it.
  let pendingLine = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 8_000_000) output = output.slice(-4_000_000);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (announcement) return;
    const lines = (pendingLine + chunk.toString()).split('\n');
    pendingLine = lines.pop() ?? '';
    const line = lines.find((l) => l.includes('"code":"backend_listening"'));
    if (line) announcement = JSON.parse(line) as Record<string, unknown>;
  });
  let exitStatus: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitStatus = signal ? `signal ${signal}` : `code ${code}`;
      resolve(code);
    }),
  );
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!announcement) {
    if (gone || Date.now() > deadline) {
      if (!gone) child.kill('SIGKILL');
      throw new Error(`the backend ${gone ? 'exited before listening' : `did not listen within ${timeoutMs} ms`}:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const url = String(announcement.url);
  return {
    pid: child.pid ?? 0,
    url,
    announcement,
    output: () => output,
    exited,
    exitStatus: () => exitStatus,
    async metrics() {
      const res = await fetch(`${url}/metrics`);
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
      return parsePrometheusText(await res.text());
    },
    dbStatements() {
      if (!counting) return Promise.reject(new Error('the backend was not started with countDbStatements'));
      return new Promise<DbStatementCounts>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error('the backend did not tell its database statements within 5 s'));
        }, 5_000);
        const onMessage = (message: unknown) => {
          const m = message as { type?: unknown; counts?: DbStatementCounts };
          if (m?.type !== 'db-statements' || !m.counts) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m.counts);
        };
        child.on('message', onMessage);
        child.send({ type: 'db-statements?' });
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
