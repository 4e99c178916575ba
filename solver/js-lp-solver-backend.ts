import { type CompiledModel, compileModel, feasibilityViolation, objectiveOf, rowActivitiesOf, toCsc } from './compile-model.js';
import { DEFAULT_RELATIVE_MIP_GAP } from './default-relative-mip-gap.js';
import type { BackendFeature, LpBackend, LpModel, LpSolution, SolveOptions } from './lp-model.js';
import { errorSolution, secondsSince, statusOnlySolution, trivialSolution } from './solution-helpers.js';

/** The part of javascript-lp-solver's JSON model used here. */
interface JlsModel {
  optimize: string;
  opType: 'min' | 'max';
  constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  variables: Record<string, Record<string, number>>;
  ints?: Record<string, 1>;
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

/** How column j is expressed through non-negative solver variables. */
interface ColumnMap {
  /** 0: x = shift + v, 1: x = shift − v, 2: x = p − n (free). */
  kind: Uint8Array;
  shift: Float64Array;
}

/**
 * JSON model for javascript-lp-solver, whose variables are all non-negative. Its `unrestricted`
 * option is not used: it returns wrong optima when such a variable also has an upper-bound
 * row (javascript-lp-solver 1.0.3: max −x, −1 ≤ x ≤ 0 gives 0 instead of 1). Instead every
 * column is substituted by non-negative variables:
 * - finite lower bound: `x = lower + v`, `v ≤ upper − lower` as the bound row `b<j>`;
 * - only an upper bound: `x = upper − v`;
 * - free: `x = p − n`.
 * Integer columns shift by `ceil(lower)` / `floor(upper)` so `v` stays integral. Row bounds and
 * the objective absorb the shifts. Coefficient maps are built in one pass over the CSC matrix.
 */
function jlsModel(m: CompiledModel, options: SolveOptions | undefined): { model: JlsModel; map: ColumnMap } {
  const csc = toCsc(m);
  const kind = new Uint8Array(m.numCols);
  const shift = new Float64Array(m.numCols);
  const rowShift = new Float64Array(m.numRows);
  const constraints: JlsModel['constraints'] = {};
  const variables: JlsModel['variables'] = {};
  for (let j = 0; j < m.numCols; j++) {
    const isInt = m.integrality !== null && m.integrality[j] === 1;
    let lo = m.colLower[j];
    let up = m.colUpper[j];
    if (isInt) {
      lo = Math.ceil(lo - 1e-9);
      up = Math.floor(up + 1e-9);
    }
    const sign = lo > -Infinity ? 1 : up < Infinity ? -1 : 0;
    kind[j] = sign === 1 ? 0 : sign === -1 ? 1 : 2;
    shift[j] = sign === 1 ? lo : sign === -1 ? up : 0;
    for (let k = csc.colStarts[j]; k < csc.colStarts[j + 1]; k++) rowShift[csc.colIndex[k]] += csc.colValue[k] * shift[j];
    const names = sign === 0 ? [`p${j}`, `n${j}`] : [`x${j}`];
    names.forEach((name, q) => {
      const f = sign === 0 ? (q === 0 ? 1 : -1) : sign;
      const coef: Record<string, number> = {};
      coef[OBJ] = f * m.colCost[j];
      for (let k = csc.colStarts[j]; k < csc.colStarts[j + 1]; k++) coef[`r${csc.colIndex[k]}`] = f * csc.colValue[k];
      variables[name] = coef;
    });
    if (sign === 1 && up < Infinity) {
      constraints[`b${j}`] = { max: up - lo };
      variables[`x${j}`][`b${j}`] = 1;
    }
  }
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i] - rowShift[i];
    const up = m.rowUpper[i] - rowShift[i];
    if (m.rowLower[i] === m.rowUpper[i]) constraints[`r${i}`] = { equal: lo };
    else if (lo > -Infinity && up < Infinity) constraints[`r${i}`] = { min: lo, max: up };
    else if (lo > -Infinity) constraints[`r${i}`] = { min: lo };
    else if (up < Infinity) constraints[`r${i}`] = { max: up };
    // free rows constrain nothing and are left out
  }
  const model: JlsModel = { optimize: OBJ, opType: m.sense === 'maximize' ? 'max' : 'min', constraints, variables };
  if (m.integrality !== null) {
    const ints: Record<string, 1> = {};
    for (let j = 0; j < m.numCols; j++) {
      if (!m.integrality[j]) continue;
      if (kind[j] === 2) {
        ints[`p${j}`] = 1;
        ints[`n${j}`] = 1;
      } else ints[`x${j}`] = 1;
    }
    model.ints = ints;
    model.tolerance = options?.relativeMipGap ?? DEFAULT_RELATIVE_MIP_GAP;
  }
  if (options?.timeLimitSeconds !== undefined) model.timeout = Math.max(1, Math.round(options.timeLimitSeconds * 1000));
  return { model, map: { kind, shift } };
}

/**
 * Values of the solver variables: its output is rounded to its precision (1e-8); where the
 * final tableau holds an unrounded value within that rounding distance, that one is used.
 */
function variableValues(sol: JlsFullSolution): Map<string, number> {
  const values = new Map<string, number>();
  for (const [k, v] of Object.entries(sol.solutionSet ?? {})) if (typeof v === 'number') values.set(k, v);
  const t = sol._tableau;
  if (t && t.matrix && t.varIndexByRow && t.variablesPerIndex && typeof t.width === 'number' && typeof t.rhsColumn === 'number' && typeof t.height === 'number') {
    for (let r = 1; r < t.height; r++) {
      const v: { id?: string; isSlack?: boolean } | undefined = t.variablesPerIndex[t.varIndexByRow[r]];
      if (!v || v.isSlack || typeof v.id !== 'string') continue;
      const rounded = values.get(v.id);
      const raw = t.matrix[r * t.width + t.rhsColumn];
      if (rounded !== undefined && Number.isFinite(raw) && Math.abs(raw - rounded) <= 1e-8 * Math.max(1, Math.abs(raw))) values.set(v.id, raw);
    }
  }
  return values;
}

function columnValuesOf(m: CompiledModel, map: ColumnMap, sol: JlsFullSolution): Float64Array {
  const v = variableValues(sol);
  const x = new Float64Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) {
    if (map.kind[j] === 0) x[j] = map.shift[j] + (v.get(`x${j}`) ?? 0);
    else if (map.kind[j] === 1) x[j] = map.shift[j] - (v.get(`x${j}`) ?? 0);
    else x[j] = (v.get(`p${j}`) ?? 0) - (v.get(`n${j}`) ?? 0);
  }
  return x;
}

/**
 * javascript-lp-solver (pure JavaScript, dense tableau) behind {@link LpBackend}. Integer
 * columns are supported; duals are not (`rowDuals` and `reducedCosts` are always null).
 * Memory and time grow with rows × columns, so it is only suitable for small models.
 * `timeLimitSeconds` bounds branch-and-bound only: a pure LP solve cannot be interrupted.
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
      const { model: jm, map } = jlsModel(m, options);
      const sol = solver.Solve(jm, undefined, true) as JlsFullSolution;
      const limit = options?.timeLimitSeconds;
      const atLimit = limit !== undefined && secondsSince(t0) >= 0.95 * limit;
      if (!sol.feasible) {
        return statusOnlySolution('js-lp-solver', atLimit ? 'time_limit' : 'infeasible', t0, atLimit ? 'time limit' : 'infeasible');
      }
      if (!sol.bounded) return statusOnlySolution('js-lp-solver', 'unbounded', t0, 'unbounded');
      const x = columnValuesOf(m, map, sol);
      // at its timeout the solver returns its current (possibly fractional) point, not an
      // incumbent; never report a point that violates the model
      const violation = feasibilityViolation(m, x);
      if (violation !== null) {
        return statusOnlySolution('js-lp-solver', atLimit ? 'time_limit' : 'error', t0, `solver returned an infeasible point: ${violation}`);
      }
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
