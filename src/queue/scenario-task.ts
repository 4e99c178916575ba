import type { ScenarioSpec } from '../evaluate/run-scenario.js';

/** Data of a BullMQ scenario task: which sweep, its context by content hash, and the scenario. */
export interface ScenarioTaskData {
  sweepId: string;
  contextHash: string;
  spec: ScenarioSpec;
  /** A key whose presence means the sweep's job was cancelled (the API sets it): its tasks are skipped. */
  cancelKey?: string;
}

/** What a scenario task returns: the key of its result blob (results are v8-serialised, not JSON). */
export interface ScenarioTaskResult {
  resultKey: string;
  /** Seconds the solve took on the worker. */
  solveSeconds: number;
}

/** The key a sweep keeps alive while its runner is open. */
export const sweepAliveKey = (sweepId: string) => `corridor:sweep:${sweepId}`;
