/** Worker-thread entry of raceMipBackends (race-mip.ts): solve one MIP with one backend. */
import { getBackend } from '../../solver/index.js';
import type { BackendName, LpModel, LpSolution, SolveOptions } from '../../solver/lp-model.js';

/** One solve: the model, the backend and its options. */
export interface MipTask {
  model: LpModel;
  backend: BackendName;
  options: SolveOptions;
}

/** Load and compile these backends in this thread (a 2-binary MIP each), so that a later solve starts warm. */
export interface WarmUpTask {
  warmUp: BackendName[];
}

const TINY_MIP: LpModel = {
  sense: 'maximize',
  columns: [
    { name: 'a', lower: 0, upper: 1, cost: 3, integer: true },
    { name: 'b', lower: 0, upper: 1, cost: 2, integer: true },
  ],
  rows: [{ name: 'pick-one', lower: -Infinity, upper: 1, indices: [0, 1], values: [1, 1] }],
};

/** Solve the task's model with the task's backend, or warm the backends up. */
export default async function solveMip(task: MipTask | WarmUpTask): Promise<LpSolution | null> {
  if ('warmUp' in task) {
    for (const name of task.warmUp) await getBackend(name).solve(TINY_MIP);
    return null;
  }
  return getBackend(task.backend).solve(task.model, task.options);
}
