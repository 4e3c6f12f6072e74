/**
 * The task pane's figures (docs/architecture.md#bench-figures):
 *
 * - taskpane_js_gzip_kb: all the JavaScript the production task pane loads before it is
 *   interactive, gzip (zlib level 6, what servers commonly use), in KB of 1,000 bytes: every script
 *   of the add-in whose download had ended when the pane's first button became usable, in the
 *   measured runs below (the scripts taskpane.html names and the chunks they load), Microsoft's
 *   office.js excluded (office-loader.js stands in for it) as in the template's figure (the official
 *   React template loads 167: polyfill 81.6 + react 47.5 + taskpane 38.1).
 *   The pane's other chunks, loaded when it needs them (the views after sign-in, MSAL, the flows,
 *   the other locales), are not in the figure: inputs.taskpane_chunks_loaded_later_gzip_kb lists
 *   them beside taskpane_scripts_loaded_before_interactive_gzip_kb.
 * - taskpane_js_gzip_kb_referenced: the same for the scripts taskpane.html itself names.
 * - launchevent_js_gzip_kb: launchevent.js of the production build, gzip: the one file classic
 *   Outlook on Windows loads, in its JavaScript-only runtime, for every new or changed appointment
 *   (event-based activation).
 * - pane_interactive_ms: from the dev host's navigation start (opened with the pane open) to the
 *   first visible, enabled button in the pane, median of RUNS cold-cache runs in headless Chromium.
 * - bare_fluent_interactive_ms: the same for a page that only renders one Fluent UI v9 button
 *   (bare-fluent/), built by the same configuration and loaded the same way; and
 *   pane_to_bare_fluent_ratio, the pane's median ÷ the bare page's, runs alternating in one run.
 *
 * The pane measured is the plain production build, served under /addin/ beside a second
 * production build (`--env devhost`) that carries the dev host, office-loader.js and the bare page;
 * the server gives the pane's pages office-loader.js where they name Microsoft's office.js, as the
 * dev build does. No backend or emulator runs and nobody signed in before, so the pane shows its
 * sign-in view (without nested app auth and with no MSAL account cached, without loading MSAL).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { chromium, type Browser, type Frame } from 'playwright-core';
import type { FigureGroup } from './figure-group';
import { productionBuilds } from './production-build';
import { serveDirectories } from './static-https-server';

/**
 * Runs of each page. Each run's time moves by tens of milliseconds with the machine (the dev host's
 * own start-up varies by some 60 ms from run to run, the same for both pages), against a difference
 * between the pages of about ten: 25 runs each keep the medians' ratio within a few hundredths.
 */
const RUNS = 25;
/** The manifest names it; webpack.config.js keeps its name without a content hash. */
const LAUNCHEVENT_FILE = 'launchevent.js';
const GZIP_LEVEL = 6;
const PANE_FRAME_NAME = 'devhost-taskpane';
const ADDIN_PREFIX = '/addin/';
const OFFICE_JS_TAG =
  /<script\b[^>]*\bsrc=["']?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js["']?[^>]*>\s*<\/script>/g;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Runs in every frame; in the pane frame it notes when a button first becomes usable, and which
 * scripts had finished downloading by then (resource timing: what the pane needed to get there).
 */
const INTERACTIVE_PROBE = `(() => {
  if (window.name !== ${JSON.stringify(PANE_FRAME_NAME)}) return;
  const usable = () => Array.from(document.querySelectorAll('button')).some((b) => {
    if (b.disabled || b.getAttribute('aria-disabled') === 'true') return false;
    const r = b.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const observer = new MutationObserver(() => {
    if (window.__interactiveAt === undefined && usable()) {
      const now = performance.now();
      window.__interactiveAt = performance.timeOrigin + now;
      window.__scriptsBeforeInteractive = performance.getEntriesByType('resource')
        .filter((e) => e.responseEnd > 0 && e.responseEnd <= now && new URL(e.name).pathname.endsWith('.js'))
        .map((e) => new URL(e.name).pathname);
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

const kb = (bytes: number) => Math.round(bytes / 100) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: GZIP_LEVEL }).length;
}

/** The local scripts a page references (absolute URLs, such as Microsoft's CDN, are not ours). */
export function referencedScripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/g)].map((m) => m[1]!).filter((src) => !/^https?:/.test(src));
}

interface Sample {
  ms: number;
  /** Paths of the scripts the frame had downloaded when it became interactive. */
  scripts: string[];
}

async function measure(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INTERACTIVE_PROBE);
  const page = await context.newPage();
  try {
    await page.goto(url);
    const handle = await page.waitForSelector(`iframe[name="${PANE_FRAME_NAME}"]`, { timeout: 60_000 });
    const frame = (await handle.contentFrame()) as Frame;
    await frame.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt !== undefined, undefined, {
      timeout: 60_000,
    });
    const { at, scripts } = await frame.evaluate(() => {
      const w = window as unknown as { __interactiveAt: number; __scriptsBeforeInteractive: string[] };
      return { at: w.__interactiveAt, scripts: w.__scriptsBeforeInteractive };
    });
    const origin = await page.evaluate(() => performance.timeOrigin);
    return { ms: Math.round(at - origin), scripts: [...new Set(scripts)] };
  } finally {
    await context.close();
  }
}

export const taskpaneFigures: FigureGroup = {
  name: 'taskpane',
  figureNames: [
    'taskpane_js_gzip_kb',
    'taskpane_js_gzip_kb_referenced',
    'launchevent_js_gzip_kb',
    'pane_interactive_ms',
    'bare_fluent_interactive_ms',
    'pane_to_bare_fluent_ratio',
  ],

  async run({ root, workDir, log }) {
    const plain = join(workDir, 'production');
    const hosted = join(workDir, 'production-devhost');
    log('building the add-in in production mode (plain, and with the dev host and the bare Fluent page)…');
    const buildStarted = Date.now();
    const [plainChunks] = await productionBuilds(root, [
      { outputPath: plain },
      {
        outputPath: hosted,
        env: { devhost: true },
        extend(config) {
          config.entry = {
            ...(config.entry as Record<string, unknown>),
            'bare-fluent': './scripts/bench/bare-fluent/bare-fluent.tsx',
          } as typeof config.entry;
          config.plugins = [
            ...(config.plugins ?? []),
            new HtmlWebpackPlugin({
              filename: 'bare-fluent.html',
              template: join(root, 'scripts/bench/bare-fluent/bare-fluent.html'),
              chunks: ['bare-fluent'],
              scriptLoading: 'defer',
            }),
          ];
        },
      },
    ]);
    const buildSeconds = Math.round((Date.now() - buildStarted) / 100) / 10;

    const taskpaneScripts = referencedScripts(readFileSync(join(plain, 'taskpane.html'), 'utf8'));
    const scriptSizes = Object.fromEntries(taskpaneScripts.map((s) => [s, kb(gzipSize(join(plain, s)))]));
    const referencedGzip = taskpaneScripts.reduce((sum, s) => sum + gzipSize(join(plain, s)), 0);
    const launchevent = join(plain, LAUNCHEVENT_FILE);
    const launcheventGzip = gzipSize(launchevent);

    log(`measuring time to interactive, ${RUNS} runs each…`);
    const loaderFile = readdirSync(hosted).find((f) => /^office-loader(\.[0-9a-f]+)?\.js$/.test(f));
    if (!loaderFile) throw new Error('the dev host build has no office-loader.js');
    const server = await serveDirectories({
      root: hosted,
      mounts: { [ADDIN_PREFIX]: plain },
      rewriteHtml: (path, html) =>
        path.startsWith(ADDIN_PREFIX) ? html.replace(OFFICE_JS_TAG, `<script src="/${loaderFile}"></script>`) : html,
    });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    });
    const chromiumVersion = browser.version();
    const common = 'pane=open&launchEvents=off&tz=UTC';
    const paneUrl = `${server.url}/devhost.html?${common}&taskpane=${ADDIN_PREFIX}taskpane.html`;
    const bareUrl = `${server.url}/devhost.html?${common}&taskpane=/bare-fluent.html`;
    const pane: Sample[] = [];
    const bare: Sample[] = [];
    try {
      // One unmeasured run of each warms the server and the browser's own caches (not the page's).
      await measure(browser, paneUrl);
      await measure(browser, bareUrl);
      for (let i = 0; i < RUNS; i++) {
        // Alternating, so that drift in the machine's load affects both alike.
        pane.push(await measure(browser, paneUrl));
        bare.push(await measure(browser, bareUrl));
      }
    } finally {
      await browser.close().catch(() => undefined);
      await server.close();
    }
    // The add-in's own scripts (office-loader.js, served from the root, stands in for Microsoft's
    // office.js), in any run: a script one run needed before its button counts.
    const addinScripts = (sample: Sample) =>
      sample.scripts.filter((s) => s.startsWith(ADDIN_PREFIX)).map((s) => s.slice(ADDIN_PREFIX.length));
    const loaded = [...new Set(pane.flatMap(addinScripts))].sort();
    const inEveryRun = loaded.filter((s) => pane.every((sample) => addinScripts(sample).includes(s)));
    const loadedGzip = loaded.reduce((sum, s) => sum + gzipSize(join(plain, s)), 0);
    const loadedSizes = Object.fromEntries(loaded.map((s) => [s, kb(gzipSize(join(plain, s)))]));
    // What the figure leaves out: the pane's chunks that no run needed before its first button (views
    // after sign-in, MSAL, the flows, the other locales), loaded when the pane needs them.
    const later = (plainChunks?.taskpane ?? []).filter((s) => !loaded.includes(s));
    const laterSizes = Object.fromEntries(later.map((s) => [s, kb(gzipSize(join(plain, s)))]));
    const paneMs = median(pane.map((s) => s.ms));
    const bareMs = median(bare.map((s) => s.ms));

    return {
      figures: {
        taskpane_js_gzip_kb: kb(loadedGzip),
        taskpane_js_gzip_kb_referenced: kb(referencedGzip),
        launchevent_js_gzip_kb: kb(launcheventGzip),
        pane_interactive_ms: paneMs,
        bare_fluent_interactive_ms: bareMs,
        pane_to_bare_fluent_ratio: Math.round((paneMs / bareMs) * 100) / 100,
      },
      inputs: {
        taskpane_scripts_loaded_before_interactive_gzip_kb: loadedSizes,
        taskpane_scripts_not_in_every_run: loaded.filter((s) => !inEveryRun.includes(s)),
        taskpane_chunks_loaded_later_gzip_kb: laterSizes,
        taskpane_first_view: 'sign-in (nobody signed in, nothing kept: the pane shows its sign-in button in its first render)',
        taskpane_scripts_referenced_gzip_kb: scriptSizes,
        launchevent: { file: LAUNCHEVENT_FILE, bytes: statSync(launchevent).size, gzip_kb: kb(launcheventGzip) },
        gzip_level: GZIP_LEVEL,
        runs: RUNS,
        pane_interactive_samples_ms: pane.map((s) => s.ms),
        bare_fluent_interactive_samples_ms: bare.map((s) => s.ms),
        interactive_means: 'first visible, enabled <button> in the pane frame, from the dev host navigation start',
        dev_host_urls: { pane: new URL(paneUrl).search, bare_fluent: new URL(bareUrl).search },
        build_seconds: buildSeconds,
        chromium: chromiumVersion,
        node: process.version,
      },
    };
  },
};
