import type { LpStatus } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError } from '../shared/index.js';
import { baseOptionsOf, releaseSweepSolver, type ObjectiveBreakdown } from '../assignment/index.js';
import type { Candidate } from './candidates.js';
import { compareAssignments, type LinkFlowChange, type ModeFlowChange } from './compare-assignments.js';
import { annualizedCapexUsd, benefitCostRatio, DEFAULT_DISCOUNT_RATE, netPresentValueUsd } from './economics.js';
import { runScenario, type ScenarioAssignment, type ScenarioOptimizeOptions } from './run-scenario.js';
import { autoWorkerCount, openScenarioRunner, type ScenarioRunner } from './scenario-pool.js';

/** Options of {@link evaluateCandidates}: the optimize options of every solve, plus appraisal settings. */
export interface EvaluateCandidatesOptions extends ScenarioOptimizeOptions {
  /** Real discount rate per year (default {@link DEFAULT_DISCOUNT_RATE} = 0.06). */
  discountRate?: number;
  /**
   * Worker threads (0 = solve in this thread). Default: this thread when the serial work (candidates × the
   * base solve time) is under MIN_PARALLEL_SECONDS, else one per core (autoWorkerCount).
   */
  workers?: number;
  /** Send the candidate solves to `corridor worker` processes through this Redis (BullMQ) instead of threads here. */
  redisUrl?: string;
  /** Link directions listed in `shiftedFrom` per candidate (largest decreases first). Default 10. */
  topShifts?: number;
  /** Called after each solve (the base case counts as one). */
  onProgress?: (done: number, total: number) => void;
}

/** The base case every candidate is compared with. */
export interface BaseCaseSummary {
  status: LpStatus;
  objectiveUsd: number | null;
  objectiveBreakdown: ObjectiveBreakdown | null;
  servedTeu: number | null;
  unservedTeu: number | null;
}

/** The appraisal of one candidate built alone on top of the base case. */
export interface CandidateEvaluation {
  id: string;
  kind: 'link' | 'upgrade';
  name: string | null;
  /** Upgrades: the link or node upgraded. */
  target: string | null;
  /** LP status of the solve with the candidate; the numbers below are null unless it is optimal. */
  status: LpStatus;
  capexUsd: number;
  lifetimeYears: number;
  /** Base objective − objective with this candidate alone, USD/yr (the yearly saving of generalized cost). */
  annualBenefitUsd: number | null;
  /** The same split into parts (base part − part with the candidate); the parts sum to annualBenefitUsd. */
  benefitBreakdown: ObjectiveBreakdown | null;
  /** capexUsd × CRF(discountRate, lifetimeYears), USD/yr. */
  annualizedCapexUsd: number;
  /** annualBenefitUsd − annualizedCapexUsd, USD/yr. */
  netAnnualBenefitUsd: number | null;
  /** annualBenefitUsd / annualizedCapexUsd; null when the capex is 0 or there is no solution. */
  bcr: number | null;
  /** Σ_{t=1..n} annualBenefitUsd / (1+r)^t − capexUsd, USD. */
  npvUsd: number | null;
  /**
   * TEU/yr the candidate attracts: the flow on a new link (both directions), or the added flow on an
   * upgraded link (both directions) or through an upgraded node.
   */
  attractedTeu: number | null;
  /** Unserved demand the candidate serves, TEU/yr (base unserved − unserved with it). */
  newlyServedTeu: number | null;
  /** Where the attracted TEU came from: link directions that lost flow, largest loss first. */
  shiftedFrom: LinkFlowChange[];
  /** Change by mode (main-mode TEU and TEU-km); a negative delta is traffic the candidate took from that mode. */
  modeShift: ModeFlowChange[];
  /** Rerouted TEU/yr (see AssignmentComparison.reroutedTeu), when paths were computed. */
  reroutedTeu: number | null;
  solveSeconds: number;
  message: string | null;
  /**
   * Cautions a planner should read with the numbers (issue 18), e.g. when most of the benefit is the saved
   * unserved-demand penalty rather than a cheaper or faster route (its size then depends on the penalty).
   */
  warnings: string[];
}

/**
 * Warn when more than half of a candidate's benefit is the unserved-penalty part: the candidate then "earns"
 * mostly by serving demand that had no route at the penalty per TEU, and its value scales with that penalty.
 */
export function unservedPenaltyWarnings(benefitUsd: number | null, breakdown: ObjectiveBreakdown | null, newlyServedTeu: number | null): string[] {
  if (benefitUsd === null || breakdown === null || benefitUsd <= 0) return [];
  const part = breakdown.unservedPenaltyUsd;
  if (part <= 0.5 * benefitUsd) return [];
  const share = Math.min(1, part / benefitUsd);
  const usd = (v: number) => `USD ${Math.round(v).toLocaleString('en-US')}`;
  return [
    `${(share * 100).toFixed(0)}% of the benefit (${usd(part)}/yr of ${usd(benefitUsd)}/yr) is the unserved-demand penalty saved by serving ${Math.round(newlyServedTeu ?? 0).toLocaleString('en-US')} TEU/yr that had no route; ` +
      'it scales with the penalty per TEU (--unserved-penalty), not with a cheaper or faster route',
  ];
}

/** Result of {@link evaluateCandidates}. */
export interface CandidateEvaluationReport {
  networkId: string;
  discountRate: number;
  base: BaseCaseSummary;
  /** In the order given. */
  candidates: CandidateEvaluation[];
  /** Threads used (0 = in the calling thread). */
  workers: number;
  wallSeconds: number;
}

const summary = (r: ScenarioAssignment): BaseCaseSummary => ({
  status: r.status,
  objectiveUsd: r.objectiveUsd,
  objectiveBreakdown: r.objectiveBreakdown,
  servedTeu: r.servedTeu,
  unservedTeu: r.unservedTeu,
});

/** Flow on one link, both directions, TEU/yr. */
const linkFlow = (r: ScenarioAssignment, id: string) => r.links.filter((l) => l.id === id).reduce((s, l) => s + l.flowTeuPerYear, 0);
const nodeFlow = (r: ScenarioAssignment, id: string) => r.terminals.find((t) => t.id === id)?.throughputTeuPerYear ?? 0;

/**
 * Evaluate each candidate alone against the base case (the network as given, its own candidate links off):
 * annual benefit = base objective − objective with the candidate, its parts, annualized capex
 * (capex × CRF), benefit–cost ratio, NPV, the TEU it attracts and the links and modes that traffic came from.
 * One LP per candidate plus the base, solved on worker threads when `workers` > 0.
 * @throws InvalidArgumentError for a bad discount rate or worker count
 * @example
 *   const report = await evaluateCandidates(net, demand, loadCandidates('networks/candidates/eurasian-land-bridge.geojson', net));
 *   report.candidates[0].bcr
 */
export async function evaluateCandidates(
  network: Network,
  demand: readonly DemandRow[],
  candidates: readonly Candidate[],
  options: EvaluateCandidatesOptions = {},
): Promise<CandidateEvaluationReport> {
  const started = performance.now();
  const { discountRate = DEFAULT_DISCOUNT_RATE, workers: workersOption, redisUrl, topShifts = 10, onProgress, ...optimizeOptions } = options;
  if (!Number.isFinite(discountRate) || discountRate < 0 || discountRate >= 1) {
    throw new InvalidArgumentError(`discount rate must be in [0, 1) (0.06 = 6 %), got ${discountRate}`);
  }
  // The run's edge: its base options are resolved once here (or were, by the caller: `resolved`).
  const context = { network, demand: [...demand], candidates: [...candidates], options: { resolved: baseOptionsOf(network, demand, optimizeOptions) } };
  let base: ScenarioAssignment;
  let results;
  let runner: ScenarioRunner | undefined;
  let workers: number;
  try {
    // The base case is solved here, and its time decides whether worker threads pay (autoWorkerCount). With
    // the path formulation it builds the run's warm master; in this thread the candidates re-solve it.
    base = (await runScenario(context, { id: '(base)' })).result;
    const total = candidates.length + 1;
    onProgress?.(1, total);
    runner = await openScenarioRunner(context, { redisUrl, secondsPerScenario: base.totalSeconds, workers: workersOption ?? autoWorkerCount(candidates.length, base.totalSeconds) });
    workers = runner.workers;
    results = [{ id: '(base)', result: base }, ...(await runner.runAll(candidates.map((c) => ({ id: c.id, candidateIds: [c.id] })), (done) => onProgress?.(done + 1, total)))];
  } finally {
    await runner?.close();
    releaseSweepSolver(context);
  }
  const evaluations = candidates.map((c, i): CandidateEvaluation => {
    const r = results[i + 1].result;
    const annualized = annualizedCapexUsd(c.capexUsd, discountRate, c.lifetimeYears);
    const ok = base.status === 'optimal' && r.status === 'optimal' && base.objectiveUsd !== null && r.objectiveUsd !== null;
    const cmp = ok ? compareAssignments(base, r) : null;
    const benefit = ok ? base.objectiveUsd! - r.objectiveUsd! : null;
    let attracted: number | null = null;
    if (ok) {
      if (c.kind === 'link') attracted = linkFlow(r, c.id);
      else if (c.targetKind === 'link') attracted = linkFlow(r, c.target) - linkFlow(base, c.target);
      else attracted = nodeFlow(r, c.target) - nodeFlow(base, c.target);
    }
    const ownLinks = new Set(c.kind === 'link' ? [c.id] : c.targetKind === 'link' ? [c.target] : []);
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      target: c.kind === 'upgrade' ? c.target : null,
      status: r.status,
      capexUsd: c.capexUsd,
      lifetimeYears: c.lifetimeYears,
      annualBenefitUsd: benefit,
      benefitBreakdown: ok && base.objectiveBreakdown && r.objectiveBreakdown ? savings(base.objectiveBreakdown, r.objectiveBreakdown) : null,
      annualizedCapexUsd: annualized,
      netAnnualBenefitUsd: benefit === null ? null : benefit - annualized,
      bcr: benefit === null ? null : benefitCostRatio(benefit, annualized),
      npvUsd: benefit === null ? null : netPresentValueUsd(benefit, c.capexUsd, discountRate, c.lifetimeYears),
      attractedTeu: attracted,
      newlyServedTeu: ok && base.unservedTeu !== null && r.unservedTeu !== null ? base.unservedTeu - r.unservedTeu : null,
      shiftedFrom: cmp ? cmp.links.filter((l) => l.deltaTeuPerYear < 0 && !ownLinks.has(l.id)).slice(0, topShifts) : [],
      modeShift: cmp ? cmp.modes : [],
      reroutedTeu: cmp ? cmp.reroutedTeu : null,
      solveSeconds: r.solveSeconds,
      message: r.message,
      warnings: ok && base.objectiveBreakdown && r.objectiveBreakdown
        ? unservedPenaltyWarnings(benefit, savings(base.objectiveBreakdown, r.objectiveBreakdown), base.unservedTeu !== null && r.unservedTeu !== null ? base.unservedTeu - r.unservedTeu : null)
        : [],
    };
  });
  return {
    networkId: network.id,
    discountRate,
    base: summary(base),
    candidates: evaluations,
    workers,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** Base part − part with the candidate, USD/yr (positive = saved). */
const savings = (base: ObjectiveBreakdown, next: ObjectiveBreakdown): ObjectiveBreakdown => ({
  moneyUsd: base.moneyUsd - next.moneyUsd,
  timeUsd: base.timeUsd - next.timeUsd,
  carbonUsd: base.carbonUsd - next.carbonUsd,
  unservedPenaltyUsd: base.unservedPenaltyUsd - next.unservedPenaltyUsd,
});
