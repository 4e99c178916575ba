/** Worker-thread entry of raceMipBackends (race-mip.ts): solve one MIP with one backend. */
import { getBackend } from '../../solver/index.js';
import type { BackendName, LpModel, LpSolution, SolveOptions } from '../../solver/lp-model.js';

/** One solve: the model, the backend and its options. */
export interface MipTask {
  model: LpModel;
  backend: BackendName;
  options: SolveOptions;
}

/** Solve the task's model with the task's backend. */
export default function solveMip(task: MipTask): Promise<LpSolution> {
  return getBackend(task.backend).solve(task.model, task.options);
}
