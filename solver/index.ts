/**
 * Public surface of the solver layer: a solver-neutral LP/MIP model (`LpModel`, `LpBuilder`),
 * backends behind one interface (`LpBackend`: HiGHS, GLPK, javascript-lp-solver, CLP), backend
 * selection, a warm-start HiGHS session for column generation, and MPS / LP file writers.
 * Formulation code imports from here only, never from a solver package.
 */
export type {
  BackendFeature,
  BackendName,
  LpBackend,
  LpColumn,
  LpModel,
  LpRow,
  LpSense,
  LpSolution,
  LpStatus,
  SolveOptions,
} from './lp-model.js';
export { LpModelError } from './lp-model-error.js';
export { LpBuilder } from './lp-builder.js';
export { type CompiledModel, type CscMatrix, compileModel, feasibilityViolation, toCsc } from './compile-model.js';
export { HighsBackend, highsBackend } from './highs-backend.js';
export { HighsSession, type SessionColumn } from './highs-session.js';
export { classifyHighsStatus, HIGHS_MODEL_STATUS_TEXT, type HighsStatusClass, highsStatusText } from './highs-status.js';
export { DEFAULT_RELATIVE_MIP_GAP } from './default-relative-mip-gap.js';
export { discardHighsRuntime, loadHighsRuntime } from './highs-runtime.js';
export { GlpkBackend, glpkBackend } from './glpk-backend.js';
export { JsLpSolverBackend, jsLpSolverBackend } from './js-lp-solver-backend.js';
export { ClpBackend, type ClpBackendOptions, clpBackend, isClpAvailable, parseClpBinarySolution, parseClpTextSolution } from './clp-backend.js';
export {
  availableBackends,
  BACKEND_NAMES,
  chooseBackend,
  GLPK_MIP_MAX_SIZE,
  getBackend,
  JS_LP_SOLVER_AUTO_MAX_SIZE,
  modelSize,
} from './backend-registry.js';
export { solveLp, type SolveLpOptions } from './solve-lp.js';
export { type WriteMpsOptions, writeMps } from './write-mps.js';
export { type WriteLpOptions, writeLpFormat } from './write-lp.js';
export type { FileNaming } from './file-names.js';
