import { InvalidArgumentError } from '../shared/index.js';

/**
 * Default real discount rate for appraising corridor links: 6 % a year. Why 6 %: it lies between the
 * EU cost–benefit guide (European Commission 2014: 5 % real in cohesion countries, 3 % elsewhere) and the
 * Asian Development Bank's 2017 guidelines (minimum economic rate of return 9 %, 6 % for social-sector and
 * environmental projects), the two appraisal rules that cover the corridor's ends. It is a policy choice,
 * not a measured figure; `--discount-rate` overrides it.
 */
export const DEFAULT_DISCOUNT_RATE = 0.06;

function checkRateAndYears(discountRate: number, lifetimeYears: number): void {
  if (!Number.isFinite(discountRate) || discountRate < 0 || discountRate >= 1) {
    throw new InvalidArgumentError(`discount rate must be a finite number in [0, 1), e.g. 0.06 for 6 %; got ${discountRate}`);
  }
  if (!Number.isFinite(lifetimeYears) || lifetimeYears <= 0) {
    throw new InvalidArgumentError(`lifetime must be a finite number of years > 0; got ${lifetimeYears}`);
  }
}

/**
 * Capital recovery factor CRF(r, n) = r(1+r)^n / ((1+r)^n − 1): the share of a capital sum to pay each year
 * for n years so that the payments, discounted at r, repay it. CRF(0, n) = 1/n (the limit as r → 0).
 * Non-integer n is allowed (the formula is continuous in n).
 * @param discountRate r, a fraction per year (0.06 = 6 %)
 * @param lifetimeYears n, years (> 0)
 * @example capitalRecoveryFactor(0.06, 30) // ≈ 0.072649
 */
export function capitalRecoveryFactor(discountRate: number, lifetimeYears: number): number {
  checkRateAndYears(discountRate, lifetimeYears);
  if (discountRate === 0) return 1 / lifetimeYears;
  const growth = (1 + discountRate) ** lifetimeYears;
  return (discountRate * growth) / (growth - 1);
}

/**
 * Annualized capital cost, USD per year = capexUsd × CRF(r, n).
 * @example annualizedCapexUsd(1e9, 0.06, 30) // ≈ 72,648,911 USD/yr
 */
export function annualizedCapexUsd(capexUsd: number, discountRate: number, lifetimeYears: number): number {
  return capexUsd * capitalRecoveryFactor(discountRate, lifetimeYears);
}

/**
 * Present value of an annuity of 1 USD a year paid at the end of years 1..n: Σ_{t=1..n} 1/(1+r)^t
 * = (1 − (1+r)^−n) / r, and n when r = 0. It is 1 / CRF(r, n). For a non-integer n the closed form is used.
 */
export function annuityFactor(discountRate: number, lifetimeYears: number): number {
  checkRateAndYears(discountRate, lifetimeYears);
  if (discountRate === 0) return lifetimeYears;
  return (1 - (1 + discountRate) ** -lifetimeYears) / discountRate;
}

/**
 * Net present value, USD = Σ_{t=1..n} annualBenefitUsd / (1+r)^t − capexUsd: the capital is spent at t = 0 and
 * the same benefit arrives at the end of each year of the lifetime.
 * @example netPresentValueUsd(100e6, 1e9, 0.06, 30) // ≈ 376,483,115 USD
 */
export function netPresentValueUsd(annualBenefitUsd: number, capexUsd: number, discountRate: number, lifetimeYears: number): number {
  return annualBenefitUsd * annuityFactor(discountRate, lifetimeYears) - capexUsd;
}

/**
 * Benefit–cost ratio = annual benefit / annualized capex (both USD per year); it equals PV(benefits) / capex.
 * null when the annualized capex is 0 (a free upgrade has no ratio; read its benefit instead).
 * @example benefitCostRatio(145e6, 72.6e6) // ≈ 2.0
 */
export function benefitCostRatio(annualBenefitUsd: number, annualizedCapexUsdPerYear: number): number | null {
  if (annualizedCapexUsdPerYear === 0) return null;
  return annualBenefitUsd / annualizedCapexUsdPerYear;
}
