import { criticality } from '../../src/evaluate/criticality.js';
import { disrupt } from '../../src/evaluate/disrupt.js';
import { evaluateCandidates } from '../../src/evaluate/evaluate-candidates.js';
import { portfolioBudgetSweep } from '../../src/evaluate/index.js';
import type { Network } from '../../src/network.js';
import { optimize } from '../../src/optimize/optimize.js';
import type { JobKind } from '../schemas.js';
import type { CriticalityInput, DisruptInput, EvaluateInput, OptimizeInput } from './job-kinds.js';

/** Runs one job kind inside a worker thread; `onProgress` takes a fraction in [0, 1]. */
export type JobRunner = (network: Network, input: any, onProgress: (fraction: number) => void) => Promise<unknown>;

/**
 * The worker side of each job kind: call the domain function with the input that job-kinds.ts prepared.
 * Kinds missing here answer 501 (their `prepare` is null).
 */
export const JOB_RUNNERS: Partial<Record<JobKind, JobRunner>> = {
  optimize: async (network, input: OptimizeInput) => {
    // The raw per-commodity arc flows are internal (AssignmentResult: "not part of the JSON output").
    const { commodities: _raw, ...result } = await optimize(network, input.demand, input.options);
    return result;
  },
  evaluate: async (network, input: EvaluateInput, onProgress) => {
    // workers: 0 — this job already has its own thread; nesting a pool per job would oversubscribe the cores.
    const report = await evaluateCandidates(network, input.demand, input.candidates, { ...input.options, workers: 0, onProgress: (done, total) => onProgress(done / total) });
    if (!input.portfolio) return report;
    // The portfolio MIP, as `corridor evaluate` (the same JSON: portfolio, and budgetSweep with a sweep).
    const { topShifts: _t, ...options } = input.options;
    const portfolios = await portfolioBudgetSweep(network, input.demand, input.candidates, input.portfolio.budgetsUsd, { ...options, mipBackend: input.portfolio.mipBackend });
    return { ...report, portfolio: portfolios[0], ...(input.portfolio.sweep ? { budgetSweep: portfolios.slice(1) } : {}) };
  },
  disrupt: (network, input: DisruptInput) => disrupt(network, input.demand, input.spec, input.options),
  criticality: (network, input: CriticalityInput, onProgress) =>
    criticality(network, input.demand, { ...input.options, workers: 0, onProgress: (done, total) => onProgress(done / total) }),
};
