/**
 * Worker-thread entry of the scenario runner (see scenario-pool.ts): the context arrives once as
 * piscina's workerData, each task is a ScenarioSpec.
 */
import { workerData } from 'piscina';
import { runScenario, type ScenarioContext, type ScenarioResult, type ScenarioSpec } from './run-scenario.js';

const context = workerData as ScenarioContext;

/** Solve one scenario in this worker. */
export default function solveScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  return runScenario(context, spec);
}
