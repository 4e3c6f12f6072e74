/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // .cjs too: PGlite's CommonJS build loads its WebAssembly through import(), which Jest's CommonJS
    // runtime only runs once swc has turned it into require().
    '^.+\\.(c?js|tsx?|jsx)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only packages that must be transformed to run under Jest's CommonJS runtime (among them
  // pg-boss 12 and the ESM-only packages it imports).
  transformIgnorePatterns: [
    '/node_modules/(?!(@electric-sql|cookie|@noble/hashes|htmlparser2|entities|domhandler|domelementtype|domutils|dom-serializer|pg-boss|serialize-error|non-error|rrule-temporal|temporal-spec)/)',
  ],
  testTimeout: 60000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/jest-global-setup.ts',
};
