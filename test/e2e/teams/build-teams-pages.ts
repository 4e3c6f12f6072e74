/**
 * Builds the Teams pages (the tab, the authorization popup's pages, the Teams dev host) with the
 * project's own webpack configuration, restricted to those entries, into the directory given as
 * the first argument, for the backend named by API_BASE_URL (as a deployment's build is). Run as a
 * child process by the browser tests (webpack does not belong in Jest's module registry):
 *
 *   tsx test/e2e/teams/build-teams-pages.ts <outDir> [--cache=<dir> [--readonly]]
 *
 * --cache keeps webpack's filesystem cache in <dir>; --readonly only reads it, so that the builds of
 * test files running at once may share one cache warmed before them.
 */
import path from 'node:path';
import webpack, { type Configuration, type WebpackPluginInstance } from 'webpack';

const TEAMS_ENTRIES = ['teams-tab', 'teams-auth-start', 'teams-auth', 'teams-config', 'teams-devhost'];

async function main(): Promise<void> {
  const [outDir, ...flags] = process.argv.slice(2);
  if (!outDir) throw new Error('usage: build-teams-pages.ts <outDir> [--cache=<dir> [--readonly]]');
  const cacheDirectory = flags.find((f) => f.startsWith('--cache='))?.slice('--cache='.length);
  const webpackConfig = path.join(__dirname, '..', '..', '..', 'webpack.config.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(webpackConfig) as (env: Record<string, unknown>, argv: Record<string, unknown>) => Promise<Configuration>;
  const config = await makeConfig({ outputPath: outDir }, { mode: 'development' });
  const entries = config.entry as Record<string, unknown>;
  config.entry = Object.fromEntries(Object.entries(entries).filter(([name]) => TEAMS_ENTRIES.includes(name))) as Configuration['entry'];
  const missing = TEAMS_ENTRIES.filter((name) => !(name in (config.entry as Record<string, unknown>)));
  if (missing.length) throw new Error(`webpack.config.js has no entry ${missing.join(', ')}`);
  // Only the Teams pages: the add-in's pages and manifest check would look for entries left out.
  config.plugins = (config.plugins ?? []).filter((p): p is WebpackPluginInstance => {
    if (!p) return false;
    const name = p.constructor?.name;
    if (name === 'HtmlWebpackPlugin') {
      const filename = (p as unknown as { userOptions?: { filename?: string } }).userOptions?.filename ?? '';
      return TEAMS_ENTRIES.some((e) => filename === `${e}.html`);
    }
    return name !== 'AddinManifestPlugin';
  });
  config.devtool = false;
  if (cacheDirectory) {
    config.cache = {
      type: 'filesystem',
      cacheDirectory,
      readonly: flags.includes('--readonly'),
      buildDependencies: { config: [webpackConfig] },
    };
  }
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(config, (err, result) => (err ? reject(err) : result ? resolve(result) : reject(new Error('webpack gave no stats'))));
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
