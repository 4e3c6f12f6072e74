/**
 * `npm run serve` (scripts/serve.ts) as an operator runs it: configured only by environment
 * variables, it refuses to start — exit code 1 and a line naming what to fix — when a required
 * variable is missing or malformed or the build is missing; with a good configuration it serves the
 * built add-in and the API from one origin, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCTION_ENV } from './production-app';
import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';
import { freePort } from '../../../scripts/world/free-port';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function serve(env: Record<string, string | undefined>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { PATH, HOME, NODE_EXTRA_CA_CERTS } = process.env;
  const child = spawn(tsx, ['scripts/serve.ts'], {
    cwd: root,
    env: { PATH, HOME, NODE_EXTRA_CA_CERTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A stand-in for dist/: the files Outlook loads, and the icons. */
function fakeBuild(dir: string): void {
  for (const page of ['taskpane.html', 'commands.html', 'launchevent.html', 'support.html'])
    writeFileSync(join(dir, page), `<!doctype html><title>${page}</title>`);
  writeFileSync(join(dir, 'launchevent.js'), 'Office.actions.associate("onNewAppointmentOrganizer", function (e) { e.completed(); });');
  writeFileSync(join(dir, 'manifest.xml'), '<OfficeApp/>');
  mkdirSync(join(dir, 'assets'));
  for (const icon of readdirSync(join(root, 'assets'))) copyFileSync(join(root, 'assets', icon), join(dir, 'assets', icon));
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wso-serve-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('npm run serve', () => {
  it.each([
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: undefined }],
    ['TOKEN_ENCRYPTION_KEY', { TOKEN_ENCRYPTION_KEY: 'too-short' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'sometimes' }],
    ['ADDIN_ID', { ADDIN_ID: 'not-a-guid' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: undefined }],
  ])('refuses to start naming %s when it is missing or malformed', async (name, change) => {
    const proc = serve({ ...PRODUCTION_ENV, DATA_DIR: join(work, 'data'), SERVE_ADDIN_FROM: work, ...change });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(new RegExp(`Configuration error: ${name}`));
  });

  it('refuses to start without a build of the add-in, naming SERVE_ADDIN_FROM', async () => {
    const empty = mkdtempSync(join(work, 'empty-'));
    const proc = serve({ ...PRODUCTION_ENV, DATA_DIR: join(work, 'data'), SERVE_ADDIN_FROM: empty });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/Configuration error: SERVE_ADDIN_FROM: .* lacks taskpane\.html/);
  });

  it('serves the built add-in for Outlook to frame and the API from one origin, then stops on SIGTERM', async () => {
    const build = mkdtempSync(join(work, 'dist-'));
    fakeBuild(build);
    const port = await freePort();
    const proc = serve({
      ...PRODUCTION_ENV,
      LOG_LEVEL: 'info',
      DATA_DIR: join(work, 'data'),
      SERVE_ADDIN_FROM: build,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!proc.output().includes('"code":"backend_listening"')) {
        if (Date.now() > deadline || proc.child.exitCode !== null) throw new Error(`serve did not start: ${proc.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(proc.output()).toContain('"code":"addin_build_mismatch"');
      const base = `http://127.0.0.1:${port}`;

      const pane = await fetch(`${base}/taskpane.html`);
      expect(pane.status).toBe(200);
      expect(pane.headers.get('x-frame-options')).toBeNull();
      // Its own policy: Office.js from Microsoft's CDN, the API and sign-in; never the API's "deny all".
      // (Exactly the one test/unit/core/addin-content-security-policy.test.ts reads, for this origin.)
      expect(pane.headers.get('content-security-policy')).toBe(
        addinContentSecurityPolicy({
          apiBaseUrl: PRODUCTION_ENV.PUBLIC_BASE_URL as string,
          authorityHost: 'https://login.microsoftonline.com',
        }),
      );
      expect(pane.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await fetch(`${base}/assets/icon-32.png`)).headers.get('content-type')).toBe('image/png');

      const manifest = await (await fetch(`${base}/manifest.xml`)).text();
      expect(manifest).toContain('https://scheduler.example.com/taskpane.html');

      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const api = await fetch(`${base}/api/me`);
      expect(api.status).toBe(401);
      expect(api.headers.get('x-frame-options')).not.toBeNull();
      expect((await fetch(`${base}/no-such-file.js`)).status).toBe(404);

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain('"code":"backend_stopped"');
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });
});
