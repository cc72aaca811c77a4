// Lint rules: strict TypeScript everywhere; renderer/ and shared/ may not touch Electron or Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'renderer/dist/**', 'release/**', '.tmp/**', 'sysbtape-demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The renderer and the shared contract run in a sandboxed page: no Electron, no Node.
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'renderer/ and shared/ must not import electron; use window.sysbtape.' },
            ...nodeBuiltins.map((name) => ({ name, message: `renderer/ and shared/ must not import the Node built-in '${name}'.` })),
          ],
        },
      ],
    },
  },
  {
    // Only the thin Electron files may import electron; services stay testable under plain Node.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/pdf-print.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/main.ts, preload.ts, ipc.ts and pdf-print.ts may import electron.' }],
        },
      ],
    },
  },
);
