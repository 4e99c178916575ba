import type { GLPK, LP, Options, Result } from 'glpk.js/node';
import { type CompiledModel, compileModel, objectiveOf, reducedCostsOf, rowActivitiesOf } from './compile-model.js';
import { DEFAULT_RELATIVE_MIP_GAP } from './default-relative-mip-gap.js';
import type { BackendFeature, LpBackend, LpModel, LpSolution, LpStatus, SolveOptions } from './lp-model.js';
import { clearNegativeZeros, errorSolution, secondsSince, statusOnlySolution, trivialSolution } from './solution-helpers.js';

let cached: Promise<GLPK> | null = null;

/** Loads (once) the glpk.js WebAssembly module; re-created after a crash. */
function loadGlpk(): Promise<GLPK> {
  if (cached === null) {
    const p = import('glpk.js/node').then((m) => m.default());
    cached = p;
    p.catch(() => {
      if (cached === p) cached = null;
    });
  }
  return cached;
}

// GLPK status codes (glpk.h)
const GLP_UNDEF = 1;
const GLP_FEAS = 2;
const GLP_INFEAS = 3;
const GLP_NOFEAS = 4;
const GLP_OPT = 5;
const GLP_UNBND = 6;
// glpk.js multiplies tmlim by 1000 into a C int: keep it finite and below INT_MAX ms
const MAX_TMLIM_SECONDS = 2_000_000;

type Bnds = { type: number; lb: number; ub: number };

function bounds(glpk: GLPK, lower: number, upper: number): Bnds {
  const lo = lower > -Infinity;
  const up = upper < Infinity;
  if (lo && up) return lower === upper ? { type: glpk.GLP_FX, lb: lower, ub: upper } : { type: glpk.GLP_DB, lb: lower, ub: upper };
  if (lo) return { type: glpk.GLP_LO, lb: lower, ub: 0 };
  if (up) return { type: glpk.GLP_UP, lb: 0, ub: upper };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

/** glpk.js JSON problem for a compiled model, with positional names `c<j>` / `r<i>`. */
function glpkProblem(glpk: GLPK, m: CompiledModel, relaxed: boolean, zeroCost: boolean): LP {
  const colName: string[] = new Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) colName[j] = `c${j}`;
  const objVars = new Array<{ name: string; coef: number }>(m.numCols);
  const bnds: NonNullable<LP['bounds']> = new Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) {
    objVars[j] = { name: colName[j], coef: zeroCost ? 0 : m.colCost[j] };
    bnds[j] = { name: colName[j], ...bounds(glpk, m.colLower[j], m.colUpper[j]) };
  }
  const subjectTo: LP['subjectTo'] = new Array(m.numRows);
  for (let i = 0; i < m.numRows; i++) {
    const s = m.rowStarts[i];
    const e = m.rowStarts[i + 1];
    const vars = new Array<{ name: string; coef: number }>(e - s);
    for (let k = s; k < e; k++) vars[k - s] = { name: colName[m.rowIndex[k]], coef: m.rowValue[k] };
    subjectTo[i] = { name: `r${i}`, vars, bnds: bounds(glpk, m.rowLower[i], m.rowUpper[i]) };
  }
  const lp: LP = {
    name: 'corridor',
    objective: { direction: m.sense === 'maximize' ? glpk.GLP_MAX : glpk.GLP_MIN, name: 'obj', vars: objVars },
    subjectTo,
    bounds: bnds,
  };
  if (!relaxed && m.integrality !== null) {
    const generals: string[] = [];
    for (let j = 0; j < m.numCols; j++) if (m.integrality[j]) generals.push(colName[j]);
    lp.generals = generals;
  }
  return lp;
}

function columnValuesOf(m: CompiledModel, r: Result): Float64Array {
  const x = new Float64Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) x[j] = r.result.vars[`c${j}`] ?? 0;
  return x;
}

/**
 * GLPK (npm `glpk.js`, WebAssembly) behind {@link LpBackend}. Supports duals and integer columns.
 *
 * Notes on the translation:
 * - GLPK row duals already equal ∂objective/∂bound in the model's sense (min and max), so they
 *   pass through; glpk.js returns no column duals, so reduced costs are computed as `c − Aᵀy`.
 * - With presolve on (faster), GLPK cannot tell infeasible from unbounded (status UNDEF); the
 *   LP is then re-solved without presolve, where the primal simplex decides. For a MIP with
 *   status UNDEF the LP relaxation is solved without presolve and, if it is unbounded, the
 *   zero-cost MIP decides between `unbounded` and `infeasible`.
 * - A MIP stopped with an incumbent (GLPK status FEAS) before the time limit stopped at the
 *   relative gap and is reported `optimal`; at the time limit it is `time_limit`.
 */
export class GlpkBackend implements LpBackend {
  readonly name = 'glpk' as const;

  /** GLPK provides duals (LP) and integer columns; no warm start through glpk.js. */
  supports(feature: BackendFeature): boolean {
    return feature === 'duals' || feature === 'integer';
  }

  /** Solves `model` with GLPK. See {@link LpBackend.solve}. */
  async solve(model: LpModel, options?: SolveOptions): Promise<LpSolution> {
    const t0 = performance.now();
    const m = compileModel(model);
    const trivial = trivialSolution(m, 'glpk', t0, true);
    if (trivial) return trivial;
    let glpk: GLPK;
    try {
      glpk = await loadGlpk();
    } catch (e) {
      return errorSolution('glpk', t0, e);
    }
    try {
      return m.integrality === null ? this.solveLp(glpk, m, options, t0) : this.solveMip(glpk, m, options, t0);
    } catch (e) {
      cached = null; // the Emscripten module may be unusable after an abort
      return errorSolution('glpk', t0, e);
    }
  }

  private options(glpk: GLPK, options: SolveOptions | undefined, t0: number, presol: boolean): Options {
    const o: Options = { msglev: glpk.GLP_MSG_OFF, presol, mipgap: options?.relativeMipGap ?? DEFAULT_RELATIVE_MIP_GAP };
    const limit = options?.timeLimitSeconds;
    if (limit !== undefined) o.tmlim = Math.min(MAX_TMLIM_SECONDS, Math.max(0, limit - secondsSince(t0)));
    return o;
  }

  private limitReached(options: SolveOptions | undefined, t0: number): boolean {
    const limit = options?.timeLimitSeconds;
    return limit !== undefined && secondsSince(t0) >= 0.95 * limit;
  }

  private solveLp(glpk: GLPK, m: CompiledModel, options: SolveOptions | undefined, t0: number): LpSolution {
    let r = glpk.solve(glpkProblem(glpk, m, true, false), this.options(glpk, options, t0, true));
    let note = '';
    if (r.result.status === GLP_UNDEF && !this.limitReached(options, t0)) {
      // presolve proved infeasible-or-unbounded without saying which: let the simplex decide
      r = glpk.solve(glpkProblem(glpk, m, true, false), this.options(glpk, options, t0, false));
      note = ' (re-solved without presolve)';
    }
    const status = r.result.status;
    if (status === GLP_OPT) {
      const x = columnValuesOf(m, r);
      const y = new Float64Array(m.numRows);
      const dual = r.result.dual ?? {};
      for (let i = 0; i < m.numRows; i++) y[i] = dual[`r${i}`] ?? 0;
      clearNegativeZeros(y);
      return {
        status: 'optimal',
        objective: objectiveOf(m, x),
        columnValues: x,
        rowActivities: rowActivitiesOf(m, x),
        rowDuals: y,
        reducedCosts: clearNegativeZeros(reducedCostsOf(m, y)),
        backend: 'glpk',
        solveSeconds: secondsSince(t0),
        message: `GLP_OPT${note}`,
      };
    }
    if (status === GLP_NOFEAS) return statusOnlySolution('glpk', 'infeasible', t0, `GLP_NOFEAS${note}`);
    if (status === GLP_UNBND) return statusOnlySolution('glpk', 'unbounded', t0, `GLP_UNBND${note}`);
    if (this.limitReached(options, t0) || status === GLP_FEAS || status === GLP_INFEAS) {
      if (status === GLP_FEAS) return this.withValues(m, r, 'time_limit', t0, 'GLP_FEAS: stopped by the time limit');
      return statusOnlySolution('glpk', 'time_limit', t0, `GLPK status ${status} at the time limit`);
    }
    return statusOnlySolution('glpk', 'error', t0, `GLPK status ${status}${note}`);
  }

  private solveMip(glpk: GLPK, m: CompiledModel, options: SolveOptions | undefined, t0: number): LpSolution {
    // glp_intopt needs its MIP presolver here: glpk.js does not solve the root LP beforehand
    const r = glpk.solve(glpkProblem(glpk, m, false, false), this.options(glpk, options, t0, true));
    const status = r.result.status;
    if (status === GLP_OPT) return this.withValues(m, r, 'optimal', t0, 'GLP_OPT');
    if (status === GLP_FEAS) {
      return this.limitReached(options, t0)
        ? this.withValues(m, r, 'time_limit', t0, 'GLP_FEAS: stopped by the time limit')
        : this.withValues(m, r, 'optimal', t0, 'GLP_FEAS: relative MIP gap reached');
    }
    if (status === GLP_NOFEAS) return statusOnlySolution('glpk', 'infeasible', t0, 'GLP_NOFEAS');
    if (this.limitReached(options, t0)) return statusOnlySolution('glpk', 'time_limit', t0, `GLPK MIP status ${status} at the time limit`);
    // UNDEF: the root relaxation failed. Classify it without presolve.
    const relax = glpk.solve(glpkProblem(glpk, m, true, false), this.options(glpk, options, t0, false)).result.status;
    if (relax === GLP_NOFEAS) return statusOnlySolution('glpk', 'infeasible', t0, 'LP relaxation infeasible');
    if (relax === GLP_UNBND) {
      const feas = glpk.solve(glpkProblem(glpk, m, false, true), this.options(glpk, options, t0, true)).result.status;
      if (feas === GLP_OPT || feas === GLP_FEAS) return statusOnlySolution('glpk', 'unbounded', t0, 'LP relaxation unbounded and an integer point exists');
      if (feas === GLP_NOFEAS) return statusOnlySolution('glpk', 'infeasible', t0, 'no integer point (relaxation unbounded)');
    }
    if (this.limitReached(options, t0)) return statusOnlySolution('glpk', 'time_limit', t0, 'time limit while classifying');
    return statusOnlySolution('glpk', 'error', t0, `GLPK MIP status ${status}, relaxation status ${relax}`);
  }

  private withValues(m: CompiledModel, r: Result, status: LpStatus, t0: number, message: string): LpSolution {
    const x = columnValuesOf(m, r);
    return {
      status,
      objective: objectiveOf(m, x),
      columnValues: x,
      rowActivities: rowActivitiesOf(m, x),
      rowDuals: null,
      reducedCosts: null,
      backend: 'glpk',
      solveSeconds: secondsSince(t0),
      message,
    };
  }
}

/** Shared default instance. */
export const glpkBackend = new GlpkBackend();
