import type { CompiledModel } from './compile-model.js';
import type { BackendName, LpSolution, LpStatus } from './lp-model.js';

/** Seconds elapsed since `t0` (a `performance.now()` reading). */
export function secondsSince(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** A solution without values (infeasible, unbounded, error, limit without incumbent). */
export function statusOnlySolution(backend: BackendName, status: LpStatus, t0: number, message?: string): LpSolution {
  const s: LpSolution = {
    status,
    objective: null,
    columnValues: null,
    rowActivities: null,
    rowDuals: null,
    reducedCosts: null,
    backend,
    solveSeconds: secondsSince(t0),
  };
  if (message !== undefined) s.message = message;
  return s;
}

/** An `error` solution carrying the message of `e`. */
export function errorSolution(backend: BackendName, t0: number, e: unknown): LpSolution {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return statusOnlySolution(backend, 'error', t0, msg);
}

/**
 * Decides models no backend needs to see: crossed bounds (`infeasible`) and models without
 * columns (`optimal` when every row admits activity 0, else `infeasible`). Returns null when the
 * model needs a real solve.
 */
export function trivialSolution(m: CompiledModel, backend: BackendName, t0: number, wantDuals: boolean): LpSolution | null {
  if (m.crossedBounds !== null) return statusOnlySolution(backend, 'infeasible', t0, m.crossedBounds);
  if (m.numCols > 0) return null;
  for (let i = 0; i < m.numRows; i++) {
    if (m.rowLower[i] > 0 || m.rowUpper[i] < 0) {
      return statusOnlySolution(backend, 'infeasible', t0, `row ${i} excludes activity 0 and the model has no columns`);
    }
  }
  const duals = wantDuals && m.integrality === null;
  return {
    status: 'optimal',
    objective: m.objectiveConstant,
    columnValues: new Float64Array(0),
    rowActivities: new Float64Array(m.numRows),
    rowDuals: duals ? new Float64Array(m.numRows) : null,
    reducedCosts: duals ? new Float64Array(0) : null,
    backend,
    solveSeconds: secondsSince(t0),
    message: 'model has no columns',
  };
}

/** Replaces `-0` by `0` in place (cosmetic; keeps printed duals tidy) and returns the array. */
export function clearNegativeZeros(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) if (a[i] === 0) a[i] = 0;
  return a;
}
