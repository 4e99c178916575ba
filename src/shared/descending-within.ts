/**
 * Sort comparator for "largest first" where differences up to `tolerance` are ties (0), so the caller's
 * next key (an id) decides them. Rankings of solver results use it: two elements whose values differ by
 * round-off must rank the same wherever, and in whatever order, they were solved. -Infinity (no value)
 * ties with itself and ranks last.
 * @example entries.sort((a, b) => descendingWithin(a.costUsd, b.costUsd, 1e-9 * scale) || a.id.localeCompare(b.id))
 */
export function descendingWithin(a: number, b: number, tolerance: number): number {
  return a === b || Math.abs(a - b) <= tolerance ? 0 : b - a;
}
