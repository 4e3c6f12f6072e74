/**
 * Builds the add-in with its own webpack configuration (webpack.config.js) in production mode into
 * a directory, the way `npm run build` does, optionally with extra entries and pages. Several
 * builds given at once run as one webpack MultiCompiler.
 */
import { join } from 'node:path';
import webpack, { type Configuration, type Stats } from 'webpack';

export interface BuildSpec {
  outputPath: string;
  /** Extra `--env` values (devhost: the dev host and office-loader in a production build). */
  env?: Record<string, string | boolean>;
  /** Changes to the resolved configuration (extra entries and pages). */
  extend?(config: Configuration): void;
}

type ConfigFunction = (env: Record<string, unknown>, argv: Record<string, unknown>) => Promise<Configuration>;

/** The async chunks' files of each entry, per build: what a page loads later, when it needs it. */
export type LaterChunks = Record<string, string[]>;

/** Resolves, per build spec, each entry's later (async) chunk files. */
export async function productionBuilds(root: string, specs: BuildSpec[]): Promise<LaterChunks[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configFunction = require(join(root, 'webpack.config.js')) as ConfigFunction;
  const configs: Configuration[] = [];
  for (const [i, spec] of specs.entries()) {
    const config = await configFunction({ outputPath: spec.outputPath, ...spec.env }, { mode: 'production' });
    // Source maps change nothing a browser loads (one comment line per file) and cost build time.
    config.devtool = false;
    config.name = `build-${i}`;
    config.infrastructureLogging = { level: 'error' };
    spec.extend?.(config);
    configs.push(config);
  }
  const compiler = webpack(configs);
  const stats = await new Promise<{ stats: Stats[] }>((resolve, reject) =>
    compiler.run((err, result) =>
      err ? reject(err) : result ? resolve(result as unknown as { stats: Stats[] }) : reject(new Error('webpack gave no stats')),
    ),
  );
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  const failed = stats.stats.filter((s) => s.hasErrors());
  if (failed.length) throw new Error(`the production build failed:\n${failed.map((s) => s.toString('errors-only')).join('\n')}`);
  return stats.stats.map((s) =>
    Object.fromEntries(
      [...s.compilation.entrypoints].map(([name, entry]) => [
        name,
        [
          ...new Set(
            entry.chunks.flatMap((chunk) => [...chunk.getAllAsyncChunks()].flatMap((c) => [...c.files].filter((f) => f.endsWith('.js')))),
          ),
        ].sort(),
      ]),
    ),
  );
}
