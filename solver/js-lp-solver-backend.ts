import { type CompiledModel, compileModel, objectiveOf, rowActivitiesOf, toCsc } from './compile-model.js';
import { DEFAULT_RELATIVE_MIP_GAP } from './highs-run.js';
import type { BackendFeature, LpBackend, LpModel, LpSolution, SolveOptions } from './lp-model.js';
import { errorSolution, secondsSince, statusOnlySolution, trivialSolution } from './solution-helpers.js';

/** The part of javascript-lp-solver's JSON model used here. */
interface JlsModel {
  optimize: string;
  opType: 'min' | 'max';
  constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  variables: Record<string, Record<string, number>>;
  ints?: Record<string, 1>;
  unrestricted?: Record<string, 1>;
  tolerance?: number;
  timeout?: number;
}

/** Internal tableau fields read (defensively) to undo the solver's 1e-8 output rounding. */
interface JlsTableau {
  width?: number;
  height?: number;
  rhsColumn?: number;
  matrix?: ArrayLike<number>;
  varIndexByRow?: ArrayLike<number>;
  variablesPerIndex?: ArrayLike<{ id?: string; isSlack?: boolean } | undefined>;
}

interface JlsFullSolution {
  feasible: boolean;
  bounded: boolean;
  solutionSet?: Record<string, number | undefined>;
  _tableau?: JlsTableau;
}

interface JlsSolver {
  Solve(model: JlsModel, precision?: number, full?: boolean): unknown;
}

let cached: Promise<JlsSolver> | null = null;

function loadSolver(): Promise<JlsSolver> {
  if (cached === null) {
    cached = import('javascript-lp-solver').then((mod) => {
      // ESM build: default export is the solver; CJS interop may nest it once more
      const d = (mod as unknown as { default: unknown }).default as JlsSolver & { default?: JlsSolver };
      return typeof d.Solve === 'function' ? d : (d.default as JlsSolver);
    });
  }
  return cached;
}

const OBJ = 'obj';

/**
 * JSON model for javascript-lp-solver: variables `x<j>` hold per-variable coefficient maps
 * (`obj`, rows `r<i>`, bound rows `b<j>`) built in one pass over the CSC matrix. Variables are
 * non-negative by default in that solver, so a column with a lower bound below 0 is declared
 * `unrestricted`, and any bound other than [0, ∞) becomes the single-variable row `b<j>`.
 */
function jlsModel(m: CompiledModel, options: SolveOptions | undefined): JlsModel {
  const csc = toCsc(m);
  const constraints: JlsModel['constraints'] = {};
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    if (lo === up) constraints[`r${i}`] = { equal: lo };
    else if (lo > -Infinity && up < Infinity) constraints[`r${i}`] = { min: lo, max: up };
    else if (lo > -Infinity) constraints[`r${i}`] = { min: lo };
    else if (up < Infinity) constraints[`r${i}`] = { max: up };
    // free rows constrain nothing and are left out
  }
  const variables: JlsModel['variables'] = {};
  const unrestricted: Record<string, 1> = {};
  let anyUnrestricted = false;
  for (let j = 0; j < m.numCols; j++) {
    const name = `x${j}`;
    const coef: Record<string, number> = {};
    coef[OBJ] = m.colCost[j];
    for (let k = csc.colStarts[j]; k < csc.colStarts[j + 1]; k++) coef[`r${csc.colIndex[k]}`] = csc.colValue[k];
    const lo = m.colLower[j];
    const up = m.colUpper[j];
    if (lo < 0) {
      unrestricted[name] = 1;
      anyUnrestricted = true;
    }
    if (lo !== 0 || up < Infinity) {
      const b = `b${j}`;
      if (lo === up) constraints[b] = { equal: lo };
      else {
        const c: { min?: number; max?: number } = {};
        if (lo !== 0 && lo > -Infinity) c.min = lo;
        if (up < Infinity) c.max = up;
        if (c.min !== undefined || c.max !== undefined) constraints[b] = c;
      }
      if (constraints[b] !== undefined) coef[b] = 1;
    }
    variables[name] = coef;
  }
  const model: JlsModel = { optimize: OBJ, opType: m.sense === 'maximize' ? 'max' : 'min', constraints, variables };
  if (anyUnrestricted) model.unrestricted = unrestricted;
  if (m.integrality !== null) {
    const ints: Record<string, 1> = {};
    for (let j = 0; j < m.numCols; j++) if (m.integrality[j]) ints[`x${j}`] = 1;
    model.ints = ints;
    model.tolerance = options?.relativeMipGap ?? DEFAULT_RELATIVE_MIP_GAP;
  }
  if (options?.timeLimitSeconds !== undefined) model.timeout = Math.max(1, Math.round(options.timeLimitSeconds * 1000));
  return model;
}

/**
 * Primal values: the solver's output is rounded to its precision (1e-8); where the final
 * tableau holds an unrounded value within that rounding distance, the unrounded one is used.
 */
function columnValuesOf(m: CompiledModel, sol: JlsFullSolution): Float64Array {
  const x = new Float64Array(m.numCols);
  const set = sol.solutionSet ?? {};
  for (let j = 0; j < m.numCols; j++) x[j] = set[`x${j}`] ?? 0;
  const t = sol._tableau;
  if (t && t.matrix && t.varIndexByRow && t.variablesPerIndex && typeof t.width === 'number' && typeof t.rhsColumn === 'number' && typeof t.height === 'number') {
    for (let r = 1; r < t.height; r++) {
      const v: { id?: string; isSlack?: boolean } | undefined = t.variablesPerIndex[t.varIndexByRow[r]];
      if (!v || v.isSlack || typeof v.id !== 'string' || v.id[0] !== 'x') continue;
      const j = Number(v.id.slice(1));
      if (!(j >= 0 && j < m.numCols)) continue;
      const raw = t.matrix[r * t.width + t.rhsColumn];
      if (Number.isFinite(raw) && Math.abs(raw - x[j]) <= 1e-8 * Math.max(1, Math.abs(raw))) x[j] = raw;
    }
  }
  return x;
}

/**
 * javascript-lp-solver (pure JavaScript, dense tableau) behind {@link LpBackend}. Integer
 * columns are supported; duals are not (`rowDuals` and `reducedCosts` are always null).
 * Memory and time grow with rows × columns, so it is only suitable for small models.
 */
export class JsLpSolverBackend implements LpBackend {
  readonly name = 'js-lp-solver' as const;

  /** Only integer columns; no duals, no warm start. */
  supports(feature: BackendFeature): boolean {
    return feature === 'integer';
  }

  /** Solves `model` with javascript-lp-solver. See {@link LpBackend.solve}. */
  async solve(model: LpModel, options?: SolveOptions): Promise<LpSolution> {
    const t0 = performance.now();
    const m = compileModel(model);
    const trivial = trivialSolution(m, 'js-lp-solver', t0, false);
    if (trivial) return trivial;
    try {
      const solver = await loadSolver();
      const sol = solver.Solve(jlsModel(m, options), undefined, true) as JlsFullSolution;
      const limit = options?.timeLimitSeconds;
      const atLimit = limit !== undefined && secondsSince(t0) >= 0.95 * limit;
      if (!sol.feasible) {
        return statusOnlySolution('js-lp-solver', atLimit ? 'time_limit' : 'infeasible', t0, atLimit ? 'time limit' : 'infeasible');
      }
      if (!sol.bounded) return statusOnlySolution('js-lp-solver', 'unbounded', t0, 'unbounded');
      const x = columnValuesOf(m, sol);
      return {
        status: atLimit && m.integrality !== null ? 'time_limit' : 'optimal',
        objective: objectiveOf(m, x),
        columnValues: x,
        rowActivities: rowActivitiesOf(m, x),
        rowDuals: null,
        reducedCosts: null,
        backend: 'js-lp-solver',
        solveSeconds: secondsSince(t0),
      };
    } catch (e) {
      return errorSolution('js-lp-solver', t0, e);
    }
  }
}

/** Shared default instance. */
export const jsLpSolverBackend = new JsLpSolverBackend();
