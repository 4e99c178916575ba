import type { DemandRow, Network } from '../network/index.js';
import { baseOptionsOf, type ResolvedOptimizeOptions } from '../assignment/index.js';
import type { ScenarioOptimizeOptions } from '../evaluate/index.js';
import { InvalidArgumentError } from '../shared/index.js';
import { checkDiscountRate, periodWeight, type Horizon } from './horizon.js';
import { decisionOptions, type DecisionOption, type StagedCandidate } from './staging.js';

/** Everything a staged plan is solved over; built once by {@link planProblem}. */
export interface PlanProblem {
  network: Network;
  horizon: Horizon;
  /** Demand rows of each period's representative year. */
  demandByPeriod: DemandRow[][];
  staged: StagedCandidate[];
  /** options[c] = the decisions open to candidate c, by increasing period (a contiguous run of periods). */
  options: DecisionOption[][];
  discountRate: number;
  /** PV weight of each period (Σ of its years' discount factors). */
  weights: number[];
  /** Capex envelope of each period, nominal USD; null = none. */
  budgetPerPeriodUsd: (number | null)[];
  /** Capex envelope of the whole horizon, nominal USD; null = none. */
  budgetTotalUsd: number | null;
  /** Options of every flow solve (cost weights, backend, closures). */
  /** The optimize options of every period's solve, resolved (planProblem is the plan's edge). */
  optimizeOptions: ResolvedOptimizeOptions;
}

/**
 * A build schedule: for each candidate (in input order) the period index of its decision, or null (not built
 * in the horizon).
 */
export type Schedule = (number | null)[];

/** Inputs of {@link planProblem}. */
export interface PlanProblemInput {
  network: Network;
  horizon: Horizon;
  demandByPeriod: DemandRow[][];
  staged: StagedCandidate[];
  /** Real discount rate per year (default 0.06). */
  discountRate?: number;
  /** One envelope for every period, or one per period (nominal USD); null/absent = none. */
  budgetPerPeriodUsd?: number | (number | null)[] | null;
  budgetTotalUsd?: number | null;
  optimizeOptions?: ScenarioOptimizeOptions;
}

const checkBudget = (what: string, v: number | null) => {
  if (v !== null && !(Number.isFinite(v) && v >= 0)) throw new InvalidArgumentError(`${what} must be a finite number of USD ≥ 0, got ${v}`);
};

/**
 * Validate and precompute a plan problem: decision options, period weights, budgets.
 * @throws InvalidArgumentError for a bad rate, budget or a demand that does not match the horizon
 */
export function planProblem(input: PlanProblemInput): PlanProblem {
  const { network, horizon, demandByPeriod, staged, discountRate = 0.06, budgetTotalUsd = null, optimizeOptions = {} } = input;
  checkDiscountRate(discountRate);
  if (demandByPeriod.length !== horizon.years.length) throw new InvalidArgumentError(`demand has ${demandByPeriod.length} periods, the horizon ${horizon.years.length}`);
  const per = input.budgetPerPeriodUsd ?? null;
  const budgetPerPeriodUsd = Array.isArray(per) ? per : horizon.years.map(() => per);
  if (budgetPerPeriodUsd.length !== horizon.years.length) throw new InvalidArgumentError(`--budget-per-period has ${budgetPerPeriodUsd.length} values for ${horizon.years.length} periods; give one value, or one per period`);
  budgetPerPeriodUsd.forEach((b, i) => checkBudget(`budget of period ${horizon.years[i]}`, b));
  checkBudget('budget of the horizon', budgetTotalUsd);
  return {
    network,
    horizon,
    demandByPeriod,
    staged,
    options: staged.map((s) => decisionOptions(s, horizon, discountRate)),
    discountRate,
    weights: horizon.years.map((_, i) => periodWeight(horizon, discountRate, i)),
    budgetPerPeriodUsd,
    budgetTotalUsd,
    optimizeOptions: baseOptionsOf(network, demandByPeriod.flat(), optimizeOptions),
  };
}

/** The decision option of candidate c at period t (undefined when it cannot be decided then). */
export const optionAt = (p: PlanProblem, c: number, t: number): DecisionOption | undefined => p.options[c].find((o) => o.period === t);

/** Candidate indices carrying traffic in period s under a schedule. */
export function builtIn(p: PlanProblem, schedule: Schedule, s: number): number[] {
  const out: number[] = [];
  schedule.forEach((t, c) => {
    if (t !== null && optionAt(p, c, t)!.firstAvailablePeriod <= s) out.push(c);
  });
  return out;
}

/** Capex of a schedule by period (nominal USD). */
export function scheduleCapexByPeriod(p: PlanProblem, schedule: Schedule): number[] {
  const out = p.horizon.years.map(() => 0);
  schedule.forEach((t, c) => {
    if (t === null) return;
    optionAt(p, c, t)!.capexByPeriodUsd.forEach((v, i) => (out[i] += v));
  });
  return out;
}

/** Whether a schedule is allowed: every decision is an open option and the budgets hold (1e-6 relative slack). */
export function scheduleFeasible(p: PlanProblem, schedule: Schedule): boolean {
  if (schedule.some((t, c) => t !== null && !optionAt(p, c, t))) return false;
  const byPeriod = scheduleCapexByPeriod(p, schedule);
  const fits = (v: number, b: number | null) => b === null || v <= b * (1 + 1e-9) + 1e-6;
  return byPeriod.every((v, i) => fits(v, p.budgetPerPeriodUsd[i])) && fits(byPeriod.reduce((s, v) => s + v, 0), p.budgetTotalUsd);
}

/** Σ over built candidates of PV capex − PV residual value, USD. */
export function schedulePvNetCapex(p: PlanProblem, schedule: Schedule): number {
  return schedule.reduce<number>((s, t, c) => (t === null ? s : s + optionAt(p, c, t)!.pvNetCostUsd), 0);
}

/**
 * PV of a schedule's total cost, USD: Σ_s weight_s × yearly cost of period s with its built set, plus PV capex
 * minus PV residual value. `periodCost(s, built)` gives the yearly cost (USD/yr), null when unsolved.
 */
export async function schedulePvCost(p: PlanProblem, schedule: Schedule, periodCost: (s: number, built: number[]) => Promise<number | null>): Promise<number | null> {
  let total = schedulePvNetCapex(p, schedule);
  for (let s = 0; s < p.horizon.years.length; s++) {
    const z = await periodCost(s, builtIn(p, schedule, s));
    if (z === null) return null;
    total += p.weights[s] * z;
  }
  return total;
}
