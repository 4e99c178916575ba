/**
 * Flag the items that are Pareto-optimal when every objective is minimised: an item is dominated when
 * another is no worse in every objective and strictly better in at least one. Equal items do not
 * dominate each other, so ties all stay on the frontier.
 *
 * Quadratic in the number of items, which is fine for route alternatives (one per mode chain, a few dozen
 * at most).
 * @example paretoFrontier([{ usd: 700, h: 800 }, { usd: 2400, h: 400 }, { usd: 2500, h: 500 }], [(a) => a.usd, (a) => a.h])
 * // [true, true, false]: the third costs more and is slower than the second
 */
export function paretoFrontier<T>(items: readonly T[], objectives: readonly ((item: T) => number)[]): boolean[] {
  const values = items.map((item) => objectives.map((f) => f(item)));
  return values.map((mine, i) => !values.some((other, j) => j !== i && dominates(other, mine)));
}

/** Does `a` dominate `b` (all objectives minimised)? */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictlyBetter = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) strictlyBetter = true;
  }
  return strictlyBetter;
}
