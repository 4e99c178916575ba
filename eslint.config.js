import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    ignores: ['web/build-web.ts', 'web/map-router.ts', 'web/take-screenshot.ts'],
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
);
