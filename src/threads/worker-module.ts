import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * A worker-thread module next to the caller and the Node flags it needs. From TypeScript sources (vitest,
 * tsx) the worker is the `.ts` file and needs the tsx loader, resolved to an absolute URL so that it loads
 * from any working directory; from compiled code it is the `.js` file and needs nothing.
 * @param baseName file name without extension, e.g. 'scenario-worker'
 * @param callerUrl `import.meta.url` of a module in the same folder
 */
export function workerModule(baseName: string, callerUrl: string): { filename: string; execArgv: string[] } {
  if (callerUrl.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx')).href;
    return { filename: new URL(`./${baseName}.ts`, callerUrl).href, execArgv: ['--import', tsx] };
  }
  return { filename: new URL(`./${baseName}.js`, callerUrl).href, execArgv: [] };
}

/**
 * Source text for `new Worker(code, { eval: true })` that loads the worker module next to the caller: from
 * TypeScript sources it first registers tsx through its API, then imports the `.ts` file; from compiled code
 * it imports the `.js` file.
 *
 * Why not {@link workerModule}'s `--import` flag for a plain Worker: with it, a `.ts` entry given straight to
 * `new Worker` failed to load here (Node 20: "Unknown file extension .ts"); registering in the worker
 * itself before the import always works.
 * @param baseName file name without extension, e.g. 'pricing-worker'
 * @param callerUrl `import.meta.url` of a module in the same folder
 */
export function workerEvalCode(baseName: string, callerUrl: string): string {
  if (callerUrl.endsWith('.ts')) {
    const api = createRequire(callerUrl).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs');
    const entry = new URL(`./${baseName}.ts`, callerUrl).href;
    return `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  }
  return `import(${JSON.stringify(new URL(`./${baseName}.js`, callerUrl).href)});`;
}
