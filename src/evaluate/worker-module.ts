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
