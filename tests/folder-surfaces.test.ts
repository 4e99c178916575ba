/**
 * The tree shows the pipeline (issue 17.5): src/ holds only folders, each with an index.ts that is its public
 * surface, and no module of src/ or api/ imports past another folder's index.ts. The lint rule
 * (eslint.config.js, DEEP_IMPORT) says the same on import strings; this test resolves every relative import
 * to a file, so a path spelled another way (`../../src/graph/x.js`, `./../graph/x.js`) cannot slip through.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import and re-export specifiers of a module (static, dynamic and `export … from`). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) out.push(m[2]);
  return out;
}

/** The pipeline folder of a path inside src/ (`src/graph/x.ts` → `graph`), or null outside src/ folders. */
function folderOf(path: string): string | null {
  const parts = relative(ROOT, path).split(sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : null;
}

/** Imports of `file` that reach into another src folder past its index.ts, as "importer → target". */
export function deepImports(file: string, text: string): string[] {
  const from = folderOf(file);
  return specifiers(text).flatMap((spec) => {
    const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
    const to = folderOf(target);
    if (to === null || to === from) return [];
    return relative(join(ROOT, 'src', to), target) === 'index.ts' ? [] : [`${relative(ROOT, file)} → ${relative(ROOT, target)}`];
  });
}

describe('src/ is a tree of folders with public surfaces', () => {
  it('src/ holds folders only, and each has an index.ts', () => {
    const entries = readdirSync(join(ROOT, 'src'));
    expect(entries.filter((e) => !statSync(join(ROOT, 'src', e)).isDirectory())).toEqual([]);
    expect(entries.filter((e) => !readdirSync(join(ROOT, 'src', e)).includes('index.ts'))).toEqual([]);
  });

  it('no module of src/ or api/ imports past another folder\'s index.ts', () => {
    const files = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'api'))];
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => deepImports(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the check fails on a deep import, however it is spelled, and allows index and same-folder imports', () => {
    const file = join(ROOT, 'src', 'evaluate', 'probe.ts');
    expect(deepImports(file, "import { x } from '../graph/expanded-graph.js';")).toEqual(['src/evaluate/probe.ts → src/graph/expanded-graph.ts']);
    expect(deepImports(file, "export { x } from './../../src/graph/scenario.js';")).toHaveLength(1);
    expect(deepImports(file, "const m = await import('../assignment/paths/price-paths.js');")).toHaveLength(1);
    expect(deepImports(file, "import { x } from '../graph/index.js';\nimport { y } from './criticality.js';")).toEqual([]);
    expect(deepImports(join(ROOT, 'api', 'probe.ts'), "import { z } from '../src/routing/route.js';")).toHaveLength(1);
  });
});

describe('the docs name files that exist', () => {
  it('every src/, api/, bench/ or tests/ file path in README, BENCHMARKS and docs/ exists (a moved file updates its mentions)', () => {
    const docs = ['README.md', 'BENCHMARKS.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
    const missing: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/(?<![\w./-])((?:src|api|bench|tests|web|solver|networks)\/[\w./-]+\.(?:ts|md|json|csv|geojson))/g)) {
        checked++;
        let exists = true;
        try {
          statSync(join(ROOT, m[1]));
        } catch {
          exists = false;
        }
        if (!exists) missing.push(`${doc}: ${m[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('the map page bundles server code without node built-ins', () => {
  /** Value imports (not `import type`) of a module: the ones a bundler follows. */
  const valueSpecifiers = (text: string): string[] =>
    [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?(['"])([^'"]+)\1/gm)].map((m) => m[2]);

  it('no module that web/ imports as a value from src/ reaches a node: import', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string, via: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of valueSpecifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:')) offenders.push(`${relative(ROOT, file)} imports ${spec} (bundled via ${via})`);
        else if (spec.startsWith('.')) visit(normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'), via);
      }
    };
    const webFiles = readdirSync(join(ROOT, 'web')).filter((f) => f.endsWith('.ts') && !['build-web.ts', 'take-screenshot.ts'].includes(f));
    for (const f of webFiles) {
      const path = join(ROOT, 'web', f);
      for (const spec of valueSpecifiers(readFileSync(path, 'utf8'))) {
        if (spec.startsWith('../src/')) visit(normalize(join(ROOT, 'web', spec)).replace(/\.js$/, '.ts'), `web/${f}`);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });
});
