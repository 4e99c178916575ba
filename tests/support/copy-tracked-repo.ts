import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tests/support/copy-tracked-repo.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files git tracks (plus added ones), relative to the repo root: what a clone holds. */
export function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.length > 0);
}

/**
 * Copy the tracked files alone to `<tmp>/clone/corridor` (its parent holds nothing else, so a path that
 * climbs out of the repo cannot resolve there) and link node_modules, which `npm ci` would make the same.
 * Returns the copy's root and the temporary base folder to remove afterwards.
 */
export function copyTrackedRepo(prefix = 'corridor-clone-'): { root: string; base: string } {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const root = join(base, 'clone', 'corridor');
  mkdirSync(root, { recursive: true });
  for (const file of trackedFiles()) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(root, file));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, base };
}
