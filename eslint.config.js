import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'guest/', 'public/', 'playwright-report/', 'test-results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
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
            {
              group: ['**/app/**', '**/workers/**'],
              message: 'engine/ must not import app/ or workers/.',
            },
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*', 'comlink', '@xterm/*', 'node:*'],
              message: 'engine/ stays free of UI, worker and Node libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    // The UI talks to a server only through the worker client; it never holds engine objects.
    files: ['app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**'],
              message: 'app/ reaches the engine only through workers/server-client.',
            },
            {
              group: ['comlink'],
              message: 'app/ uses workers/server-client, which owns the Comlink wiring.',
            },
          ],
        },
      ],
    },
  },
);
