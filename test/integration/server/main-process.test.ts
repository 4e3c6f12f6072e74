/**
 * `npx tsx src/server/main.ts` as the launcher runs it: with no configuration it starts in local
 * mode (embedded database under DATA_DIR), serves /healthz while the emulators are down, says in
 * /readyz what is not ready, and stops cleanly on SIGTERM. A bad configuration exits 1 naming
 * the variable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/world/free-port';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Only what any process has; none of the product's variables. */
function bareEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, NODE_EXTRA_CA_CERTS } = process.env;
  return { PATH, HOME, NODE_EXTRA_CA_CERTS, ...extra };
}

function run(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(tsx, ['src/server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the backend process', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'backend-main-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts in local mode with no configuration, serves probes, and stops on SIGTERM', async () => {
    const [port, deadPort] = [await freePort(), await freePort()];
    const proc = run(
      bareEnvironment({
        DATA_DIR: dataDir,
        PORT: String(port),
        // The emulators are down: nothing listens on this port.
        IDENTITY_EMULATOR_PORT: String(deadPort),
        GRAPH_EMULATOR_PORT: String(deadPort),
        WEBEX_EMULATOR_PORT: String(deadPort),
      }),
    );
    try {
      await waitFor(() => proc.output().includes('"code":"backend_listening"'), 'the backend to listen');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'not_ready',
        checks: { database: 'ok', graphEmulator: 'unavailable', identityEmulator: 'unavailable', webexEmulator: 'unavailable' },
      });
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain('"code":"backend_stopped"');
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const proc = run(bareEnvironment({ DATA_DIR: dataDir, PORT: 'not-a-port' }));
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/Configuration error: PORT/);
  });
});
