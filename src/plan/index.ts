/**
 * Planning over time: a horizon of periods with demand growth, candidates with decision years, construction
 * times and capex phasing, and the staged expansion plan (NPV-optimal build schedule under per-period and
 * horizon budgets). Public surface; other modules are private.
 */
export { checkDiscountRate, discountFactor, makeHorizon, parseHorizon, periodEnd, periodOfYear, periodWeight, type Horizon } from './horizon.js';
export { applyGrowth, cagrFactor, DEFAULT_GROWTH_PATH, growthFileSchema, loadGrowth, parseGrowth, type GrownDemand, type GrowthFile, type GrowthSpec, type RowGrowth } from './growth.js';
export { DEFAULT_CONSTRUCTION_YEARS, decisionOptions, loadStaging, parseStaging, stageCandidates, stagingFileSchema, type DecisionOption, type StagedCandidate, type StagingFile } from './staging.js';
export { builtIn, optionAt, planProblem, scheduleCapexByPeriod, scheduleFeasible, schedulePvCost, schedulePvNetCapex, type PlanProblem, type PlanProblemInput, type Schedule } from './plan-problem.js';
export { buildExtensiveMip, chooseStagedMipBackend, solveStagedMip, type ExtensiveMip } from './staged-mip.js';
export { solveByDecomposition, type DecompositionStats } from './decomposition.js';
export { PeriodSolver } from './period-solver.js';
export { EXTENSIVE_MAX_SIZE, solvePlan, type PlanPeriod, type PlanReport, type PlanSolveOptions, type TimelineEntry } from './plan.js';
