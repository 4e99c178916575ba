import { describe, expect, it } from 'vitest';
import { annualizedCapexUsd, annuityFactor, benefitCostRatio, capitalRecoveryFactor, netPresentValueUsd } from '../src/evaluate/economics.js';
import { InvalidArgumentError } from '../src/shared/errors.js';

describe('capital recovery factor, NPV and BCR against hand values', () => {
  it('CRF(r, n) = r(1+r)^n / ((1+r)^n − 1)', () => {
    // 1.06^30 = 5.743491173; 0.06 × 5.743491173 / 4.743491173 = 0.0726489115
    expect(capitalRecoveryFactor(0.06, 30)).toBeCloseTo(0.0726489115, 9);
    // One year at 10 %: repay 1.1 at the end of the year.
    expect(capitalRecoveryFactor(0.1, 1)).toBeCloseTo(1.1, 12);
    // r = 0: straight-line repayment, 1/n.
    expect(capitalRecoveryFactor(0, 10)).toBe(0.1);
    // Continuity at r → 0.
    expect(capitalRecoveryFactor(1e-9, 10)).toBeCloseTo(0.1, 7);
    expect(annualizedCapexUsd(3e6, 0.06, 30)).toBeCloseTo(3e6 * 0.0726489115, 2);
  });

  it('CRF repays the capital: the payments discounted at r sum to the capex (second algorithm: a loop)', () => {
    for (const [r, n] of [[0.06, 30], [0.08, 12], [0.03, 50]] as const) {
      const payment = annualizedCapexUsd(1e9, r, n);
      let pv = 0;
      for (let t = 1; t <= n; t++) pv += payment / (1 + r) ** t;
      expect(pv).toBeCloseTo(1e9, 3);
      expect(annuityFactor(r, n)).toBeCloseTo(1 / capitalRecoveryFactor(r, n), 12);
    }
  });

  it('NPV = Σ_{t=1..n} B/(1+r)^t − capex', () => {
    // Annuity factor at 6 %, 30 yr = (1 − 1.06^−30)/0.06 = 13.76483115; 100 M × 13.76483115 − 1 bn = 376,483,115.
    expect(netPresentValueUsd(100e6, 1e9, 0.06, 30)).toBeCloseTo(376_483_115.15, 1);
    let sum = 0;
    for (let t = 1; t <= 20; t++) sum += 450_000 / 1.06 ** t;
    expect(netPresentValueUsd(450_000, 3e6, 0.06, 20)).toBeCloseTo(sum - 3e6, 6);
    expect(netPresentValueUsd(1, 10, 0, 10)).toBe(0);
  });

  it('BCR = annual benefit / annualized capex; NPV > 0 exactly when BCR > 1', () => {
    const annualized = annualizedCapexUsd(3e6, 0.06, 30);
    expect(benefitCostRatio(450_000, annualized)).toBeCloseTo(450_000 / 217_946.7345, 6);
    expect(benefitCostRatio(1, 0)).toBeNull();
    for (const benefit of [100_000, 217_946, 217_948, 500_000]) {
      expect(netPresentValueUsd(benefit, 3e6, 0.06, 30) > 0).toBe(benefitCostRatio(benefit, annualized)! > 1);
    }
  });

  it('rejects a rate outside [0, 1) or a lifetime ≤ 0', () => {
    expect(() => capitalRecoveryFactor(-0.01, 10)).toThrow(InvalidArgumentError);
    expect(() => capitalRecoveryFactor(6, 10)).toThrow(InvalidArgumentError);
    expect(() => capitalRecoveryFactor(0.06, 0)).toThrow(InvalidArgumentError);
    expect(() => capitalRecoveryFactor(Number.NaN, 10)).toThrow(InvalidArgumentError);
  });
});
