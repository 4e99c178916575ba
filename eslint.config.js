import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The pipeline folders of src/ (issue 17.5). Code outside a folder uses it through its index.ts only; inside a
 * folder, modules import each other directly. tests/folder-surfaces.test.ts checks the same on resolved paths.
 */
const FOLDERS = ['network', 'graph', 'routing', 'assignment', 'evaluate', 'resilience', 'plan', 'borders', 'queue', 'shared', 'threads', 'cli'];
const DEEP_IMPORT = {
  regex: `^(\\.\\./)+(src/)?(${FOLDERS.join('|')})/(?!index\\.js$)`,
  message: "Import the folder's public surface (index.js), not a private module.",
};
/** src/ never imports networks/ (data and the scripts that make it); the loaders are src/network/builtin-networks.ts. */
const NO_NETWORKS = { regex: '^(\\.\\./)+networks/', message: 'src/ does not import networks/; use src/network/builtin-networks.ts.' };

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
    // The API and every src folder use the other folders through their public surface (index.ts) only, and
    // src never imports networks/ (a later block's rule replaces an earlier one's, so both are set together).
    files: ['api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT, NO_NETWORKS] }] },
  },
);
