import { describe, expect, it } from 'vitest';
import type { DemandRow } from '../src/network/demand.js';
import { annualizedCapexUsd, applyCandidates, parseCandidates, type Candidate } from '../src/evaluate/index.js';
import type { Network } from '../src/network/network.js';
import { optimize } from '../src/assignment/index.js';
import { extensiveFormPortfolio, robustPortfolio, scenarioDemand, validateScenarioSet, type RobustObjective, type ScenarioSet } from '../src/resilience/index.js';
import { demandAB, railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const money = { vot: 0, carbonPrice: 0 };

/**
 * Hand-solved (VOT 0, carbon 0, so cost = money): A → B 3,000 TEU/yr; rail 200 USD/TEU, 1,000 TEU/yr;
 * road 500 USD/TEU, unlimited. Two candidates, budget for one (discount rate 0, 10 years):
 * - rail-cap: rail 1,000 → 2,500 TEU/yr, USD 1 M → 100,000/yr;
 * - rail-2: a second track, 1,500 TEU/yr at 200 USD/TEU, USD 2 M → 200,000/yr.
 * Scenarios: base (0.7) and the rail link closed (0.3).
 *   flow cost     none       rail-cap   rail-2
 *   base          1,200,000  750,000    750,000      (1,000·200 + 2,000·500; 2,500·200 + 500·500; 2,500·200 + 500·500)
 *   rail closed   1,500,000  1,500,000  1,050,000    (3,000·500; the upgrade is on the closed link; 1,500·200 + 1,500·500)
 * Base case alone: rail-cap, 100,000 + 750,000 = 850,000 (rail-2: 950,000).
 * expected: none 0.7·1.2M + 0.3·1.5M = 1,290,000; rail-cap 100k + 525k + 450k = 1,075,000; rail-2 200k + 525k + 315k = 1,040,000 → rail-2.
 * worst: none 1,500,000; rail-cap 1,600,000; rail-2 1,250,000 → rail-2.
 * regret: own bests 850,000 (base) and 1,250,000 (closed); none max(350k, 250k) = 350k; rail-cap max(0, 350k) = 350k;
 *   rail-2 max(100k, 0) = 100,000 → rail-2.
 */
function handCase(): { net: Network; demand: DemandRow[]; candidates: Candidate[]; set: ScenarioSet } {
  const net = twoRouteNetwork();
  const candidates = parseCandidates(
    [
      { ...railUpgrade, capexUsd: 1e6, lifetimeYears: 10 },
      { ...secondTrackFeature, properties: { ...secondTrackFeature.properties, capexUsd: 2e6, lifetimeYears: 10 } },
    ],
    net,
  );
  const set = validateScenarioSet(
    {
      scenarios: [
        { id: 'base', name: 'nothing disrupted', probability: 0.7 },
        { id: 'rail-closed', name: 'rail closed', probability: 0.3, close: ['rail'] },
      ],
    },
    net,
  );
  return { net, demand: demandAB(3000), candidates, set };
}

describe('robust portfolio, hand-solved two-scenario case', () => {
  const { net, demand, candidates, set } = handCase();
  const common = { ...money, budgetUsd: 2e6, discountRate: 0 };

  it('expected: builds the second track, where the base case alone builds the rail upgrade', async () => {
    const r = await robustPortfolio(net, demand, candidates, set, { ...common, objective: 'expected' });
    expect(r.status).toBe('optimal');
    expect(r.chosen).toEqual(['rail-2']);
    expect(r.objectiveUsd).toBeCloseTo(1_040_000, 0);
    expect(r.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(r.singleFuture?.chosen).toEqual(['rail-cap']);
    expect(r.singleFuture?.expectedUsd).toBeCloseTo(1_075_000, 0);
    expect(r.valueOfRobustnessUsd).toBeCloseTo(35_000, 0);
    const closed = r.scenarios.find((s) => s.id === 'rail-closed')!;
    expect(closed.objectiveUsd).toBeCloseTo(1_050_000, 0);
    expect(closed.nothingBuiltObjectiveUsd).toBeCloseTo(1_500_000, 0);
    expect(r.scenarios.find((s) => s.id === 'base')!.ownBest?.totalUsd).toBeCloseTo(850_000, 0);
  });

  it('worst: min–max cost 1,250,000 with the second track', async () => {
    const r = await robustPortfolio(net, demand, candidates, set, { ...common, objective: 'worst' });
    expect(r.chosen).toEqual(['rail-2']);
    expect(r.objectiveUsd).toBeCloseTo(1_250_000, 0);
    expect(r.score?.worstUsd).toBeCloseTo(1_250_000, 0);
  });

  it('regret: min–max regret 100,000 with the second track; own bests 850,000 and 1,250,000', async () => {
    const r = await robustPortfolio(net, demand, candidates, set, { ...common, objective: 'regret' });
    expect(r.chosen).toEqual(['rail-2']);
    expect(r.objectiveUsd).toBeCloseTo(100_000, 0);
    expect(r.scenarios.map((s) => s.ownBest?.totalUsd)).toEqual([expect.closeTo(850_000, 0), expect.closeTo(1_250_000, 0)]);
    expect(r.scenarios.map((s) => s.regretUsd)).toEqual([expect.closeTo(100_000, 0), expect.closeTo(0, 0)]);
  });

  it('the extensive form on GLPK gives the same numbers', async () => {
    for (const [objective, value] of [['expected', 1_040_000], ['worst', 1_250_000], ['regret', 100_000]] as const) {
      const ef = await extensiveFormPortfolio(net, demand, candidates, set, { ...common, objective, mipBackend: 'glpk' });
      expect(ef.status).toBe('optimal');
      expect(ef.chosen).toEqual(['rail-2']);
      expect(ef.objectiveUsd).toBeCloseTo(value, 0);
    }
  });
});

/**
 * Brute force, independent of the decomposition: every subset of candidates under the budget, each
 * scenario solved cold with the arc formulation on GLPK on the network with that subset built.
 */
async function bruteForce(net: Network, demand: DemandRow[], candidates: Candidate[], set: ScenarioSet, budgetUsd: number, discountRate: number) {
  const rows: { subset: string[]; annual: number; costs: number[] }[] = [];
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const subset = candidates.filter((_, i) => mask & (1 << i));
    if (subset.reduce((s, c) => s + c.capexUsd, 0) > budgetUsd) continue;
    const built = applyCandidates(net, subset);
    const costs: number[] = [];
    for (const s of set.scenarios) {
      const r = await optimize(built, scenarioDemand(demand, s), { ...money, method: 'arc', backend: 'glpk', paths: false, closedNodeIds: s.closedNodeIds, closedLinkIds: s.closedLinkIds, capacityMultipliers: s.capacityMultipliers });
      expect(r.status).toBe('optimal');
      costs.push(r.objectiveUsd!);
    }
    rows.push({ subset: subset.map((c) => c.id), annual: subset.reduce((s, c) => s + annualizedCapexUsd(c.capexUsd, discountRate, c.lifetimeYears), 0), costs });
  }
  const best = set.scenarios.map((_, s) => Math.min(...rows.map((r) => r.annual + r.costs[s])));
  const scored = (objective: RobustObjective) =>
    rows.map((r) => ({
      subset: r.subset,
      value:
        objective === 'expected'
          ? r.annual + r.costs.reduce((sum, q, s) => sum + set.scenarios[s].probability * q, 0)
          : objective === 'worst'
            ? r.annual + Math.max(...r.costs)
            : Math.max(...r.costs.map((q, s) => r.annual + q - best[s])),
    }));
  return (objective: RobustObjective) => scored(objective).sort((a, b) => a.value - b.value);
}

/**
 * A three-node network with two corridors and five candidates of every kind (new link, capacity
 * upgrade, node throughput upgrade, cost upgrade), four scenarios with closures, derates and a demand surge.
 */
function smallCase() {
  const line = (props: Record<string, unknown>, coords: number[][]) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props });
  const net = twoRouteNetwork({ throughputB: 2800 });
  const demand: DemandRow[] = [
    ...demandAB(3000),
    { origin: 'A', destination: 'C', teuPerYear: 400, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 3 },
  ];
  const candidates = parseCandidates(
    [
      { ...secondTrackFeature, properties: { ...secondTrackFeature.properties, capexUsd: 2.5e6, lifetimeYears: 20 } },
      { ...railUpgrade, capacityTeuPerYear: 2000, capexUsd: 1.2e6, lifetimeYears: 20 },
      { ...roadCheaper, capexUsd: 1.5e6, lifetimeYears: 15 },
      { type: 'upgrade', id: 'terminal-b', target: 'B', throughputTeuPerYear: 4000, capexUsd: 0.6e6, lifetimeYears: 15, source: 'test figures' },
      line({ id: 'a-c-road', from: 'A', to: 'C', mode: 'road', status: 'candidate', lengthKm: 1150, costUsdPerTeuKm: 0.3, hours: 25, co2KgPerTeuKm: 0.6, capacityTeuPerYear: 500, capexUsd: 0.9e6, lifetimeYears: 25, source: 'test figures' }, [[0, 0], [1, 0.5]]),
    ],
    net,
  );
  const set = validateScenarioSet(
    {
      scenarios: [
        { id: 'base', name: 'base', weight: 5 },
        { id: 'rail-closed', name: 'rail closed', weight: 1, close: ['rail'] },
        { id: 'b-half', name: 'B at half throughput', weight: 2, derate: { B: 0.5 } },
        { id: 'surge', name: 'more demand, spur closed', weight: 1, close: ['spur'], demand: [{ origin: 'A', destination: 'B', factor: 1.3 }] },
      ],
    },
    net,
  );
  return { net, demand, candidates, set };
}

describe('robust portfolio equals brute force over all subsets and the extensive form on GLPK', () => {
  const { net, demand, candidates, set } = smallCase();
  const budget = 3.5e6;
  const rate = 0.06;
  let ranked: Awaited<ReturnType<typeof bruteForce>>;

  for (const objective of ['expected', 'worst', 'regret'] as const) {
    it(objective, async () => {
      ranked ??= await bruteForce(net, demand, candidates, set, budget, rate);
      const list = ranked(objective);
      const r = await robustPortfolio(net, demand, candidates, set, { ...money, objective, budgetUsd: budget, discountRate: rate });
      expect(r.status).toBe('optimal');
      expect(r.objectiveUsd).toBeCloseTo(list[0].value, -1);
      expect(Math.abs(r.objectiveUsd! - list[0].value) / list[0].value).toBeLessThan(1e-6);
      // The chosen set is one of the optimal subsets (ties are possible).
      const optimal = list.filter((x) => x.value <= list[0].value * (1 + 1e-6)).map((x) => x.subset.join());
      expect(optimal).toContain(r.chosen.join());
      expect(r.lowerBoundUsd!).toBeLessThanOrEqual(list[0].value * (1 + 1e-9));
      const ef = await extensiveFormPortfolio(net, demand, candidates, set, { ...money, objective, budgetUsd: budget, discountRate: rate, mipBackend: 'glpk' });
      expect(ef.status).toBe('optimal');
      expect(Math.abs(ef.objectiveUsd! - list[0].value) / list[0].value).toBeLessThan(1e-6);
    }, 60_000);
  }

  it('is not trivial: by brute force, expected and regret pick different non-empty portfolios', async () => {
    ranked ??= await bruteForce(net, demand, candidates, set, budget, rate);
    expect(ranked('expected')[0].subset.length).toBeGreaterThan(0);
    expect(ranked('regret')[0].subset.join()).not.toBe(ranked('expected')[0].subset.join());
  });
});

describe('a scenario that cuts an OD pair off is a result, not a crash', () => {
  it('reports the unserved demand of the scenario that closes the destination', async () => {
    const { net, demand, candidates } = handCase();
    const set = validateScenarioSet({ scenarios: [{ id: 'base', name: 'base', probability: 0.9 }, { id: 'b-closed', name: 'B closed', probability: 0.1, close: ['B'] }] }, net);
    const r = await robustPortfolio(net, demand, candidates, set, { ...money, objective: 'worst', budgetUsd: 2e6, discountRate: 0 });
    expect(r.status).toBe('optimal');
    const closed = r.scenarios.find((s) => s.id === 'b-closed')!;
    expect(closed.unservedTeu).toBeCloseTo(3000, 6);
    // Nothing helps when B is closed (3,000 × 50,000 penalty), so min–max builds nothing.
    expect(r.objectiveUsd).toBeCloseTo(3000 * 50_000, 0);
    expect(r.chosen).toEqual([]);
  });
});

describe('a derate on an unlimited link that a candidate upgrades changes nothing (as in the network itself)', () => {
  it('equals brute force', async () => {
    const net = twoRouteNetwork();
    const candidates = parseCandidates([{ ...roadCheaper, capexUsd: 1e5, lifetimeYears: 10 }, { ...railUpgrade, capexUsd: 1e6, lifetimeYears: 10 }], net);
    const set = validateScenarioSet({ scenarios: [{ id: 'base', name: 'base', weight: 1 }, { id: 'road-derated', name: 'road derated', weight: 1, derate: { road: 0.5 }, close: ['rail'] }] }, net);
    const ranked = await bruteForce(net, demandAB(3000), candidates, set, 2e6, 0);
    for (const objective of ['expected', 'worst'] as const) {
      const best = ranked(objective)[0];
      const r = await robustPortfolio(net, demandAB(3000), candidates, set, { ...money, objective, budgetUsd: 2e6, discountRate: 0 });
      expect(Math.abs(r.objectiveUsd! - best.value) / best.value).toBeLessThan(1e-6);
      expect(r.chosen).toEqual(best.subset);
      expect(r.relativeGap).toBeLessThanOrEqual(1e-6);
      expect(r.scenarios[0].ownBest?.relativeGap).toBeLessThanOrEqual(1e-6);
    }
  });
});
