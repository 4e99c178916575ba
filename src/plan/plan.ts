import type { BackendName, LpStatus } from '../../solver/lp-model.js';
import type { ObjectiveBreakdown, Bottleneck, ModalSplitEntry } from '../assignment/index.js';
import { pvCostOn, solveByDecomposition, type DecompositionStats } from './decomposition.js';
import { PeriodSolver } from './period-solver.js';
import { builtIn, optionAt, scheduleCapexByPeriod, scheduleFeasible, type PlanProblem, type Schedule } from './plan-problem.js';
import { buildExtensiveMip, decodeSchedule, solveStagedMip } from './staged-mip.js';
import { modelSize } from '../../solver/index.js';

/** How to solve a staged plan. */
export interface PlanSolveOptions {
  /** Solve the period subproblems on `corridor worker` processes through this Redis (BullMQ), several at once. */
  redisUrl?: string;
  /**
   * 'extensive' = the extensive-form MIP (every period's arc LP in one MIP; exact, small cases);
   * 'decomposition' = per-period warm path masters + staged benefit MIP with interaction cuts (at scale);
   * 'auto' (default) = extensive when its MIP has at most 60,000 columns + nonzeros, else decomposition.
   */
  method?: 'auto' | 'extensive' | 'decomposition';
  /** Backend of the staged MIP (default auto: GLPK when small, else HiGHS). */
  mipBackend?: BackendName | 'auto';
  /** Time limit of the extensive MIP, seconds. */
  mipTimeLimitSeconds?: number;
  /** Bottlenecks listed per period (default 10). */
  topBottlenecks?: number;
  /** Include every link direction with flow in each period (default false: bottlenecks only). */
  includeFlows?: boolean;
  onProgress?: (message: string) => void;
}

/** One candidate on the timeline. */
export interface TimelineEntry {
  id: string;
  name: string | null;
  kind: 'link' | 'upgrade';
  capexUsd: number;
  lifetimeYears: number;
  earliestDecisionYear: number;
  constructionYears: number;
  /** null = not built in the horizon. */
  decisionYear: number | null;
  openingYear: number | null;
  /** First period year in which it carries traffic. */
  availableFromYear: number | null;
  capexByPeriodUsd: number[];
  pvCapexUsd: number;
  residualValueUsd: number;
  /**
   * Per period: yearly cost of the plan's set without it − with it, USD/yr (its marginal benefit in the
   * plan); null where it is not available.
   */
  benefitByPeriodUsd: (number | null)[];
  /**
   * What waiting is worth: NPV of the plan with this decision one period later (or dropped when no later
   * decision opens in time) − NPV of the plan, USD; negative = waiting costs. null when not built.
   */
  valueOfWaitingUsd: number | null;
  /** The decision year of the delayed plan (null = dropped). */
  delayedDecisionYear: number | null;
  /** Whether the delayed plan keeps within the budgets. */
  delayedWithinBudget: boolean | null;
}

/** Flows and bottlenecks of one period under the plan. */
export interface PlanPeriod {
  year: number;
  endYear: number;
  /** PV weight: Σ of the period's discount factors. */
  pvWeight: number;
  demandTeu: number;
  built: string[];
  status: LpStatus;
  objectiveUsd: number | null;
  objectiveBreakdown: ObjectiveBreakdown | null;
  /** Yearly cost with nothing built, USD/yr. */
  doNothingObjectiveUsd: number | null;
  servedTeu: number | null;
  unservedTeu: number | null;
  capexUsd: number;
  budgetUsd: number | null;
  bottlenecks: Bottleneck[];
  modalSplit: ModalSplitEntry[];
  /** Link directions with flow (only with includeFlows). */
  flows?: { id: string; direction: 'forward' | 'reverse'; flowTeuPerYear: number; capacityTeuPerYear: number | null; utilization: number | null }[];
}

/** Result of {@link solvePlan}. */
export interface PlanReport {
  networkId: string;
  horizon: { years: number[]; endYear: number };
  discountRate: number;
  method: 'extensive' | 'decomposition';
  status: LpStatus;
  message: string | null;
  /** PV of total cost with nothing built, USD. */
  pvCostDoNothingUsd: number | null;
  /** PV of total cost under the plan (flows + capex − residual), USD. */
  pvCostUsd: number | null;
  /** pvCostDoNothingUsd − pvCostUsd: the plan's NPV, USD (≥ 0: building nothing is allowed). */
  npvUsd: number | null;
  budgets: { perPeriodUsd: (number | null)[]; totalUsd: number | null };
  capexByPeriodUsd: number[];
  timeline: TimelineEntry[];
  periods: PlanPeriod[];
  solve: {
    mipBackend: BackendName | null;
    mipStatus: LpStatus;
    /** MIP objective (PV cost), USD; equals pvCostUsd up to round-off when exact. */
    mipObjectiveUsd: number | null;
    mipSize: number | null;
    mipSeconds: number;
    /** Flow LP solves (period × built set). */
    lpSolves: number;
    lpSeconds: number;
    decomposition: DecompositionStats | null;
    /** What is proven: see docs/plan-format.md. */
    exactness: string;
    wallSeconds: number;
  };
}

/** Size above which 'auto' leaves the extensive form for the decomposition (columns + nonzeros). */
export const EXTENSIVE_MAX_SIZE = 60_000;

/**
 * Solve a staged expansion plan: when to decide each candidate so that the PV of flow costs (money, time,
 * carbon, unserved penalty) in every period plus capex minus residual value is least, under the budgets;
 * then report the timeline, each period's flows and bottlenecks, and the value of waiting.
 */
export async function solvePlan(problem: PlanProblem, options: PlanSolveOptions = {}): Promise<PlanReport> {
  const started = performance.now();
  const { mipBackend = 'auto', topBottlenecks = 10 } = options;
  let method = options.method ?? 'auto';
  let extensive: ReturnType<typeof buildExtensiveMip> | null = null;
  if (method !== 'decomposition') {
    extensive = buildExtensiveMip(problem);
    if (method === 'auto') method = modelSize(extensive.model) <= EXTENSIVE_MAX_SIZE ? 'extensive' : 'decomposition';
    if (method === 'decomposition') extensive = null;
  }
  const warm = method === 'decomposition';
  const solver = new PeriodSolver(problem, warm ? 'warm' : 'cold', options.redisUrl);
  try {
    let schedule: Schedule;
    let mip: { status: LpStatus; objective: number | null; backend: BackendName | null; seconds: number; message: string | null; size: number | null };
    let decomposition: DecompositionStats | null = null;
    if (extensive) {
      const sol = await solveStagedMip(extensive.model, mipBackend, options.mipTimeLimitSeconds);
      mip = { status: sol.status, objective: sol.objective, backend: sol.backend, seconds: sol.solveSeconds, message: sol.message ?? null, size: modelSize(extensive.model) };
      schedule = sol.columnValues ? decodeSchedule(problem, extensive.binaries, sol.columnValues) : problem.staged.map(() => null);
    } else {
      const r = await solveByDecomposition(problem, solver, { mipBackend, onProgress: options.onProgress });
      decomposition = r.stats;
      schedule = r.schedule;
      mip = { status: r.solution.status, objective: r.solution.objective, backend: r.solution.backend, seconds: r.stats.mipSeconds, message: r.solution.message ?? null, size: null };
    }
    const nothing = problem.staged.map(() => null);
    const pvNothing = await pvCostOn(problem, solver, nothing);
    const pvPlan = await pvCostOn(problem, solver, schedule);
    const npv = pvNothing !== null && pvPlan !== null ? pvNothing - pvPlan : null;
    const T = problem.horizon.years.length;
    const capexByPeriod = scheduleCapexByPeriod(problem, schedule);

    const timeline: TimelineEntry[] = [];
    for (let c = 0; c < problem.staged.length; c++) {
      const st = problem.staged[c];
      const t = schedule[c];
      const o = t === null ? null : optionAt(problem, c, t)!;
      const benefit: (number | null)[] = [];
      for (let s = 0; s < T; s++) {
        const set = builtIn(problem, schedule, s);
        if (!set.includes(c)) benefit.push(null);
        else {
          const without = await solver.cost(s, set.filter((x) => x !== c));
          const withIt = await solver.cost(s, set);
          benefit.push(without !== null && withIt !== null ? without - withIt : null);
        }
      }
      let valueOfWaiting: number | null = null;
      let delayedYear: number | null = null;
      let delayedOk: boolean | null = null;
      if (t !== null && pvPlan !== null) {
        const later = problem.options[c].find((x) => x.period > t) ?? null;
        const delayed = [...schedule];
        delayed[c] = later ? later.period : null;
        delayedYear = later ? later.decisionYear : null;
        delayedOk = scheduleFeasible(problem, delayed);
        const pv = await pvCostOn(problem, solver, delayed);
        valueOfWaiting = pv === null ? null : pvPlan - pv;
      }
      timeline.push({
        id: st.candidate.id,
        name: st.candidate.name,
        kind: st.candidate.kind,
        capexUsd: st.candidate.capexUsd,
        lifetimeYears: st.candidate.lifetimeYears,
        earliestDecisionYear: st.earliestDecisionYear,
        constructionYears: st.constructionYears,
        decisionYear: o?.decisionYear ?? null,
        openingYear: o?.openingYear ?? null,
        availableFromYear: o ? problem.horizon.years[o.firstAvailablePeriod] : null,
        capexByPeriodUsd: o?.capexByPeriodUsd ?? problem.horizon.years.map(() => 0),
        pvCapexUsd: o?.pvCapexUsd ?? 0,
        residualValueUsd: o?.residualValueUsd ?? 0,
        benefitByPeriodUsd: benefit,
        valueOfWaitingUsd: valueOfWaiting,
        delayedDecisionYear: delayedYear,
        delayedWithinBudget: delayedOk,
      });
    }

    const periods: PlanPeriod[] = [];
    for (let s = 0; s < T; s++) {
      const set = builtIn(problem, schedule, s);
      const r = await solver.solve(s, set);
      const base = await solver.cost(s, []);
      periods.push({
        year: problem.horizon.years[s],
        endYear: s + 1 < T ? problem.horizon.years[s + 1] : problem.horizon.endYear,
        pvWeight: problem.weights[s],
        demandTeu: problem.demandByPeriod[s].reduce((a, d) => a + d.teuPerYear, 0),
        built: set.map((c) => problem.staged[c].candidate.id),
        status: r.status,
        objectiveUsd: r.objectiveUsd,
        objectiveBreakdown: r.objectiveBreakdown,
        doNothingObjectiveUsd: base,
        servedTeu: r.servedTeu,
        unservedTeu: r.unservedTeu,
        capexUsd: capexByPeriod[s],
        budgetUsd: problem.budgetPerPeriodUsd[s],
        bottlenecks: r.bottlenecks.slice(0, topBottlenecks),
        modalSplit: r.modalSplit,
        ...(options.includeFlows
          ? { flows: r.links.filter((l) => l.flowTeuPerYear > 1e-9).map((l) => ({ id: l.id, direction: l.direction, flowTeuPerYear: l.flowTeuPerYear, capacityTeuPerYear: l.capacityTeuPerYear, utilization: l.utilization })) }
          : {}),
      });
    }
    const exactness =
      method === 'extensive'
        ? mip.status === 'optimal'
          ? 'exact: extensive-form MIP proven optimal (relative gap 0)'
          : `not proven: extensive-form MIP ended ${mip.status}`
        : decomposition!.verified
          ? `verified: the schedule is optimal for the decomposition model, whose yearly cost equals the re-solved flows in every period for this schedule (${decomposition!.pairTerms} pair and ${decomposition!.setTerms} set interaction terms); not proven against sets it never solved`
          : `not verified after ${decomposition!.rounds} rounds: model and re-solved costs still differ by up to USD ${decomposition!.lastMismatchUsd.toFixed(0)}/yr`;
    const status: LpStatus = mip.status !== 'optimal' ? mip.status : pvPlan === null ? 'error' : 'optimal';
    return {
      networkId: problem.network.id,
      horizon: { years: problem.horizon.years, endYear: problem.horizon.endYear },
      discountRate: problem.discountRate,
      method,
      status,
      message: mip.message,
      pvCostDoNothingUsd: pvNothing,
      pvCostUsd: pvPlan,
      npvUsd: npv,
      budgets: { perPeriodUsd: problem.budgetPerPeriodUsd, totalUsd: problem.budgetTotalUsd },
      capexByPeriodUsd: capexByPeriod,
      timeline,
      periods,
      solve: {
        mipBackend: mip.backend,
        mipStatus: mip.status,
        mipObjectiveUsd: mip.objective,
        mipSize: mip.size,
        mipSeconds: mip.seconds,
        lpSolves: solver.solves,
        lpSeconds: solver.seconds,
        decomposition,
        exactness,
        wallSeconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    await solver.close();
  }
}

