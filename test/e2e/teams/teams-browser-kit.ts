/**
 * Everything the Call tab's browser tests run against: the Teams pages built by the project's
 * webpack configuration for the stack's backend (the pages have their backend from their build, as
 * a deployment's do), served over HTTPS on the tab's origin with the add-in pages'
 * Content-Security-Policy, as production and the development server serve them; the identity and
 * Graph emulators and the backend (test/integration/teams/teams-stack.ts); Debian's Chromium; and
 * the Teams dev host opened on a person, a place and a theme.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { readDevCerts } from '../../../scripts/dev-certs';
import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { launchBrowser, screenshotPath, type LaunchedBrowser } from '../../helpers/browser';
import { startTeamsStack, type TeamsStack, type TeamsStackOptions } from '../../integration/teams/teams-stack';
import { collectCspViolations, type CspViolation } from '../csp-violations';

const root = join(__dirname, '..', '..', '..');
const BUILD_SCRIPT = join(__dirname, 'build-teams-pages.ts');
const WARM_MARK = 'warm';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

/**
 * webpack's cache for the Teams pages, one per checkout and content of their sources (kept in the
 * temp directory): webpack keys its entries by absolute path, so another checkout's cache would
 * serve nothing.
 */
function teamsPagesCacheDir(): string {
  const inputs = [
    ...sourceFiles(join(root, 'src', 'teams')),
    ...sourceFiles(join(root, 'src', 'emulators', 'teams')),
    ...sourceFiles(join(root, 'src', 'core')),
    join(root, 'webpack.config.js'),
    BUILD_SCRIPT,
    join(root, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256').update(root);
  for (const file of inputs) hash.update(relative(root, file)).update(readFileSync(file));
  return join(tmpdir(), `wso-teams-pages-cache-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * Fills webpack's cache for the Teams pages unless it is full already. Run once before Jest
 * (scripts/test.ts): a cold build inside a test's setup, on a machine busy with the other tests,
 * can outlast the setup's time limit; from the cache, a stack's own build takes seconds.
 */
export function warmTeamsPagesCache(): string {
  const cache = teamsPagesCacheDir();
  if (existsSync(join(cache, WARM_MARK))) return cache;
  // Built aside and renamed into place: two runs may warm it at once on a fresh machine.
  const building = `${cache}.building-${process.pid}`;
  const out = mkdtempSync(join(tmpdir(), 'wso-teams-pages-warm-'));
  try {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [BUILD_SCRIPT, out, `--cache=${building}`], {
      cwd: root,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`building the Teams pages failed:\n${run.stdout}\n${run.stderr}`);
    writeFileSync(join(building, WARM_MARK), '');
    try {
      renameSync(building, cache);
    } catch {
      // The other run finished first: its cache is of the same sources.
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(building, { recursive: true, force: true });
  }
  return cache;
}

/**
 * Builds the Teams pages for the backend at `apiBaseUrl` into a directory of their own (the
 * caller removes it); reads webpack's cache when warmTeamsPagesCache filled it, never writes it,
 * so that test files building at once do not write one cache together.
 */
export async function buildTeamsPages(apiBaseUrl: string): Promise<string> {
  const cache = teamsPagesCacheDir();
  const out = mkdtempSync(join(tmpdir(), 'wso-teams-pages-'));
  const flags = existsSync(join(cache, WARM_MARK)) ? [`--cache=${cache}`, '--readonly'] : [];
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [BUILD_SCRIPT, out, ...flags], {
    cwd: root,
    env: { ...process.env, API_BASE_URL: apiBaseUrl },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`building the Teams pages failed:\n${output}`);
  }
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
};

/**
 * A static HTTPS server for the built pages, on a free port, as the add-in's web server serves
 * them: from the directory set (setRoot, once the pages are built for the stack's backend), with
 * the policy set (setPolicy, once the stack's origins are known) as their Content-Security-Policy,
 * except on the Teams dev host, which plays Teams and is sent none (webpack.config.js says why).
 */
export async function serveStatic(): Promise<{
  server: Server;
  port: number;
  setRoot(dir: string): void;
  setPolicy(policy: string): void;
}> {
  const { key, cert } = readDevCerts();
  let policy = "default-src 'none'";
  let dir: string | undefined;
  const server = createServer({ key, cert }, (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = dir === undefined ? undefined : join(dir, path);
    if (dir === undefined || file === undefined || !file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...(path === '/teams-devhost.html' ? {} : { 'content-security-policy': policy }),
      })
      .end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : 0,
    setRoot(next) {
      dir = next;
    },
    setPolicy(next) {
      policy = next;
    },
  };
}

export interface BrowserStack {
  stack: TeamsStack;
  browser: LaunchedBrowser;
  /** What the browser's documents reported breaking their Content-Security-Policy, so far. */
  cspViolations: CspViolation[];
  close(): Promise<void>;
}

export async function startBrowserStack(options: TeamsStackOptions = {}): Promise<BrowserStack> {
  // The pages' server listens first, on a port of its own, and the stack is told it: a port found
  // free and listened on later may meanwhile have gone to one of the stack's emulators. The pages
  // are built once the backend's address is known, for that backend.
  const site = await serveStatic();
  const closeSite = () => new Promise<void>((resolve) => site.server.close(() => resolve()));
  const stack = await startTeamsStack({ ...options, tabPort: site.port }).catch(async (thrown: unknown) => {
    await closeSite();
    throw thrown;
  });
  const pages = await buildTeamsPages(stack.url).catch(async (thrown: unknown) => {
    await closeSite();
    await stack.close();
    throw thrown;
  });
  site.setRoot(pages);
  site.setPolicy(addinContentSecurityPolicy({ apiBaseUrl: stack.url, authorityHost: stack.identity.url }));
  const browser = await launchBrowser();
  const cspViolations = await collectCspViolations(browser.context);
  return {
    stack,
    browser,
    cspViolations,
    async close() {
      await browser.close();
      await closeSite();
      await stack.close();
      rmSync(pages, { recursive: true, force: true });
    },
  };
}

export interface DevHostOptions {
  user: DirectoryUser;
  /** 'personal', a chat id, or team:{teamId}:{channelId}. */
  where?: string;
  theme?: 'default' | 'dark' | 'contrast';
  locale?: string;
}

/** Opens the Teams dev host with the tab loaded; returns the dev host page. */
export async function openDevHost(bs: BrowserStack, o: DevHostOptions): Promise<Page> {
  const page = await bs.browser.context.newPage();
  const q = new URLSearchParams({
    identity: bs.stack.identity.url,
    graph: bs.stack.graph.url,
    user: o.user.userPrincipalName,
    where: o.where ?? 'personal',
    theme: o.theme ?? 'default',
    locale: o.locale ?? 'en-us',
    autostart: '1',
  });
  await page.goto(`${bs.stack.tabBaseUrl}/teams-devhost.html?${q.toString()}`);
  return page;
}

/** The tab inside the dev host's frame. */
export function tabOf(page: Page) {
  return page.frameLocator('iframe#tab');
}

/** The tab's frame itself (for what takes a Frame, such as the accessibility check). */
export async function tabFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('iframe#tab')).contentFrame();
  if (!frame) throw new Error('the tab frame has no document');
  return frame;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** The call URIs the dev host logged, newest first. */
export async function callsStarted(page: Page): Promise<string[]> {
  return page.locator('#calls li').allTextContents();
}
