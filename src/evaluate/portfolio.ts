import { availableParallelism } from 'node:os';
import { getBackend, GLPK_MIP_MAX_SIZE, modelSize } from '../../solver/index.js';
import type { BackendName, LpModel, LpRow, LpSolution, LpStatus, SolveOptions } from '../../solver/lp-model.js';
import type { DemandRow, Network, NetworkLink } from '../network/index.js';
import { InvalidArgumentError, UnsupportedError } from '../shared/index.js';
import { baseOptionsOf, buildCorridorLp, solveProblem, type OptimizeBackend } from '../assignment/index.js';
import { applyCandidates, upgradedLink, withCandidateLinks } from './apply-candidates.js';
import type { Candidate, UpgradeCandidate } from './candidates.js';
import { annualizedCapexUsd, DEFAULT_DISCOUNT_RATE } from './economics.js';
import { MipRace } from './race-mip.js';
import type { ScenarioOptimizeOptions } from './run-scenario.js';

/** Options of {@link optimizePortfolio} and {@link portfolioBudgetSweep}. */
export interface PortfolioOptions extends ScenarioOptimizeOptions {
  /** Capex budget, USD; null or absent = no budget. */
  budgetUsd?: number | null;
  /** Real discount rate per year for annualizing capex (default 0.06). */
  discountRate?: number;
  /**
   * Backend of the MIP (default 'auto', see {@link choosePortfolioBackend}); 'race' solves it with HiGHS and
   * GLPK at once on two worker threads and keeps the first proven optimum. The LP solves of the base case
   * and of the chosen set use `backend`.
   */
  mipBackend?: OptimizeBackend | 'race';
}

/** Size of the portfolio MIP. */
export interface PortfolioMipSize {
  columns: number;
  rows: number;
  nonzeros: number;
  binaries: number;
}

/** The best set of candidates under a budget. */
export interface PortfolioResult {
  /** MIP status: `optimal` means proven optimal with a relative gap of 0. */
  status: LpStatus;
  message: string | null;
  /** null = no budget. */
  budgetUsd: number | null;
  discountRate: number;
  /** Ids of the candidates to build, in input order. */
  chosen: string[];
  /** Σ capex of the chosen set, USD. */
  capexUsd: number;
  /** Σ capex × CRF of the chosen set, USD/yr. */
  annualizedCapexUsd: number;
  /** Base objective − objective with the whole chosen set built (jointly), USD/yr; from an LP re-solve. */
  annualBenefitUsd: number | null;
  /** annualBenefitUsd − annualizedCapexUsd, USD/yr: what the MIP maximises. ≥ 0, since building nothing is allowed. */
  netBenefitUsd: number | null;
  /** Objective of the base case (nothing built), USD/yr. */
  baseObjectiveUsd: number | null;
  /** MIP objective: flow cost + unserved penalty + Σ annualized capex of the chosen set, USD/yr. */
  mipObjectiveUsd: number | null;
  /** Objective of the LP with the chosen set built, USD/yr (equals mipObjectiveUsd − annualizedCapexUsd up to round-off). */
  chosenObjectiveUsd: number | null;
  /** Backend that produced the MIP solution (the winner when raced). */
  backend: BackendName;
  /** Backends raced for this solve, or null when one backend solved it alone. */
  raced: BackendName[] | null;
  /** Relative MIP gap asked for: 0 (exact). */
  relativeMipGap: number;
  solveSeconds: number;
  mipSize: PortfolioMipSize;
}

/** The MIP and the columns and rows that carry the candidates. */
export interface PortfolioMip {
  model: LpModel;
  /** Binary build column of each candidate, in input order. */
  buildColumns: number[];
  /** Row Σ capex × y ≤ budget. */
  budgetRow: number;
  /** Annualized capex of each candidate, USD/yr (the build columns' costs). */
  annualizedCapexUsd: number[];
}

/** Relative MIP gap of every portfolio solve: 0, so the chosen set is proven best, not nearly best. */
export const PORTFOLIO_MIP_GAP = 0;

/**
 * MIP strategy for 'auto'. Small MIPs (columns + nonzeros ≤ GLPK_MIP_MAX_SIZE) go to GLPK in this thread:
 * it beat HiGHS-WASM on every small portfolio MIP measured (bench/portfolio-mip.ts, BENCHMARKS.md) and a
 * worker thread would cost more than the solve. Larger ones are raced, HiGHS against GLPK on two worker
 * threads, because neither wins every instance there (GLPK 41 s vs HiGHS > 300 s on one 160k-size MIP,
 * HiGHS 19 s vs GLPK 207 s on another); with a single core, HiGHS alone.
 */
export function choosePortfolioBackend(model: LpModel): BackendName | 'race' {
  if (modelSize(model) <= GLPK_MIP_MAX_SIZE) return 'glpk';
  return availableParallelism() >= 2 ? 'race' : 'highs';
}

/**
 * Build the portfolio MIP on top of the corridor assignment LP (buildCorridorLp), with one binary build
 * variable y_c per candidate:
 *
 *     minimise   flow cost + unserved penalty + Σ_c annualizedCapex_c · y_c
 *     s.t.       the assignment LP's rows, with every candidate link present, and
 *                new link c, each direction a:          Σ_k x_ka ≤ cap_c · y_c
 *                capacity upgrade u of link L:           Σ_k x_ka ≤ cap_L + (cap_u − cap_L) · y_u
 *                throughput upgrade u of node N:         Σ_k Σ_{a∈N} x_ka ≤ T_N + (T_u − T_N) · y_u
 *                speed / cost upgrade u of link L:       L's arcs   Σ_k x_ka ≤ cap_L · (1 − y_u)
 *                                                        a parallel link with L's upgraded figures
 *                                                        Σ_k x_ka ≤ cap_u · y_u
 *                budget:                                 Σ_c capex_c · y_c ≤ budget
 *
 * An unlimited capacity in these rows is replaced by M = total demand: in an optimal flow without cycles
 * no arc carries more, so M cuts off no optimum. The model is exact: with y fixed it is the assignment LP
 * of the network with exactly that set built.
 */
export function buildPortfolioMip(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  options: PortfolioOptions = {},
): PortfolioMip {
  const { budgetUsd = null, discountRate = DEFAULT_DISCOUNT_RATE, mipBackend: _m, ...optimizeOptions } = options;
  checkBudget(budgetUsd);
  const upgradeOf = new Map<string, string>();
  for (const c of candidates) {
    if (c.kind !== 'upgrade') continue;
    const other = upgradeOf.get(c.target);
    // Two upgrades of one element do not add up linearly (a faster link with more capacity is neither).
    if (other !== undefined) throw new InvalidArgumentError(`upgrades "${other}" and "${c.id}" both change "${c.target}"; a portfolio takes one upgrade per element (merge them into one candidate)`);
    upgradeOf.set(c.target, c.id);
  }
  // A speed or cost upgrade becomes a parallel link carrying the upgraded figures, under the upgrade's id.
  const parallel = new Map<string, NetworkLink>();
  for (const c of candidates) {
    if (c.kind === 'upgrade' && c.targetKind === 'link' && changesCost(c)) {
      const target = network.links.find((l) => l.id === c.target);
      if (!target) throw new InvalidArgumentError(`upgrade "${c.id}": target link "${c.target}" is not in network "${network.id}"`);
      parallel.set(c.id, { ...upgradedLink(target, c), id: c.id, status: 'candidate' });
    }
  }
  const withLinks = withCandidateLinks(network, candidates);
  const mipNetwork: Network = parallel.size ? { ...withLinks, links: [...withLinks.links, ...parallel.values()] } : withLinks;
  const mine = [...candidates.filter((c) => c.kind === 'link').map((c) => c.id), ...parallel.keys()];
  // Checked against the network with the candidates in it (a base option may name a candidate link).
  const base = baseOptionsOf(mipNetwork, demand, optimizeOptions);
  const userInclude = base.includeCandidates;
  // The parallel link stands for its target: closed and derated with it.
  const closedLinks = new Set(base.closedLinkIds);
  const multipliers = new Map<string, number>(base.capacityMultipliers);
  for (const id of parallel.keys()) {
    const target = (candidates.find((c) => c.id === id) as UpgradeCandidate).target;
    if (closedLinks.has(target)) closedLinks.add(id);
    if (multipliers.has(target)) multipliers.set(id, multipliers.get(target)!);
  }
  const { graph, capacities, lp } = buildCorridorLp(mipNetwork, demand, {
    ...base,
    closedLinkIds: [...closedLinks],
    capacityMultipliers: [...multipliers],
    includeCandidates: userInclude === 'all' ? 'all' : [...new Set([...userInclude, ...mine])],
  });
  const model = lp.model;
  const bigM = demand.reduce((s, r) => s + r.teuPerYear, 0);
  const finiteOrM = (cap: number) => (Number.isFinite(cap) ? cap : bigM);

  // Columns of each arc across commodities, only for arcs that a candidate touches.
  const touched = new Set<number>();
  const linkArcsOf = (id: string) => graph.linkArcs[graph.linkIndex.get(id)!];
  for (const c of candidates) {
    if (c.kind === 'link') linkArcsOf(c.id).forEach((a) => touched.add(a));
    else if (c.targetKind === 'link') {
      linkArcsOf(c.target).forEach((a) => touched.add(a));
      if (parallel.has(c.id)) linkArcsOf(c.id).forEach((a) => touched.add(a));
    }
  }
  const arcColumns = new Map<number, number[]>();
  for (const k of lp.commodities) {
    const start = lp.flowColumnStart[k.index];
    k.arcs.forEach((a, i) => {
      if (!touched.has(a)) return;
      const list = arcColumns.get(a) ?? [];
      list.push(start + i);
      arcColumns.set(a, list);
    });
  }
  const addTerm = (row: LpRow, column: number, value: number) => {
    row.indices.push(column);
    row.values.push(value);
  };
  const newRow = (name: string, upper: number, columns: number[]): LpRow => {
    const row: LpRow = { name, lower: -Infinity, upper, indices: [...columns], values: columns.map(() => 1) };
    model.rows.push(row);
    return row;
  };
  /** flow on arc a ≤ capOff + (capOn − capOff) · y, whether or not the LP already has a capacity row for a. */
  const switchArc = (a: number, y: number, capOff: number, capOn: number, label: string) => {
    const cols = arcColumns.get(a);
    if (!cols) return; // no commodity can use the arc: nothing to switch
    const r = lp.arcCapacityRow[a];
    const row = r >= 0 ? model.rows[r] : newRow(`${label}_a${a}`, capOff, cols);
    row.upper = capOff;
    addTerm(row, y, -(capOn - capOff));
  };

  const annualized = candidates.map((c) => annualizedCapexUsd(c.capexUsd, discountRate, c.lifetimeYears));
  const buildColumns = candidates.map((c, i) => {
    model.columns.push({ name: `build_${c.id}`, lower: 0, upper: 1, cost: annualized[i], integer: true });
    return model.columns.length - 1;
  });
  candidates.forEach((c, i) => {
    const y = buildColumns[i];
    if (c.kind === 'link') {
      for (const a of linkArcsOf(c.id)) switchArc(a, y, 0, finiteOrM(capacities.arcCapacityTeuPerYear[a]), `build_${c.id}`);
      return;
    }
    if (c.targetKind === 'node') {
      const n = graph.nodeIndex.get(c.target)!;
      const r = lp.nodeThroughputRow[n];
      if (r < 0) return; // no flow can reach the node (closed, or off every route)
      const factor = multipliers.get(c.target) ?? 1;
      const node = network.nodes[n];
      addTerm(model.rows[r], y, -(c.throughputTeuPerYear! - node.throughputTeuPerYear!) * factor);
      return;
    }
    const link = network.links.find((l) => l.id === c.target)!;
    const factor = multipliers.get(c.target) ?? 1;
    if (parallel.has(c.id)) {
      for (const a of linkArcsOf(c.target)) switchArc(a, y, finiteOrM(capacities.arcCapacityTeuPerYear[a]), 0, `off_${c.id}`);
      for (const a of linkArcsOf(c.id)) switchArc(a, y, 0, finiteOrM(capacities.arcCapacityTeuPerYear[a]), `build_${c.id}`);
    } else {
      // Capacity only: validation guarantees a finite current capacity below the upgraded one.
      for (const a of linkArcsOf(c.target)) {
        const capOff = capacities.arcCapacityTeuPerYear[a];
        switchArc(a, y, capOff, capOff + (c.capacityTeuPerYear! - link.capacityTeuPerYear!) * factor, `upgrade_${c.id}`);
      }
    }
  });
  model.rows.push({ name: 'budget', lower: -Infinity, upper: budgetUsd ?? Infinity, indices: [...buildColumns], values: candidates.map((c) => c.capexUsd) });
  return { model, buildColumns, budgetRow: model.rows.length - 1, annualizedCapexUsd: annualized };
}

const changesCost = (u: UpgradeCandidate) => u.speedKmh !== null || u.hours !== null || u.costUsdPerTeuKm !== null;

function checkBudget(budgetUsd: number | null): void {
  if (budgetUsd !== null && !(Number.isFinite(budgetUsd) && budgetUsd >= 0)) {
    throw new InvalidArgumentError(`budget must be a finite number of USD ≥ 0, got ${budgetUsd}`);
  }
}

/**
 * The subset of candidates with the largest net benefit (Σ annual benefit of the set, computed jointly, minus
 * Σ annualized capex) whose capex fits the budget, solved exactly as a MIP (relative gap 0). The benefit of
 * the chosen set is then re-computed by an LP with that set built, as a check and to report it.
 * @throws InvalidArgumentError for a bad budget or rate; UnsupportedError for a backend without integers
 * @example (await optimizePortfolio(net, demand, cands, { budgetUsd: 3e9 })).chosen // ['jinghe-alashankou-2', …]
 */
export async function optimizePortfolio(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  options: PortfolioOptions = {},
): Promise<PortfolioResult> {
  const [result] = await portfolioBudgetSweep(network, demand, candidates, [options.budgetUsd ?? null], options);
  return result;
}

/**
 * The portfolio for each budget (the curve of net benefit against budget). The MIP is built once and
 * re-solved with the budget row changed; the base LP and the LP of each distinct chosen set are solved once.
 */
export async function portfolioBudgetSweep(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  budgetsUsd: readonly (number | null)[],
  options: PortfolioOptions = {},
): Promise<PortfolioResult[]> {
  budgetsUsd.forEach(checkBudget);
  const { discountRate = DEFAULT_DISCOUNT_RATE, mipBackend = 'auto', budgetUsd: _b, ...optimizeOptions } = options;
  const base = baseOptionsOf(network, demand, optimizeOptions);
  const mip = buildPortfolioMip(network, demand, candidates, { resolved: base, discountRate, budgetUsd: null });
  const strategy = mipBackend === 'auto' ? choosePortfolioBackend(mip.model) : mipBackend;
  const raced: BackendName[] | null = strategy === 'race' ? ['highs', 'glpk'] : null;
  if (strategy !== 'race' && !getBackend(strategy).supports('integer')) {
    throw new UnsupportedError(`backend "${strategy}" cannot solve the portfolio MIP (no integer variables); use highs, glpk or race`);
  }
  const race = raced ? new MipRace(raced) : null;
  const solveMip = (o: SolveOptions): Promise<LpSolution> => (race ? race.solve(mip.model, o) : getBackend(strategy as BackendName).solve(mip.model, o));
  const mipOptions: SolveOptions = { relativeMipGap: PORTFOLIO_MIP_GAP, ...(base.timeLimitSeconds !== undefined ? { timeLimitSeconds: base.timeLimitSeconds } : {}) };
  const size: PortfolioMipSize = {
    columns: mip.model.columns.length,
    rows: mip.model.rows.length,
    nonzeros: mip.model.rows.reduce((s, r) => s + r.indices.length, 0),
    binaries: mip.buildColumns.length,
  };
  const out: PortfolioResult[] = [];
  try {
    const baseCase = await solveProblem({ network, demand, options: { ...base, paths: false } });
    const baseObj = baseCase.status === 'optimal' ? baseCase.objectiveUsd : null;
    const chosenObjective = new Map<string, number | null>();
    for (const budget of budgetsUsd) {
      mip.model.rows[mip.budgetRow].upper = budget ?? Infinity;
      const solution = await solveMip(mipOptions);
      const x = solution.columnValues;
      const chosenIdx = x ? candidates.map((_, i) => i).filter((i) => x[mip.buildColumns[i]] > 0.5) : [];
      const key = chosenIdx.join();
      if (x && !chosenObjective.has(key)) {
        const r = await solveProblem({ network: applyCandidates(network, chosenIdx.map((i) => candidates[i])), demand, options: { ...base, paths: false } });
        chosenObjective.set(key, r.status === 'optimal' ? r.objectiveUsd : null);
      }
      const annualizedCapex = chosenIdx.reduce((s, i) => s + mip.annualizedCapexUsd[i], 0);
      const chosenObj = x ? (chosenObjective.get(key) ?? null) : null;
      const benefit = chosenObj !== null && baseObj !== null ? baseObj - chosenObj : null;
      out.push({
        status: solution.status,
        message: solution.message ?? null,
        budgetUsd: budget,
        discountRate,
        chosen: chosenIdx.map((i) => candidates[i].id),
        capexUsd: chosenIdx.reduce((s, i) => s + candidates[i].capexUsd, 0),
        annualizedCapexUsd: annualizedCapex,
        annualBenefitUsd: benefit,
        netBenefitUsd: benefit === null ? null : benefit - annualizedCapex,
        baseObjectiveUsd: baseObj,
        mipObjectiveUsd: solution.objective,
        chosenObjectiveUsd: chosenObj,
        backend: solution.backend,
        raced,
        relativeMipGap: PORTFOLIO_MIP_GAP,
        solveSeconds: solution.solveSeconds,
        mipSize: size,
      });
    }
  } finally {
    await race?.close();
  }
  return out;
}

/**
 * Budgets for a sweep: `steps` + 1 evenly spaced points from 0 to the total capex of all candidates.
 * @example sweepBudgets(cands, 4) // [0, ¼ Σcapex, ½ Σcapex, ¾ Σcapex, Σcapex]
 */
export function sweepBudgets(candidates: readonly Candidate[], steps = 10): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new InvalidArgumentError(`sweep steps must be an integer ≥ 1, got ${steps}`);
  const total = candidates.reduce((s, c) => s + c.capexUsd, 0);
  return Array.from({ length: steps + 1 }, (_, i) => (total * i) / steps);
}
