import { expect } from 'vitest';
import type { CriticalityReport } from '../../src/evaluate/criticality.js';

/**
 * Two N-1 reports of the same sweep agree: same elements in the same order, same status, added costs to
 * 1e-9 of the base objective and added unserved TEU to 1e-6 of the demand (solver round-off: a warm master
 * that saw the scenarios in another order lands on the same optimum, not the same bits).
 */
export function expectSameCriticality(remote: CriticalityReport, local: CriticalityReport, totalDemandTeu: number): void {
  expect(remote.entries.map((e) => e.id)).toEqual(local.entries.map((e) => e.id));
  expect(remote.solvedCount).toBe(local.solvedCount);
  const tol = 1e-9 * Math.abs(local.base.objectiveUsd ?? 1);
  remote.entries.forEach((e, i) => {
    const l = local.entries[i];
    expect(e.status, e.id).toBe(l.status);
    expect(e.solved, e.id).toBe(l.solved);
    expect(Math.abs((e.addedCostUsd ?? 0) - (l.addedCostUsd ?? 0)), e.id).toBeLessThanOrEqual(tol);
    expect(Math.abs((e.addedUnservedTeu ?? 0) - (l.addedUnservedTeu ?? 0)), e.id).toBeLessThanOrEqual(1e-6 * totalDemandTeu);
  });
}
