import type { BackendName, LpModel, LpSolution } from '../../solver/lp-model.js';
import { UnsupportedError } from '../shared/index.js';
import type { PeriodSolver } from './period-solver.js';
import { builtIn, schedulePvCost, type PlanProblem, type Schedule } from './plan-problem.js';
import { addStagedBinaries, availabilityColumn, decodeSchedule, solveStagedMip } from './staged-mip.js';

/** What the decomposition did. */
export interface DecompositionStats {
  /** Staged-MIP solves (one per round). */
  rounds: number;
  /** Pairwise interaction terms added (period, pair), each from one more flow solve. */
  pairTerms: number;
  /** Exact-set corrections added (period, set): used when three or more candidates interact. */
  setTerms: number;
  /**
   * True when the last round's schedule has a model cost equal to its re-solved cost in every period (the
   * model is exact there). It is then optimal for the model; the model is exact at every set it has seen
   * (each candidate alone, each pair added, each corrected set) but not proven at other sets.
   */
  verified: boolean;
  /** Largest |model − re-solved| yearly cost of a period, USD/yr, in the last round. */
  lastMismatchUsd: number;
  mipSeconds: number;
  mipBackend: BackendName;
}

interface Term {
  s: number;
  members: number[];
  /** Yearly cost correction, USD/yr, when exactly (set term) or at least (pair term) these are built. */
  deltaUsd: number;
  exact: boolean;
}

/**
 * The staged plan by decomposition over periods, on warm path masters:
 * 1. per period, the flow cost with nothing built, with each available candidate alone and with all of them
 *    (one warm master per period: every solve is a bound change, as in `evaluate`) gives each candidate's
 *    benefit per period and an exact term for the full set;
 * 2. a staged MIP over the build binaries alone (no flows): PV of Σ_s weight_s × (base cost − Σ benefits of
 *    what is available + interaction terms) + PV net capex, under the budgets; solved exactly;
 * 3. its schedule is re-solved in every period (warm). Where the model's cost of a period's built set differs
 *    from the re-solved cost, the interaction is added: the pairwise term of each pair of that set not yet in
 *    the model (one more flow solve each), or, when every pair is known, an exact correction for that set.
 *    Then back to 2, until the schedule's model cost equals its re-solved cost in every period.
 * The result is exact for additive benefits and pairwise interactions; with higher-order interactions at sets
 * it never visited it is a verified schedule, not a proven optimum (DecompositionStats.verified).
 */
export async function solveByDecomposition(
  problem: PlanProblem,
  solver: PeriodSolver,
  options: { mipBackend?: BackendName | 'auto'; maxRounds?: number; onProgress?: (message: string) => void } = {},
): Promise<{ schedule: Schedule; stats: DecompositionStats; solution: LpSolution }> {
  const { mipBackend = 'auto', maxRounds = 12 } = options;
  const T = problem.horizon.years.length;
  const C = problem.staged.length;
  const availableAt = (c: number, s: number) => problem.options[c].some((o) => o.firstAvailablePeriod <= s);
  const base: number[] = [];
  const single: number[][] = [];
  // On the queue, independent solves are asked for at once (solver.prefetch); here the loops below solve
  // them one by one in their own order, as before.
  const ahead = (asks: { s: number; built: number[] }[]) => (solver.parallel ? solver.prefetch(asks) : Promise.resolve());
  await ahead([...Array(T).keys()].flatMap((s) => [{ s, built: [] }, ...[...Array(C).keys()].filter((c) => availableAt(c, s)).map((c) => ({ s, built: [c] }))]));
  for (let s = 0; s < T; s++) {
    base.push(await need(solver, s, []));
    single.push([]);
    for (let c = 0; c < C; c++) single[s].push(availableAt(c, s) ? await need(solver, s, [c]) : base[s]);
    options.onProgress?.(`period ${problem.horizon.years[s]}: base and ${C} candidates solved`);
  }
  const terms: Term[] = [];
  const pairKnown = new Set<string>();
  // Seed: every available candidate built at once, per period, as an exact-set term. Benefits that appear only
  // when three or more candidates are built together (links in series) are invisible to singles and pairs;
  // this one solve per period lets the MIP see at least the full set.
  const fullSets = [...Array(T).keys()].map((s) => [...Array(C).keys()].filter((c) => availableAt(c, s)));
  await ahead(fullSets.flatMap((all, s) => (all.length < 2 ? [] : [{ s, built: all }])));
  for (let s = 0; s < T; s++) {
    const all = fullSets[s];
    if (all.length < 2) continue;
    const truth = await need(solver, s, all);
    const model = all.reduce((z, c) => z + single[s][c] - base[s], base[s]);
    if (Math.abs(truth - model) > 1e-6 * Math.max(1, Math.abs(truth))) terms.push({ s, members: all, deltaUsd: truth - model, exact: true });
  }
  const modelCost = (s: number, set: number[]) => {
    let z = base[s];
    for (const c of set) z += single[s][c] - base[s];
    const inSet = new Set(set);
    for (const t of terms) {
      if (t.s !== s) continue;
      if (t.exact ? t.members.length === set.length && t.members.every((m) => inSet.has(m)) : t.members.every((m) => inSet.has(m))) z += t.deltaUsd;
    }
    return z;
  };
  const tolerance = (z: number) => 1e-6 * Math.max(1, Math.abs(z));
  let rounds = 0;
  let mipSeconds = 0;
  let last: { schedule: Schedule; solution: LpSolution; mismatch: number; backend: BackendName } | null = null;
  let verified = false;
  while (rounds < maxRounds) {
    rounds++;
    const { model, binaries } = benefitMip(problem, base, single, terms);
    const solution = await solveStagedMip(model, mipBackend);
    mipSeconds += solution.solveSeconds;
    if (solution.status !== 'optimal' || !solution.columnValues) return { schedule: problem.staged.map(() => null), stats: stats(false, 0), solution };
    const schedule = decodeSchedule(problem, binaries, solution.columnValues);
    let mismatch = 0;
    let added = 0;
    await ahead([...Array(T).keys()].map((s) => ({ s, built: builtIn(problem, schedule, s) })).filter((a) => a.built.length >= 2));
    for (let s = 0; s < T; s++) {
      const set = builtIn(problem, schedule, s);
      if (set.length < 2) continue; // base and singles are exact by construction
      const truth = await need(solver, s, set);
      if (solver.parallel && Math.abs(truth - modelCost(s, set)) > tolerance(truth)) {
        const pairs: { s: number; built: number[] }[] = [];
        for (let a = 0; a < set.length; a++) for (let b = a + 1; b < set.length; b++) if (!pairKnown.has(`${s}|${set[a]},${set[b]}`)) pairs.push({ s, built: [set[a], set[b]] });
        await ahead(pairs);
      }
      const diff = truth - modelCost(s, set);
      mismatch = Math.max(mismatch, Math.abs(diff));
      if (Math.abs(diff) <= tolerance(truth)) continue;
      let newPairs = 0;
      for (let a = 0; a < set.length; a++) {
        for (let b = a + 1; b < set.length; b++) {
          const key = `${s}|${set[a]},${set[b]}`;
          if (pairKnown.has(key)) continue;
          pairKnown.add(key);
          const zab = await need(solver, s, [set[a], set[b]]);
          const delta = zab - single[s][set[a]] - single[s][set[b]] + base[s];
          if (Math.abs(delta) > tolerance(zab)) terms.push({ s, members: [set[a], set[b]], deltaUsd: delta, exact: false });
          newPairs++;
        }
      }
      if (newPairs === 0 || set.length > 2) {
        // Pairs alone may still miss it (3+ interacting): correct this exact set by what is left.
        const left = truth - modelCost(s, set);
        if (Math.abs(left) > tolerance(truth) && newPairs === 0) terms.push({ s, members: set, deltaUsd: left, exact: true });
      }
      added++;
    }
    last = { schedule, solution, mismatch, backend: solution.backend };
    options.onProgress?.(`round ${rounds}: ${terms.length} interaction terms, mismatch USD ${mismatch.toFixed(0)}/yr`);
    if (added === 0) {
      verified = true;
      break;
    }
  }
  return { schedule: last!.schedule, stats: stats(verified, last!.mismatch), solution: last!.solution };

  function stats(v: boolean, mismatch: number): DecompositionStats {
    return {
      rounds,
      pairTerms: terms.filter((t) => !t.exact).length,
      setTerms: terms.filter((t) => t.exact).length,
      verified: v,
      lastMismatchUsd: mismatch,
      mipSeconds,
      mipBackend: last?.backend ?? 'glpk',
    };
  }
}

async function need(solver: PeriodSolver, s: number, set: number[]): Promise<number> {
  const z = await solver.cost(s, set);
  if (z === null) {
    const r = await solver.solve(s, set);
    throw new UnsupportedError(`plan decomposition: the flow LP of period ${s} with candidates [${set.join(', ')}] built ended ${r.status}${r.message ? ` (${r.message})` : ''}; try --method extensive`);
  }
  return z;
}

/**
 * The decomposition's staged MIP: build binaries, budgets, and per period the yearly cost as base − Σ
 * benefit × availability + interaction terms, weighted by the period's PV weight.
 * A pair term with δ > 0 (substitutes) uses p ≥ a + b − 1; with δ < 0 (complements) p ≤ a, p ≤ b. An exact
 * set term q is 1 exactly when that set and nothing else is available: δ > 0: q ≥ Σ_in − Σ_out − (n − 1);
 * δ < 0: q ≤ each member, q ≤ 1 − each non-member.
 */
function benefitMip(problem: PlanProblem, base: number[], single: number[][], terms: Term[]): { model: LpModel; binaries: ReturnType<typeof addStagedBinaries> } {
  const model: LpModel = { name: 'staged-benefits', sense: 'minimize', columns: [], rows: [], objectiveConstant: 0 };
  const binaries = addStagedBinaries(problem, model);
  const T = problem.horizon.years.length;
  const C = problem.staged.length;
  const avail = (c: number, s: number) => availabilityColumn(problem, binaries, c, s);
  for (let s = 0; s < T; s++) {
    const w = problem.weights[s];
    model.objectiveConstant! += w * base[s];
    for (let c = 0; c < C; c++) {
      const col = avail(c, s);
      if (col >= 0) model.columns[col].cost += w * (single[s][c] - base[s]);
    }
  }
  for (const t of terms) {
    const cols = t.members.map((c) => avail(c, t.s));
    if (cols.some((c) => c < 0)) continue; // a member never available in that period: the term never applies
    model.columns.push({ name: `term_${t.s}_${t.members.join('_')}`, lower: 0, upper: 1, cost: problem.weights[t.s] * t.deltaUsd });
    const q = model.columns.length - 1;
    const others = t.exact ? [...Array(C).keys()].filter((c) => !t.members.includes(c)).map((c) => avail(c, t.s)).filter((c) => c >= 0) : [];
    if (t.deltaUsd > 0) {
      // q ≥ Σ members − Σ others − (n − 1)
      model.rows.push({ name: `term_lb`, lower: -Infinity, upper: cols.length - 1, indices: [...cols, ...others, q], values: [...cols.map(() => 1), ...others.map(() => -1), -1] });
    } else {
      for (const col of cols) model.rows.push({ name: 'term_ub', lower: -Infinity, upper: 0, indices: [q, col], values: [1, -1] });
      for (const col of others) model.rows.push({ name: 'term_ub_out', lower: -Infinity, upper: 1, indices: [q, col], values: [1, 1] });
    }
  }
  return { model, binaries };
}

/** PV cost of a schedule on a period solver (exact flows per period). */
export const pvCostOn = (problem: PlanProblem, solver: PeriodSolver, schedule: Schedule) => schedulePvCost(problem, schedule, (s, built) => solver.cost(s, built));
