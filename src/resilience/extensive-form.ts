import { baseOptionsOf, withClosures } from '../assignment/index.js';
import { getBackend } from '../../solver/index.js';
import type { BackendName, LpModel, LpStatus } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError, UnsupportedError } from '../shared/index.js';
import { buildPortfolioMip, DEFAULT_DISCOUNT_RATE, type Candidate, type ScenarioOptimizeOptions } from '../evaluate/index.js';
import type { RobustObjective } from './robust-portfolio.js';
import { scenarioDemand, type ScenarioSet } from './scenario-set.js';

/** Options of {@link extensiveFormPortfolio}. */
export interface ExtensiveFormOptions extends ScenarioOptimizeOptions {
  objective?: RobustObjective;
  budgetUsd?: number | null;
  discountRate?: number;
  /** MIP backend (default highs). */
  mipBackend?: BackendName;
  /** Wall-clock limit of each MIP solve, seconds. */
  mipTimeLimitSeconds?: number;
  /** Relative MIP gap (default 0: proven optimal), e.g. the gap a decomposition is compared at. */
  relativeMipGap?: number;
}

/** Result of {@link extensiveFormPortfolio}. */
export interface ExtensiveFormResult {
  objective: RobustObjective;
  status: LpStatus;
  message: string | null;
  backend: BackendName;
  chosen: string[];
  /** The MIP's objective, USD/yr (the robust objective of the chosen portfolio). */
  objectiveUsd: number | null;
  /** For regret: each scenario's own best (capex + cost), USD/yr, from one MIP per scenario. */
  scenarioBestUsd: number[] | null;
  /** Seconds in the MIP backend (all solves). */
  solveSeconds: number;
  columns: number;
  rows: number;
  nonzeros: number;
}

/**
 * The robust portfolio as one extensive-form MIP (the deterministic equivalent): the shared build binaries,
 * and for every scenario a full copy of the portfolio MIP's arc flows (buildPortfolioMip with the
 * scenario's closures, derates and demand). `expected` minimises capex + Σ p_s · flow cost_s; `worst`
 * minimises capex + η with η ≥ flow cost_s; `regret` minimises η with η ≥ capex + flow cost_s − best_s,
 * where best_s is the optimum of scenario s's own portfolio MIP under the budget. This is the reference
 * the decomposition (robustPortfolio) is checked and timed against; it grows as scenarios × the arc LP.
 * @throws UnsupportedError for a backend without integer variables; InvalidArgumentError for a bad budget
 */
export async function extensiveFormPortfolio(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  scenarioSet: ScenarioSet,
  options: ExtensiveFormOptions = {},
): Promise<ExtensiveFormResult> {
  const { objective = 'expected', budgetUsd = null, discountRate = DEFAULT_DISCOUNT_RATE, mipBackend = 'highs', mipTimeLimitSeconds, relativeMipGap = 0, ...optimizeOptions } = options;
  if (budgetUsd !== null && !(Number.isFinite(budgetUsd) && budgetUsd >= 0)) throw new InvalidArgumentError(`budget must be a finite number of USD ≥ 0, got ${budgetUsd}`);
  const backend = getBackend(mipBackend);
  if (!backend.supports('integer')) throw new UnsupportedError(`backend "${mipBackend}" cannot solve a MIP (no integer variables); use highs or glpk`);
  const scenarios = scenarioSet.scenarios;
  const base = baseOptionsOf(network, demand, optimizeOptions);
  const parts = scenarios.map((s) => {
    const closures = { closedNodeIds: s.closedNodeIds, closedLinkIds: s.closedLinkIds, capacityMultipliers: Object.entries(s.capacityMultipliers) };
    return buildPortfolioMip(network, scenarioDemand(demand, s), candidates, { resolved: withClosures(base, closures), budgetUsd: null, discountRate });
  });
  const n = candidates.length;
  const annualized = parts[0]?.annualizedCapexUsd ?? [];
  const solveOptions = { relativeMipGap, ...(mipTimeLimitSeconds !== undefined ? { timeLimitSeconds: mipTimeLimitSeconds } : {}) };
  let solveSeconds = 0;

  /** The deterministic equivalent over the scenarios `which` (weights for expected, best for regret). */
  const build = (kind: RobustObjective, which: number[], weights: number[], best: number[] | null): LpModel => {
    const model: LpModel = { sense: 'minimize', columns: [], rows: [] };
    candidates.forEach((c, i) => model.columns.push({ name: `build_${c.id}`, lower: 0, upper: 1, cost: kind === 'regret' ? 0 : annualized[i], integer: true }));
    const eta = kind === 'expected' ? -1 : model.columns.push({ name: 'eta', lower: -Infinity, upper: Infinity, cost: 1 }) - 1;
    which.forEach((s, w) => {
      const mip = parts[s];
      const isBuild = new Map(mip.buildColumns.map((col, c) => [col, c]));
      const map = new Int32Array(mip.model.columns.length);
      const costRow = { indices: [] as number[], values: [] as number[] };
      mip.model.columns.forEach((col, j) => {
        const c = isBuild.get(j);
        if (c !== undefined) {
          map[j] = c;
          return;
        }
        map[j] = model.columns.length;
        model.columns.push({ ...col, name: `s${s}_${col.name}`, cost: kind === 'expected' ? col.cost * weights[w] : 0 });
        if (kind !== 'expected' && col.cost !== 0) {
          costRow.indices.push(map[j]);
          costRow.values.push(col.cost);
        }
      });
      mip.model.rows.forEach((row, r) => {
        if (r === mip.budgetRow) return;
        model.rows.push({ ...row, name: `s${s}_${row.name}`, indices: row.indices.map((j) => map[j]), values: [...row.values] });
      });
      if (kind !== 'expected') {
        // worst: flow cost_s − η ≤ 0; regret: flow cost_s + capex·y − η ≤ best_s
        const indices = [...costRow.indices, eta];
        const values = [...costRow.values, -1];
        if (kind === 'regret') candidates.forEach((_, c) => (indices.push(c), values.push(annualized[c])));
        model.rows.push({ name: `eta_s${s}`, lower: -Infinity, upper: kind === 'regret' ? best![w] : 0, indices, values });
      }
    });
    if (budgetUsd !== null && n > 0) model.rows.push({ name: 'budget', lower: -Infinity, upper: budgetUsd, indices: candidates.map((_, c) => c), values: candidates.map((c) => c.capexUsd) });
    return model;
  };

  let scenarioBest: number[] | null = null;
  if (objective === 'regret') {
    scenarioBest = [];
    for (let s = 0; s < scenarios.length; s++) {
      const sol = await backend.solve(build('expected', [s], [1], null), solveOptions);
      solveSeconds += sol.solveSeconds;
      if (sol.status !== 'optimal' || sol.objective === null) {
        return { objective, status: sol.status, message: `scenario "${scenarios[s].id}" own best: ${sol.message ?? sol.status}`, backend: mipBackend, chosen: [], objectiveUsd: null, scenarioBestUsd: null, solveSeconds, columns: 0, rows: 0, nonzeros: 0 };
      }
      scenarioBest.push(sol.objective);
    }
  }
  const all = scenarios.map((_, s) => s);
  const model = build(objective, all, scenarios.map((s) => s.probability), scenarioBest);
  const sol = await backend.solve(model, solveOptions);
  solveSeconds += sol.solveSeconds;
  const x = sol.columnValues;
  return {
    objective,
    status: sol.status,
    message: sol.message ?? null,
    backend: mipBackend,
    chosen: x ? candidates.filter((_, c) => x[c] > 0.5).map((c) => c.id) : [],
    objectiveUsd: sol.objective,
    scenarioBestUsd: scenarioBest,
    solveSeconds,
    columns: model.columns.length,
    rows: model.rows.length,
    nonzeros: model.rows.reduce((s, r) => s + r.indices.length, 0),
  };
}
