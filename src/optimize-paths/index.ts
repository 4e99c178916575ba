/**
 * The path formulation of the corridor assignment, solved by column generation: a restricted master LP
 * over path flows kept alive in one HiGHS session, priced by shortest-path searches on dual-adjusted arc
 * costs over the one expanded graph. Same optimum and same AssignmentResult as the arc formulation
 * (src/optimize/), with warm re-solves for sweeps. Public surface; other modules here are private.
 */
export {
  createPathsSolver,
  optimizePaths,
  type PathsAssignmentResult,
  type PathsScenario,
  type PathsSolver,
  type PathsSolverOptions,
} from './create-paths-solver.js';
export type { ColumnGenerationOptions, ColumnGenerationStats, ColumnGenerationStep } from './column-generation.js';
export { releaseSweepSolver, solveInSweep } from './paths-sweep.js';
export { ShortestPathTree, type LowerBound } from './shortest-path-tree.js';
export { LandmarkBounds } from './landmark-bounds.js';
export { TargetBounds } from './target-bounds.js';
