import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'guest/', 'public/', 'playwright-report/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs,js}', 'tests/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The engine is pure TypeScript that runs in Node and in a worker: it must not reach the UI,
    // the worker layer, or any browser or Node-only library.
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/workers/**'], message: 'engine/ must not import app/ or workers/.' },
            { group: ['react', 'react-*', 'zustand', 'zustand/*', 'comlink', '@xterm/*', 'node:*'], message: 'engine/ stays free of UI, worker and Node libraries.' },
          ],
        },
      ],
    },
  },
);
