/**
 * `npm start` on a fresh checkout: every part of the local stack answers on its port, and Ctrl-C
 * stops all of them. Runs the real launcher as a child process on spare ports.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addinContentSecurityPolicy } from '../../src/core/addin-content-security-policy';

const root = join(__dirname, '..', '..');
const ports = { addin: 13300, backend: 13301, graph: 14300, identity: 14301, webex: 14302 };

let launcher: ChildProcess;
let output = '';

function waitForOutput(text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    launcher.stdout?.on('data', check);
    launcher.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited (${code}) before "${text}"; output:\n${output}`));
    });
    check();
  });
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Not NODE_EXTRA_CA_CERTS: a user's shell does not have it, and the launcher must cope.
    DATA_DIR: mkdtempSync(join(tmpdir(), 'wso-stack-')),
    ADDIN_PORT: String(ports.addin),
    PORT: String(ports.backend),
    GRAPH_EMULATOR_PORT: String(ports.graph),
    IDENTITY_EMULATOR_PORT: String(ports.identity),
    WEBEX_EMULATOR_PORT: String(ports.webex),
    LOG_LEVEL: 'warn',
  };
  launcher = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  launcher.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  launcher.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitForOutput('local stack ready', 240_000);
}, 260_000);

afterAll(async () => {
  if (launcher.exitCode === null) {
    launcher.kill('SIGKILL');
  }
});

describe('npm start', () => {
  it('prints the URLs and the local sign-in accounts', () => {
    expect(output).toContain(`https://localhost:${ports.addin}/manifest.xml`);
    expect(output).toContain('adele.vance@contoso.example');
    expect(output).toContain('(tenant admin)');
  });

  it('serves the add-in, the backend and the three emulators on their ports', async () => {
    expect(await status(`https://localhost:${ports.addin}/manifest.xml`)).toBe(200);
    expect(await status(`http://127.0.0.1:${ports.backend}/healthz`)).toBe(200);
    expect(await status(`https://localhost:${ports.graph}/_emulator/health`)).toBe(200);
    expect(await status(`https://localhost:${ports.identity}/common/v2.0/.well-known/openid-configuration`)).toBe(200);
    expect(await status(`https://localhost:${ports.webex}/_emulator/health`)).toBe(200);
  });

  it('serves the task pane with the Content-Security-Policy production sends, for the local backend and identity emulator', async () => {
    const res = await fetch(`https://localhost:${ports.addin}/taskpane.html`, { signal: AbortSignal.timeout(5000) });
    expect(res.headers.get('content-security-policy')).toBe(
      addinContentSecurityPolicy({ apiBaseUrl: `http://localhost:${ports.backend}`, authorityHost: `https://localhost:${ports.identity}` }),
    );
  });

  it('stops every part on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of [ports.addin, ports.graph, ports.identity, ports.webex]) {
      expect(await status(`https://localhost:${port}/`)).toBe(0);
    }
    expect(await status(`http://127.0.0.1:${ports.backend}/healthz`)).toBe(0);
  }, 30_000);
});
