/**
 * `npm run reset` (scripts/reset.ts): removes the saved local world (the emulators' state and the
 * backend's embedded database) and says so; refuses while the stack's ports are taken, since a
 * running stack would write its world back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/world/free-port';

const root = join(__dirname, '..', '..', '..');
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'wso-reset-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function reset(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runReset(await Promise.all([freePort(), freePort(), freePort(), freePort()]));
}

function runReset(ports: number[]) {
  const [graph, identity, webex, backend] = ports;
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/reset.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      GRAPH_EMULATOR_PORT: String(graph),
      IDENTITY_EMULATOR_PORT: String(identity),
      WEBEX_EMULATOR_PORT: String(webex),
      PORT: String(backend),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function saveWorld(): void {
  mkdirSync(join(dataDir, 'emulators'), { recursive: true });
  writeFileSync(join(dataDir, 'emulators', 'graph.json'), '{}');
  mkdirSync(join(dataDir, 'pglite'), { recursive: true });
  writeFileSync(join(dataDir, 'pglite', 'PG_VERSION'), '17');
}

it('removes the emulators’ state and the embedded database, and says so', async () => {
  saveWorld();
  const run = await reset();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`Removed the saved local world: ${join(dataDir, 'emulators')} and ${join(dataDir, 'pglite')}.`);
  expect(run.stdout).toContain('The next npm start begins from the seed.');
  expect(existsSync(join(dataDir, 'emulators'))).toBe(false);
  expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
});

it('says when there is nothing to remove', async () => {
  const run = await reset();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`No saved local world in ${dataDir}: nothing to remove.`);
});

it('refuses while something listens on the stack’s ports', async () => {
  saveWorld();
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const busy: Server = createServer();
  await new Promise<void>((resolve) => busy.listen(ports[0], '127.0.0.1', resolve));
  try {
    const run = runReset(ports);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Something listens on port ${ports[0]}: stop the local stack`);
    expect(existsSync(join(dataDir, 'emulators', 'graph.json'))).toBe(true);
  } finally {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  }
});
