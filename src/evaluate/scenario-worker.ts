/**
 * Worker-thread entry of the scenario runner (see scenario-pool.ts): the context arrives once as
 * piscina's workerData, each task is a ScenarioSpec.
 */
import { workerData } from 'piscina';
import { CorridorError } from '../shared/index.js';
import { runScenario, type ScenarioContext, type ScenarioSpec } from './run-scenario.js';
import type { ScenarioWorkerOutcome } from './scenario-pool.js';

const context = workerData as ScenarioContext;

/**
 * Solve one scenario in this worker. A typed error comes back as data: an Error crossing the thread
 * boundary keeps its message but not its class or `code`, which callers (the API, the queue) map on.
 */
export default async function solveScenario(spec: ScenarioSpec): Promise<ScenarioWorkerOutcome> {
  try {
    return { ok: true, result: await runScenario(context, spec) };
  } catch (e) {
    if (e instanceof CorridorError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
