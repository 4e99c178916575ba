/** Checks of the dual sign convention shared by the solver tests. */
import { expect } from 'vitest';
import type { LpBackend, LpModel, LpSolution } from '../../solver/index.js';

export type ActiveBound = 'lower' | 'upper' | 'both' | null;

/** Which bound of an item with bounds [lower, upper] is active at `value` (tolerance `tol`). */
export function activeBound(lower: number, upper: number, value: number, tol = 1e-7): ActiveBound {
  const scale = Math.max(1, Math.abs(value));
  if (lower === upper) return 'both';
  if (Math.abs(value - upper) <= tol * scale) return 'upper';
  if (Math.abs(value - lower) <= tol * scale) return 'lower';
  return null;
}

function perturbed(model: LpModel, kind: 'row' | 'column', index: number, bound: Exclude<ActiveBound, null>, delta: number): LpModel {
  const shift = (lower: number, upper: number): [number, number] => {
    if (bound === 'both') return [lower + delta, upper + delta];
    if (bound === 'lower') return [lower + delta, upper];
    return [lower, upper + delta];
  };
  if (kind === 'row') {
    const rows = model.rows.map((r, i) => {
      if (i !== index) return r;
      const [lower, upper] = shift(r.lower, r.upper);
      return { ...r, lower, upper };
    });
    return { ...model, rows };
  }
  const columns = model.columns.map((c, j) => {
    if (j !== index) return c;
    const [lower, upper] = shift(c.lower, c.upper);
    return { ...c, lower, upper };
  });
  return { ...model, columns };
}

/**
 * For every row and column whose dual is nonzero or whose bound is active, re-solves with that
 * active bound moved by +delta and checks (Δobjective / delta) ≈ dual: the definition of the
 * package's sign convention, checked for min and max models alike.
 */
export async function expectDualsMatchFiniteDifferences(backend: LpBackend, model: LpModel, sol: LpSolution, delta = 1e-3, tol = 1e-4): Promise<void> {
  expect(sol.status).toBe('optimal');
  const base = sol.objective as number;
  const y = sol.rowDuals as Float64Array;
  const d = sol.reducedCosts as Float64Array;
  const act = sol.rowActivities as Float64Array;
  const x = sol.columnValues as Float64Array;
  const items: { kind: 'row' | 'column'; index: number; bound: ActiveBound; dual: number }[] = [];
  model.rows.forEach((r, i) => items.push({ kind: 'row', index: i, bound: activeBound(r.lower, r.upper, act[i]), dual: y[i] }));
  model.columns.forEach((c, j) => items.push({ kind: 'column', index: j, bound: activeBound(c.lower, c.upper, x[j]), dual: d[j] }));
  for (const it of items) {
    if (it.bound === null) {
      // complementary slackness: an item strictly between its bounds has zero dual
      expect(Math.abs(it.dual), `${it.kind} ${it.index} is not at a bound but has dual ${it.dual}`).toBeLessThan(1e-7);
      continue;
    }
    const again = await backend.solve(perturbed(model, it.kind, it.index, it.bound, delta));
    expect(again.status).toBe('optimal');
    const fd = ((again.objective as number) - base) / delta;
    expect(Math.abs(fd - it.dual), `${it.kind} ${it.index} (${it.bound}): finite difference ${fd} vs dual ${it.dual}`).toBeLessThan(tol * Math.max(1, Math.abs(fd)));
  }
}

/**
 * Strong duality and sign conditions for an optimal LP solution:
 * objective = constant + Σ activeBound·rowDual + Σ activeBound·reducedCost, where an item with
 * nonzero dual must sit at the bound its sign implies (min: dual > 0 at the lower bound,
 * dual < 0 at the upper; max: the reverse).
 */
export function expectStrongDuality(model: LpModel, sol: LpSolution, tol = 1e-6): void {
  const y = sol.rowDuals as Float64Array;
  const d = sol.reducedCosts as Float64Array;
  const act = sol.rowActivities as Float64Array;
  const x = sol.columnValues as Float64Array;
  const max = model.sense === 'maximize';
  let total = model.objectiveConstant ?? 0;
  const boundFor = (lower: number, upper: number, value: number, dual: number, what: string): number => {
    if (Math.abs(dual) <= 1e-9) return 0;
    const atLower = max ? dual < 0 : dual > 0;
    const bound = lower === upper ? lower : atLower ? lower : upper;
    expect(Number.isFinite(bound), `${what}: dual ${dual} points at an infinite bound`).toBe(true);
    expect(Math.abs(value - bound), `${what}: dual ${dual} but value ${value} is not at bound ${bound}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(bound)));
    return bound * dual;
  };
  model.rows.forEach((r, i) => (total += boundFor(r.lower, r.upper, act[i], y[i], `row ${i}`)));
  model.columns.forEach((c, j) => (total += boundFor(c.lower, c.upper, x[j], d[j], `column ${j}`)));
  const obj = sol.objective as number;
  expect(Math.abs(total - obj), `dual objective ${total} vs primal ${obj}`).toBeLessThan(tol * Math.max(1, Math.abs(obj)));
}

/** `A x` recomputed from the model. */
export function activities(model: LpModel, x: ArrayLike<number>): number[] {
  return model.rows.map((r) => r.indices.reduce((s, j, k) => s + r.values[k] * x[j], 0));
}
