import type { ScenarioSpec } from '../evaluate/index.js';

/**
 * What one task solves: a scenario of a ScenarioRunner sweep (context: a ScenarioContext), or a subproblem
 * of a robust portfolio or resilience run (context: a SubproblemContext): scenario `s` of the set at build
 * vector `y`, with `extra` closures on top.
 */
export type ScenarioTaskPayload =
  | { spec: ScenarioSpec; specs?: undefined; subproblem?: undefined }
  /** Several scenarios solved one after the other on one thread (cheap scenarios: see the runner's batching). */
  | { specs: ScenarioSpec[]; spec?: undefined; subproblem?: undefined }
  | { subproblem: SubproblemTask; spec?: undefined; specs?: undefined };

/** A robust-portfolio / resilience subproblem (src/resilience/scenario-subproblems.ts, evaluate). */
export interface SubproblemTask {
  s: number;
  y: number[];
  extra: { closedNodeIds?: string[]; closedLinkIds?: string[] };
}

/** Data of a BullMQ sweep task: which sweep, its context by content hash, and what to solve. */
export type ScenarioTaskData = ScenarioTaskPayload & {
  sweepId: string;
  contextHash: string;
  /** A key whose presence means the sweep's job was cancelled (the API sets it): its tasks are skipped. */
  cancelKey?: string;
};

/** What a scenario task returns: the key of its result blob (results are v8-serialised, not JSON). */
export interface ScenarioTaskResult {
  resultKey: string;
  /** Seconds the solve took on the worker. */
  solveSeconds: number;
}

/** The key a sweep keeps alive while its runner is open. */
export const sweepAliveKey = (sweepId: string) => `corridor:sweep:${sweepId}`;
