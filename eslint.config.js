// Lint keeps the runtime layering of docs/architecture.md (Layers): app/ is plain Node and never
// touches electron; renderer/ sees only the browser and the types of app/api.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** zod is set up once (app/zod.ts: no generated parsers) before any schema is built, so nothing takes it from 'zod' directly. */
const ZOD_ONCE = { name: 'zod', message: "Import z from app/zod.ts, where it is set up once." };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'app/ is the engine: plain Node, no electron (docs/architecture.md, Layers).' }, ZOD_ONCE], patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'app/ does not import from main/ or renderer/.' }] }],
    },
  },
  {
    files: ['main/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ZOD_ONCE] }] },
  },
  {
    // The one place zod is imported and set up.
    files: ['app/zod.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to the API on window.' }],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in the browser.' },
            { group: ['**/main/**'], message: 'The renderer talks only to the API on window.' },
            {
              regex: '(^|/)app/(?!shared/)',
              allowTypeImports: true,
              message: 'The renderer may import only types from app/ (and app/shared at run time).',
            },
          ],
        },
      ],
    },
  },
  {
    // app/shared is loaded at run time by the renderer, the preload and the CLI client: nothing heavy, nothing Node.
    files: ['app/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'zod', 'electron'], message: 'app/shared stays free of Node, zod and electron.' },
            { regex: '^\\.\\./', allowTypeImports: true, message: 'app/shared imports only itself at run time (types from elsewhere are fine).' },
          ],
        },
      ],
    },
  },
  {
    // The Vite config sits beside the renderer but runs in Node at build time.
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
