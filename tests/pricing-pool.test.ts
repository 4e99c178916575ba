/**
 * Parallel pricing (PricingPool): worker threads that price a share of the commodities each round, on
 * target-bound tables in shared memory. Checked against the arc formulation solved by HiGHS (independent
 * of column generation), against one-thread pricing (the same columns, in the same order), and the shared
 * tables against a textbook Dijkstra.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DemandRow } from '../src/network/demand.js';
import { InvalidArgumentError } from '../src/shared/errors.js';
import { expandNetwork } from '../src/graph/expanded-graph.js';
import { arcGeneralizedCosts } from '../src/graph/generalized-cost.js';
import { optimize, createPathsSolver, optimizePaths, TargetBounds } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';
import { groupCommodities } from '../src/assignment/group-commodities.js';
import { PathPricer, type PricingDuals } from '../src/assignment/paths/price-paths.js';
import { defaultPricingWorkers, PricingPool } from '../src/assignment/paths/pricing-pool.js';
import { syntheticDemand, syntheticNetwork } from './support/synthetic-network.js';
import { plainDijkstra } from './support/plain-dijkstra.js';

const rows = (list: { origin: string; destination: string; teuPerYear: number }[]): DemandRow[] =>
  list.map((r, i) => ({ ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2 }));

const relClose = (a: number | null, b: number | null, rel: number, what = '') =>
  expect(Math.abs((a ?? NaN) - (b ?? NaN)), what).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b ?? NaN)));

describe('target-bound tables in shared memory', () => {
  it('two TargetBounds on one store fill it together, and every table is the backward Dijkstra distance', () => {
    const g = expandNetwork(syntheticNetwork({ nodeCount: 20, seed: 4 }));
    const base = arcGeneralizedCosts(g, { valueOfTimeUsdPerTeuHour: 1, carbonPriceUsdPerTonneCo2: 0 });
    const targets = [0, 3, 7, 11, 19].map((n) => g.destinationVertex[n]);
    const store = TargetBounds.createTables(g, targets);
    const a = new TargetBounds(g, base, store);
    const b = new TargetBounds(g, base, store);
    a.distancesTo(targets[1]);
    b.fillAll();
    // b built what a had not: one table each is never built twice.
    expect(a.trees + b.trees).toBe(targets.length);
    const open = new Uint8Array(g.arcCount).fill(1);
    for (const t of targets) {
      const exact = plainDijkstra(g, base, open, t, true);
      const table = a.distancesTo(t);
      expect(b.distancesTo(t)).toEqual(table);
      for (let v = 0; v < g.vertexCount; v++) {
        expect(table[v]).toBeLessThanOrEqual(exact[v]);
        if (Number.isFinite(exact[v])) expect(table[v]).toBeCloseTo(exact[v], 4);
      }
    }
    expect(a.trees + b.trees).toBe(targets.length);
  });
});

describe('PricingPool', () => {
  const net = syntheticNetwork({ nodeCount: 60, seed: 31, capacityTightness: 1 });
  const demand = rows(syntheticDemand(net, { odPairs: 25, seed: 32, teuPerYear: [5_000, 30_000] }));

  it('returns the columns one-thread pricing returns, in the same order, over several rounds (and after its workers are gone)', async () => {
    const g = expandNetwork(net);
    const commodities = groupCommodities(g, demand, 1);
    const serial = new PathPricer(g, commodities, 0);
    const main = new PathPricer(g, commodities, 0);
    const pool = new PricingPool(main, g, commodities, 0, 2);
    expect(pool.workerCount).toBe(2);
    let k = 0;
    const demandRow = commodities.map((c) => c.destinations.map(() => k++));
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    try {
      pool.prepare();
      for (let round = 0; round < 4; round++) {
        // The workers answered every round so far (a failed worker would have been dropped).
        expect(pool.workerCount).toBe(round === 3 ? 0 : 2);
        if (round === 2) pool.close(); // the last round runs in this thread alone
        // Random capacity prices on a fifth of the arcs, demand duals between the cheapest cost and far above it.
        const arcPrices = Float64Array.from({ length: g.arcCount }, () => (rnd() < 0.2 ? 2_000 * rnd() : 0));
        const duals: PricingDuals = {
          rowPriceUsdPerTeu: new Float64Array(0),
          arcPriceUsdPerTeu: arcPrices,
          rowPathUses: new Int32Array(0),
          arcRow: new Int32Array(g.arcCount).fill(-1),
          nodeRow: new Int32Array(net.nodes.length).fill(-1),
          rowDualUsdPerTeu: Float64Array.from({ length: k }, () => 500 + 20_000 * rnd()),
          demandRow,
        };
        const open = Uint8Array.from({ length: g.arcCount }, () => (rnd() < 0.05 ? 0 : 1));
        const expected = serial.price(duals, open);
        const got = await pool.price(duals, open);
        expect(expected.length, `round ${round}`).toBeGreaterThan(0);
        expect(got.map((c) => [c.commodity, c.destination, c.costUsdPerTeu, [...c.arcs]])).toEqual(expected.map((c) => [c.commodity, c.destination, c.costUsdPerTeu, [...c.arcs]]));
      }
      expect(pool.trees).toBe(serial.trees);
    } finally {
      pool.close();
    }
  });

  it('a worker that dies: its share is priced in the calling thread from then on, with the same columns', async () => {
    const g = expandNetwork(net);
    const commodities = groupCommodities(g, demand, 1);
    const serial = new PathPricer(g, commodities, 0);
    const pool = new PricingPool(new PathPricer(g, commodities, 0), g, commodities, 0, 2);
    let k = 0;
    const demandRow = commodities.map((c) => c.destinations.map(() => k++));
    const duals: PricingDuals = {
      rowPriceUsdPerTeu: new Float64Array(0),
      arcPriceUsdPerTeu: Float64Array.from({ length: g.arcCount }, (_, a) => (a % 5 === 0 ? 900 : 0)),
      rowPathUses: new Int32Array(0),
      arcRow: new Int32Array(g.arcCount).fill(-1),
      nodeRow: new Int32Array(net.nodes.length).fill(-1),
      rowDualUsdPerTeu: new Float64Array(k).fill(30_000),
      demandRow,
    };
    const open = new Uint8Array(g.arcCount).fill(1);
    const key = (cols: { commodity: number; destination: number; arcs: Int32Array }[]) => cols.map((c) => `${c.commodity}/${c.destination}:${c.arcs.join(',')}`);
    try {
      const first = key(await pool.price(duals, open));
      expect(first.length).toBeGreaterThan(0);
      expect(first).toEqual(key(serial.price(duals, open)));
      expect(pool.workerCount).toBe(2);
      // Kill the second worker's thread behind the pool's back.
      (pool as unknown as { workers: { terminate(): void }[] }).workers[1].terminate();
      serial.resetHistory();
      pool.resetHistory();
      expect(key(await pool.price(duals, open))).toEqual(key(serial.price(duals, open)));
      expect(pool.workerCount).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('column generation with 2 pricing workers reaches the arc optimum with the same rounds and columns as with none', async () => {
    const arc = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const one = await optimizePaths(net, demand, { pricingWorkers: 0 });
    const three = await optimizePaths(net, demand, { pricingWorkers: 2 });
    expect(three.status).toBe('optimal');
    relClose(three.objectiveUsd, arc.objectiveUsd, 1e-6, 'objective against the arc LP');
    expect(checkInvariants(three, net, demand).violations).toEqual([]);
    expect(three.columnGeneration.pricingRounds).toBeGreaterThan(1);
    expect(three.columnGeneration.pricingWorkers, 'both workers priced to the end').toBe(2);
    expect(one.columnGeneration.pricingWorkers).toBe(0);
    for (const key of ['masterSolves', 'pricingRounds', 'trees', 'columnsAdded', 'capacityRowsTotal', 'simplexIterations'] as const) {
      expect(three.columnGeneration[key], key).toBe(one.columnGeneration[key]);
    }
    expect(three.objectiveUsd).toBe(one.objectiveUsd);
  });

  it('keeps a warm sweep exact with pricing workers', async () => {
    const base = await optimize(net, demand, { method: 'arc', backend: 'highs' });
    const busiest = [...base.links].sort((a, b) => b.flowTeuPerYear - a.flowTeuPerYear).slice(0, 2).map((l) => l.id);
    const solver = await createPathsSolver(net, demand, { pricingWorkers: 1 });
    try {
      for (const s of [{}, { closedLinkIds: [busiest[0]] }, { capacityMultipliers: { [busiest[1]]: 0.3 } }, {}]) {
        const warm = await solver.solve(s);
        const cold = await optimize(net, demand, { ...s, method: 'arc', backend: 'highs' });
        relClose(warm.objectiveUsd, cold.objectiveUsd, 1e-6, JSON.stringify(s));
      }
    } finally {
      solver.dispose();
    }
  });

  it('a pool left open lets its process exit once idle, and keeps it alive while a round is pending', () => {
    const script = fileURLToPath(new URL('./fixtures/scripts/pricing-pool-unclosed.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^columns 60 workers 1$/m);
  });

  it('rejects a bad worker count, and chooses none by default on small instances', async () => {
    await expect(optimize(net, demand, { method: 'paths', pricingWorkers: -1 })).rejects.toThrow(InvalidArgumentError);
    await expect(optimize(net, demand, { method: 'paths', pricingWorkers: 1.5 })).rejects.toThrow(/pricingWorkers must be an integer ≥ 0/);
    const g = expandNetwork(net);
    expect(defaultPricingWorkers(g, groupCommodities(g, demand, 1), true)).toBe(0);
  });
});
