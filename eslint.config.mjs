import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's (.prettierrc.json, checked by npm test): no lint rule argues with it.
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  // The layers' import rules (docs/architecture.md#layers): arrows point inward.
  // core imports nothing of the project; addin and server import core, never each other; the Teams
  // tab imports core only; emulators stand in for the outside world and import nothing of the
  // product, so that they cannot agree with its bugs. A violating import fails `npm run lint`.
  {
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/server/**', '**/emulators/**', '**/teams/**'],
          // The pane translates with its own small translator (src/addin/i18n/pane-i18n.tsx), not i18next.
          paths: [
            { name: 'react-i18next', message: "Use useTranslation from src/addin/i18n/pane-i18n.tsx (the pane's translator)." },
            { name: 'i18next', message: "Use src/addin/i18n/pane-i18n.tsx (the pane's translator)." },
          ],
        },
      ],
    },
  },
  {
    files: ['src/teams/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/addin/**', '**/emulators/**'] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
