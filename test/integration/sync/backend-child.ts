/**
 * The real backend process, `src/server/main.ts`, as `npm start` and production run it, started by
 * a test with an environment of its choosing: read through /metrics, stopped with SIGTERM, or killed
 * with SIGKILL (kill -9) to see what a crash loses.
 *
 * It runs as node with tsx's loader rather than the tsx command: that one runs the script in a
 * child of its own, which a SIGKILL of the command would leave running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

export interface BackendChild {
  readonly pid: number;
  /** Where it listens, e.g. http://127.0.0.1:3001. */
  readonly url: string;
  /** Everything it wrote so far. */
  output(): string;
  /** GET /metrics, `name{labels}` -> value. */
  metrics(): Promise<Record<string, number>>;
  /** The sum of every series of a counter whose labels include `labels`. */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
  /** SIGKILL: no handler runs. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

/** Prometheus text exposition -> `name{labels}` -> value. */
function parseMetrics(text: string): Record<string, number> {
  const samples: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{.*\})?)\s+(\S+)$/.exec(line);
    if (m && !line.startsWith('#')) samples[m[1] as string] = Number(m[2]);
  }
  return samples;
}

/** Starts `src/server/main.ts` with only `env` (and PATH, HOME, the trusted CA); resolves once it listens. */
export async function startBackendChild(env: Record<string, string>, timeoutMs = 60_000): Promise<BackendChild> {
  const { PATH, HOME, NODE_EXTRA_CA_CERTS, TMPDIR } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { PATH, HOME, NODE_EXTRA_CA_CERTS, ...(TMPDIR ? { TMPDIR } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the backend did not listen within ${timeoutMs} ms:\n${output.slice(-3000)}`)),
      timeoutMs,
    );
    const look = setInterval(() => {
      const line = output.split('\n').find((l) => l.includes('"code":"backend_listening"'));
      if (!line) return;
      clearInterval(look);
      clearTimeout(timer);
      resolve(String((JSON.parse(line) as { url: string }).url));
    }, 50);
    void exited.then((code) => {
      clearInterval(look);
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code}) before listening:\n${output.slice(-3000)}`));
    });
  }).catch((thrown: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  });

  const metrics = async () => parseMetrics(await (await fetch(`${url}/metrics`)).text());
  return {
    pid: child.pid ?? 0,
    url,
    output: () => output,
    metrics,
    async counter(name, labels = {}) {
      let sum = 0;
      for (const [key, value] of Object.entries(await metrics())) {
        if (key !== name && !key.startsWith(`${name}{`)) continue;
        if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
      }
      return sum;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    exited,
  };
}
