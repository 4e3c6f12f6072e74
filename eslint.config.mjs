import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Arrows point inward (../shared/DESIGN.md section 4): emulators stand in for the outside world.
    files: ['src/emulators/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/addin/**', '**/core/**', '**/teams/**'] }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/addin/**', '**/emulators/**', '**/teams/**'] }],
    },
  },
  {
    files: ['src/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/addin/**', '**/emulators/**'] }] },
  },
  {
    files: ['src/addin/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/emulators/**'] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
