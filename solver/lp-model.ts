/**
 * Solver-neutral linear / mixed-integer model and solution types.
 *
 * Formulation code builds an {@link LpModel} (directly or with `LpBuilder`) and hands it to an
 * {@link LpBackend}; it never imports a solver package. Every backend returns the same
 * {@link LpSolution} shape with the same sign conventions, so results are interchangeable.
 *
 * Model semantics:
 *
 *     minimise / maximise   objectiveConstant + Σ_j cost_j · x_j
 *     subject to            row.lower ≤ Σ_k row.values[k] · x[row.indices[k]] ≤ row.upper
 *                           column.lower ≤ x_j ≤ column.upper,  x_j integral if column.integer
 *
 * Dual sign convention (identical for every backend, checked by finite differences in
 * `tests/solver/conformance.test.ts`):
 *
 * - `rowDuals[i]` = ∂(optimal objective) / ∂(active bound of row i): the change of the optimal
 *   objective, in the model's own sense, per unit increase of the row's binding right-hand side.
 *   A minimisation with a binding `≤ cap` row has `rowDuals[i] ≤ 0`; a maximisation with a
 *   binding `≤ cap` row has `rowDuals[i] ≥ 0`. Rows that are not binding have dual 0.
 * - `reducedCosts[j]` = ∂(optimal objective) / ∂(active bound of column j), i.e.
 *   `cost_j − Σ_i a_ij · rowDuals[i]`.
 * - Strong duality: `objective = objectiveConstant + Σ_i activeBound_i · rowDuals[i]
 *   + Σ_j activeBound_j · reducedCosts[j]`, where the active bound of an item with zero dual
 *   contributes nothing.
 */

/** Objective direction. */
export type LpSense = 'minimize' | 'maximize';

/** One decision variable. */
export interface LpColumn {
  /** Display name; need not be unique (backends use positional names internally). */
  name: string;
  /** Lower bound; may be `-Infinity`. */
  lower: number;
  /** Upper bound; may be `Infinity`. */
  upper: number;
  /** Objective coefficient. */
  cost: number;
  /** Integral variable (general integer; binaries are integer columns with bounds [0, 1]). */
  integer?: boolean;
}

/**
 * One linear constraint `lower ≤ Σ values[k] · x[indices[k]] ≤ upper`.
 * `lower` may be `-Infinity`, `upper` may be `Infinity`; `lower === upper` is an equality.
 * `indices` and `values` have equal length; an index repeated within a row is summed.
 */
export interface LpRow {
  /** Display name; need not be unique. */
  name: string;
  /** Lower bound on the activity; may be `-Infinity`. */
  lower: number;
  /** Upper bound on the activity; may be `Infinity`. */
  upper: number;
  /** Zero-based column indices. */
  indices: number[];
  /** Coefficients, parallel to `indices`. */
  values: number[];
}

/** A complete LP / MIP in row-wise form. */
export interface LpModel {
  /** Optional model name (used by the file writers). */
  name?: string;
  /** Objective direction. */
  sense: LpSense;
  /** Decision variables, in index order. */
  columns: LpColumn[];
  /** Constraints, in index order. */
  rows: LpRow[];
  /** Constant added to the objective (default 0); included in `LpSolution.objective`. */
  objectiveConstant?: number;
}

/**
 * Outcome of a solve. Infeasible and unbounded models are statuses, never exceptions.
 *
 * - `optimal`: proven optimal (for a MIP: within the requested relative gap).
 * - `infeasible`: no point satisfies the constraints and bounds (for a MIP: no integral point).
 * - `unbounded`: feasible, and the objective improves without limit.
 * - `time_limit`: stopped by a limit (time; for HiGHS also iteration / solution limits) before
 *   proving optimality. `columnValues` holds the best feasible point when one is known.
 * - `error`: the backend failed (crash, unsupported feature, unreadable output); see `message`.
 */
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

/** Result of {@link LpBackend.solve}. Arrays are indexed like `model.columns` / `model.rows`. */
export interface LpSolution {
  /** Solve outcome. */
  status: LpStatus;
  /** Objective value including `objectiveConstant`; null when no feasible point is known. */
  objective: number | null;
  /** Primal values, or null when no feasible point is known. */
  columnValues: Float64Array | null;
  /** Row activities `A x`, or null when `columnValues` is null. */
  rowActivities: Float64Array | null;
  /**
   * ∂objective/∂(active row bound), in the model's sense (see module docs).
   * Null when the backend has no duals, for MIPs, and when the status is not `optimal`.
   */
  rowDuals: Float64Array | null;
  /** ∂objective/∂(active column bound); null exactly when `rowDuals` is null. */
  reducedCosts: Float64Array | null;
  /** Backend that produced this solution. */
  backend: BackendName;
  /** Wall-clock seconds spent in the backend, including model translation. */
  solveSeconds: number;
  /** Human-readable detail (native status text, error message, limit reached). */
  message?: string;
  /** Simplex iterations (LP) or branch-and-bound nodes (MIP) where the backend reports them. */
  iterations?: number;
}

/** Registered backend names. */
/** Every backend name, in order of preference: the one list (CLI flags, API enums and options derive from it). */
export const BACKEND_NAMES = ['highs', 'glpk', 'js-lp-solver', 'clp'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Optional capabilities a backend may have. */
export type BackendFeature = 'duals' | 'integer' | 'warm-start';

/** Per-solve options understood by every backend (ignored where unsupported). */
export interface SolveOptions {
  /** Wall-clock limit in seconds. On expiry the status is `time_limit`. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which a MIP counts as optimal (backend default when omitted). */
  relativeMipGap?: number;
  /**
   * Simplex variant for an LP solve that starts from a kept basis (HighsSession); default the backend's
   * (HiGHS: dual). 'primal' after adding columns, whose basis stays primal feasible; 'dual' after adding
   * rows or changing bounds, whose basis stays dual feasible. 'ipm': HiGHS's interior point with crossover,
   * which ends in a basis (so duals, reduced costs and the next warm start are as after a simplex) and pays on
   * large masters after large rounds, where both simplex variants need tens of thousands of iterations.
   * Ignored by backends that always solve cold.
   */
  simplex?: 'primal' | 'dual' | 'ipm';
}

/** A solver behind the common interface. */
export interface LpBackend {
  /** Backend identifier. */
  readonly name: BackendName;
  /** Whether the backend provides a feature (duals, integer columns, warm re-solves). */
  supports(feature: BackendFeature): boolean;
  /**
   * Solves `model`. Resolves with a status for infeasible / unbounded / limited / failed solves;
   * rejects only for a malformed model (`LpModelError`: bad index, NaN, length mismatch).
   */
  solve(model: LpModel, options?: SolveOptions): Promise<LpSolution>;
}
