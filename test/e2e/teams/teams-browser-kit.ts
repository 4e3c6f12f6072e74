/**
 * Everything the Call tab's browser tests run against: the Teams pages built by the project's
 * webpack configuration (built once per change of their sources, kept in the temp directory), served
 * over HTTPS on the tab's origin with the add-in pages' Content-Security-Policy, as production and
 * the development server serve them; the identity and Graph emulators and the backend
 * (test/integration/teams/teams-stack.ts); Debian's Chromium; and the Teams dev host opened on a
 * person, a place and a theme.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { readDevCerts } from '../../../scripts/dev-certs';
import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { launchBrowser, screenshotPath, type LaunchedBrowser } from '../../helpers/browser';
import { startTeamsStack, type TeamsStack, type TeamsStackOptions } from '../../integration/teams/teams-stack';
import { collectCspViolations, type CspViolation } from '../csp-violations';

const root = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

/** Builds the Teams pages unless a build of the same sources exists; returns its directory. */
export function buildTeamsPages(): string {
  const inputs = [...sourceFiles(join(root, 'src', 'teams')), ...sourceFiles(join(root, 'src', 'emulators', 'teams')), join(root, 'webpack.config.js'), join(root, 'package-lock.json')].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(root, file)).update(readFileSync(file));
  const out = join(tmpdir(), `wso-teams-pages-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(out, 'teams-devhost.html'))) return out;
  // Built aside and renamed into place: two test files may build at once on a fresh machine.
  const building = `${out}.building-${process.pid}`;
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'build-teams-pages.ts'), building], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the Teams pages failed:\n${run.stdout}\n${run.stderr}`);
  try {
    renameSync(building, out);
  } catch {
    // The other build finished first: its pages are the same.
    rmSync(building, { recursive: true, force: true });
  }
  return out;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.png': 'image/png' };

/**
 * A static HTTPS server for the built pages, on a free port, as the add-in's web server serves
 * them: with the policy set (setPolicy, once the stack's origins are known) as their
 * Content-Security-Policy, except on the Teams dev host, which plays Teams and is sent none
 * (webpack.config.js says why).
 */
export async function serveStatic(dir: string): Promise<{ server: Server; port: number; setPolicy(policy: string): void }> {
  const { key, cert } = readDevCerts();
  let policy = "default-src 'none'";
  const server = createServer({ key, cert }, (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
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
  const pages = buildTeamsPages();
  // The pages' server listens first, on a port of its own, and the stack is told it: a port found
  // free and listened on later may meanwhile have gone to one of the stack's emulators.
  const site = await serveStatic(pages);
  const stack = await startTeamsStack({ ...options, tabPort: site.port }).catch(async (thrown: unknown) => {
    await new Promise<void>((resolve) => site.server.close(() => resolve()));
    throw thrown;
  });
  site.setPolicy(addinContentSecurityPolicy({ apiBaseUrl: stack.url, authorityHost: stack.identity.url }));
  const server = site.server;
  const browser = await launchBrowser();
  const cspViolations = await collectCspViolations(browser.context);
  return {
    stack,
    browser,
    cspViolations,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.close();
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
    api: bs.stack.url,
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

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** The call URIs the dev host logged, newest first. */
export async function callsStarted(page: Page): Promise<string[]> {
  return page.locator('#calls li').allTextContents();
}
