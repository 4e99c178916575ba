import type { Problem } from '../problem.js';
import { pathsSolverFor, type PathsAssignmentResult, type PathsLoopOptions, type PathsScenario, type PathsSolver } from './create-paths-solver.js';

/**
 * One warm path solver per sweep, keyed by an object that lives as long as the sweep (the evaluate
 * module's ScenarioContext: the same object for every scenario of a run, in the calling thread and, as
 * piscina's workerData, in each worker thread). The solver's HiGHS model lives in WebAssembly memory,
 * which the garbage collector does not free: it is disposed by {@link releaseSweepSolver}, or when the key
 * is collected.
 */
const solvers = new WeakMap<object, Promise<PathsSolver>>();
const finalizer = new FinalizationRegistry<Promise<PathsSolver>>((solver) => {
  solver.then((s) => s.dispose()).catch(() => undefined);
});

/**
 * Solve one scenario of a sweep with the path formulation, reusing the master (columns, capacity rows,
 * basis) of the previous scenarios of the same sweep: only bounds change, then column generation adds
 * what the scenario needs.
 * @param sweep identity of the sweep (same object for all its scenarios); `problem` and `loop` must be the same
 *   on every call with this key (they are read on the first)
 * @example
 *   for (const link of links) results.push(await solveInSweep(ctx, problem, {}, { closedLinkIds: [link] }));
 *   releaseSweepSolver(ctx);
 */
export async function solveInSweep(sweep: object, problem: Problem, loop: PathsLoopOptions, scenario: PathsScenario): Promise<PathsAssignmentResult> {
  let solver = solvers.get(sweep);
  if (!solver) {
    solver = pathsSolverFor(problem, loop);
    solvers.set(sweep, solver);
    finalizer.register(sweep, solver, sweep);
    // A failed creation (bad options) must not stay cached.
    solver.catch(() => {
      if (solvers.get(sweep) === solver) solvers.delete(sweep);
    });
  }
  return (await solver).solve(scenario);
}

/** Dispose the sweep's solver now (a no-op when it has none). */
export function releaseSweepSolver(sweep: object): void {
  const solver = solvers.get(sweep);
  if (!solver) return;
  solvers.delete(sweep);
  finalizer.unregister(sweep);
  solver.then((s) => s.dispose()).catch(() => undefined);
}
