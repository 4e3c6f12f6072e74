/**
 * Evaluates a module at build time and emits its exports as constants. A `*.build-time.ts` module
 * computes data from larger sources (all the messages of every locale, windows-iana's tables) with
 * ordinary code that Node and the tests run as it is; in the web build only its result reaches the
 * bundle, without the sources it was computed from. Its exports must be JSON values.
 *
 * Options: `load(path)`, which requires a TypeScript module (webpack.config.js's requireTs).
 */
module.exports = function buildTimeModuleLoader() {
  const { load } = this.getOptions();
  // Evaluated afresh on every build: what it reads may have changed (the dev server rebuilds).
  this.cacheable(false);
  const exports = load(this.resourcePath);
  const lines = Object.entries(exports).map(([name, value]) => {
    if (value === undefined || typeof value === 'function') throw new Error(`${this.resourcePath}: export ${name} is not a JSON value`);
    return `export const ${name} = ${JSON.stringify(value)};`;
  });
  return `// Evaluated at build time (scripts/webpack/build-time-module-loader.js).\n${lines.join('\n')}\n`;
};
