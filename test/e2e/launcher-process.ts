/**
 * The real launcher (`npm start`, scripts/start.ts) as a child process of a test: started with the
 * test's environment and arguments, its output collected, waited on for a line, and stopped with
 * Ctrl-C (SIGINT) as a person stops it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface Launcher {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves once the output contains `text`; rejects when the launcher exits first or the time is up. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  /** Ctrl-C; resolves to the exit code. */
  interrupt(timeoutMs?: number): Promise<number | null>;
}

export function startLauncher(env: NodeJS.ProcessEnv, args: string[] = []): Launcher {
  let output = '';
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    output: () => output,
    waitForOutput(text, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (err?: Error) => {
          clearTimeout(timer);
          clearInterval(poll);
          if (err) reject(err);
          else resolve();
        };
        const timer = setTimeout(() => done(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
        const poll = setInterval(() => {
          if (output.includes(text)) done();
          else if (child.exitCode !== null) done(new Error(`the launcher exited (${child.exitCode}) before "${text}"; output:\n${output}`));
        }, 200);
      });
    },
    async interrupt(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
