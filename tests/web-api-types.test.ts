import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTrackedRepo, REPO_ROOT } from './support/copy-tracked-repo.js';

// The map page keeps no hand-written copy of the API's shapes: it imports the server's own types, so a
// server change to a field the page reads breaks `npm run typecheck` (and `npm run build:web`).
describe('the map page uses the server API types', () => {
  const cleanup: string[] = [];
  afterAll(() => {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  it('web/api-types.ts declares no shape of its own', () => {
    const text = readFileSync(join(REPO_ROOT, 'web', 'api-types.ts'), 'utf8');
    expect(text).not.toMatch(/\binterface\s/);
    expect(text).toMatch(/export type \* from '\.\.\/api\/api-types\.js'/);
  });

  it('renaming a route field on the server fails the web typecheck where the page reads it', () => {
    const { root, base } = copyTrackedRepo('corridor-types-');
    cleanup.push(base);
    const file = join(root, 'src', 'routing', 'route-result.ts');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\n {2}totalCostUsd: number;/);
    writeFileSync(file, text.replace(/\n {2}totalCostUsd: number;/, '\n  totalMoneyUsd: number;'));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'web/tsconfig.json'], { cwd: root, encoding: 'utf8' });
    expect(tsc.status).not.toBe(0);
    expect(tsc.stdout).toMatch(/web\/route-panel\.ts.*totalCostUsd/);
  }, 120_000);
});
