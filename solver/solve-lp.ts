import { chooseBackend, getBackend } from './backend-registry.js';
import type { BackendName, LpModel, LpSolution, SolveOptions } from './lp-model.js';

/** Options of {@link solveLp}: solve options plus the backend (default `'auto'`). */
export interface SolveLpOptions extends SolveOptions {
  /** Backend name, or `'auto'` for {@link chooseBackend}. */
  backend?: BackendName | 'auto';
}

/** Solves `model` with the named backend, or the one {@link chooseBackend} picks for `'auto'`. */
export function solveLp(model: LpModel, options: SolveLpOptions = {}): Promise<LpSolution> {
  const { backend = 'auto', ...solveOptions } = options;
  const b = backend === 'auto' ? chooseBackend(model) : getBackend(backend);
  return b.solve(model, solveOptions);
}
