import type { Highs, Model, ModelData } from 'highs';
import type { CompiledModel } from './compile-model.js';
import { DEFAULT_RELATIVE_MIP_GAP } from './default-relative-mip-gap.js';
import { classifyHighsStatus, highsStatusText } from './highs-status.js';
import type { LpSolution, LpStatus, SolveOptions } from './lp-model.js';
import { clearNegativeZeros, secondsSince, statusOnlySolution } from './solution-helpers.js';

/** HiGHS `ModelData` (CSR matrix, positional names) for a compiled model. */
export function highsModelData(highs: Highs, m: CompiledModel): ModelData {
  const data: ModelData = {
    numCols: m.numCols,
    numRows: m.numRows,
    sense: m.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: m.objectiveConstant,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: {
      format: 'csr',
      numRows: m.numRows,
      numCols: m.numCols,
      starts: m.rowStarts,
      indices: m.rowIndex,
      values: m.rowValue,
    },
  };
  if (m.integrality !== null) return { ...data, integrality: Int32Array.from(m.integrality) };
  return data;
}

/** Applies per-solve options (always all of them, so a session never keeps stale limits). */
export function applyHighsOptions(hm: Model, options: SolveOptions | undefined): void {
  const limit = options?.timeLimitSeconds;
  hm.options.set({
    output_flag: false,
    // the wrapper rejects non-finite option values; MAX_VALUE is HiGHS's "no limit" in practice
    time_limit: limit !== undefined && limit >= 0 && limit < Number.MAX_VALUE ? limit : Number.MAX_VALUE,
    mip_rel_gap: options?.relativeMipGap ?? DEFAULT_RELATIVE_MIP_GAP,
    // HiGHS's simplex_strategy: 1 = serial dual (its default), 4 = primal. solver 'choose' is HiGHS's default
    // (simplex for an LP); 'ipm' with crossover on still leaves a basis for duals and the next warm start.
    simplex_strategy: options?.simplex === 'primal' ? 4 : 1,
    solver: options?.simplex === 'ipm' ? 'ipm' : 'choose',
    run_crossover: 'on',
  });
}

function iterationCount(hm: Model, isMip: boolean): number | undefined {
  try {
    if (isMip) return Number(hm.info.get('mip_node_count'));
    const simplex = Number(hm.info.get('simplex_iteration_count'));
    const ipm = Number(hm.info.get('ipm_iteration_count'));
    return Math.max(0, simplex) + Math.max(0, ipm);
  } catch {
    return undefined;
  }
}

/**
 * Settles HiGHS status 9 ("Primal infeasible or unbounded"), which presolve reports when it
 * cannot tell the two apart. First re-runs without presolve (simplex then usually decides);
 * if still ambiguous, solves the feasibility problem (all costs 0): feasible ⇒ `unbounded`
 * (for a MIP with rational data too: a feasible MIP whose relaxation is unbounded is unbounded),
 * infeasible ⇒ `infeasible`. The time budget is cumulative over these runs.
 */
function settleAmbiguous(hm: Model): { code: number; decided?: LpStatus; note: string } {
  const presolve = hm.options.get('presolve');
  hm.options.set('presolve', 'off');
  let code: number;
  try {
    code = hm.run().modelStatus;
  } finally {
    hm.options.set('presolve', presolve);
  }
  if (code !== 9) return { code, note: `re-solved without presolve: ${highsStatusText(code)}` };
  const n = hm.getDimensions().numCols;
  if (n === 0) return { code, decided: 'infeasible', note: 'no columns' };
  const costs = hm.getLp().colCost;
  const all = { kind: 'range', from: 0, to: n - 1 } as const;
  hm.changeColsCost(all, new Float64Array(n));
  let feas: number;
  try {
    feas = hm.run().modelStatus;
  } finally {
    hm.changeColsCost(all, costs);
  }
  if (feas === 7) return { code, decided: 'unbounded', note: 'feasibility problem is feasible, so the model is unbounded' };
  if (feas === 8) return { code, decided: 'infeasible', note: 'feasibility problem is infeasible' };
  const cls = classifyHighsStatus(feas);
  return { code, decided: cls === 'time_limit' ? 'time_limit' : 'error', note: `feasibility problem: ${highsStatusText(feas)}` };
}

/**
 * Runs a prepared HiGHS model and converts the outcome to an {@link LpSolution}.
 * HiGHS duals already follow the package convention (∂objective/∂bound in the model's sense,
 * verified by finite differences for min and max), so they are passed through.
 * Exceptions from HiGHS propagate: the caller must discard the runtime.
 */
export function runHighs(hm: Model, isMip: boolean, t0: number): LpSolution {
  hm.zeroAllClocks();
  let code: number = hm.run().modelStatus;
  let message = highsStatusText(code);
  let cls = classifyHighsStatus(code);
  if (cls === 'ambiguous') {
    const settled = settleAmbiguous(hm);
    message += `; ${settled.note}`;
    if (settled.decided !== undefined) {
      const s = statusOnlySolution('highs', settled.decided, t0, message);
      s.iterations = iterationCount(hm, isMip);
      return s;
    }
    code = settled.code;
    cls = classifyHighsStatus(code);
    if (cls === 'ambiguous') cls = 'error';
  }
  const iterations = iterationCount(hm, isMip);
  const primalFeasible = Number(hm.info.get('primal_solution_status')) === 2;
  if (cls === 'optimal' || (cls === 'time_limit' && primalFeasible)) {
    const sol = hm.getSolution();
    const out: LpSolution = {
      status: cls,
      objective: hm.getObjectiveValue(),
      columnValues: sol.colValue,
      rowActivities: sol.rowValue,
      rowDuals: null,
      reducedCosts: null,
      backend: 'highs',
      solveSeconds: 0,
      message,
    };
    if (iterations !== undefined) out.iterations = iterations;
    if (cls === 'optimal' && !isMip && Number(hm.info.get('dual_solution_status')) === 2) {
      out.rowDuals = clearNegativeZeros(sol.rowDual);
      out.reducedCosts = clearNegativeZeros(sol.colDual);
    }
    out.solveSeconds = secondsSince(t0);
    return out;
  }
  const s = statusOnlySolution('highs', cls, t0, message);
  if (iterations !== undefined) s.iterations = iterations;
  return s;
}
