/**
 * MPS and CPLEX-LP writers: files read back by HiGHS (and by the clp executable when installed)
 * must give the same optimum as solving the model directly.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { highsBackend, isClpAvailable, loadHighsRuntime, type LpModel, writeLpFormat, writeMps } from '../../solver/index.js';
import { integerModel, knapsackModel, LP_CASES } from './lp-cases.js';

/** Covers every bound and row type, names needing sanitising, integers and a constant. */
const MIXED: LpModel = {
  name: 'mixed model',
  sense: 'maximize',
  objectiveConstant: 7.5,
  columns: [
    { name: 'x a', lower: 0, upper: 4, cost: 3 },
    { name: 'y', lower: -Infinity, upper: Infinity, cost: -1 },
    { name: 'z', lower: -2, upper: 10, cost: 2, integer: true },
    { name: 'w', lower: 0, upper: Infinity, cost: 0, integer: true },
    { name: 'e1', lower: 1, upper: 1, cost: 1 },
    { name: 'y', lower: -Infinity, upper: 3, cost: 0.5 },
    { name: '3rd', lower: 0, upper: Infinity, cost: 0 },
  ],
  rows: [
    { name: 'rng', lower: -3, upper: 5, indices: [0, 1], values: [1, -1] },
    { name: 'eq', lower: 2, upper: 2, indices: [1, 2, 3], values: [1, 1, -1] },
    { name: 'le', lower: -Infinity, upper: 12.5, indices: [0, 2, 3, 5], values: [1, 1, 1, 1] },
    { name: 'free', lower: -Infinity, upper: Infinity, indices: [0], values: [1] },
    { name: 'ge', lower: 1, upper: Infinity, indices: [1, 3, 5], values: [1, 1, -1] },
  ],
};

async function solveText(format: 'lp' | 'mps', text: string): Promise<{ status: number; objective: number }> {
  const highs = await loadHighsRuntime();
  const hm = highs.createModel(format === 'lp' ? { format, data: text } : { format, data: new TextEncoder().encode(text) });
  try {
    hm.options.set({ output_flag: false });
    const r = hm.run();
    return { status: r.modelStatus, objective: hm.getObjectiveValue() };
  } finally {
    hm.dispose();
  }
}

const MODELS: [string, LpModel][] = [
  ['mixed', MIXED],
  ['knapsack', knapsackModel()],
  ['general integers', integerModel()],
  ...LP_CASES.filter((c) => c.status === 'optimal').map((c): [string, LpModel] => [c.name, c.model]),
];

describe('writeMps / writeLpFormat', () => {
  it.each(MODELS)('%s: HiGHS reads both files back to the same optimum', async (_, model) => {
    const direct = await highsBackend.solve(model, { relativeMipGap: 0 });
    expect(direct.status).toBe('optimal');
    // one naming style per format keeps the (slow-starting) HiGHS MIP solves to three per model
    const mps = await solveText('mps', writeMps(model, { names: 'model' }));
    const lp = await solveText('lp', writeLpFormat(model, { names: 'generic' }));
    expect(mps.status).toBe(7);
    expect(lp.status).toBe(7);
    expect(mps.objective).toBeCloseTo(direct.objective as number, 6);
    expect(lp.objective).toBeCloseTo(direct.objective as number, 6);
  });

  it.each(['mps', 'lp'] as const)('generic and model naming give the same %s file up to names', (format) => {
    const write = format === 'mps' ? writeMps : writeLpFormat;
    const a = write(MIXED, { names: 'model' }).split('\n');
    const b = write(MIXED, { names: 'generic' }).split('\n');
    expect(a).toHaveLength(b.length);
    expect(b.join('\n')).not.toContain('x_a');
  });

  it('MPS structure: FREE header, OBJSENSE, markers, ranges, explicit integer bounds, negated constant', () => {
    const mps = writeMps(MIXED);
    expect(mps.split('\n')[0]).toBe('NAME mixed_model FREE');
    expect(mps).toContain('OBJSENSE\n    MAX');
    expect(mps).toMatch(/'MARKER' 'INTORG'[\s\S]*'MARKER' 'INTEND'/);
    expect(mps).toContain(' RNG rng 8');
    expect(mps).toContain(' RHS OBJ -7.5');
    expect(mps).toContain(' PL BND w');
    expect(mps).toContain(' FR BND y\n');
    expect(mps).toContain(' MI BND y~2');
    expect(writeMps(MIXED, { objSense: false })).not.toContain('OBJSENSE');
  });

  it('LP structure: ranged rows through an auxiliary column, sanitised unique names, no free rows', () => {
    const lp = writeLpFormat(MIXED);
    expect(lp).toContain('Maximize');
    expect(lp).toMatch(/ rng: \+ 1 x_a - 1 y - 1 rng~rng = -3/);
    expect(lp).toContain(' 0 <= rng~rng <= 8');
    expect(lp).toContain('_e1'); // would read as the number e1 otherwise
    expect(lp).toContain('_3rd');
    expect(lp).toContain('y~2');
    expect(lp).toContain('\\ free row');
    expect(lp).toMatch(/Generals\n z w/);
    expect(lp.trimEnd().endsWith('End')).toBe(true);
  });

  it('writes numbers exactly (shortest round-trip form)', () => {
    const model: LpModel = { sense: 'minimize', columns: [{ name: 'x', lower: 0, upper: 0.1 + 0.2, cost: 1e-7 }], rows: [] };
    expect(writeMps(model)).toContain(' UP BND x 0.30000000000000004');
    expect(writeLpFormat(model)).toContain('+ 1e-7 x');
  });

  it.skipIf(!isClpAvailable())('clp reads the MPS file (sense from -max) to the same LP optimum', async () => {
    const relaxed: LpModel = { ...MIXED, columns: MIXED.columns.map((c) => ({ ...c, integer: false })) };
    const direct = await highsBackend.solve(relaxed);
    const dir = mkdtempSync(join(tmpdir(), 'corridor-writer-'));
    try {
      writeFileSync(join(dir, 'm.mps'), writeMps(relaxed, { objSense: false }));
      const out = execFileSync('clp', ['m.mps', '-max', '-solve', '-quit'], { cwd: dir, encoding: 'utf8' });
      const m = /Optimal objective (\S+)/.exec(out);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeCloseTo(direct.objective as number, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
