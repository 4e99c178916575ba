import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** api/ and src/commands/ use each domain folder through its index.ts only. */
const DEEP_IMPORT = {
  regex: '^(\\.\\./)+(src/)?(evaluate|optimize|optimize-paths|resilience|plan|borders|queue)/(?!index\\.js$)',
  message: "Import the folder's public surface (index.js), not a private module.",
};
/** src/ never imports networks/ (data and the scripts that make it); the loaders are src/builtin-networks.ts. */
const NO_NETWORKS = { regex: '^(\\.\\./)+networks/', message: 'src/ does not import networks/; use src/builtin-networks.ts.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'api/public/vendor/**', 'api/public/build/**', 'test-output/**', 'data/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The map page runs in the browser: no node modules, and server code only as types (web/api-types.ts).
    files: ['web/*.ts'],
    ignores: ['web/build-web.ts', 'web/take-screenshot.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The map page runs in the browser.' },
            { group: ['../api/*', '../src/*', '../solver/*', '../networks/*'], allowTypeImports: true, message: 'The page imports server code as types only (see web/api-types.ts).' },
          ],
        },
      ],
    },
  },
  {
    // The API and the CLI commands use each domain folder through its public surface (index.ts) only
    // (issue 17: the folders below still reach into each other; that is the next step).
    files: ['api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }] },
  },
  {
    // networks/ holds the built-in data and the scripts that make it; the loaders are in src/. src never
    // imports networks/, so the two folders do not depend on each other both ways (issue 17).
    files: ['src/**/*.ts'],
    ignores: ['src/commands/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_NETWORKS] }] },
  },
  {
    // The CLI commands: both rules (a later block's rule replaces an earlier one's, so they are set together).
    files: ['src/commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT, NO_NETWORKS] }] },
  },
);
