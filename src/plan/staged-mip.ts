import { getBackend, GLPK_MIP_MAX_SIZE, modelSize } from '../../solver/index.js';
import type { BackendName, LpColumn, LpModel, LpRow, LpSolution } from '../../solver/lp-model.js';
import { buildPortfolioMip } from '../evaluate/index.js';
import { UnsupportedError } from '../shared/index.js';
import type { PlanProblem, Schedule } from './plan-problem.js';

/**
 * The build binaries of a staged plan: z[c][k] = 1 when candidate c has been decided by its k-th open
 * decision period (problem.options[c][k]); monotone, z[c][k] ≤ z[c][k+1] (once built, a link stays built).
 */
export interface StagedBinaries {
  /** Column of z[c][k]. */
  columns: number[][];
}

/**
 * Add the build binaries, their costs, monotonicity and the budget rows to a model. The decision in open
 * period k is d_k = z_k − z_{k−1}, so its PV net cost K_k (capex − residual) becomes the cost K_k − K_{k+1} on
 * z_k, and a budget Σ spend·d becomes Σ (spend_k − spend_{k+1})·z_k.
 */
export function addStagedBinaries(problem: PlanProblem, model: LpModel): StagedBinaries {
  const columns = problem.options.map((opts, c) =>
    opts.map((o, k) => {
      const next = opts[k + 1]?.pvNetCostUsd ?? 0;
      model.columns.push({ name: `z_${problem.staged[c].candidate.id}_${o.decisionYear}`, lower: 0, upper: 1, cost: o.pvNetCostUsd - next, integer: true });
      return model.columns.length - 1;
    }),
  );
  columns.forEach((cols, c) =>
    cols.slice(1).forEach((col, k) => model.rows.push({ name: `monotone_${problem.staged[c].candidate.id}_${k}`, lower: -Infinity, upper: 0, indices: [cols[k], col], values: [1, -1] })),
  );
  const budgetRow = (name: string, upper: number, spend: (c: number, k: number) => number) => {
    const row: LpRow = { name, lower: -Infinity, upper, indices: [], values: [] };
    columns.forEach((cols, c) =>
      cols.forEach((col, k) => {
        const v = spend(c, k) - (k + 1 < cols.length ? spend(c, k + 1) : 0);
        if (v !== 0) {
          row.indices.push(col);
          row.values.push(v);
        }
      }),
    );
    model.rows.push(row);
  };
  problem.budgetPerPeriodUsd.forEach((b, p) => {
    if (b !== null) budgetRow(`budget_${problem.horizon.years[p]}`, b, (c, k) => problem.options[c][k].capexByPeriodUsd[p]);
  });
  if (problem.budgetTotalUsd !== null) budgetRow('budget_total', problem.budgetTotalUsd, (c) => problem.staged[c].candidate.capexUsd);
  return { columns };
}

/**
 * The column standing for "candidate c carries traffic in period s": z of the last open decision whose
 * opening comes by period s, or −1 when none does.
 */
export function availabilityColumn(problem: PlanProblem, binaries: StagedBinaries, c: number, s: number): number {
  let col = -1;
  problem.options[c].forEach((o, k) => {
    if (o.firstAvailablePeriod <= s) col = binaries.columns[c][k];
  });
  return col;
}

/** Read the schedule from a MIP point: the first open period whose z is 1. */
export function decodeSchedule(problem: PlanProblem, binaries: StagedBinaries, x: Float64Array): Schedule {
  return binaries.columns.map((cols, c) => {
    const k = cols.findIndex((col) => x[col] > 0.5);
    return k < 0 ? null : problem.options[c][k].period;
  });
}

/** The extensive-form MIP and what its columns mean. */
export interface ExtensiveMip {
  model: LpModel;
  binaries: StagedBinaries;
}

/**
 * The extensive form of the staged plan: one copy of the portfolio MIP's assignment LP per period
 * (buildPortfolioMip on that period's demand), its flow costs weighted by the period's PV weight, and its
 * build column of candidate c replaced by the availability column of c in that period (a candidate not
 * available then keeps its switched-off limit), plus the staged binaries and budgets. Exact: with the
 * binaries fixed it is the sum of the periods' assignment LPs with exactly the schedule's sets built.
 */
export function buildExtensiveMip(problem: PlanProblem): ExtensiveMip {
  const model: LpModel = { name: 'staged-plan', sense: 'minimize', columns: [], rows: [], objectiveConstant: 0 };
  const binaries = addStagedBinaries(problem, model);
  const candidates = problem.staged.map((s) => s.candidate);
  problem.demandByPeriod.forEach((demand, s) => {
    const mip = buildPortfolioMip(problem.network, demand, candidates, { resolved: problem.optimizeOptions, budgetUsd: null, discountRate: problem.discountRate });
    const w = problem.weights[s];
    const map = new Int32Array(mip.model.columns.length).fill(-2);
    mip.buildColumns.forEach((col, c) => (map[col] = availabilityColumn(problem, binaries, c, s)));
    mip.model.columns.forEach((col: LpColumn, j) => {
      if (map[j] !== -2) return;
      model.columns.push({ ...col, name: `p${s}_${col.name}`, cost: col.cost * w });
      map[j] = model.columns.length - 1;
    });
    model.objectiveConstant! += w * (mip.model.objectiveConstant ?? 0);
    mip.model.rows.forEach((row, i) => {
      if (i === mip.budgetRow) return;
      const indices: number[] = [];
      const values: number[] = [];
      row.indices.forEach((j, k) => {
        if (map[j] < 0) return; // a build column with no availability: y = 0
        indices.push(map[j]);
        values.push(row.values[k]);
      });
      model.rows.push({ name: `p${s}_${row.name}`, lower: row.lower, upper: row.upper, indices, values });
    });
  });
  return { model, binaries };
}

/** MIP backend for 'auto': GLPK for small models (as the portfolio MIP), HiGHS above GLPK_MIP_MAX_SIZE. */
export function chooseStagedMipBackend(model: LpModel): BackendName {
  return modelSize(model) <= GLPK_MIP_MAX_SIZE ? 'glpk' : 'highs';
}

/** Solve a staged MIP exactly (relative gap 0). @throws UnsupportedError for a backend without integers */
export async function solveStagedMip(model: LpModel, backend: BackendName | 'auto', timeLimitSeconds?: number): Promise<LpSolution> {
  const name = backend === 'auto' ? chooseStagedMipBackend(model) : backend;
  const b = getBackend(name);
  if (!b.supports('integer')) throw new UnsupportedError(`backend "${name}" cannot solve MIPs; use highs, glpk or js-lp-solver`);
  return b.solve(model, { relativeMipGap: 0, ...(timeLimitSeconds !== undefined ? { timeLimitSeconds } : {}) });
}
