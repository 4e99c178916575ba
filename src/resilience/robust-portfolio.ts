import { baseOptionsOf } from '../assignment/index.js';
import { getBackend } from '../../solver/index.js';
import type { BackendName, LpModel, LpStatus } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError, askEach } from '../shared/index.js';
import { annualizedCapexUsd, DEFAULT_DISCOUNT_RATE, type Candidate, type ScenarioOptimizeOptions } from '../evaluate/index.js';
import { scenarioDemand, type ScenarioSet } from './scenario-set.js';
import type { SubproblemValue } from './scenario-subproblems.js';
import { openSubproblems } from './subproblem-evaluator.js';

/** How a portfolio is scored across the scenarios (all under the budget). */
export type RobustObjective = 'expected' | 'worst' | 'regret';
export const ROBUST_OBJECTIVES: readonly RobustObjective[] = ['expected', 'worst', 'regret'];

/** Options of {@link robustPortfolio}. */
export interface RobustPortfolioOptions extends ScenarioOptimizeOptions {
  /** Solve the subproblems on `corridor worker` processes through this Redis (BullMQ): a portfolio's scenarios at once. */
  redisUrl?: string;
  /**
   * `expected` (default): Σ annualized capex + Σ_s p_s · cost_s (two-stage stochastic);
   * `worst`: Σ annualized capex + max_s cost_s (min–max);
   * `regret`: max_s (capex + cost_s − the best capex + cost_s any portfolio under the budget reaches in s).
   */
  objective?: RobustObjective;
  /** Capex budget, USD; null or absent = none. */
  budgetUsd?: number | null;
  /** Real discount rate for annualizing capex (default 0.06). */
  discountRate?: number;
  /** Stop when (upper − lower bound) ≤ this × |upper bound| (default 1e-6). */
  relativeGap?: number;
  /** Benders iterations per run, at most (default 500); a run that hits it reports its gap. */
  maxIterations?: number;
  /** Backend of the small master MIP (default glpk: fastest on MIPs this small, BENCHMARKS.md "portfolio MIP"). */
  masterBackend?: BackendName;
  /**
   * Id of the scenario that stands for the single future (default: the first scenario that closes, derates
   * and changes nothing, else none): its own best portfolio is reported beside the robust one.
   */
  baseScenarioId?: string | null;
  /** Called after each Benders iteration. */
  onProgress?: (progress: RobustProgress) => void;
}

/** Progress of a robust solve. */
export interface RobustProgress {
  /** `scenario-best`: each scenario's own best portfolio (for regret and the base-case comparison); `robust`: the portfolio itself. */
  phase: 'scenario-best' | 'robust';
  /** Scenario of a `scenario-best` run. */
  scenarioId: string | null;
  iteration: number;
  lowerBoundUsd: number;
  upperBoundUsd: number;
  relativeGap: number;
  /** Warm scenario solves so far (all phases). */
  subproblemSolves: number;
}

/** How one scenario fares with the robust portfolio. */
export interface RobustScenarioOutcome {
  id: string;
  name: string;
  probability: number;
  status: LpStatus;
  message: string | null;
  /** Yearly generalized cost with the robust portfolio built (flows re-optimised), USD/yr. */
  objectiveUsd: number | null;
  /** The same with nothing built, USD/yr. */
  nothingBuiltObjectiveUsd: number | null;
  unservedTeu: number | null;
  /** The scenario's own best portfolio under the budget (computed for regret and for the base scenario), else null. */
  ownBest: { chosen: string[]; totalUsd: number; relativeGap: number } | null;
  /** Annualized capex + objectiveUsd − ownBest.totalUsd, USD/yr (when ownBest is known). */
  regretUsd: number | null;
}

/** One Benders iteration. */
export interface RobustIteration {
  iteration: number;
  lowerBoundUsd: number;
  upperBoundUsd: number;
  relativeGap: number;
  /** The master's portfolio of this iteration. */
  chosen: string[];
}

/** A portfolio's score under the three objectives (USD/yr). */
export interface PortfolioScore {
  chosen: string[];
  capexUsd: number;
  annualizedCapexUsd: number;
  expectedUsd: number | null;
  worstUsd: number | null;
  /** null unless every scenario's own best is known. */
  regretUsd: number | null;
}

/** Result of {@link robustPortfolio}. */
export interface RobustPortfolioResult {
  networkId: string;
  objective: RobustObjective;
  /**
   * `optimal`: the gap closed to `relativeGap`; `time_limit`: stopped at maxIterations (the gap says how
   * far from proven); `error` / `infeasible`: a scenario could not be solved (see message).
   */
  status: LpStatus;
  message: string | null;
  method: string;
  budgetUsd: number | null;
  discountRate: number;
  /** Candidate ids to build, in input order. */
  chosen: string[];
  capexUsd: number;
  annualizedCapexUsd: number;
  /** Value of the objective for the chosen portfolio (the upper bound), USD/yr. */
  objectiveUsd: number | null;
  /** Proven lower bound on the objective, USD/yr. */
  lowerBoundUsd: number | null;
  /** (upper − lower) / |upper|. */
  relativeGap: number | null;
  relativeGapTarget: number;
  iterations: number;
  masterSolves: number;
  subproblemSolves: number;
  seconds: number;
  scenarios: RobustScenarioOutcome[];
  /** The robust portfolio scored under every objective. */
  score: PortfolioScore | null;
  /** The single-future portfolio (the base scenario's own best) scored the same way; null without a base scenario. */
  singleFuture: (PortfolioScore & { scenarioId: string }) | null;
  /** singleFuture's score − the robust one under this run's objective: what planning for one future costs, USD/yr. */
  valueOfRobustnessUsd: number | null;
  history: RobustIteration[];
}

interface Cut {
  constant: number;
  gradient: number[];
}

/** Scale of the master MIP: million USD, so that cut coefficients stay near 1. */
const MASTER_SCALE = 1e-6;

const keyOf = (y: readonly number[]) => y.join('');

/**
 * The robust capacity-expansion portfolio over a scenario set: candidates are chosen once, flows are
 * re-optimised in each scenario, under one capex budget, for the expected, worst-case or min–max-regret
 * objective.
 *
 * Method: Benders decomposition (multi-cut L-shaped method). The master is a small MIP over the build
 * binaries y, one cost variable θ_s per scenario and the budget; each scenario is a subproblem solved warm on
 * its own path master (ScenarioSubproblems) at the master's y, and returns its cost and a cut
 * θ_s ≥ Q_s(ŷ) + g_s · (y − ŷ) from its capacity rows' shadow prices. Cuts are tight at ŷ, so the loop ends
 * exactly (in finitely many steps, since y is binary) when the master's lower bound meets the best portfolio
 * evaluated; it stops at `relativeGap` and reports the gap. The master MIP is re-solved cold each iteration
 * (it is tiny: n binaries, one θ per scenario, the cuts). For `regret` each scenario's own best portfolio is
 * found first by the same loop with that scenario alone, sharing its cuts.
 * Infeasible or failed scenarios end the run with that status and the scenario named, never an exception.
 * @throws InvalidArgumentError for a bad budget, rate, gap or objective
 * @example (await robustPortfolio(net, demand, cands, loadScenarioSet('default', net), { objective: 'worst', budgetUsd: 5e9 })).chosen
 */
export async function robustPortfolio(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  scenarioSet: ScenarioSet,
  options: RobustPortfolioOptions = {},
): Promise<RobustPortfolioResult> {
  const started = performance.now();
  const {
    objective = 'expected',
    budgetUsd = null,
    discountRate = DEFAULT_DISCOUNT_RATE,
    relativeGap = 1e-6,
    maxIterations = 500,
    masterBackend = 'glpk',
    baseScenarioId,
    onProgress,
    redisUrl,
    ...optimizeOptions
  } = options;
  if (!ROBUST_OBJECTIVES.includes(objective)) throw new InvalidArgumentError(`objective must be one of ${ROBUST_OBJECTIVES.join(', ')}, got "${String(objective)}"`);
  if (budgetUsd !== null && !(Number.isFinite(budgetUsd) && budgetUsd >= 0)) throw new InvalidArgumentError(`budget must be a finite number of USD ≥ 0, got ${budgetUsd}`);
  if (!(relativeGap >= 0)) throw new InvalidArgumentError(`relative gap must be ≥ 0, got ${relativeGap}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidArgumentError(`maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  const scenarios = scenarioSet.scenarios;
  const demands = scenarios.map((s) => scenarioDemand(demand, s));
  const n = candidates.length;
  const annualized = candidates.map((c) => annualizedCapexUsd(c.capexUsd, discountRate, c.lifetimeYears));
  const capexOf = (y: readonly number[]) => y.reduce((s, v, c) => s + v * candidates[c].capexUsd, 0);
  const annualOf = (y: readonly number[]) => y.reduce((s, v, c) => s + v * annualized[c], 0);
  const chosenOf = (y: readonly number[]) => candidates.filter((_, c) => y[c] > 0.5).map((c) => c.id);
  const baseId =
    baseScenarioId === undefined ? (scenarios.find((s) => !s.closedNodeIds.length && !s.closedLinkIds.length && !Object.keys(s.capacityMultipliers).length && !s.demand.length)?.id ?? null) : baseScenarioId;
  if (baseId !== null && !scenarios.some((s) => s.id === baseId)) throw new InvalidArgumentError(`base scenario "${baseId}" is not in the scenario set`);

  // The run's edge: its base options are resolved once here (or were, by the caller: `resolved`).
  const subs = await openSubproblems({ network, candidates: [...candidates], scenarios: [...scenarios], demands, options: { resolved: baseOptionsOf(network, demand, optimizeOptions) } }, redisUrl);
  const cuts: Cut[][] = scenarios.map(() => []);
  const values: Map<string, SubproblemValue>[] = scenarios.map(() => new Map());
  let masterSolves = 0;
  let failure: SubproblemValue | null = null;

  // Solves in flight, so two asks for the same (s, y) at once (on the queue) solve it once and add one cut.
  const inFlight: Map<string, Promise<SubproblemValue>>[] = scenarios.map(() => new Map());
  /** Q_s(y), cached; adds the cut at y. */
  const value = async (s: number, y: number[]): Promise<SubproblemValue> => {
    const key = keyOf(y);
    const hit = values[s].get(key);
    if (hit) return hit;
    const running = inFlight[s].get(key);
    if (running) return running;
    const solving = subs.evaluate(s, y);
    inFlight[s].set(key, solving);
    const v = await solving.finally(() => inFlight[s].delete(key));
    if (values[s].has(key)) return values[s].get(key)!;
    if (v.status !== 'optimal') failure ??= v;
    else {
      cuts[s].push({ constant: v.objectiveUsd! - v.gradientUsd.reduce((sum, g, c) => sum + g * y[c], 0), gradient: v.gradientUsd });
      // The result's flows are not needed once the value and cut are kept (memory on long runs).
      v.result = null;
    }
    values[s].set(key, v);
    return v;
  };
  /**
   * Q_s(y) for several scenarios: all at once on the queue; here one by one, stopping after the first that is
   * not optimal when `stopAtFailure` (the caller discards the rest, so they are not solved).
   */
  const valuesAt = (ss: readonly number[], y: number[], stopAtFailure = false): Promise<SubproblemValue[]> =>
    askEach(subs.parallel, ss, (s) => value(s, y), stopAtFailure ? (v) => v.status !== 'optimal' : undefined);

  /**
   * One Benders run: minimise annual capex·[withCapex] + the combination of θ_s that `kind` says, over the
   * scenarios `which`. Returns the best portfolio, its value and the bounds.
   */
  const run = async (
    kind: 'expected' | 'worst' | 'regret',
    which: number[],
    weights: number[],
    best: number[] | null,
    phase: RobustProgress['phase'],
  ): Promise<{ y: number[]; upper: number; lower: number; iterations: number; history: RobustIteration[]; status: LpStatus; message: string | null }> => {
    const score = async (y: number[]): Promise<number | null> => {
      const qs: number[] = [];
      for (const v of await valuesAt(which, y, true)) {
        if (v.status !== 'optimal') return null;
        qs.push(v.objectiveUsd!);
      }
      const a = annualOf(y);
      if (kind === 'expected') return a + qs.reduce((sum, q, i) => sum + weights[i] * q, 0);
      if (kind === 'worst') return a + Math.max(...qs);
      return Math.max(...qs.map((q, i) => a + q - best![i]));
    };
    const history: RobustIteration[] = [];
    const zero = new Array<number>(n).fill(0);
    let bestY = zero;
    let upper = await score(zero);
    if (upper === null) return { y: zero, upper: NaN, lower: NaN, iterations: 0, history, status: failure!.status, message: failure!.message };
    // Cuts at "everything built" too (valid whatever the budget): the first master then sees both ends.
    if (n > 0) await valuesAt(which, new Array<number>(n).fill(1));
    if (failure) return { y: zero, upper: NaN, lower: NaN, iterations: 0, history, status: failure.status, message: failure.message };
    let lower = -Infinity;
    for (let it = 1; it <= maxIterations; it++) {
      const master = masterModel(kind, which, weights, best);
      const sol = await getBackend(masterBackend).solve(master, { relativeMipGap: 0 });
      masterSolves++;
      if (sol.status !== 'optimal' || !sol.columnValues) return { y: bestY, upper, lower, iterations: it, history, status: sol.status === 'optimal' ? 'error' : sol.status, message: `master MIP: ${sol.message ?? sol.status}` };
      lower = Math.max(lower, sol.objective! / MASTER_SCALE);
      const y = Array.from({ length: n }, (_, c) => (sol.columnValues![c] > 0.5 ? 1 : 0));
      const gap = (upper - lower) / Math.max(Math.abs(upper), 1);
      const known = which.every((s) => values[s].has(keyOf(y)));
      // Score the master's point even when it was evaluated before (cached): the y = 1 start point is
      // evaluated for its cuts only, and may be the optimum.
      if (gap > relativeGap) {
        const f = await score(y);
        if (f === null) return { y: bestY, upper, lower, iterations: it, history, status: failure!.status, message: failure!.message };
        if (f < upper) {
          upper = f;
          bestY = y;
        }
      }
      const g = Math.max(0, (upper - lower) / Math.max(Math.abs(upper), 1));
      history.push({ iteration: it, lowerBoundUsd: lower, upperBoundUsd: upper, relativeGap: g, chosen: chosenOf(y) });
      onProgress?.({ phase, scenarioId: which.length === 1 ? scenarios[which[0]].id : null, iteration: it, lowerBoundUsd: lower, upperBoundUsd: upper, relativeGap: g, subproblemSolves: subs.solves });
      // A master point already evaluated has all its cuts tight: the bound cannot move past it.
      if (g <= relativeGap || known) return { y: bestY, upper, lower: Math.min(lower, upper), iterations: it, history, status: 'optimal', message: g <= relativeGap ? null : `stopped at gap ${g.toExponential(2)}: the master repeats an evaluated portfolio (round-off in the cuts)` };
    }
    return { y: bestY, upper, lower, iterations: maxIterations, history, status: 'time_limit', message: `stopped after ${maxIterations} iterations (maxIterations) at gap ${((upper - lower) / Math.max(Math.abs(upper), 1)).toExponential(2)}` };
  };

  /** The master MIP: y binary (columns 0..n−1), θ_s per scenario of `which`, η for worst / regret. */
  const masterModel = (kind: 'expected' | 'worst' | 'regret', which: number[], weights: number[], best: number[] | null): LpModel => {
    const model: LpModel = { sense: 'minimize', columns: [], rows: [] };
    candidates.forEach((c, i) => model.columns.push({ name: `y_${c.id}`, lower: 0, upper: 1, cost: kind === 'regret' ? 0 : annualized[i] * MASTER_SCALE, integer: true }));
    const theta = which.map((s, i) => {
      // θ_s ≥ 0: every cost in the model is ≥ 0 (a valid bound before the first cut).
      model.columns.push({ name: `theta_${scenarios[s].id}`, lower: 0, upper: Infinity, cost: kind === 'expected' ? weights[i] : 0 });
      return model.columns.length - 1;
    });
    let eta = -1;
    if (kind !== 'expected') {
      model.columns.push({ name: 'eta', lower: -Infinity, upper: Infinity, cost: 1 });
      eta = model.columns.length - 1;
      which.forEach((s, i) => {
        // worst: η ≥ θ_s; regret: η ≥ capex·y + θ_s − best_s
        const indices = [eta, theta[i]];
        const vals = [1, -1];
        if (kind === 'regret') candidates.forEach((_, c) => (indices.push(c), vals.push(-annualized[c] * MASTER_SCALE)));
        model.rows.push({ name: `eta_${scenarios[s].id}`, lower: kind === 'regret' ? -best![i] * MASTER_SCALE : 0, upper: Infinity, indices, values: vals });
      });
    }
    which.forEach((s, i) => {
      cuts[s].forEach((cut, k) => {
        const indices = [theta[i]];
        const vals = [1];
        cut.gradient.forEach((g, c) => {
          if (g !== 0) {
            indices.push(c);
            vals.push(-g * MASTER_SCALE);
          }
        });
        model.rows.push({ name: `cut_${scenarios[s].id}_${k}`, lower: cut.constant * MASTER_SCALE, upper: Infinity, indices, values: vals });
      });
    });
    if (budgetUsd !== null && n > 0) model.rows.push({ name: 'budget', lower: -Infinity, upper: budgetUsd, indices: candidates.map((_, c) => c), values: candidates.map((c) => c.capexUsd) });
    return model;
  };

  const all = scenarios.map((_, s) => s);
  const weights = scenarios.map((s) => s.probability);
  try {
    // Each scenario's own best portfolio: needed for regret, and for the base scenario's single-future portfolio.
    const ownBest = new Map<number, { y: number[]; total: number; gap: number }>();
    const needBest = objective === 'regret' ? all : baseId !== null ? [scenarios.findIndex((s) => s.id === baseId)] : [];
    let earlyStop: { status: LpStatus; message: string | null } | null = null;
    for (const s of needBest) {
      const r = await run('expected', [s], [1], null, 'scenario-best');
      if (r.status !== 'optimal' && r.status !== 'time_limit') {
        earlyStop = r;
        break;
      }
      ownBest.set(s, { y: r.y, total: r.upper, gap: Math.max(0, (r.upper - r.lower) / Math.max(Math.abs(r.upper), 1)) });
    }
    // Regret is measured against each scenario's own best as found: exact when its run closed the gap; if it
    // stopped at maxIterations, the best value found (≥ the true best, so regrets are understated by at most
    // that run's gap, reported as ownBest.relativeGap).
    const bestTotals = objective === 'regret' ? all.map((s) => ownBest.get(s)?.total ?? NaN) : null;
    const main = earlyStop ? null : await run(objective, all, weights, bestTotals, 'robust');
    const status: LpStatus = earlyStop ? earlyStop.status : main!.status;
    const message = earlyStop ? earlyStop.message : main!.message;
    const y = main?.y ?? new Array<number>(n).fill(0);

    const scoreOf = async (yy: number[]): Promise<PortfolioScore> => {
      const solvedHere = status === 'optimal' || status === 'time_limit';
      const qs: (number | null)[] = solvedHere ? (await valuesAt(all, yy)).map((v) => v.objectiveUsd) : all.map(() => null);
      const a = annualOf(yy);
      const ok = qs.every((q) => q !== null);
      const regretKnown = ok && all.every((s) => ownBest.has(s));
      return {
        chosen: chosenOf(yy),
        capexUsd: capexOf(yy),
        annualizedCapexUsd: a,
        expectedUsd: ok ? a + qs.reduce<number>((sum, q, s) => sum + weights[s] * q!, 0) : null,
        worstUsd: ok ? a + Math.max(...(qs as number[])) : null,
        regretUsd: regretKnown ? Math.max(...all.map((s) => a + qs[s]! - ownBest.get(s)!.total)) : null,
      };
    };
    const solved = status === 'optimal' || status === 'time_limit';
    const score = solved ? await scoreOf(y) : null;
    const baseIndex = baseId === null ? -1 : scenarios.findIndex((s) => s.id === baseId);
    const single = solved && baseIndex >= 0 && ownBest.has(baseIndex) ? { ...(await scoreOf(ownBest.get(baseIndex)!.y)), scenarioId: baseId! } : null;
    const pick = (p: PortfolioScore | null) => (p ? (objective === 'expected' ? p.expectedUsd : objective === 'worst' ? p.worstUsd : p.regretUsd) : null);
    const a = annualOf(y);
    const outcomes: RobustScenarioOutcome[] = [];
    // On the queue, ask for every scenario's two values at once; the loop below then reads the cache.
    if (solved && subs.parallel) await Promise.all([valuesAt(all, y), valuesAt(all, new Array<number>(n).fill(0))]);
    for (const s of all) {
      const v = solved ? await value(s, y) : null;
      const nothing = solved ? await value(s, new Array<number>(n).fill(0)) : null;
      const own = ownBest.get(s);
      outcomes.push({
        id: scenarios[s].id,
        name: scenarios[s].name,
        probability: scenarios[s].probability,
        status: v?.status ?? status,
        message: v?.message ?? null,
        objectiveUsd: v?.objectiveUsd ?? null,
        nothingBuiltObjectiveUsd: nothing?.objectiveUsd ?? null,
        unservedTeu: v?.unservedTeu ?? null,
        ownBest: own ? { chosen: chosenOf(own.y), totalUsd: own.total, relativeGap: own.gap } : null,
        regretUsd: own && v?.objectiveUsd !== null && v?.objectiveUsd !== undefined ? a + v.objectiveUsd - own.total : null,
      });
    }
    const singleValue = pick(single);
    const robustValue = pick(score);
    return {
      networkId: network.id,
      objective,
      status,
      message,
      method: 'Benders decomposition (multi-cut L-shaped): master MIP over the build binaries; each scenario re-solved warm on its own path master; cuts from capacity-row shadow prices',
      budgetUsd,
      discountRate,
      chosen: chosenOf(y),
      capexUsd: capexOf(y),
      annualizedCapexUsd: a,
      objectiveUsd: main && Number.isFinite(main.upper) ? main.upper : null,
      lowerBoundUsd: main && Number.isFinite(main.lower) ? main.lower : null,
      relativeGap: main && Number.isFinite(main.upper) && Number.isFinite(main.lower) ? Math.max(0, (main.upper - main.lower) / Math.max(Math.abs(main.upper), 1)) : null,
      relativeGapTarget: relativeGap,
      iterations: main?.iterations ?? 0,
      masterSolves,
      subproblemSolves: subs.solves,
      seconds: (performance.now() - started) / 1000,
      scenarios: outcomes,
      score,
      singleFuture: single,
      valueOfRobustnessUsd: singleValue !== null && robustValue !== null ? singleValue - robustValue : null,
      history: main?.history ?? [],
    };
  } finally {
    await subs.dispose();
  }
}
