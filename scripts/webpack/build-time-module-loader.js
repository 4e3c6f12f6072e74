/**
 * Evaluates a module at build time and emits its exports as constants. A `*.build-time.ts` module
 * computes data from larger sources (all the messages of every locale, windows-iana's tables) with
 * ordinary code that Node and the tests run as it is; in the web build only its result reaches the
 * bundle, without the sources it was computed from. Its exports must be JSON values.
 *
 * Options: `load(path)`, which requires a TypeScript module (webpack.config.js's requireTs).
 */
const path = require('node:path');

/** The file of a require-cache key (tsx appends its namespace as a query). */
const fileOf = (key) => key.split('?')[0];

module.exports = function buildTimeModuleLoader() {
  const { load } = this.getOptions();
  // Evaluated afresh on every build, from the sources as they are now: the dev server rebuilds
  // after an edit, and Node would otherwise answer with the modules it loaded the first time.
  this.cacheable(false);
  const sources = path.join(this.rootContext, 'src') + path.sep;
  const ours = () => Object.keys(require.cache).filter((key) => fileOf(key).startsWith(sources));
  for (const key of ours()) delete require.cache[key];
  const exports = load(this.resourcePath);
  // What it read: an edit to any of these rebuilds it (the messages of a locale, for example).
  for (const key of ours()) this.addDependency(fileOf(key));
  const lines = Object.entries(exports).map(([name, value]) => {
    if (value === undefined || typeof value === 'function') throw new Error(`${this.resourcePath}: export ${name} is not a JSON value`);
    return `export const ${name} = ${JSON.stringify(value)};`;
  });
  return `// Evaluated at build time (scripts/webpack/build-time-module-loader.js).\n${lines.join('\n')}\n`;
};
