// ESLint 10 looks a file's config up from its own folder, so this one governs web/. It is the root
// config plus one rule: the esbuild output in web/dist is generated (minified) code, not source.
import root from '../eslint.config.js';

export default [{ ignores: ['dist/**'] }, ...root];
