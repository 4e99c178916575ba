import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import type { DemandRow } from '../src/network/demand.js';
import { expandNetwork } from '../src/graph/expanded-graph.js';
import type { Network } from '../src/network/network.js';
import { assignmentResultToJson, assignmentToGeoJson, optimize, type OptimizeOptions } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';
import { decomposeFlow } from '../src/assignment/path-decomposition.js';

const row = (origin: string, destination: string, teuPerYear: number, extra: Partial<DemandRow> = {}): DemandRow => ({
  origin, destination, teuPerYear, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 0, ...extra,
});

/**
 * Hand-solvable network (money only with vot 0, carbon 0):
 *
 *   A ──rail 1000 km × 0.2 = 200 USD, 48 h, cap 800/dir──▶ P ──sea 2000 km × 0.05 = 100 USD, 100 h──▶ C
 *   A ──────────────────road 1000 km × 0.6 = 600 USD, 20 h (unlimited)──────────────────────────────▶ C
 *
 * P is a port with throughput 700 TEU/yr and a rail→sea transfer of 50 USD, 12 h.
 * Route via P: 200 + 50 + 100 = 350 USD/TEU; road: 600 USD/TEU.
 */
function handNetwork(): Network {
  const point = (id: string, lon: number, lat: number, props: object = {}) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, ...props },
  });
  const line = (id: string, from: [string, number, number], to: [string, number, number], props: object) => ({
    type: 'Feature', geometry: { type: 'LineString', coordinates: [[from[1], from[2]], [to[1], to[2]]] }, properties: { id, from: from[0], to: to[0], ...props },
  });
  const A: [string, number, number] = ['A', 100, 30];
  const P: [string, number, number] = ['P', 108, 22];
  const C: [string, number, number] = ['C', 104, 1];
  return buildNetwork({
    type: 'FeatureCollection',
    features: [
      point('A', 100, 30),
      point('P', 108, 22, { kind: 'seaport', throughputTeuPerYear: 700, transferUsdPerTeu: 50, transferHours: 12 }),
      point('C', 104, 1, { kind: 'seaport' }),
      line('A-P', A, P, { mode: 'rail', lengthKm: 1000, costUsdPerTeuKm: 0.2, hours: 48, co2KgPerTeuKm: 0.02, capacityTeuPerYear: 800 }),
      line('P-C', P, C, { mode: 'sea', lengthKm: 2000, costUsdPerTeuKm: 0.05, hours: 100, co2KgPerTeuKm: 0.01 }),
      line('A-C', A, C, { mode: 'road', lengthKm: 1000, costUsdPerTeuKm: 0.6, hours: 20, co2KgPerTeuKm: 0.1 }),
    ],
  }, { id: 'hand' });
}

const net = handNetwork();
const demand = [row('A', 'C', 1000)];
// These tests are about the arc formulation; the first test also runs `method: 'paths'` (column generation).
const money: OptimizeOptions = { vot: 0, carbonPrice: 0, method: 'arc' };

async function solved(options: OptimizeOptions, d: DemandRow[] = demand, network: Network = net) {
  const result = await optimize(network, d, options);
  expect(result.status).toBe('optimal');
  expect(checkInvariants(result, network, d).violations).toEqual([]);
  return result;
}

const close = (a: number | null | undefined, b: number, rel = 1e-9) => expect(Math.abs((a ?? NaN) - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('optimize: hand-solved capacitated case', () => {
  it('fills the port to its throughput and sends the rest by road; the port shadow price is the cost gap', async () => {
    // P's throughput (700) binds before the rail capacity (800): 700 TEU via P at 350, 300 by road at 600.
    // Objective 700 × 350 + 300 × 600 = 425,000 USD/yr. One more TEU/yr of port throughput moves one TEU
    // from road to the port route and saves 600 − 350 = 250 USD/yr: the port's shadow price. The rail
    // link is not binding (700 < 800), so its shadow price is 0.
    // The arc LP with two backends, and the path formulation (column generation) for agreement.
    for (const how of [{ backend: 'highs', method: 'arc' }, { backend: 'glpk' }, { backend: 'highs', method: 'paths' }] as const) {
      const r = await solved({ ...money, ...how });
      close(r.objectiveUsd, 425_000);
      expect(r.objectiveBreakdown).toEqual({ moneyUsd: expect.any(Number), timeUsd: 0, carbonUsd: 0, unservedPenaltyUsd: 0 });
      close(r.objectiveBreakdown!.moneyUsd, 425_000);
      expect(r.unservedTeu).toBe(0);
      const port = r.terminals.find((t) => t.id === 'P')!;
      close(port.throughputTeuPerYear, 700);
      close(port.utilization, 1);
      close(port.shadowPriceUsdPerTeu, 250, 1e-7);
      const rail = r.links.find((l) => l.id === 'A-P' && l.direction === 'forward')!;
      close(rail.flowTeuPerYear, 700);
      expect(rail.shadowPriceUsdPerTeu).toBe(0);
      expect(r.bottlenecks.map((b) => [b.kind, b.id])).toEqual([['terminal', 'P']]);
      const paths = r.od[0].paths.map((p) => [p.nodeIds.join('>'), p.modes.join('+'), Math.round(p.teuPerYear), p.generalizedCostUsdPerTeu]);
      expect(paths).toEqual([['A>P>C', 'rail+sea', 700, 350], ['A>C', 'road', 300, 600]]);
      expect(r.modalSplit.map((m) => [m.mode, Math.round(m.teuPerYear), Math.round(m.teuKm)])).toEqual([
        ['rail', 0, 700_000], ['road', 300, 300_000], ['sea', 700, 1_400_000],
      ]);
      close(r.teuKm, 2_400_000);
      // CO2: 700 × (1000 × 0.02 + 2000 × 0.01) + 300 × 1000 × 0.1 = 28,000 + 30,000 kg.
      close(r.co2Kg, 58_000);
    }
  });

  it('agrees with a finite difference: one more TEU/yr at the port saves the shadow price', async () => {
    const base = await solved({ ...money, backend: 'highs', method: 'arc' });
    const more = await solved({ ...money, backend: 'highs', method: 'arc', capacityMultipliers: { P: 701 / 700 } });
    close(base.objectiveUsd! - more.objectiveUsd!, base.terminals.find((t) => t.id === 'P')!.shadowPriceUsdPerTeu!, 1e-6);
  });

  it('moves the bottleneck to the rail link when the port is derated upwards', async () => {
    // Port throughput 1400: the rail link (800) binds. 800 × 350 + 200 × 600 = 400,000; rail shadow price 250.
    const r = await solved({ ...money, capacityMultipliers: { P: 2 } });
    close(r.objectiveUsd, 400_000);
    close(r.links.find((l) => l.id === 'A-P' && l.direction === 'forward')!.shadowPriceUsdPerTeu, 250, 1e-7);
    expect(r.terminals.find((t) => t.id === 'P')!.shadowPriceUsdPerTeu).toBe(0);
    expect(r.bottlenecks.map((b) => `${b.kind}:${b.id}:${b.direction}`)).toEqual(['link:A-P:forward']);
  });

  it('prices time and carbon into the objective and the breakdown', async () => {
    // vot 1, carbon 100 USD/t: via P 350 + (48+12+100) h + 100 × 40 kg / 1000 = 350 + 160 + 4 = 514;
    // road 600 + 20 + 100 × 100 / 1000 = 630. Still 700 via P, 300 by road; shadow price 630 − 514 = 116.
    const r = await solved({ vot: 1, carbonPrice: 100, method: 'arc' });
    close(r.objectiveUsd, 700 * 514 + 300 * 630);
    close(r.objectiveBreakdown!.moneyUsd, 425_000);
    close(r.objectiveBreakdown!.timeUsd, 700 * 160 + 300 * 20);
    close(r.objectiveBreakdown!.carbonUsd, (700 * 4 + 300 * 10));
    close(r.terminals.find((t) => t.id === 'P')!.shadowPriceUsdPerTeu, 116, 1e-7);
  });

  it('reports unserved demand with its penalty when a closure leaves too little capacity', async () => {
    // Road closed: 700 via P, 300 unserved at 10,000: 245,000 + 3,000,000. The port's shadow price is now
    // what a TEU of throughput saves by serving one more TEU: 10,000 − 350 = 9,650.
    const r = await solved({ ...money, closedLinkIds: ['A-C'], unservedPenaltyUsdPerTeu: 10_000 });
    close(r.objectiveUsd, 3_245_000);
    close(r.unservedTeu, 300);
    close(r.objectiveBreakdown!.unservedPenaltyUsd, 3_000_000);
    close(r.od[0].unservedTeuPerYear, 300);
    close(r.od[0].servedTeuPerYear, 700);
    close(r.terminals.find((t) => t.id === 'P')!.shadowPriceUsdPerTeu, 9_650, 1e-7);
    const road = r.links.filter((l) => l.id === 'A-C');
    expect(road.map((l) => [l.direction, l.closed, l.flowTeuPerYear, l.capacityTeuPerYear, l.shadowPriceUsdPerTeu])).toEqual([
      ['forward', true, 0, 0, null],
      ['reverse', true, 0, 0, null],
    ]);
    expect(r.warnings).toEqual([]); // capacity is the reason, so no "no route" warning
  });

  it('explains unserved demand that has no open route or costs more than the penalty', async () => {
    const closed = await solved({ ...money, closedNodeIds: ['C'] });
    close(closed.unservedTeu, 1000);
    expect(closed.warnings.join('\n')).toContain('A → C: no open route');
    const dear = await solved({ ...money, unservedPenaltyUsdPerTeu: 300 });
    close(dear.unservedTeu, 1000);
    expect(dear.warnings.join('\n')).toContain('because of cost, not capacity');
  });

  it('splits pooled flows back onto demand rows pro rata and keeps rows with their own VOT apart', async () => {
    const d = [row('A', 'C', 600, { commodity: 'x' }), row('A', 'C', 400, { commodity: 'y' }), row('A', 'C', 0), row('A', 'P', 100, { valueOfTimeUsdPerTeuHour: 10 })];
    const r = await solved(money, d);
    expect(r.lpSize.commodities).toBe(2);
    // Total through P: 1000 A→C plus 100 A→P (which ends at P, so uses P's destination arc) ≤ 700.
    close(r.terminals.find((t) => t.id === 'P')!.throughputTeuPerYear, 700);
    const [x, y, zero, toPort] = r.od;
    close(x.servedTeuPerYear / 600, y.servedTeuPerYear / 400);
    expect(zero).toMatchObject({ demandTeuPerYear: 0, servedTeuPerYear: 0, unservedTeuPerYear: 0, paths: [] });
    expect(toPort.valueOfTimeUsdPerTeuHour).toBe(10);
    expect(JSON.parse(JSON.stringify(assignmentResultToJson(r)))).not.toHaveProperty('commodities');
  });

  it('reports null shadow prices without duals (js-lp-solver) and ranks bottlenecks by utilization', async () => {
    const r = await solved({ ...money, backend: 'js-lp-solver' });
    close(r.objectiveUsd, 425_000);
    expect(r.shadowPricesAvailable).toBe(false);
    expect(r.terminals.every((t) => t.shadowPriceUsdPerTeu === null)).toBe(true);
    expect(r.bottlenecks.map((b) => b.id)).toEqual(['P']);
  });

  it('drops capacities with ignoreCapacities: everything on the cheapest route', async () => {
    const r = await solved({ ...money, ignoreCapacities: true });
    close(r.objectiveUsd, 350_000);
    expect(r.bottlenecks).toEqual([]);
  });

  it('rejects bad options before any work, with typed errors', async () => {
    await expect(optimize(net, demand, { closedNodeIds: ['Q'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(optimize(net, demand, { capacityMultipliers: { P: -1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(optimize(net, demand, { vot: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(optimize(net, demand, { backend: 'cplex' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(optimize(net, [row('A', 'Z', 1)])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(optimize(net, [row('A', 'C', Number.NaN)])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('writes flows, utilization and shadow prices of both directions into GeoJSON', async () => {
    const r = await solved(money);
    const fc = assignmentToGeoJson(r, net);
    const rail = fc.features.find((f) => f.properties?.id === 'A-P')!.properties!;
    expect(rail).toMatchObject({ flowForwardTeuPerYear: expect.closeTo(700, 6), flowReverseTeuPerYear: 0, capacityTeuPerYear: 800, utilizationReverse: 0 });
    expect(rail.utilization).toBeCloseTo(700 / 800, 9);
    const port = fc.features.find((f) => f.geometry.type === 'Point' && f.properties?.id === 'P')!.properties!;
    expect(port.shadowPriceUsdPerTeu).toBeCloseTo(250, 5);
  });
});

describe('decomposeFlow', () => {
  const fixture = buildNetwork(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/in/tiny-multimodal.geojson'), 'utf8')));

  it('cancels a cycle and returns the origin → destination paths', () => {
    const g = expandNetwork(fixture);
    const A = g.nodeIndex.get('A')!;
    const S = g.nodeIndex.get('S')!;
    const find = (pred: (a: number) => boolean) => Array.from({ length: g.arcCount }, (_, a) => a).filter(pred);
    const key = (a: number) => `${g.vertexKey[g.arcFrom[a]]}>${g.vertexKey[g.arcTo[a]]}`;
    const byKey = (k: string) => find((a) => key(a) === k)[0];
    const path = ['o|A>p|A|road', 'p|A|road>a|S|road', 'a|S|road>d|S'].map(byKey);
    const cycle = ['p|A|rail-1435>a|P|rail-1435', 'a|P|rail-1435>p|P|rail-1435', 'p|P|rail-1435>a|A|rail-1435', 'a|A|rail-1435>p|A|rail-1435'].map(byKey);
    expect([...path, ...cycle].every((a) => a !== undefined)).toBe(true);
    const originRail = byKey('o|A>p|A|rail-1435');
    const aRailToRoad = byKey('a|A|rail-1435>p|A|road');
    const arcs = [...path, ...cycle, originRail, aRailToRoad];
    // 10 TEU by road directly; 4 TEU leave A by rail, go round by P, come back to A and transfer to road to
    // S; 3 TEU circulate on the rail loop p|A → P → A → p|A on top (a zero-demand cycle).
    const flows = [10, 14, 14, 7, 7, 7, 3, 4, 4];
    const d = decomposeFlow(g, A, arcs, flows, 1e-9);
    expect(d.cycleTeuPerYear).toBeCloseTo(3, 12);
    expect(d.residueTeuPerYear).toBe(0);
    expect(d.paths.map((p) => [p.destinationNode, p.teuPerYear]).sort()).toEqual([[S, 10], [S, 4]].sort());
    for (const p of d.paths) {
      expect(g.arcFrom[p.arcs[0]]).toBe(g.originVertex[A]);
      expect(g.arcTo[p.arcs[p.arcs.length - 1]]).toBe(g.destinationVertex[S]);
    }
  });
});
