import type { LpStatus } from './lp-model.js';

/**
 * Classification of a HiGHS model status (`highs.constants.modelStatus`, C API codes 0–17).
 * `ambiguous` is HiGHS status 9, "Primal infeasible or unbounded" (usually from presolve),
 * which callers must resolve before reporting (see `resolveAmbiguousHighsStatus`).
 */
export type HighsStatusClass = LpStatus | 'ambiguous';

/** HiGHS model-status codes with their native texts. */
export const HIGHS_MODEL_STATUS_TEXT: Readonly<Record<number, string>> = {
  0: 'Not Set',
  1: 'Load error',
  2: 'Model error',
  3: 'Presolve error',
  4: 'Solve error',
  5: 'Postsolve error',
  6: 'Empty',
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  11: 'Bound on objective reached',
  12: 'Target for objective reached',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  15: 'Unknown',
  16: 'Solution limit reached',
  17: 'Interrupted',
};

/**
 * Maps a HiGHS model status to {@link LpStatus}:
 *
 * | HiGHS                                   | LpStatus      |
 * |-----------------------------------------|---------------|
 * | 7 Optimal                               | `optimal`     |
 * | 6 Empty (no columns / rows)             | `optimal`     |
 * | 8 Infeasible                            | `infeasible`  |
 * | 10 Unbounded                            | `unbounded`   |
 * | 9 Primal infeasible or unbounded        | `ambiguous` → re-solved without presolve, then a zero-cost feasibility solve decides |
 * | 13 Time limit reached                   | `time_limit`  |
 * | 14 Iteration limit, 16 Solution limit, 17 Interrupted, 11 Objective bound, 12 Objective target | `time_limit` (a limit stopped the search; the message names which) |
 * | 0 Not set, 1–5 errors, 15 Unknown       | `error`       |
 */
export function classifyHighsStatus(code: number): HighsStatusClass {
  switch (code) {
    case 6:
    case 7:
      return 'optimal';
    case 8:
      return 'infeasible';
    case 9:
      return 'ambiguous';
    case 10:
      return 'unbounded';
    case 11:
    case 12:
    case 13:
    case 14:
    case 16:
    case 17:
      return 'time_limit';
    default:
      return 'error';
  }
}

/** Native text of a HiGHS model status code. */
export function highsStatusText(code: number): string {
  return HIGHS_MODEL_STATUS_TEXT[code] ?? `status ${code}`;
}
