/**
 * The LP corridor optimizer: capacitated multi-commodity freight assignment over the expanded multimodal
 * graph, with shadow prices of the binding capacities, in two formulations with one result: arc/ (one LP over
 * arc flows per commodity) and paths/ (path flows by column generation, a restricted master kept alive in one
 * HiGHS session for warm sweeps). Public surface of the folder; other modules here are private.
 */
export { optimize, solveProblem, buildCorridorLp } from './optimize.js';
export { baseOptionsOf, resolveProblem, type Problem } from './problem.js';
export { backendOptionZod, flagOfOption, numberOptionZod, SHARED_OPTIONS, sharedOptionsMarkdown, type SharedOption, type SharedOptionName } from './option-table.js';
export {
  DEFAULT_OPTIMIZE_METHOD,
  DEFAULT_UNSERVED_PENALTY_USD_PER_TEU,
  OPTIMIZE_BACKENDS,
  OPTIMIZE_METHODS,
  resolveClosuresOf,
  resolveOptimizeOptions,
  withClosures,
  type ResolvedClosures,
  type OptimizeBackend,
  type OptimizeMethod,
  type OptimizeOptions,
  type ResolvedOptimizeOptions,
} from './optimize-options.js';
export type {
  AssignmentParameters,
  AssignmentResult,
  Bottleneck,
  CommodityFlow,
  LinkFlow,
  LpSize,
  ModalSplitEntry,
} from './assignment-result.js';
export type { ModeChainSplitEntry } from './mode-chain-split.js';
export type {
  ObjectiveBreakdown,
  OdAssignment,
  OdPath,
  ShadowPriceUsdPerTeu,
  TerminalFlow,
} from './assignment-result.js';
export { checkAlternativeOptima, describeAlternativeOptima, type AlternativeOptimaCheckOptions, type AlternativeOptimaReport, type AlternativeOptimumLink } from './optimal-face.js';
export { findAlternativeOptima, type AlternativeOptimaOptions, type AlternativeOptimum } from './alternative-optima.js';
export { assignmentToGeoJson } from './optimize-geojson.js';
export { assignmentResultToJson } from './assignment-result-json.js';
export type { AssignmentLp } from './arc/build-assignment-lp.js';
export type { Commodity } from './group-commodities.js';
export { compareBottlenecks } from './assemble-result.js';

// The path formulation (paths/).
export {
  createPathsSolver,
  optimizePaths,
  pathsSolverFor,
  solvePathsProblem,
  type PathsAssignmentResult,
  type PathsLoopOptions,
  type PathsScenario,
  type PathsSolver,
  type PathsSolverOptions,
} from './paths/create-paths-solver.js';
export type { ColumnGenerationOptions, ColumnGenerationStats, ColumnGenerationStep } from './paths/column-generation.js';
export { releaseSweepSolver, solveInSweep } from './paths/paths-sweep.js';
export { LandmarkBounds } from './paths/landmark-bounds.js';
export { TargetBounds } from './paths/target-bounds.js';
