/**
 * Thrown (as a rejected promise from `LpBackend.solve`) when an `LpModel` is malformed:
 * an index out of range, a NaN or infinite coefficient, mismatched `indices` / `values`
 * lengths, or an impossible bound such as `lower = +Infinity`. Crossing bounds
 * (`lower > upper`) are not malformed: such a model is reported as `infeasible`.
 */
export class LpModelError extends Error {
  /** Stable code for callers that map errors (never match on the message). */
  readonly code = 'LP_MODEL_INVALID';
  /** Where the problem is, e.g. `rows[3].indices[1]`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LpModelError';
    this.path = path;
  }
}
