/**
 * Column generation (method 'paths') against the arc formulation and against numbers computed here:
 * hand-solved tiny cases, random synthetic networks (objective to 1e-6, invariants, and the shadow prices
 * checked as optimal duals through a Lagrangian bound computed with an independent Dijkstra), warm sweeps
 * against cold solves, and the status mapping.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltinNetwork } from '../networks/index.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { criticality } from '../src/evaluate/criticality.js';
import { disrupt } from '../src/evaluate/disrupt.js';
import { expandNetwork } from '../src/graph/expanded-graph.js';
import type { Network } from '../src/network/network.js';
import { optimize, createPathsSolver, optimizePaths, type AssignmentResult } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';
import { syntheticDemand, syntheticNetwork } from './support/synthetic-network.js';
import { demandAB, twoRouteNetwork } from './support/evaluate-tiny-network.js';
import { plainDijkstra } from './support/plain-dijkstra.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

const rows = (list: { origin: string; destination: string; teuPerYear: number }[]): DemandRow[] =>
  list.map((r, i) => ({ ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2 }));

const relClose = (a: number | null, b: number | null, rel: number, what = '') =>
  expect(Math.abs((a ?? NaN) - (b ?? NaN)), what).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b ?? NaN)));

/**
 * Lagrangian bound of the capacity rows at the result's shadow prices μ (≥ 0):
 *   L(μ) = Σ_od demand × min(penalty, cheapest route cost with arc costs + μ) − Σ μ × capacity.
 * By weak duality L(μ) ≤ optimum for every μ ≥ 0, with equality exactly when μ are optimal duals, so
 * L(μ) = objective checks the shadow prices without assuming they are unique. Plain O(V²) Dijkstra, no code
 * shared with the solver.
 */
function lagrangianBound(net: Network, demand: readonly DemandRow[], result: AssignmentResult, penalty: number, vot: number): number {
  const g = expandNetwork(net);
  const closedLinks = new Set(result.parameters.closedLinkIds);
  const factor = (id: string) => result.parameters.capacityMultipliers[id] ?? 1;
  const linkPrice = new Map(result.links.map((l) => [`${l.id}|${l.direction}`, l.shadowPriceUsdPerTeu ?? 0]));
  const nodePrice = new Map(result.terminals.map((t) => [t.id, t.shadowPriceUsdPerTeu ?? 0]));
  const cost = new Float64Array(g.arcCount);
  const open = new Uint8Array(g.arcCount);
  let relief = 0;
  for (let a = 0; a < g.arcCount; a++) {
    cost[a] = g.arcCostUsd[a] + vot * g.arcHours[a];
    open[a] = 1;
    const li = g.arcLink[a];
    if (li >= 0) {
      const l = net.links[li];
      if (closedLinks.has(l.id)) open[a] = 0;
      const mu = linkPrice.get(`${l.id}|${g.arcReverse[a] ? 'reverse' : 'forward'}`) ?? 0;
      cost[a] += mu;
      if (mu > 0) relief += mu * l.capacityTeuPerYear! * factor(l.id);
    } else {
      cost[a] += nodePrice.get(net.nodes[g.arcNode[a]].id) ?? 0;
    }
  }
  for (const n of net.nodes) {
    const mu = nodePrice.get(n.id) ?? 0;
    if (mu > 0) relief += mu * n.throughputTeuPerYear! * factor(n.id);
  }
  let total = 0;
  for (const r of demand) {
    const d = plainDijkstra(g, cost, open, g.originVertex[g.nodeIndex.get(r.origin)!])[g.destinationVertex[g.nodeIndex.get(r.destination)!]];
    total += r.teuPerYear * Math.min(penalty, d);
  }
  return total - relief;
}

describe('column generation: hand-solved two-route case', () => {
  const options = { vot: 0, carbonPrice: 0, unservedPenaltyUsdPerTeu: 10_000 } as const;

  it('fills rail (1,000 TEU at 200) and sends 2,000 TEU by road (500): objective 1,200,000; rail shadow price 300', async () => {
    const net = twoRouteNetwork();
    const r = await optimizePaths(net, demandAB(), options);
    expect(r.status).toBe('optimal');
    expect(r.objectiveUsd).toBeCloseTo(1_200_000, 6);
    // One more TEU/yr of rail capacity moves one TEU from road (500) to rail (200): 300 USD/yr saved.
    const rail = r.links.find((l) => l.id === 'rail' && l.direction === 'forward')!;
    expect(rail.flowTeuPerYear).toBeCloseTo(1000, 6);
    expect(rail.shadowPriceUsdPerTeu).toBeCloseTo(300, 6);
    expect(r.od[0].paths.map((p) => [p.linkIds.join(), p.teuPerYear])).toEqual(expect.arrayContaining([['rail', expect.closeTo(1000, 6)], ['road', expect.closeTo(2000, 6)]]));
    expect(checkInvariants(r, net, demandAB()).violations).toEqual([]);
    expect(r.columnGeneration.columnsTotal).toBeGreaterThanOrEqual(2);
  });

  it('leaves demand unserved above what a 2,500 TEU/yr terminal takes; its shadow price is penalty − rail cost (unique)', async () => {
    const net = twoRouteNetwork({ throughputB: 2500 });
    const arc = await optimize(net, demandAB(), { ...options, method: 'arc' });
    const paths = await optimize(net, demandAB(), { ...options, method: 'paths' });
    // 1,000 rail + 1,500 road reach B, 500 unserved: 200,000 + 750,000 + 5,000,000.
    for (const r of [arc, paths]) {
      expect(r.objectiveUsd).toBeCloseTo(5_950_000, 5);
      expect(r.unservedTeu).toBeCloseTo(500, 6);
      // An extra TEU/yr through B is served by road instead of unserved: 10,000 − 500.
      expect(r.terminals.find((t) => t.id === 'B')!.shadowPriceUsdPerTeu).toBeCloseTo(9500, 5);
      // And an extra TEU/yr of rail moves one from road to rail: 300.
      expect(r.links.find((l) => l.id === 'rail' && l.direction === 'forward')!.shadowPriceUsdPerTeu).toBeCloseTo(300, 5);
    }
    expect(checkInvariants(paths, net, demandAB()).violations).toEqual([]);
  });
});

describe('column generation equals the arc formulation on random networks', () => {
  const cases = [
    { nodeCount: 8, seed: 3, odPairs: 6, teu: [5_000, 30_000] as [number, number], tightness: 1, penalty: 50_000 },
    { nodeCount: 15, seed: 42, odPairs: 10, teu: [5_000, 30_000] as [number, number], tightness: 1, penalty: 50_000 },
    { nodeCount: 25, seed: 7, odPairs: 12, teu: [10_000, 40_000] as [number, number], tightness: 1, penalty: 3_000 },
    { nodeCount: 40, seed: 11, odPairs: 15, teu: [500, 5_000] as [number, number], tightness: 0.3, penalty: 50_000 },
    { nodeCount: 60, seed: 5, odPairs: 12, teu: [20_000, 60_000] as [number, number], tightness: 1, penalty: 50_000 },
  ];
  for (const c of cases) {
    it(`${c.nodeCount} nodes, ${c.odPairs} pairs, ${c.teu.join('–')} TEU, penalty ${c.penalty} (seed ${c.seed})`, async () => {
      const net = syntheticNetwork({ nodeCount: c.nodeCount, seed: c.seed, capacityTightness: c.tightness });
      const demand = rows(syntheticDemand(net, { odPairs: c.odPairs, seed: c.seed + 1, teuPerYear: c.teu }));
      const options = { unservedPenaltyUsdPerTeu: c.penalty, vot: 1 };
      const arc = await optimize(net, demand, { ...options, method: 'arc', backend: 'highs' });
      const paths = await optimize(net, demand, { ...options, method: 'paths' });
      expect(arc.status).toBe('optimal');
      expect(paths.status).toBe('optimal');
      relClose(paths.objectiveUsd, arc.objectiveUsd, 1e-6, 'objective');
      relClose(paths.unservedTeu, arc.unservedTeu, 1e-6, 'unserved');
      expect(checkInvariants(paths, net, demand).violations).toEqual([]);
      // Both sets of shadow prices are optimal duals: the Lagrangian bound at them reaches the optimum.
      relClose(lagrangianBound(net, demand, paths, c.penalty, 1), arc.objectiveUsd, 1e-6, 'Lagrangian bound at the paths duals');
      relClose(lagrangianBound(net, demand, arc, c.penalty, 1), arc.objectiveUsd, 1e-6, 'Lagrangian bound at the arc duals');
    });
  }

  it('exercises capacity and unserved demand (the cases above are not trivial)', async () => {
    const net = syntheticNetwork({ nodeCount: 25, seed: 7, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 8, teuPerYear: [10_000, 40_000] }));
    const r = await optimize(net, demand, { unservedPenaltyUsdPerTeu: 3_000, vot: 1, method: 'paths' });
    expect(r.bottlenecks.length).toBeGreaterThan(0);
    expect(r.unservedTeu!).toBeGreaterThan(0);
    expect((r as unknown as { columnGeneration: { pricingRounds: number } }).columnGeneration.pricingRounds).toBeGreaterThan(0);
  });

  it('the Lagrangian bound of each pricing round stays below the arc optimum and meets it at the end', async () => {
    const net = syntheticNetwork({ nodeCount: 30, seed: 13, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 14, teuPerYear: [5_000, 30_000] }));
    const arc = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const bounds: number[] = [];
    const r = await optimizePaths(net, demand, { onStep: (s) => s.kind === 'pricing' && s.lowerBoundUsd !== null && bounds.push(s.lowerBoundUsd) });
    expect(bounds.length).toBeGreaterThan(1);
    for (const b of bounds) expect(b).toBeLessThanOrEqual(arc.objectiveUsd! * (1 + 1e-9));
    relClose(bounds[bounds.length - 1], arc.objectiveUsd, 1e-6, 'bound at the end');
    relClose(r.objectiveUsd, arc.objectiveUsd, 1e-6, 'objective');
  });

  it('gives the same optimum with eager capacity rows, without the greedy start, with A* landmarks or Dijkstra, and pruning every unused column', async () => {
    const net = syntheticNetwork({ nodeCount: 30, seed: 9, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 10, teuPerYear: [5_000, 30_000] }));
    const arc = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const pruneAll = { pruneColumns: { aboveRows: 0, toRows: 0, minColumns: 0 } };
    for (const variant of [{ lazyCapacityRows: false }, { greedyStart: false }, { landmarks: 6 }, { landmarks: 0, greedyStart: false, lazyCapacityRows: false }, pruneAll, { ...pruneAll, greedyStart: false }]) {
      const r = await optimizePaths(net, demand, variant);
      if ('pruneColumns' in variant) expect(r.columnGeneration.columnsPruned, 'pruning happened').toBeGreaterThan(0);
      expect(r.status).toBe('optimal');
      relClose(r.objectiveUsd, arc.objectiveUsd, 1e-6, JSON.stringify(variant));
      expect(checkInvariants(r, net, demand).violations, JSON.stringify(variant)).toEqual([]);
    }
  });
});

describe('warm sweeps', () => {
  it('re-solves closures, reopenings and deratings warm to the cold arc optimum of each scenario', async () => {
    const net = syntheticNetwork({ nodeCount: 30, seed: 21, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 22, teuPerYear: [5_000, 25_000] }));
    const base = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const busiest = [...base.links].sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear).slice(0, 3).map((l) => l.id);
    const busiestNode = [...base.terminals].sort((a, b) => b.throughputTeuPerYear - a.throughputTeuPerYear)[0].id;
    const scenarios = [
      {},
      { closedLinkIds: [busiest[0]] },
      { closedLinkIds: [busiest[1], busiest[2]] },
      {},
      { capacityMultipliers: { [busiest[0]]: 0.25 } },
      { closedNodeIds: [busiestNode] },
      { closedLinkIds: [busiest[0]] },
    ];
    const solver = await createPathsSolver(net, demand, {});
    try {
      for (const s of scenarios) {
        const warm = await solver.solve(s);
        const cold = await optimize(net, demand, { ...s, method: 'arc', backend: 'highs' });
        expect(warm.status).toBe('optimal');
        relClose(warm.objectiveUsd, cold.objectiveUsd, 1e-6, JSON.stringify(s));
        expect(checkInvariants(warm, net, demand).violations, JSON.stringify(s)).toEqual([]);
      }
      // The master kept its columns from one scenario to the next.
      expect(solver.size.columns).toBeGreaterThan(0);
    } finally {
      solver.dispose();
    }
  });

  it('pruning every unused column between rounds keeps warm sweeps exact (pruned routes come back from the pool)', async () => {
    const net = syntheticNetwork({ nodeCount: 30, seed: 21, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 22, teuPerYear: [5_000, 25_000] }));
    const base = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const busiest = [...base.links].sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear).slice(0, 2).map((l) => l.id);
    const solver = await createPathsSolver(net, demand, { pruneColumns: { aboveRows: 0, toRows: 0, minColumns: 0 } });
    let pruned = 0;
    let fromPool = 0;
    try {
      for (const s of [{}, { closedLinkIds: [busiest[0]] }, {}, { capacityMultipliers: { [busiest[1]]: 0.3 } }, { closedLinkIds: busiest }]) {
        const warm = await solver.solve(s);
        pruned += warm.columnGeneration.columnsPruned;
        fromPool += warm.columnGeneration.columnsFromPool;
        const cold = await optimize(net, demand, { ...s, method: 'arc', backend: 'highs' });
        expect(warm.status).toBe('optimal');
        relClose(warm.objectiveUsd, cold.objectiveUsd, 1e-6, JSON.stringify(s));
        expect(checkInvariants(warm, net, demand).violations, JSON.stringify(s)).toEqual([]);
      }
      expect(pruned).toBeGreaterThan(0);
      // Some pruned routes were needed again and came back from the pool, and the answers stayed exact.
      expect(fromPool).toBeGreaterThan(0);
    } finally {
      solver.dispose();
    }
  });

  it('criticality and disrupt with method paths rank and cost like the arc formulation', async () => {
    const net = syntheticNetwork({ nodeCount: 20, seed: 31, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 8, seed: 32, teuPerYear: [5_000, 20_000] }));
    const arc = await criticality(net, demand, { elements: 'links', workers: 0, method: 'arc', backend: 'highs' });
    const paths = await criticality(net, demand, { elements: 'links', workers: 0, method: 'paths' });
    expect(paths.solvedCount).toBe(arc.solvedCount);
    const byId = new Map(arc.entries.map((e) => [e.id, e]));
    // Added costs are differences of two objectives, each exact to 1e-6 of the objective.
    const tolerance = 2e-6 * arc.base.objectiveUsd!;
    for (const e of paths.entries) expect(Math.abs(e.addedCostUsd! - byId.get(e.id)!.addedCostUsd!), e.id).toBeLessThanOrEqual(tolerance);
    expect(paths.entries.slice(0, 3).map((e) => e.id)).toEqual(arc.entries.slice(0, 3).map((e) => e.id));
    const d = await disrupt(net, demand, { close: [arc.entries[0].id] }, { method: 'paths' });
    expect(Math.abs(d.addedCostUsd! - arc.entries[0].addedCostUsd!)).toBeLessThanOrEqual(tolerance);
  });
});

describe('the corridor network', () => {
  it('china-eurasia with its default demand: paths = arc objective, invariants hold', async () => {
    const net = loadBuiltinNetwork('china-eurasia');
    const demand = loadDemand('default', net);
    const arc = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const paths = await optimize(net, demand, { method: 'paths' });
    relClose(paths.objectiveUsd, arc.objectiveUsd, 1e-6);
    expect(checkInvariants(paths, net, demand).violations).toEqual([]);
    expect(paths.bottlenecks.map((b) => b.id)).toEqual(arc.bottlenecks.map((b) => b.id));
  });
});

describe('status and options', () => {
  it('reports a stopped loop as time_limit, and rejects a backend that cannot re-solve warm', async () => {
    const net = syntheticNetwork({ nodeCount: 25, seed: 7, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 12, seed: 8, teuPerYear: [10_000, 40_000] }));
    const stopped = await optimizePaths(net, demand, { maxMasterSolves: 1, greedyStart: false });
    expect(stopped.status).toBe('time_limit');
    expect(stopped.message).toMatch(/master solves/);
    await expect(optimize(net, demand, { method: 'paths', backend: 'glpk' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(optimize(net, demand, { method: 'nodes' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('without capacities the optimum is Σ demand × cheapest route (one column per pair)', async () => {
    const net = syntheticNetwork({ nodeCount: 20, seed: 2, capacityTightness: 1 });
    const demand = rows(syntheticDemand(net, { odPairs: 10, seed: 3 }));
    const r = await optimizePaths(net, demand, { ignoreCapacities: true, vot: 1 });
    const arc = await optimize(net, demand, { ignoreCapacities: true, vot: 1, method: 'arc', backend: 'highs' });
    relClose(r.objectiveUsd, arc.objectiveUsd, 1e-9);
    expect(r.columnGeneration.capacityRowsTotal).toBe(0);
  });
});

describe('corridor optimize --method', () => {
  // Output tests: the real commander program in-process (no node start and tsx transform per call).
  const corridor = runCliInProcess;

  it('--method paths and --method arc give the same objective; the paths JSON carries the loop counts; a bad method fails with a message', async () => {
    const parse = async (args: string[]) => {
      const r = await corridor('optimize', ...args, '--json');
      expect(r.exitCode, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { objectiveUsd: number; backend: string; columnGeneration?: { pricingRounds: number } };
    };
    const paths = await parse(['--method', 'paths']);
    const arc = await parse(['--method', 'arc', '--backend', 'highs']);
    relClose(paths.objectiveUsd, arc.objectiveUsd, 1e-6);
    expect(paths.backend).toBe('highs');
    expect(paths.columnGeneration!.pricingRounds).toBeGreaterThan(0);
    expect(arc.columnGeneration).toBeUndefined();
    const bad = await corridor('optimize', '--method', 'nodes');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/--method: unknown method "nodes"/);
  });

  it('the text report names the loop (rounds, threads, master solves) for paths only; --pricing-workers is checked', async () => {
    const text = await corridor('optimize', '--method', 'paths', '--pricing-workers', '1');
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^column generation: \d+ pricing rounds? \([\d.]+ s, on 2 threads\), \d+ master solves? .* kept$/m);
    const arc = await corridor('optimize', '--method', 'arc', '--backend', 'highs');
    expect(arc.stdout).not.toMatch(/column generation/);
    const bad = await corridor('optimize', '--pricing-workers', '-2');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/--pricing-workers: must be an integer ≥ 0/);
  });
});
