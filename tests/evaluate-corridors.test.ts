import { describe, expect, it } from 'vitest';
import { loadDemand } from '../src/demand.js';
import { evaluateCandidates, loadCandidates, optimizePortfolio } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/load-network.js';
import { optimize } from '../src/optimize/index.js';

const nelb = loadNetwork('eurasian-land-bridge');
const demand = loadDemand('default', nelb);
const candidates = loadCandidates('networks/candidates/eurasian-land-bridge.geojson', nelb);

describe('the example NELB candidates', () => {
  it('value the Alashankou station expansion within the bound its shadow price gives', async () => {
    const base = await optimize(nelb, demand, { paths: false });
    const station = base.terminals.find((t) => t.id === 'alashankou')!;
    const report = await evaluateCandidates(nelb, demand, candidates, { workers: 0, paths: false });
    const upgrade = report.candidates.find((c) => c.id === 'alashankou-terminal-upgrade')!;
    const added = 1_322_500 - 1_150_000;
    // The LP optimum is convex in a capacity, so the saving from ΔT more throughput lies in (0, shadow × ΔT].
    expect(station.shadowPriceUsdPerTeu!).toBeGreaterThan(0);
    expect(upgrade.annualBenefitUsd!).toBeGreaterThan(0);
    expect(upgrade.annualBenefitUsd!).toBeLessThanOrEqual(station.shadowPriceUsdPerTeu! * added * (1 + 1e-9));
    expect(upgrade.attractedTeu!).toBeGreaterThan(0);
    expect(upgrade.attractedTeu!).toBeLessThanOrEqual(added + 1e-6);
    // Khorgos and Malaszewicze do not bind in the base case: more capacity there is worth nothing.
    for (const id of ['khorgos-expansion', 'malaszewicze-expansion']) {
      const c = report.candidates.find((x) => x.id === id)!;
      expect(c.annualBenefitUsd!, id).toBeCloseTo(0, 0);
      expect(c.npvUsd!, id).toBeCloseTo(-c.capexUsd, -1);
    }
  });

  it('pick the station expansion, and nothing that does not pay, under a budget', async () => {
    const r = await optimizePortfolio(nelb, demand, candidates, { budgetUsd: 500e6 });
    expect(r.status).toBe('optimal');
    expect(r.chosen).toContain('alashankou-terminal-upgrade');
    expect(r.chosen).not.toContain('malaszewicze-expansion');
    expect(r.netBenefitUsd!).toBeGreaterThan(0);
    expect(r.mipObjectiveUsd!).toBeCloseTo(r.chosenObjectiveUsd! + r.annualizedCapexUsd, -1);
  });
});
