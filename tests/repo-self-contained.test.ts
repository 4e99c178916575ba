import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTrackedRepo, REPO_ROOT as repoRoot, trackedFiles } from './support/copy-tracked-repo.js';

// A user clones the repository alone. This test proves that nothing a test, bench, build or the
// runtime reads lies outside it: (1) no tracked file names a path into the old sibling `shared/`
// folder, and (2) the tests that read data files pass in a copy of the tracked files placed where
// no sibling folder exists.
const isGitCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: repoRoot }).status === 0;

describe.runIf(isGitCheckout)('the repository stands on its own', () => {
  const cleanup: string[] = [];
  afterAll(() => {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  it('no tracked code or config names a path outside the repository', () => {
    // Code that climbs out of the repo: `'..', '..', 'shared'`, `/work/shared`, and a `../shared/` that is not
    // an import of the repo's own src/shared/ (from src/evaluate, `../shared/` is src/shared: it exists;
    // from tests/ or the root it names the old sibling folder, read relative to the working directory).
    const outside = [/['"]\.\.['"]\s*,\s*['"]\.\.['"]\s*,\s*['"]shared['"]/, /\/work\/shared/, /['"]\.\.['"]\s*,\s*['"]shared['"]/];
    const offenders: string[] = [];
    for (const file of trackedFiles()) {
      if (!/\.(ts|js|mjs|cjs|json|sh|md|yml|yaml)$/.test(file) && !file.startsWith('.ci/')) continue;
      if (file === 'tests/repo-self-contained.test.ts') continue;
      const text = readFileSync(join(repoRoot, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        const climbsOut = [...line.matchAll(/(?:\.\.\/)+shared\//g)].some((m) => {
          const target = resolve(repoRoot, dirname(file), m[0]);
          return relative(repoRoot, target).startsWith('..') || !existsSync(target);
        });
        if (climbsOut || outside.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the file-reading tests pass in a lone copy of the tracked files', () => {
    // <tmp>/clone/corridor: its parent holds nothing but the copy, so `../shared` cannot resolve.
    const { root: copy, base } = copyTrackedRepo();
    cleanup.push(base);
    const files = [
      'tests/sioux-falls.test.ts',
      'tests/networks-data.test.ts',
      'tests/builtin-networks.test.ts',
      'tests/demand.test.ts',
      'tests/docs.test.ts',
    ];
    const run = spawnSync(process.execPath, [join(copy, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 300_000,
    });
    // eslint-disable-next-line no-control-regex
    const output = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    expect(run.status, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/Test Files\s+\d+ passed/);
    expect(output).not.toMatch(/skipped/i);
  }, 320_000);
});
