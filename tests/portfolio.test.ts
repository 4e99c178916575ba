import { describe, expect, it } from 'vitest';
import { getBackend } from '../solver/index.js';
import { applyCandidates } from '../src/evaluate/apply-candidates.js';
import { parseCandidates, type Candidate } from '../src/evaluate/candidates.js';
import { annualizedCapexUsd } from '../src/evaluate/economics.js';
import { buildPortfolioMip, choosePortfolioBackend, optimizePortfolio, portfolioBudgetSweep, sweepBudgets } from '../src/evaluate/portfolio.js';
import { InvalidArgumentError } from '../src/shared/errors.js';
import { optimize } from '../src/assignment/optimize.js';
import { railFaster, railUpgrade, secondTrackFeature, terminalB, twoRouteNetwork, demandAB } from './support/evaluate-tiny-network.js';

// Two routes A → B (rail capacity-limited), terminal B limited to 2,800 TEU/yr, and a spur B → C.
// Demand A → B 3,000 and A → C 500 TEU/yr; unserved demand costs 2,000 USD/TEU; time is worth 1 USD/TEU-h.
const net = twoRouteNetwork({ throughputB: 2800 });
const demand = [...demandAB(3000), { ...demandAB(500)[0], destination: 'C', row: 3 }];
const options = { vot: 1, carbonPrice: 0, unservedPenaltyUsdPerTeu: 2000 } as const;
const candidates: Candidate[] = parseCandidates(
  [
    secondTrackFeature,
    railUpgrade,
    { ...railFaster, id: 'road-faster', target: 'road', hours: 12 },
    terminalB,
    { type: 'upgrade', id: 'spur-cheaper', target: 'spur', costUsdPerTeuKm: 0.3, capexUsd: 0.5e6, lifetimeYears: 20, source: 'test figures' },
  ],
  net,
);

/** Second algorithm: every subset solved as an LP with that subset built. */
async function enumerateSubsets(): Promise<{ ids: string[]; capexUsd: number; netBenefitUsd: number }[]> {
  const base = (await optimize(net, demand, { ...options, paths: false })).objectiveUsd!;
  const out = [];
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const set = candidates.filter((_, i) => mask & (1 << i));
    const r = await optimize(applyCandidates(net, set), demand, { ...options, paths: false });
    expect(r.status).toBe('optimal');
    const annualized = set.reduce((s, c) => s + annualizedCapexUsd(c.capexUsd, 0.06, c.lifetimeYears), 0);
    out.push({ ids: set.map((c) => c.id), capexUsd: set.reduce((s, c) => s + c.capexUsd, 0), netBenefitUsd: base - r.objectiveUsd! - annualized });
  }
  return out;
}

describe('portfolio MIP against enumeration of every subset', () => {
  const budgets = [null, 0, 1e6, 2.5e6, 4e6, 6e6];
  let subsets: Awaited<ReturnType<typeof enumerateSubsets>>;

  for (const backend of ['glpk', 'highs', 'js-lp-solver'] as const) {
    it(`finds the best subset under each budget (${backend})`, async () => {
      subsets ??= await enumerateSubsets();
      const results = await portfolioBudgetSweep(net, demand, candidates, budgets, { ...options, mipBackend: backend });
      results.forEach((r, i) => {
        const budget = budgets[i];
        const feasible = subsets.filter((s) => budget === null || s.capexUsd <= budget);
        const best = Math.max(...feasible.map((s) => s.netBenefitUsd));
        expect(r.status).toBe('optimal');
        expect(r.backend).toBe(backend);
        expect(r.netBenefitUsd!).toBeCloseTo(best, 2);
        // The chosen set is one of the best feasible subsets, and the MIP objective agrees with the LP of that set.
        const mine = subsets.find((s) => s.ids.join() === r.chosen.join())!;
        expect(budget === null || mine.capexUsd <= budget).toBe(true);
        expect(mine.netBenefitUsd).toBeCloseTo(best, 2);
        expect(r.mipObjectiveUsd!).toBeCloseTo(r.chosenObjectiveUsd! + r.annualizedCapexUsd, 2);
        expect(r.annualBenefitUsd! - r.annualizedCapexUsd).toBeCloseTo(r.netBenefitUsd!, 6);
      });
      // More budget never lowers the best net benefit.
      const byBudget = results.filter((r) => r.budgetUsd !== null).map((r) => r.netBenefitUsd!);
      for (let i = 1; i < byBudget.length; i++) expect(byBudget[i]).toBeGreaterThanOrEqual(byBudget[i - 1] - 1e-6);
      expect(results[1].chosen).toEqual([]);
      expect(results[1].netBenefitUsd).toBeCloseTo(0, 6);
    });
  }

  it('races HiGHS and GLPK on worker threads and keeps the first proven optimum', async () => {
    subsets ??= await enumerateSubsets();
    const [r] = await portfolioBudgetSweep(net, demand, candidates, [2.5e6], { ...options, mipBackend: 'race' });
    const best = Math.max(...subsets.filter((s) => s.capexUsd <= 2.5e6).map((s) => s.netBenefitUsd));
    expect(r.status).toBe('optimal');
    expect(r.raced).toEqual(['highs', 'glpk']);
    expect(['highs', 'glpk']).toContain(r.backend);
    expect(r.netBenefitUsd!).toBeCloseTo(best, 2);
  });

  it('exposes the exact MIP: one binary per candidate, a budget row, gap 0', async () => {
    const mip = buildPortfolioMip(net, demand, candidates, { ...options, budgetUsd: 3e6 });
    expect(mip.buildColumns.map((j) => mip.model.columns[j].integer)).toEqual(candidates.map(() => true));
    expect(mip.model.rows[mip.budgetRow]).toMatchObject({ upper: 3e6, values: candidates.map((c) => c.capexUsd) });
    const r = await optimizePortfolio(net, demand, candidates, { ...options, budgetUsd: 3e6 });
    expect(r.relativeMipGap).toBe(0);
    expect(r.mipSize.binaries).toBe(candidates.length);
    // A MIP this small goes to GLPK in this thread (see choosePortfolioBackend).
    expect(choosePortfolioBackend(mip.model)).toBe('glpk');
    expect(r).toMatchObject({ backend: 'glpk', raced: null });
  });

  it('refuses a backend without integers, two upgrades of one element and a negative budget', async () => {
    expect(getBackend('clp').supports('integer')).toBe(false);
    await expect(optimizePortfolio(net, demand, candidates, { ...options, mipBackend: 'clp' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const second = parseCandidates([railFaster], net);
    expect(() => buildPortfolioMip(net, demand, [...candidates, ...second], options)).toThrow(InvalidArgumentError);
    await expect(optimizePortfolio(net, demand, candidates, { ...options, budgetUsd: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('sweeps budgets from 0 to the total capex', () => {
    const total = candidates.reduce((s, c) => s + c.capexUsd, 0);
    expect(sweepBudgets(candidates, 4)).toEqual([0, total / 4, total / 2, (3 * total) / 4, total]);
  });
});
