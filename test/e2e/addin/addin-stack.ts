/**
 * The whole local stack for the add-in's browser tests, on spare ports: the three emulators and the
 * backend in this process (as scripts/local-emulators.ts and src/server/main.ts start them), and
 * the add-in's webpack dev server as a child process (`webpack serve`, as `npm start` runs it),
 * which serves the task pane, the function file, the launch-event page, manifest.xml and the
 * Outlook dev host.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEmulators, type LocalEmulators } from '../../../scripts/local-emulators';
import { loadConfig } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { startBackend, type RunningBackend } from '../../../src/server/main';
import { freePort } from '../../../scripts/bench/free-port';

const root = join(__dirname, '..', '..', '..');

export interface AddinStack {
  /** https://localhost:<port>: the add-in and the dev host. */
  addinUrl: string;
  /** The backend as browsers reach it (http://localhost:<port>). */
  backendUrl: string;
  graphUrl: string;
  identityUrl: string;
  webexUrl: string;
  /** The backend's Entra app, for a test that acts as another client of Microsoft Graph. */
  backendApp: { clientId: string; clientSecret?: string; authorityHost: string };
  devhostUrl(params?: Record<string, string>): string;
  close(): Promise<void>;
}

async function waitForOk(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`webpack serve exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}):\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

export async function startAddinStack(): Promise<AddinStack> {
  const [addin, backendPort, graph, identity, webex] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(join(tmpdir(), 'wso-addin-e2e-'));
  const env: Record<string, string> = {
    ADDIN_PORT: String(addin),
    PORT: String(backendPort),
    GRAPH_EMULATOR_PORT: String(graph),
    IDENTITY_EMULATOR_PORT: String(identity),
    WEBEX_EMULATOR_PORT: String(webex),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // One test user opens the pane dozens of times a minute here, as nobody does: at the default
    // per-user limit (120 a minute) a suite's later panes were refused (rate_limited). The limit
    // itself is tested in test/integration/server.
    RATE_LIMIT_PER_MINUTE: '2000',
  };

  let emulators: LocalEmulators | undefined;
  let backend: RunningBackend | undefined;
  let child: ChildProcess | undefined;
  const close = async () => {
    if (child) await stopChild(child);
    await backend?.stop().catch(() => undefined);
    await emulators?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    emulators = await startLocalEmulators(env);
    const config = loadConfig(env);
    backend = await startBackend(config, createLogger({ level: 'warn' }));

    let output = '';
    child = spawn(
      join(root, 'node_modules', '.bin', 'webpack'),
      ['serve', '--mode', 'development', '--env', `graphEmulatorUrl=${emulators.graphUrl}`],
      {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS, ...env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const addinUrl = `https://localhost:${addin}`;
    // The dev middleware holds requests until the first build is done.
    await waitForOk(`${addinUrl}/devhost.html`, child, () => output, 180_000);

    return {
      addinUrl,
      backendUrl: config.publicBaseUrl,
      graphUrl: emulators.graphUrl,
      identityUrl: emulators.identityUrl,
      webexUrl: emulators.webexUrl,
      backendApp: {
        clientId: config.microsoft.clientId,
        clientSecret: config.microsoft.credential.clientSecret,
        authorityHost: config.microsoft.authorityHost,
      },
      devhostUrl: (params = {}) => `${addinUrl}/devhost.html?${new URLSearchParams({ tz: 'Europe/Berlin', ...params }).toString()}`,
      close,
    };
  } catch (thrown) {
    await close();
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
}
