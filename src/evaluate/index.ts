/**
 * Candidate evaluation: which capacity expansions are worth building (benefit of each, best portfolio under a
 * budget), and what closures cost (disruption scenarios, N-1 criticality). Public surface; other modules are private.
 */
export { UPGRADE_ATTRIBUTES, upgradeAttributesMarkdown } from './candidate-attributes.js';
export {
  candidatesFromNetwork,
  loadCandidates,
  parseCandidates,
  validateCandidates,
  type Candidate,
  type CandidateBase,
  type CandidatesReport,
  type LinkCandidate,
  type UpgradeCandidate,
} from './candidates.js';
export { applyCandidates, upgradedLink, upgradedNode, withCandidateLinks } from './apply-candidates.js';
export { annualizedCapexUsd, annuityFactor, benefitCostRatio, capitalRecoveryFactor, DEFAULT_DISCOUNT_RATE, netPresentValueUsd } from './economics.js';
export {
  evaluateCandidates,
  type BaseCaseSummary,
  type CandidateEvaluation,
  type CandidateEvaluationReport,
  type EvaluateCandidatesOptions,
} from './evaluate-candidates.js';
export {
  buildPortfolioMip,
  choosePortfolioBackend,
  optimizePortfolio,
  PORTFOLIO_MIP_GAP,
  portfolioBudgetSweep,
  sweepBudgets,
  type PortfolioMip,
  type PortfolioMipSize,
  type PortfolioOptions,
  type PortfolioResult,
} from './portfolio.js';
export {
  disrupt,
  resolveDisruption,
  scenarioSummary,
  type DisruptionReport,
  type DisruptionSpec,
  type DisruptOptions,
  type OdDisruption,
  type ScenarioSummary,
} from './disrupt.js';
export {
  criticality,
  criticalityElements,
  type CriticalityElements,
  type CriticalityEntry,
  type CriticalityOptions,
  type CriticalityReport,
} from './criticality.js';
export {
  compareAssignments,
  type AssignmentComparison,
  type LinkFlowChange,
  type ModeFlowChange,
  type TerminalFlowChange,
} from './compare-assignments.js';
export { MipRace } from './race-mip.js';
export { autoWorkerCount, createScenarioRunner, defaultWorkerCount, MIN_PARALLEL_SECONDS, openScenarioRunner, useQueueRunner, type QueueRunnerFactory, type ScenarioRunner, type ScenarioRunnerOptions, type SweepRunnerOptions } from './scenario-pool.js';
export {
  runScenario,
  type ScenarioAssignment,
  type ScenarioContext,
  type ScenarioOptimizeOptions,
  type ScenarioResult,
  type ScenarioSpec,
} from './run-scenario.js';
export { candidateSweep } from './candidate-sweep.js';
