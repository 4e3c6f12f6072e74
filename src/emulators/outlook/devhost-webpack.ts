/**
 * The dev host's share of the add-in's webpack build (webpack.config.js merges it in):
 * - the devhost.html page and its script, and office-loader.js, a single self-contained file;
 * - in the same builds, every page's Microsoft office.js script tag becomes office-loader.js
 *   (office-loader.ts explains why, and falls back to the same CDN URL outside the dev host);
 * - the dev server forwards /_devhost/graph/* to the Graph emulator's /_emulator/* routes, which
 *   the page cannot call itself (the emulator sends no CORS headers, as its control surface is not
 *   part of Graph).
 * Development builds include all of it; production builds none of it, unless asked for (the
 * benchmark measures the production task pane through the dev host).
 */
import type { Compiler, EntryObject } from 'webpack';

/** Microsoft's office.js as the pages reference it. */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Chunks that must stay one file: office-loader.js is loaded by a plain script tag that nothing else follows. */
export function isSelfContainedChunk(name: string | undefined): boolean {
  return name === 'office-loader';
}

export function devHostEntries(): EntryObject {
  return {
    devhost: './src/emulators/outlook/devhost.ts',
    'office-loader': { import: './src/emulators/outlook/office-loader.ts', asyncChunks: false, chunkLoading: false },
  };
}

type HtmlPluginClass = {
  new (options: Record<string, unknown>): { apply(compiler: Compiler): void };
  getHooks(compilation: unknown): {
    afterTemplateExecution: {
      tapAsync(name: string, fn: (data: { html: string }, cb: (err: Error | null, data: { html: string }) => void) => void): void;
    };
  };
};

const CDN_SCRIPT = /<script\b[^>]*\bsrc=["']?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js["']?[^>]*>\s*<\/script>/g;

/** Swaps the pages' office.js script tag for office-loader.js (whatever name the build gave it). */
class OfficeLoaderPlugin {
  constructor(private readonly HtmlPlugin: HtmlPluginClass) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('OfficeLoaderPlugin', (compilation) => {
      // Before minification, so the tag is found as the template wrote it.
      this.HtmlPlugin.getHooks(compilation).afterTemplateExecution.tapAsync('OfficeLoaderPlugin', (data, cb) => {
        const file = [...(compilation.namedChunks.get('office-loader')?.files ?? [])].find((f) => f.endsWith('.js'));
        if (file) data.html = data.html.replace(CDN_SCRIPT, `<script src="${file}" data-office-js="${OFFICE_JS_CDN}"></script>`);
        cb(null, data);
      });
    });
  }
}

export function devHostPlugins(HtmlPlugin: HtmlPluginClass, root: string): Array<{ apply(compiler: Compiler): void }> {
  return [
    new HtmlPlugin({
      filename: 'devhost.html',
      template: `${root}/src/emulators/outlook/devhost.html`,
      chunks: ['devhost'],
      scriptLoading: 'defer',
    }),
    new OfficeLoaderPlugin(HtmlPlugin),
  ];
}

/** The dev server's forwarding to the Graph emulator; `ca` verifies the emulator's local certificate. */
export function devHostProxy(options: { graphEmulatorUrl: string; ca?: string }): Array<Record<string, unknown>> {
  return [
    {
      context: ['/_devhost/graph'],
      target: options.graphEmulatorUrl,
      pathRewrite: { '^/_devhost/graph': '/_emulator' },
      changeOrigin: true,
      secure: true,
      ...(options.ca ? { ca: options.ca } : {}),
      logLevel: 'warn',
    },
  ];
}
