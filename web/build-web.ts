import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Folder of the map page sources (index.html, style.css, main.ts). Works from the source tree and from
 * a tsc build in dist/web, because the page sources are never compiled by tsc.
 */
export const WEB_DIR = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(join('dist', 'web')) ? join(here, '..', '..', 'web') : here;
})();

/** Where the bundle and the copied vendor files go (gitignored). */
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');

/**
 * Country outlines for the offline base map. 50m is detailed enough at corridor zoom (a country per
 * few pixels) and 0.75 MB; 10m would be 3.7 MB for no visible gain.
 */
export const COUNTRIES_FILE = 'countries-50m.json';

/** Files in web/dist that the page loads; a build is complete when all of them exist. */
export const WEB_DIST_FILES = ['main.js', 'leaflet.css', COUNTRIES_FILE] as const;

/** Source files the bundle was built from (esbuild's metafile inputs), for the staleness check. */
const INPUTS_FILE = 'inputs.json';

/** Result of {@link buildWeb}. */
export interface BuildWebResult {
  outDir: string;
  /** Size of the JavaScript bundle in bytes. */
  bundleBytes: number;
}

/**
 * Bundle `web/main.ts` (with Leaflet and topojson-client from node_modules) into `web/dist/main.js`
 * and copy Leaflet's CSS and images and the world-atlas country outlines beside it, so the page
 * fetches nothing from the internet.
 *
 * Builds into a temporary folder and renames it into place, so a server that checks for
 * `web/dist/main.js` never sees a half-written bundle.
 * @example await buildWeb() // → { outDir: '…/web/dist', bundleBytes: 190000 }
 */
export async function buildWeb(outDir: string = WEB_DIST_DIR): Promise<BuildWebResult> {
  // Imported here, not at the top: a deployment that ships a built web/dist (no devDependencies)
  // must still be able to load the router without esbuild.
  const { build } = await import('esbuild');
  const require = createRequire(import.meta.url);
  const tmpDir = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(join(tmpDir, 'images'), { recursive: true });
  try {
    const result = await build({
      entryPoints: [join(WEB_DIR, 'main.ts')],
      outfile: join(tmpDir, 'main.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      sourcemap: true,
      logLevel: 'silent',
      metafile: true,
      absWorkingDir: join(WEB_DIR, '..'),
    });
    // Inputs relative to the repository root, without node_modules (a dependency update means npm ci, not an edit).
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
    writeFileSync(join(tmpDir, INPUTS_FILE), JSON.stringify(inputs, null, 1));
    const leafletDist = dirname(require.resolve('leaflet/dist/leaflet.css'));
    copyFileSync(join(leafletDist, 'leaflet.css'), join(tmpDir, 'leaflet.css'));
    for (const image of readdirSync(join(leafletDist, 'images'))) {
      copyFileSync(join(leafletDist, 'images', image), join(tmpDir, 'images', image));
    }
    const atlasDir = dirname(require.resolve(`world-atlas/${COUNTRIES_FILE}`));
    copyFileSync(join(atlasDir, COUNTRIES_FILE), join(tmpDir, COUNTRIES_FILE));
    rmSync(outDir, { recursive: true, force: true });
    try {
      renameSync(tmpDir, outDir);
    } catch (error) {
      // Another process built at the same moment and renamed first: its bundle is as good as ours.
      if (webBundleIsStale(outDir)) throw error;
      rmSync(tmpDir, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  return { outDir, bundleBytes: statSync(join(outDir, 'main.js')).size };
}

/**
 * Is the bundle missing or older than a source file of the page? Lets the server rebuild after a
 * `git pull` without anyone remembering to run the build.
 */
export function webBundleIsStale(outDir: string = WEB_DIST_DIR): boolean {
  let bundleMs: number;
  let inputs: string[];
  try {
    for (const file of WEB_DIST_FILES) statSync(join(outDir, file));
    bundleMs = statSync(join(outDir, 'main.js')).mtimeMs;
    inputs = JSON.parse(readFileSync(join(outDir, INPUTS_FILE), 'utf8')) as string[];
  } catch {
    return true;
  }
  const root = join(WEB_DIR, '..');
  // A web/*.ts file the last bundle did not import may be new and imported now: check those too.
  const webSources = readdirSync(WEB_DIR).filter((f) => f.endsWith('.ts')).map((f) => join('web', f));
  return [...new Set([...inputs, ...webSources])].some((f) => {
    try {
      return statSync(join(root, f)).mtimeMs > bundleMs;
    } catch {
      return true; // an input was deleted or moved: rebuild
    }
  });
}

// `npx tsx web/build-web.ts` builds the bundle by hand.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await buildWeb();
  console.log(`built ${result.outDir} (main.js ${(result.bundleBytes / 1024).toFixed(0)} KiB)`);
}
