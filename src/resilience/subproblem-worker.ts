/**
 * Worker-thread entry of a subproblem pool (src/queue/scenario-processor.ts): the context arrives once as
 * piscina's workerData; each task is one (scenario, build vector, extra closures), solved warm on that
 * scenario's master in this thread.
 */
import { workerData } from 'piscina';
import { ScenarioSubproblems, type SubproblemValue } from './scenario-subproblems.js';
import type { SubproblemContext, SubproblemExtra } from './subproblem-evaluator.js';

const context = workerData as SubproblemContext;
const subs = new ScenarioSubproblems(context.network, context.candidates, context.scenarios, context.demands, context.options);

/** Solve one subproblem in this worker. */
export default function evaluateSubproblem(task: { s: number; y: number[]; extra: SubproblemExtra }): Promise<SubproblemValue> {
  return subs.evaluate(task.s, task.y, task.extra);
}
