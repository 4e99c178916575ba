import { InvalidArgumentError, ValidationError } from '../shared/index.js';

/**
 * A planning horizon: periods that start in the given years (e.g. Five-Year Plan periods 2026, 2030, 2035,
 * 2040), each represented by the demand of its first year, and the year the horizon ends (exclusive).
 */
export interface Horizon {
  /** First year of each period, strictly increasing. Period i covers [years[i], years[i+1]). */
  years: number[];
  /** First year after the horizon: the last period covers [years[n−1], endYear). */
  endYear: number;
}

/**
 * Build a horizon from its period years. The last period lasts as long as the one before it (2040 after
 * 2035 → ends 2045) unless `endYear` is given; a one-period horizon needs `endYear` or lasts 5 years.
 * @throws ValidationError naming the bad year
 * @example makeHorizon([2026, 2030, 2035, 2040]) // { years: [...], endYear: 2045 }
 */
export function makeHorizon(years: readonly number[], endYear?: number): Horizon {
  const problems = [];
  if (years.length === 0) problems.push({ path: 'horizon', message: 'needs at least one period year' });
  years.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 1900 || y > 2200) problems.push({ path: `horizon[${i}]`, message: `period year must be an integer year between 1900 and 2200, got ${y}` });
    else if (i > 0 && !(y > years[i - 1])) problems.push({ path: `horizon[${i}]`, message: `period years must increase: ${y} does not come after ${years[i - 1]}` });
  });
  if (problems.length) throw new ValidationError('horizon', problems);
  const last = years[years.length - 1];
  const end = endYear ?? (years.length > 1 ? last + (last - years[years.length - 2]) : last + 5);
  if (!Number.isInteger(end) || end <= last) throw new ValidationError('horizon', [{ path: 'endYear', message: `end year must be an integer after the last period year ${last}, got ${end}` }]);
  return { years: [...years], endYear: end };
}

/** Parse `--horizon 2026,2030,2035,2040`. @throws ValidationError for a bad list */
export function parseHorizon(text: string, endYear?: number): Horizon {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const years = parts.map((p) => (/^\d{4}$/.test(p) ? Number(p) : Number.NaN));
  const bad = parts.findIndex((p, i) => Number.isNaN(years[i]) && p);
  if (bad >= 0) throw new ValidationError('option --horizon', [{ path: `--horizon[${bad}]`, message: `"${parts[bad]}" is not a year (give period start years, e.g. 2026,2030,2035,2040)` }]);
  return makeHorizon(years, endYear);
}

/** First year after period i. */
export const periodEnd = (h: Horizon, i: number): number => (i + 1 < h.years.length ? h.years[i + 1] : h.endYear);

/** Period that contains `year`, or −1 when it is outside [years[0], endYear). */
export function periodOfYear(h: Horizon, year: number): number {
  if (year < h.years[0] || year >= h.endYear) return -1;
  let i = 0;
  while (i + 1 < h.years.length && h.years[i + 1] <= year) i++;
  return i;
}

/**
 * Discount factor of an amount in `year`, to the start of the first period year:
 * (1 + r)^−(year − years[0]). One convention for every amount (capex, yearly costs, residual value).
 */
export function discountFactor(h: Horizon, discountRate: number, year: number): number {
  return (1 + discountRate) ** -(year - h.years[0]);
}

/**
 * Present-value weight of period i: Σ over its years of the discount factor. A yearly cost Z (USD/yr) of
 * the period's representative year is worth Z × weight USD today.
 */
export function periodWeight(h: Horizon, discountRate: number, i: number): number {
  let w = 0;
  for (let y = h.years[i]; y < periodEnd(h, i); y++) w += discountFactor(h, discountRate, y);
  return w;
}

/** Check a discount rate (a fraction per year in [0, 1)). */
export function checkDiscountRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1) throw new InvalidArgumentError(`discount rate must be in [0, 1) (0.06 = 6 %), got ${rate}`);
}
