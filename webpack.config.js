/**
 * The add-in's web build: the task pane, the function file (commands), the launch-event runtime,
 * the icons and manifest.xml rendered for where the files are served.
 *
 *   npm run build        webpack --mode production, into dist/, manifest for ADDIN_BASE_URL
 *                        (default https://localhost:3000)
 *   npm run dev:addin    webpack serve: HTTPS on localhost, port ADDIN_PORT (default 3000), with the
 *                        local certificates of scripts/dev-certs.ts (created when missing), and the
 *                        add-in pages' Content-Security-Policy as production sends it
 *
 * The launch-event bundle is one self-contained file: classic Outlook on Windows runs
 * launchevent.js by itself in a JavaScript-only runtime, which cannot load chunks or imports.
 * The rendered manifest is checked (src/core/manifest/check-manifest.ts) against the emitted
 * icons; a problem fails the build.
 *
 * `--env outputPath=<dir>` builds somewhere other than dist/ (the tests use it).
 * Development builds also carry the Outlook dev host (devhost.html) and load office-loader.js in
 * place of Microsoft's office.js (src/emulators/outlook/devhost-webpack.ts); `--env devhost` adds
 * them to a production build (the benchmark), `--env graphEmulatorUrl=<url>` points the dev
 * host's forwarding at another Graph emulator.
 */
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { DefinePlugin } = require('webpack');

const root = __dirname;
const ASSETS_DIR = path.join(root, 'assets');
const MANIFEST_TEMPLATE = path.join(root, 'manifest.xml');

/**
 * Loads one of this repository's TypeScript modules. webpack-cli reads this file with plain Node,
 * which cannot require .ts: tsx compiles it on the way in, without registering itself globally.
 * When something already compiles TypeScript on require (Jest, whose require has no Node
 * extension table; or a process started through tsx), a plain require is used instead.
 */
// Decided once, before tsx runs: its namespaced require leaves a '.ts' entry in the extension table
// that only serves its own namespace.
const TYPESCRIPT_ON_REQUIRE = !(require.extensions && require.extensions['.js']) || Boolean(require.extensions['.ts']);

function requireTs(relativePath) {
  if (TYPESCRIPT_ON_REQUIRE) return require(relativePath);
  const { require: tsxRequire } = require('tsx/cjs/api');
  return tsxRequire(relativePath, __filename);
}

/**
 * The add-in's deployment settings (src/addin/config/addin-config.ts), injected as __ADDIN_CONFIG__.
 * Local mode (no MS_CLIENT_ID): the ids the local identity emulator is seeded with (LOCAL_APP) and
 * the local ports. A deployment: MS_CLIENT_ID (or ADDIN_CLIENT_ID when the add-in has its own
 * registration), MS_API_APP_ID_URI, MS_AUTHORITY_HOST and API_BASE_URL (else PUBLIC_BASE_URL, else
 * the add-in's own origin), as the backend reads them (src/server/config.ts).
 */
function addinRuntimeConfig(baseUrl) {
  const env = process.env;
  const addinHost = new URL(baseUrl).host;
  const trim = (v) => (v || '').trim().replace(/\/+$/, '');
  const list = (v) =>
    (v || '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (trim(env.MS_CLIENT_ID)) {
    const backendClientId = trim(env.MS_CLIENT_ID);
    const authorityHost = trim(env.MS_AUTHORITY_HOST) || 'https://login.microsoftonline.com';
    return {
      clientId: trim(env.ADDIN_CLIENT_ID) || backendClientId,
      authority: `${authorityHost}/organizations`,
      knownAuthorities: [new URL(authorityHost).host],
      apiScope: `${trim(env.MS_API_APP_ID_URI) || `api://${addinHost}/${backendClientId}`}/access_as_user`,
      apiBaseUrl: trim(env.API_BASE_URL) || trim(env.PUBLIC_BASE_URL) || baseUrl,
      joinLinkHosts: list(env.WEBEX_JOIN_LINK_HOSTS),
    };
  }
  const { LOCAL_APP } = requireTs('./src/server/config.ts');
  const identityPort = trim(env.IDENTITY_EMULATOR_PORT) || '4001';
  return {
    clientId: LOCAL_APP.addinClientId,
    authority: `https://localhost:${identityPort}/organizations`,
    knownAuthorities: [`localhost:${identityPort}`],
    apiScope: `api://${addinHost}/${LOCAL_APP.backendClientId}/access_as_user`,
    apiBaseUrl: trim(env.API_BASE_URL) || `http://localhost:${trim(env.PORT) || '3001'}`,
    joinLinkHosts: list(env.WEBEX_JOIN_LINK_HOSTS),
  };
}

/**
 * The Content-Security-Policy of the add-in's pages, built by the function the backend uses in
 * production (src/server/http/manifest-addin-files.ts), for the backend and the identity platform
 * this build's pages talk to (addinRuntimeConfig).
 */
function addinCsp(runtimeConfig) {
  const { addinContentSecurityPolicy } = requireTs('./src/core/addin-content-security-policy.ts');
  return addinContentSecurityPolicy({ apiBaseUrl: runtimeConfig.apiBaseUrl, authorityHost: new URL(runtimeConfig.authority).origin });
}

/**
 * The pages that play Outlook on the web and Teams (src/emulators/outlook/devhost.ts,
 * src/emulators/teams/devhost.ts) are sent without the add-in's policy, and without one of their
 * own. They stand in for Microsoft's pages, not the add-in's: the pane, the function file, the
 * dialogs and the tab they frame are documents of their own and keep the add-in's policy inside
 * the dev host as inside Outlook, whatever the host page's policy. And what the hosts do would not
 * fit a policy worth having: the Teams dev host fetches the identity and Graph emulators at origins
 * its query parameters choose (identity=, graph=) and frames the tab from tab=; the Outlook dev
 * host frames the dialogs an add-in asks for with displayInIframe, which go on to other origins
 * (the identity emulator's sign-in, the backend's Webex-linking page). Only development builds
 * (and `--env devhost`) contain them.
 */
const DEV_HOST_PAGES = new Set(['/devhost.html', '/teams-devhost.html']);

/** The development server's headers for one request: the production headers of an add-in file, except on the dev host pages. */
function devServerHeaders(policy) {
  return (req) => {
    const { pathname } = new URL(req.url || '/', 'https://localhost');
    return {
      // Outlook on the web loads the pages from its own origin's frames.
      'Access-Control-Allow-Origin': '*',
      ...(DEV_HOST_PAGES.has(pathname) ? {} : { 'Content-Security-Policy': policy }),
    };
  };
}

/**
 * Where the dev hosts find the local identity and Graph emulators: the ports the launcher gives the
 * stack (IDENTITY_EMULATOR_PORT, GRAPH_EMULATOR_PORT), so that a second stack beside the first
 * reaches its own; `--env graphEmulatorUrl=<url>` names another Graph emulator.
 */
function localEmulatorUrls(env) {
  const port = (name, fallback) => (process.env[name] || '').trim() || fallback;
  return {
    identityUrl: `https://localhost:${port('IDENTITY_EMULATOR_PORT', '4001')}`,
    graphUrl: env.graphEmulatorUrl || `https://localhost:${port('GRAPH_EMULATOR_PORT', '4000')}`,
  };
}

function addinPort() {
  const raw = process.env.ADDIN_PORT;
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ADDIN_PORT must be a port number, got "${raw}"`);
  return port;
}

/** Emits assets/ and the rendered manifest.xml, then checks the manifest against what was emitted. */
class AddinManifestPlugin {
  constructor({ baseUrl }) {
    this.baseUrl = baseUrl;
    this.tools = undefined;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const name = 'AddinManifestPlugin';
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        try {
          await this.emit(compilation, sources, WebpackError);
        } catch (e) {
          // Reported as a build error: a throw here would leave the dev server waiting forever.
          const err = e instanceof Error ? e : new Error(String(e));
          compilation.errors.push(new WebpackError(`manifest.xml: ${err.code ? `[${err.code}] ` : ''}${err.message}`));
        }
      });
    });
  }

  /** Emits the icons and the rendered manifest into the compilation; manifest problems become build errors. */
  async emit(compilation, sources, WebpackError) {
    compilation.contextDependencies.add(ASSETS_DIR);
    compilation.fileDependencies.add(MANIFEST_TEMPLATE);
    for (const file of readdirSync(ASSETS_DIR)) {
      const full = path.join(ASSETS_DIR, file);
      if (!statSync(full).isFile()) continue;
      compilation.fileDependencies.add(full);
      compilation.emitAsset(`assets/${file}`, new sources.RawSource(readFileSync(full)));
    }

    this.tools = this.tools || requireTs('./src/core/manifest/index.ts');
    const { renderManifest, checkManifest, unifiedManifestFromXml } = this.tools;
    // The same settings (ids, API resource) as the backend's GET /admin/manifest.xml, from the same variables.
    const { loadManifestSettings } = requireTs('./src/server/config.ts');
    const settings = loadManifestSettings({ ...process.env, ADDIN_BASE_URL: this.baseUrl });
    const xml = renderManifest(readFileSync(MANIFEST_TEMPLATE, 'utf8'), settings);
    compilation.emitAsset('manifest.xml', new sources.RawSource(xml));
    // The unified manifest and its localization files, for the Microsoft 365 admin center (docs/admin-guide.md),
    // made by Microsoft's converter (office-addin-manifest-converter) and corrected where it is wrong.
    const unified = await unifiedManifestFromXml(xml);
    compilation.emitAsset('app-package/manifest.json', new sources.RawSource(`${JSON.stringify(unified.manifest, null, 2)}\n`));
    for (const [file, strings] of Object.entries(unified.localizationFiles)) {
      compilation.emitAsset(`app-package/${file}`, new sources.RawSource(`${JSON.stringify(strings, null, 2)}\n`));
    }

    const readAsset = (url) => {
      const at = url.pathname.lastIndexOf('/assets/');
      if (at < 0) return undefined;
      const asset = compilation.getAsset(`assets/${decodeURIComponent(url.pathname.slice(at + '/assets/'.length))}`);
      return asset ? asset.source.buffer() : undefined;
    };
    for (const problem of checkManifest(xml, { readAsset })) {
      compilation.errors.push(
        new WebpackError(`manifest.xml${problem.line ? ` line ${problem.line}` : ''}: [${problem.code}] ${problem.message}`),
      );
    }
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode === 'production' ? 'production' : 'development';
  const production = mode === 'production';
  const port = addinPort();
  // As the backend reads it (src/server/config.ts): a deployment serves the add-in from PUBLIC_BASE_URL unless ADDIN_BASE_URL says otherwise.
  const baseUrl = (
    process.env.ADDIN_BASE_URL ||
    (process.env.MS_CLIENT_ID && process.env.PUBLIC_BASE_URL) ||
    `https://localhost:${port}`
  ).replace(/\/+$/, '');
  // The Outlook dev host (devhost.html, office-loader.js): development builds, or `--env devhost` (the benchmark).
  const devHost = !production || Boolean(env.devhost) ? requireTs('./src/emulators/outlook/devhost-webpack.ts') : undefined;
  // The Teams dev host (teams-devhost.html), for the Webex calling tab: development builds, or `--env devhost`.
  const teamsDevHost = !production || Boolean(env.devhost);
  const runtimeConfig = addinRuntimeConfig(baseUrl);
  const emulatorUrls = localEmulatorUrls(env);

  let server;
  let devCertsCa;
  if (env.WEBPACK_SERVE) {
    const { ensureDevCerts } = requireTs('./scripts/dev-certs.ts');
    const certs = await ensureDevCerts();
    server = { type: 'https', options: { key: certs.key, cert: certs.cert, ca: certs.ca } };
    devCertsCa = certs.ca;
  }

  const swc = {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        // WebView2 (Edge), Safari on Mac and the JavaScript-only runtime of classic Outlook all run ES2017.
        target: 'es2017',
      },
    },
  };

  const page = (name, template, chunks) =>
    new HtmlWebpackPlugin({ filename: `${name}.html`, template: path.join(root, template), chunks, scriptLoading: 'defer' });

  return {
    mode,
    context: root,
    devtool: 'source-map',
    entry: {
      taskpane: './src/addin/taskpane/index.tsx',
      'auth-dialog': './src/addin/auth/auth-dialog.ts',
      commands: './src/addin/commands/commands.ts',
      launchevent: {
        import: './src/addin/launchevent/launchevent.ts',
        // One file, nothing loaded later: a dynamic import() is bundled in, not split off.
        asyncChunks: false,
        chunkLoading: false,
      },
      ...(devHost ? devHost.devHostEntries() : {}),
      'teams-tab': './src/teams/index.tsx',
      'teams-auth-start': './src/teams/auth/auth-start.ts',
      'teams-auth': './src/teams/auth/auth-popup.ts',
      'teams-config': './src/teams/config/tab-config.ts',
      ...(teamsDevHost ? { 'teams-devhost': './src/emulators/teams/devhost.ts' } : {}),
    },
    output: {
      path: env.outputPath ? path.resolve(env.outputPath) : path.join(root, 'dist'),
      // The manifest names launchevent.js, so its name must not change; pages load the others.
      filename: (pathData) =>
        pathData.chunk && pathData.chunk.name === 'launchevent' ? '[name].js' : production ? '[name].[contenthash:8].js' : '[name].js',
      // Chunks loaded later (MSAL, the pane's flows) change with the code too: hashed, so caches never serve stale ones.
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: 'auto',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        // The styles of our own components (makeStyles) are compiled here into CSS classes, as Fluent
        // UI ships its own: the pages then need no style compiler at run time (Griffel's runtime,
        // stylis and rtl-css-js, about 85 KB before gzip), and the first paint compiles nothing.
        { test: /\.tsx$/, exclude: /node_modules/, use: [{ loader: '@griffel/webpack-loader' }, swc] },
        { test: /\.ts$/, exclude: /node_modules/, use: swc },
        // Modules whose exports are data computed from larger sources (the messages of every locale,
        // windows-iana's tables): evaluated here, so that only the data is bundled.
        {
          test: /\.build-time\.ts$/,
          use: [{ loader: path.join(root, 'scripts/webpack/build-time-module-loader.js'), options: { load: requireTs } }],
        },
      ],
    },
    optimization: {
      // Shared code may be split for the pages, never out of the launch-event file.
      splitChunks: { chunks: (chunk) => chunk.name !== 'launchevent' && !(devHost && devHost.isSelfContainedChunk(chunk.name)) },
      runtimeChunk: false,
    },
    plugins: [
      page('taskpane', 'src/addin/taskpane/taskpane.html', ['taskpane']),
      page('auth-dialog', 'src/addin/auth/auth-dialog.html', ['auth-dialog']),
      page('commands', 'src/addin/commands/commands.html', ['commands']),
      page('launchevent', 'src/addin/launchevent/launchevent.html', ['launchevent']),
      page('support', 'src/addin/support/support.html', []),
      new AddinManifestPlugin({ baseUrl }),
      // The Teams tab talks to the same backend (src/teams/config/teams-tab-config.ts), fixed here, never read from its URL.
      new DefinePlugin({
        __ADDIN_CONFIG__: JSON.stringify(runtimeConfig),
        __TEAMS_TAB_CONFIG__: JSON.stringify({ apiBaseUrl: runtimeConfig.apiBaseUrl }),
      }),
      ...(devHost
        ? [
            ...devHost.devHostPlugins(HtmlWebpackPlugin, root),
            new DefinePlugin({ __OUTLOOK_DEVHOST_IDENTITY_URL__: JSON.stringify(emulatorUrls.identityUrl) }),
          ]
        : []),
      page('teams-tab', 'src/teams/tab.html', ['teams-tab']),
      page('teams-auth-start', 'src/teams/auth/auth-start.html', ['teams-auth-start']),
      page('teams-auth', 'src/teams/auth/auth.html', ['teams-auth']),
      page('teams-config', 'src/teams/config/config.html', ['teams-config']),
      ...(teamsDevHost
        ? [
            page('teams-devhost', 'src/emulators/teams/devhost.html', ['teams-devhost']),
            new DefinePlugin({ __TEAMS_DEVHOST_EMULATORS__: JSON.stringify(emulatorUrls) }),
          ]
        : []),
    ],
    performance: { hints: false },
    devServer: {
      host: 'localhost',
      port,
      server,
      // The add-in's pages get the policy production sends (src/core/addin-content-security-policy.ts).
      headers: devServerHeaders(addinCsp(runtimeConfig)),
      // Nothing is injected into the bundles: no websocket client, no hot reload.
      hot: false,
      liveReload: false,
      client: false,
      webSocketServer: false,
      static: false,
      historyApiFallback: false,
      ...(devHost
        ? {
            proxy: devHost.devHostProxy({
              graphEmulatorUrl: emulatorUrls.graphUrl,
              ca: devCertsCa,
            }),
          }
        : {}),
    },
  };
};
