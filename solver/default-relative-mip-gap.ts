/**
 * Relative MIP gap used by every backend when `SolveOptions.relativeMipGap` is omitted
 * (HiGHS's own default; GLPK and javascript-lp-solver would otherwise default to 0, which makes
 * GLPK prove optimality exactly and can be much slower on larger MIPs).
 */
export const DEFAULT_RELATIVE_MIP_GAP = 1e-4;
