/**
 * Resilience planning: disruption scenario sets, capacity-expansion portfolios that hold up across them
 * (expected, worst-case and min–max-regret objectives), and resilience measures (redundancy, backup
 * capacity, concentration, each candidate's value as backup). Public surface; other modules are private.
 */
export {
  BUILTIN_SCENARIO_SETS,
  loadScenarioSet,
  scenarioDemand,
  scenarioSetSchema,
  validateScenarioSet,
  type DemandChange,
  type Scenario,
  type ScenarioInput,
  type ScenarioSet,
} from './scenario-set.js';
export {
  robustPortfolio,
  ROBUST_OBJECTIVES,
  type PortfolioScore,
  type RobustIteration,
  type RobustObjective,
  type RobustPortfolioOptions,
  type RobustPortfolioResult,
  type RobustProgress,
  type RobustScenarioOutcome,
} from './robust-portfolio.js';
export { extensiveFormPortfolio, type ExtensiveFormOptions, type ExtensiveFormResult } from './extensive-form.js';
export { ScenarioSubproblems, type SubproblemValue } from './scenario-subproblems.js';
export { evaluateEach, openSubproblems, useQueueSubproblems, type QueueSubproblemsFactory, type SubproblemContext, type SubproblemEvaluator, type SubproblemExtra } from './subproblem-evaluator.js';
export {
  resilienceMeasures,
  resilienceToGeoJson,
  type BackupAlternative,
  type BackupCapacity,
  type BackupValue,
  type Concentration,
  type CorridorRedundancy,
  type LinkRedundancy,
  type OdRedundancy,
  type OdScenarioRedundancy,
  type ResilienceOptions,
  type ResilienceReport,
  type ScenarioTotals,
} from './measures.js';
