import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import type { DemandRow } from '../src/network/demand.js';
import { parseCandidates } from '../src/evaluate/index.js';
import { resilienceMeasures, resilienceToGeoJson, validateScenarioSet } from '../src/resilience/index.js';
import { demandAB, railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const money = { vot: 0, carbonPrice: 0 };

describe('resilience measures on the two-route network (hand-solved)', () => {
  // A → B 3,000 TEU/yr: rail 200 USD/TEU for 1,000 TEU/yr, road 500 USD/TEU unlimited; base 1,200,000 USD/yr.
  const net = twoRouteNetwork();
  const set = validateScenarioSet({ scenarios: [{ id: 'base', name: 'base', probability: 0.8 }, { id: 'rail-closed', name: 'rail closed', probability: 0.2, close: ['rail'] }] }, net);
  const candidates = parseCandidates([secondTrackFeature, railUpgrade, roadCheaper], net);

  it('redundancy, backup capacity and backup values', async () => {
    const r = await resilienceMeasures(net, demandAB(3000), set, { ...money, candidates });
    expect(r.baseScenarioId).toBe('base');
    expect(r.base.objectiveUsd).toBeCloseTo(1_200_000, 0);
    // Rail closed: all 3,000 by road (served share 1), mean cost 400 → 500 USD/TEU, +300,000 USD/yr.
    const [odRow] = r.od;
    expect(odRow.worstScenarioId).toBe('rail-closed');
    expect(odRow.worstServedShare).toBeCloseTo(1, 9);
    expect(odRow.baseCostUsdPerTeu).toBeCloseTo(400, 6);
    expect(odRow.worstExtraCostUsdPerTeu).toBeCloseTo(100, 6);
    expect(odRow.byScenario[0].addedCostUsd).toBeCloseTo(300_000, 0);
    expect(r.scenarios[0].addedCostUsd).toBeCloseTo(300_000, 0);
    // The rail link binds (shadow price 300); closed, its 1,000 TEU go by road, which is unlimited.
    expect(r.backupCapacity).toHaveLength(1);
    const rail = r.backupCapacity[0];
    expect(rail).toMatchObject({ kind: 'link', id: 'rail', spareOnAlternativesTeuPerYear: null, backupCoverage: 1 });
    expect(rail.flowTeuPerYear).toBeCloseTo(1000, 6);
    expect(rail.shadowPriceUsdPerTeu).toBeCloseTo(300, 6);
    expect(rail.closedAddedCostUsd).toBeCloseTo(300_000, 0);
    expect(rail.alternatives.map((a) => [a.id, a.direction])).toEqual([['road', 'forward']]);
    expect(rail.alternatives[0].gainedTeuPerYear).toBeCloseTo(1000, 6);
    // Backup values (benefit alone; expected = 0.8 base + 0.2 rail closed):
    //   rail-2 (1,500 TEU/yr at 200): 450,000 in both → backup value 0;
    //   rail-cap (rail → 2,500): 450,000 in base, 0 with rail closed → expected 360,000, backup −90,000;
    //   road-cheaper (500 → 400 USD/TEU): 2,000 × 100 = 200,000 in base, 3,000 × 100 = 300,000 closed → 220,000, +20,000.
    const value = (id: string) => r.backupValues.find((v) => v.id === id)!;
    expect(value('rail-2').backupValueUsd).toBeCloseTo(0, 0);
    expect(value('rail-cap').baseBenefitUsd).toBeCloseTo(450_000, 0);
    expect(value('rail-cap').expectedBenefitUsd).toBeCloseTo(360_000, 0);
    expect(value('rail-cap').backupValueUsd).toBeCloseTo(-90_000, 0);
    expect(value('road-cheaper').expectedBenefitUsd).toBeCloseTo(220_000, 0);
    expect(value('road-cheaper').backupValueUsd).toBeCloseTo(20_000, 0);
    expect(value('road-cheaper').maxBenefitScenarioId).toBe('rail-closed');
    expect(r.backupValues[0].id).toBe('road-cheaper');
    // Link redundancy: the rail link's traffic (A → B) is still served when rail closes.
    expect(r.links.find((l) => l.id === 'rail')?.redundancy).toBeCloseTo(1, 9);
    const geo = resilienceToGeoJson(r, net);
    expect(geo.features.find((f) => f.properties?.id === 'rail')?.properties?.baseFlowTeuPerYear).toBeCloseTo(1000, 6);
  });

  it('a closure that strands demand: share served 0', async () => {
    const closedB = validateScenarioSet({ scenarios: [{ id: 'base', name: 'base', weight: 1 }, { id: 'b', name: 'B closed', weight: 1, close: ['B'] }] }, net);
    const r = await resilienceMeasures(net, demandAB(3000), closedB, money);
    expect(r.od[0].worstServedShare).toBe(0);
    expect(r.od[0].byScenario[0].addedCostUsd).toBeCloseTo(3000 * 50_000 - 1_200_000, 0);
    expect(r.corridors[0].worstServedShare).toBe(0);
    expect(r.links.find((l) => l.id === 'road')?.redundancy).toBe(0);
  });
});

describe('concentration across border crossings (hand-solved)', () => {
  // O → D 1,000 TEU/yr over two border crossings: via X1 (cheaper, 600 TEU/yr on O–X1) and via X2.
  const point = (id: string, lon: number, kind: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lon === 1 ? (id === 'X1' ? 0.2 : -0.2) : 0] }, properties: { id, kind } });
  const line = (id: string, from: string, to: string, cost: number, cap: number | null, coords: number[][]) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: coords },
    properties: { id, from, to, mode: 'rail', lengthKm: 100, costUsdPerTeuKm: cost, hours: 2, ...(cap === null ? {} : { capacityTeuPerYear: cap }) },
  });
  const net = buildNetwork(
    {
      type: 'FeatureCollection',
      features: [
        point('O', 0, 'rail_terminal'),
        point('X1', 1, 'border_crossing'),
        point('X2', 1, 'border_crossing'),
        point('D', 2, 'rail_terminal'),
        line('o-x1', 'O', 'X1', 1, 600, [[0, 0], [1, 0.2]]),
        line('x1-d', 'X1', 'D', 1, null, [[1, 0.2], [2, 0]]),
        line('o-x2', 'O', 'X2', 2, null, [[0, 0], [1, -0.2]]),
        line('x2-d', 'X2', 'D', 2, null, [[1, -0.2], [2, 0]]),
      ],
    },
    { id: 'two-crossings' },
  );
  const demand: DemandRow[] = [{ origin: 'O', destination: 'D', teuPerYear: 1000, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 2 }];

  it('HHI 0.6² + 0.4² = 0.52, largest share 0.6 at X1; X1 closed: the rest via X2', async () => {
    const set = validateScenarioSet({ scenarios: [{ id: 'x1-closed', name: 'X1 closed', weight: 1, close: ['X1'] }] }, net);
    const r = await resilienceMeasures(net, demand, set, money);
    expect(r.baseScenarioId).toBe('(base)');
    const borders = r.concentration.find((c) => c.category === 'border-crossings')!;
    expect(borders.hhi).toBeCloseTo(0.52, 9);
    expect(borders.elements.map((e) => [e.id, e.share])).toEqual([['X1', expect.closeTo(0.6, 9)], ['X2', expect.closeTo(0.4, 9)]]);
    expect(r.largestElementShare).toMatchObject({ id: 'X1', category: 'border-crossings' });
    expect(r.largestElementShare?.shareOfTotalTeu).toBeCloseTo(0.6, 9);
    // Base: 600 × 200 + 400 × 400 = 280,000; X1 closed: 1,000 × 400 = 400,000.
    expect(r.base.objectiveUsd).toBeCloseTo(280_000, 0);
    expect(r.scenarios[0].addedCostUsd).toBeCloseTo(120_000, 0);
    expect(r.od[0].worstExtraCostUsdPerTeu).toBeCloseTo(400 - 280, 6);
    // o-x1 binds (shadow price 200); closed, 600 TEU move to o-x2 and x2-d (unlimited).
    const oX1 = r.backupCapacity.find((b) => b.id === 'o-x1')!;
    expect(oX1.shadowPriceUsdPerTeu).toBeCloseTo(200, 6);
    expect(oX1.alternatives.map((a) => a.id).sort()).toEqual(['o-x2', 'x2-d']);
  });
});
