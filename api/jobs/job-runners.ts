import { criticality, disrupt, evaluateCandidates, portfolioBudgetSweep, useQueueRunner } from '../../src/evaluate/index.js';
import type { Network } from '../../src/network/index.js';
import { checkAlternativeOptima, solveProblem } from '../../src/assignment/index.js';
import type { JobKind } from '../schemas.js';
import { resilienceMeasures, robustPortfolio, useQueueSubproblems } from '../../src/resilience/index.js';
import { runPlanJob, type PlanInput } from './plan-job.js';
import { createQueueScenarioRunner, createQueueSubproblems } from '../../src/queue/index.js';
import type { CriticalityInput, DisruptInput, EvaluateInput, JobInputs, OptimizeInput, ResilienceInput, RobustPortfolioInput } from './job-kinds.js';

/** Where a job runs: on `corridor worker`, `redisUrl` sends its sweep's scenarios to the queue. */
export interface JobEnvironment {
  redisUrl?: string;
  /** The job's cancel key (queued-job.ts cancelledKey): set by the API on cancel, workers then skip the sweep's tasks. */
  cancelKey?: string;
}

/** Runs one job kind inside a worker thread; `onProgress` takes a fraction in [0, 1]. */
export type JobRunner<K extends JobKind = JobKind> = (network: Network, input: JobInputs[K], onProgress: (fraction: number) => void, env: JobEnvironment) => Promise<unknown>;

/**
 * The worker side of each job kind: call the domain function with the input that job-kinds.ts prepared.
 * Every kind has one (the type requires it).
 */
export const JOB_RUNNERS: { [K in JobKind]: JobRunner<K> } = {
  optimize: async (network, input: OptimizeInput) => {
    // The raw per-commodity arc flows are internal (AssignmentResult: "not part of the JSON output").
    // Resolved in prepare (job-kinds.ts): solved as it is, not validated again.
    const full = await solveProblem({ network, demand: input.demand, options: input.options });
    if (input.alternativeOptima) full.alternativeOptima = await checkAlternativeOptima(network, input.demand, input.options, full);
    const { commodities: _raw, ...result } = full;
    return result;
  },
  evaluate: async (network, input: EvaluateInput, onProgress, env) => {
    // workers: 0 — this job already has its own thread; nesting a pool per job would oversubscribe the cores.
    const report = await evaluateCandidates(network, input.demand, input.candidates, { ...input.options, workers: 0, redisUrl: env.redisUrl, onProgress: (done, total) => onProgress(done / total) });
    if (!input.portfolio) return report;
    // The portfolio MIP, as `corridor evaluate` (the same JSON: portfolio, and budgetSweep with a sweep).
    const { topShifts: _t, ...options } = input.options;
    const portfolios = await portfolioBudgetSweep(network, input.demand, input.candidates, input.portfolio.budgetsUsd, { ...options, mipBackend: input.portfolio.mipBackend });
    return { ...report, portfolio: portfolios[0], ...(input.portfolio.sweep ? { budgetSweep: portfolios.slice(1) } : {}) };
  },
  disrupt: (network, input: DisruptInput) => disrupt(network, input.demand, input.spec, input.options),
  criticality: (network, input: CriticalityInput, onProgress, env) =>
    criticality(network, input.demand, { ...input.options, workers: 0, redisUrl: env.redisUrl, onProgress: (done, total) => onProgress(done / total) }),
  'robust-portfolio': (network, input: RobustPortfolioInput, onProgress, env) => {
    // The number of Benders iterations is not known in advance: the scenarios' own bests (regret, base case)
    // fill the first 40 %, then the robust loop moves towards 1 as the gap closes (never backwards).
    const n = input.scenarioSet.scenarios.length;
    let seen = 0;
    let shown = 0;
    return robustPortfolio(network, input.demand, input.candidates, input.scenarioSet, {
      ...input.options,
      redisUrl: env.redisUrl,
      onProgress: (p) => {
        if (p.phase === 'scenario-best' && p.iteration === 1) seen++;
        const f = p.phase === 'scenario-best' ? (0.4 * (seen - 1)) / Math.max(1, n) : 0.4 + 0.6 * (1 - Math.min(1, p.relativeGap) ** 0.25);
        shown = Math.max(shown, Math.min(0.99, f));
        onProgress(shown);
      },
    });
  },
  resilience: (network, input: ResilienceInput, onProgress, env) => {
    // The total grows once the binding elements are known: never show progress going back.
    let shown = 0;
    return resilienceMeasures(network, input.demand, input.scenarioSet, {
      ...input.options,
      redisUrl: env.redisUrl,
      candidates: input.candidates,
      onProgress: (done, total) => onProgress((shown = Math.max(shown, Math.min(0.99, done / total)))),
    });
  },
  plan: (network, input: PlanInput, _onProgress, env) => runPlanJob(network, input, env.redisUrl),
};

/**
 * Run the runner of `kind`. The one cast of the thread boundary: TypeScript cannot tie an indexed runner to
 * the same kind's input, and the input arrives by structured clone from the main thread, where `prepare`
 * built it with the type JobInputs[kind].
 */
export function runJobKind<K extends JobKind>(kind: K, network: Network, input: JobInputs[K], onProgress: (fraction: number) => void, env: JobEnvironment = {}): Promise<unknown> {
  // Registered per job: a job thread runs one job at a time, and a dynamic import of the queue runner
  // fails under tsx in worker threads (see useQueueRunner).
  if (env.redisUrl) {
    useQueueRunner((context, o) => createQueueScenarioRunner(context, { ...o, cancelKey: env.cancelKey }));
    useQueueSubproblems((context, o) => createQueueSubproblems(context, { ...o, cancelKey: env.cancelKey }));
  }
  return (JOB_RUNNERS[kind] as JobRunner<K>)(network, input, onProgress, env);
}
