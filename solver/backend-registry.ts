import { createRequire } from 'node:module';
import { clpBackend, isClpAvailable } from './clp-backend.js';
import { glpkBackend } from './glpk-backend.js';
import { highsBackend } from './highs-backend.js';
import { jsLpSolverBackend } from './js-lp-solver-backend.js';
import { BACKEND_NAMES, type BackendFeature, type BackendName, type LpBackend, type LpModel } from './lp-model.js';

const BACKENDS: Readonly<Record<BackendName, LpBackend>> = {
  highs: highsBackend,
  glpk: glpkBackend,
  'js-lp-solver': jsLpSolverBackend,
  clp: clpBackend,
};

export { BACKEND_NAMES };

/**
 * MIPs with at most this many columns + nonzeros go to GLPK when `auto` is requested.
 * Measured with `bench/solver-mip.ts` (2 seeds per size, 60 s cap): GLPK proved optimality
 * faster than HiGHS-WASM on every instance it finished — capacitated facility location up to
 * 100 customers × 30 candidates (size 15,060: GLPK 6.5–10 s, HiGHS 23–27 s) and
 * multi-dimensional knapsacks up to 100 × 8 (GLPK 9–10 s, HiGHS 46–53 s); HiGHS-WASM pays
 * ~0.3–0.5 s of setup per MIP and per sub-MIP. At 150 × 40 (size 30,080) both hit the cap, and
 * on LPs HiGHS's simplex is 2–6× faster than GLPK's from ~10⁴ columns on
 * (`bench/solver-backends.ts`), which dominates large root relaxations: 20,000 sits just above
 * the largest size where GLPK was measured to win. Size does not capture hardness: on the
 * 200 × 10 knapsack (size 2,200) both hit the cap and HiGHS held a 0.05 % better incumbent, so
 * callers with hard MIPs under a time limit may prefer to name `'highs'`.
 */
export const GLPK_MIP_MAX_SIZE = 20_000;

/** js-lp-solver is never chosen automatically (no duals, dense tableau); kept for explicit use. */
export const JS_LP_SOLVER_AUTO_MAX_SIZE = 0;

/** The shared backend instance registered under `name`. */
export function getBackend(name: BackendName): LpBackend {
  const b = BACKENDS[name];
  if (b === undefined) throw new RangeError(`unknown LP backend '${String(name)}' (known: ${BACKEND_NAMES.join(', ')})`);
  return b;
}

const ENTRY: Partial<Record<BackendName, string>> = { highs: 'highs', glpk: 'glpk.js/node', 'js-lp-solver': 'javascript-lp-solver' };

/**
 * Names of the backends usable in this process: the npm-based ones whose package resolves, and
 * `clp` when the executable is on PATH.
 */
export function availableBackends(): BackendName[] {
  const require = createRequire(import.meta.url);
  return BACKEND_NAMES.filter((name) => {
    if (name === 'clp') return isClpAvailable();
    try {
      require.resolve(ENTRY[name] as string);
      return true;
    } catch {
      return false;
    }
  });
}

/** Size measure used by {@link chooseBackend}: columns + nonzeros (before merging). */
export function modelSize(model: LpModel): number {
  let nnz = 0;
  for (const r of model.rows) nnz += r.indices.length;
  return model.columns.length + nnz;
}

/**
 * Backend for `'auto'`: GLPK for MIPs up to {@link GLPK_MIP_MAX_SIZE} (faster than HiGHS-WASM
 * there), HiGHS for every LP and for larger MIPs. js-lp-solver is never chosen automatically.
 * `required` features are honoured (e.g. `['warm-start']` always yields HiGHS).
 */
export function chooseBackend(model: LpModel, required: readonly BackendFeature[] = []): LpBackend {
  const mip = model.columns.some((c) => c.integer);
  if (mip && !required.includes('warm-start') && modelSize(model) <= GLPK_MIP_MAX_SIZE && required.every((f) => glpkBackend.supports(f))) {
    return glpkBackend;
  }
  return highsBackend;
}
