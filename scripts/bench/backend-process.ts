/**
 * A backend running as a process of its own (sync-backend-process.ts under tsx), as in production:
 * started, read through its /metrics, stopped gracefully, or killed with SIGKILL (kill -9) to see
 * what a crash loses. Its output is kept in memory for the caller to search (the privacy canary) or
 * to show when it fails to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parsePrometheusText } from './prometheus-values';

const root = join(__dirname, '..', '..');
/** The entry that runs the backend with its sync engine (see its header for why not main.ts). */
export const SYNC_BACKEND_ENTRY = join(__dirname, 'sync-backend-process.ts');

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
  readonly exited: Promise<number | null>;
}

export interface StartBackendOptions {
  env: Record<string, string>;
  entry?: string;
  /** How long it may take to listen (default 60 s). */
  timeoutMs?: number;
}

/** Only what any process has, plus the backend's variables: none of the caller's. */
function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, NODE_EXTRA_CA_CERTS, TMPDIR } = process.env;
  return { PATH, HOME, NODE_EXTRA_CA_CERTS, ...(TMPDIR ? { TMPDIR } : {}), ...extra };
}

export async function startBackendProcess(options: StartBackendOptions): Promise<BackendProcess> {
  // Node itself with tsx's loader, not the tsx command: that one runs the script in a child of its
  // own, which a SIGKILL of the command would leave running.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.entry ?? SYNC_BACKEND_ENTRY], {
    cwd: root,
    env: processEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not listen within ${options.timeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /^\{"code":"backend_listening".*\}$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[0]) as Record<string, unknown>);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code}) before listening:\n${output.slice(-4000)}`));
    });
  });
  let announcement: Record<string, unknown>;
  try {
    announcement = await listening;
  } catch (thrown) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  const url = String(announcement.url);
  // Nobody reads the rest of what it says unless asked: keep the pipe flowing, bounded in memory.
  child.stdout?.on('data', () => {
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  });
  return {
    pid: child.pid ?? 0,
    url,
    announcement,
    output: () => output,
    exited,
    async metrics() {
      const res = await fetch(`${url}/metrics`);
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
      return parsePrometheusText(await res.text());
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
