import type { Model } from 'highs';
import { compileModel } from './compile-model.js';
import { applyHighsOptions, highsModelData, runHighs } from './highs-run.js';
import { discardHighsRuntime, loadHighsRuntime } from './highs-runtime.js';
import type { BackendFeature, LpBackend, LpModel, LpSolution, SolveOptions } from './lp-model.js';
import { errorSolution, trivialSolution } from './solution-helpers.js';

/**
 * HiGHS (npm `highs`, WebAssembly) behind {@link LpBackend}: the default backend.
 *
 * Each solve creates one native model from typed CSR arrays (`passModel`-style structured input,
 * no LP text), runs it and disposes it. The WebAssembly runtime is loaded once from
 * node_modules and re-created after any native exception. Supports duals, integer columns and
 * warm starts (through {@link HighsSession}). Duals need no sign change: HiGHS already reports
 * ∂objective/∂bound in the model's own sense.
 */
export class HighsBackend implements LpBackend {
  readonly name = 'highs' as const;

  /** HiGHS supports every feature: duals, integer columns and warm start. */
  supports(feature: BackendFeature): boolean {
    return feature === 'duals' || feature === 'integer' || feature === 'warm-start';
  }

  /** Solves `model` with HiGHS. See {@link LpBackend.solve}. */
  async solve(model: LpModel, options?: SolveOptions): Promise<LpSolution> {
    const t0 = performance.now();
    const m = compileModel(model);
    const trivial = trivialSolution(m, 'highs', t0, true);
    if (trivial) return trivial;
    let highs;
    try {
      highs = await loadHighsRuntime();
    } catch (e) {
      return errorSolution('highs', t0, e);
    }
    let hm: Model | undefined;
    try {
      hm = highs.createModel(highsModelData(highs, m));
      applyHighsOptions(hm, options);
      return runHighs(hm, m.integrality !== null, t0);
    } catch (e) {
      discardHighsRuntime();
      return errorSolution('highs', t0, e);
    } finally {
      try {
        hm?.dispose();
      } catch {}
    }
  }
}

/** Shared default instance. */
export const highsBackend = new HighsBackend();
