/**
 * The production build, run through webpack's Node API into a temporary folder: classic Outlook on
 * Windows loads launchevent.js alone, so it must be one file that loads nothing else.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpack, { Configuration, Stats } from 'webpack';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const configFactory = require(join(root, 'webpack.config.js')) as (
  env: Record<string, unknown>,
  argv: Record<string, unknown>,
) => Promise<Configuration>;

function run(config: Configuration): Promise<Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) reject(err);
      else if (!stats) reject(new Error('webpack returned no stats'));
      else resolve(stats);
    });
  });
}

async function build(out: string, adjust: (config: Configuration) => Configuration = (c) => c): Promise<Stats> {
  const config = await configFactory({ WEBPACK_BUILD: true, outputPath: out }, { mode: 'production' });
  return run({ ...adjust(config), infrastructureLogging: { level: 'error' } });
}

function launchEventChunks(stats: Stats) {
  const entry = stats.compilation.entrypoints.get('launchevent');
  const chunks = entry ? [...entry.chunks] : [];
  return {
    entrypointChunks: chunks,
    // Chunks the launch-event entry would load later (the pages' own lazy chunks do not count).
    asyncChunks: chunks.flatMap((c) => [...c.getAllAsyncChunks()]).map((c) => c.name ?? String(c.id)),
    files: chunks.flatMap((c) => [...c.files]),
  };
}

/** What a bundle would need to fetch more code at run time. */
const CHUNK_LOADING = /\bimport\s*\(|\bimportScripts\b|__webpack_require__\.e\b|\.onScriptComplete\b|\bwebpackChunk/;

describe('the production build', () => {
  const out = mkdtempSync(join(tmpdir(), 'wso-addin-build-'));
  let stats: Stats;
  const savedBaseUrl = process.env.ADDIN_BASE_URL;

  beforeAll(async () => {
    process.env.ADDIN_BASE_URL = 'https://scheduler.example.com';
    try {
      stats = await build(out);
    } finally {
      if (savedBaseUrl === undefined) delete process.env.ADDIN_BASE_URL;
      else process.env.ADDIN_BASE_URL = savedBaseUrl;
    }
  }, 240_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles without errors', () => {
    expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
  });

  it('emits the launch-event handlers as one launchevent.js that loads no chunk and imports nothing', () => {
    const chunks = launchEventChunks(stats);
    expect(chunks.entrypointChunks).toHaveLength(1);
    expect(chunks.asyncChunks).toEqual([]);
    expect(chunks.files.filter((f) => f.endsWith('.js'))).toEqual(['launchevent.js']);

    const js = readFileSync(join(out, 'launchevent.js'), 'utf8');
    expect(js).toContain('onNewAppointmentOrganizer');
    expect(js).not.toMatch(CHUNK_LOADING);
    expect(js).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('leaves the sign-in library, the task pane’s strings and the time-zone library out of launchevent.js', () => {
    const [chunk] = launchEventChunks(stats).entrypointChunks;
    const modules = [...stats.compilation.chunkGraph.getChunkModulesIterable(chunk!)].flatMap((m) => {
      const inner = (m as { modules?: Iterable<{ nameForCondition(): string | null }> }).modules;
      return [m, ...(inner ? [...inner] : [])].map((x) => x.nameForCondition() ?? '');
    });
    // Office's own single sign-on instead of MSAL (src/addin/office/office-sso.ts).
    expect(modules.filter((m) => m.includes('@azure/msal'))).toEqual([]);
    // Only the info bar's messages, evaluated at build time, not every locale's whole set.
    expect(modules.filter((m) => /i18n[\\/]locales[\\/](ru-RU|de-DE|fr-FR|es-ES|ja-JP)/.test(m))).toEqual([]);
    expect(modules.filter((m) => m.includes('windows-iana'))).toEqual([]);
    const js = readFileSync(join(out, 'launchevent.js'), 'utf8');
    // The info bar still speaks every language, and still knows Windows time zones.
    expect(js).toContain('Pacific Standard Time');
    expect(js).toContain('America/Los_Angeles');
  });

  it('leaves the HTML parser and the join block’s rendering out of launchevent.js: the backend does that work for it', () => {
    const [chunk] = launchEventChunks(stats).entrypointChunks;
    const modules = [...stats.compilation.chunkGraph.getChunkModulesIterable(chunk!)]
      .flatMap((m) => {
        const inner = (m as { modules?: Iterable<{ nameForCondition(): string | null }> }).modules;
        return [m, ...(inner ? [...inner] : [])].map((x) => x.nameForCondition() ?? '');
      })
      .map((m) => m.replace(/\\/g, '/'));
    for (const gone of [
      'node_modules/htmlparser2',
      'node_modules/entities',
      'parse-html.ts',
      'find-join-block.ts',
      'edit-join-block.ts',
      'render-join-block.ts',
      'join-block/strings.ts',
    ]) {
      expect(modules.filter((m) => m.includes(gone))).toEqual([]);
    }
    expect(modules.filter((m) => m.endsWith('remote-join-block-ops.ts'))).toHaveLength(1);
  });

  it('leaves out of the task pane’s first scripts what its first view does not need', () => {
    const entry = stats.compilation.entrypoints.get('taskpane')!;
    const initial = entry.chunks.flatMap((chunk) =>
      [...stats.compilation.chunkGraph.getChunkModulesIterable(chunk)].flatMap((m) => {
        const inner = (m as { modules?: Iterable<{ nameForCondition(): string | null }> }).modules;
        return [m, ...(inner ? [...inner] : [])].map((x) => x.nameForCondition() ?? '');
      }),
    );
    expect(initial.some((m) => m.endsWith('app.tsx'))).toBe(true);
    // The views after sign-in (lazy-views.tsx), MSAL, the flows and the other locales come later,
    // each in a chunk of its own; the pane translates without i18next (pane-i18n.tsx).
    for (const later of [
      'settings-view.tsx',
      'meeting-details-view.tsx',
      'add-meeting-view.tsx',
      'meeting-options-fields.tsx',
      'error-notice.tsx',
      '@azure/msal-browser',
      'ru-RU.ts',
      'node_modules/i18next',
      'react-i18next',
      // The join block's parser comes with the flows; the launch event's calls to the backend never.
      'node_modules/htmlparser2',
      'join-block-api.ts',
      // Our styles are compiled at build time (webpack.config.js, @griffel/webpack-loader): no style compiler at run time.
      'node_modules/stylis',
      'node_modules/rtl-css-js',
      'node_modules/@griffel/core/src/runtime/resolveStyleRules',
      'node_modules/@griffel/core/src/runtime/compileAtomicCSSRule',
      // What only a signed-in pane shows (the settings button, notices) and the themes other than light.
      'pane-chrome.tsx',
      'node_modules/@fluentui/react-message-bar',
      'node_modules/@fluentui/react-icons/lib/icons',
      'pane-themes.ts',
    ]) {
      expect(initial.filter((m) => m.includes(later))).toEqual([]);
    }
  });

  it('emits a bundle per page, launchevent.js under its fixed name and every other script content-hashed', () => {
    const scripts = readdirSync(out).filter((f) => f.endsWith('.js'));
    for (const entry of ['commands', 'taskpane', 'auth-dialog'])
      expect(scripts.filter((f) => f.startsWith(`${entry}.`))).toEqual([
        expect.stringMatching(new RegExp(`^${entry}\\.[0-9a-f]{8}\\.js$`)),
      ]);
    expect(scripts.filter((f) => f !== 'launchevent.js').every((f) => /\.[0-9a-f]{8}\.js$/.test(f))).toBe(true);
  });

  it('writes the manifest for the deployment URL, with every icon it references', () => {
    const manifest = readFileSync(join(out, 'manifest.xml'), 'utf8');
    expect(manifest).not.toContain('localhost');
    expect(manifest).toContain('https://scheduler.example.com/launchevent.js');
    const icons = [...manifest.matchAll(/https:\/\/scheduler\.example\.com\/assets\/([\w.-]+)/g)].map((m) => m[1]);
    expect(icons.length).toBeGreaterThan(10);
    expect(readdirSync(join(out, 'assets'))).toEqual(expect.arrayContaining(icons));
  });

  it('writes each page with its own bundle and nothing fetched from elsewhere but Office.js', () => {
    const taskpane = readFileSync(join(out, 'taskpane.html'), 'utf8');
    expect(taskpane).toMatch(/src="?taskpane\.[0-9a-f]{8}\.js/);
    expect([...taskpane.matchAll(/src="?(https?:\/\/[^"\s>]+)/g)].map((m) => m[1])).toEqual([
      'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
    ]);
    const launch = readFileSync(join(out, 'launchevent.html'), 'utf8');
    expect(launch).toMatch(/src="?launchevent\.js/);
    expect([...launch.matchAll(/src="?(https?:\/\/[^"\s>]+)/g)].map((m) => m[1])).toEqual([
      'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
    ]);
  });
});

describe('a build for a deployment URL that Office cannot load from', () => {
  const out = mkdtempSync(join(tmpdir(), 'wso-addin-http-'));
  const savedBaseUrl = process.env.ADDIN_BASE_URL;
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    if (savedBaseUrl === undefined) delete process.env.ADDIN_BASE_URL;
    else process.env.ADDIN_BASE_URL = savedBaseUrl;
  });

  it('fails, naming the variable to fix', async () => {
    process.env.ADDIN_BASE_URL = 'http://scheduler.example.com';
    const stats = await build(out);
    const messages = stats.toJson({ all: false, errors: true }).errors?.map((e) => e.message) ?? [];
    expect(messages).toEqual([expect.stringMatching(/ADDIN_BASE_URL: must be an https:\/\/ URL/)]);
  }, 240_000);
});

describe('the launch-event bundle settings', () => {
  const out = mkdtempSync(join(tmpdir(), 'wso-addin-lazy-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('inline code that a handler loads with import() instead of splitting it into a chunk', async () => {
    const stats = await build(out, (config) => {
      const entry = config.entry as Record<string, { import: string }>;
      return {
        ...config,
        entry: { launchevent: { ...entry.launchevent, import: join(__dirname, 'fixtures', 'launchevent-with-dynamic-import.ts') } },
        plugins: [],
      };
    });
    expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
    expect(launchEventChunks(stats).asyncChunks).toEqual([]);
    expect(readdirSync(out).filter((f) => f.endsWith('.js'))).toEqual(['launchevent.js']);
    const js = readFileSync(join(out, 'launchevent.js'), 'utf8');
    expect(js).toContain('lazy-handler-was-inlined');
    expect(js).not.toMatch(CHUNK_LOADING);
  }, 240_000);
});
