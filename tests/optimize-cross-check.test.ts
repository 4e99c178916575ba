import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClpAvailable } from '../solver/index.js';
import type { DemandRow } from '../src/network/demand.js';
import { expandNetwork } from '../src/graph/expanded-graph.js';
import type { Network } from '../src/network/network.js';
import { optimize, type OptimizeBackend } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';
import { route } from '../src/routing/route.js';
import { syntheticDemand, syntheticNetwork } from './support/synthetic-network.js';

const rows = (list: { origin: string; destination: string; teuPerYear: number }[]): DemandRow[] =>
  list.map((r, i) => ({ ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2 }));

/**
 * Textbook Dijkstra over the expanded graph's arrays (O(V²), no heap), written here so the check does not
 * share code with optimize() or route(): cheapest generalized cost from node o's origin vertex to d's
 * destination vertex.
 */
function plainDijkstra(net: Network, origin: string, destination: string, vot: number, carbon: number): number {
  const g = expandNetwork(net);
  const dist = new Array<number>(g.vertexCount).fill(Infinity);
  const done = new Array<boolean>(g.vertexCount).fill(false);
  dist[g.originVertex[g.nodeIndex.get(origin)!]] = 0;
  for (;;) {
    let v = -1;
    for (let i = 0; i < g.vertexCount; i++) if (!done[i] && dist[i] < Infinity && (v < 0 || dist[i] < dist[v])) v = i;
    if (v < 0) break;
    done[v] = true;
    for (let a = 0; a < g.arcCount; a++) {
      if (g.arcFrom[a] !== v) continue;
      const c = g.arcCostUsd[a] + vot * g.arcHours[a] + (carbon * g.arcCo2Kg[a]) / 1000;
      if (dist[v] + c < dist[g.arcTo[a]]) dist[g.arcTo[a]] = dist[v] + c;
    }
  }
  return dist[g.destinationVertex[g.nodeIndex.get(destination)!]];
}

const relClose = (a: number | null, b: number, rel: number) => expect(Math.abs((a ?? NaN) - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('cross-check (a): without capacities the optimum is Σ demand × cheapest route cost', () => {
  it('matches route() and a plain Dijkstra on random synthetic networks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          nodeCount: fc.integer({ min: 4, max: 20 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          odPairs: fc.integer({ min: 1, max: 6 }),
          vot: fc.double({ min: 0, max: 5, noNaN: true }),
          carbon: fc.double({ min: 0, max: 200, noNaN: true }),
        }),
        async ({ nodeCount, seed, odPairs, vot, carbon }) => {
          const net = syntheticNetwork({ nodeCount, seed, capacityTightness: 1 });
          const demand = rows(syntheticDemand(net, { odPairs: Math.min(odPairs, nodeCount * (nodeCount - 1)), seed: seed + 1 }));
          const result = await optimize(net, demand, { vot, carbonPrice: carbon, ignoreCapacities: true, backend: 'highs', method: 'arc' });
          expect(result.status).toBe('optimal');
          expect(checkInvariants(result, net, demand).violations).toEqual([]);
          let expected = 0;
          for (const d of demand) {
            const r = route(net, d.origin, d.destination, { vot, carbonPrice: carbon });
            expect(r.found).toBe(true);
            if (!r.found) return;
            const dijkstra = plainDijkstra(net, d.origin, d.destination, vot, carbon);
            relClose(r.generalizedCostUsd, dijkstra, 1e-9);
            expected += d.teuPerYear * dijkstra;
            // Every path the LP uses for this pair costs the cheapest route's cost.
            const od = result.od.find((o) => o.demandIndex === demand.indexOf(d))!;
            for (const p of od.paths) relClose(p.generalizedCostUsdPerTeu, dijkstra, 1e-7);
          }
          relClose(result.objectiveUsd, expected, 1e-7);
          expect(result.unservedTeu).toBe(0);

          // With capacities the optimum can only be dearer, and stays consistent.
          const capacitated = await optimize(net, demand, { vot, carbonPrice: carbon, backend: 'highs', method: 'arc' });
          expect(checkInvariants(capacitated, net, demand).violations).toEqual([]);
          expect(capacitated.objectiveUsd!).toBeGreaterThanOrEqual(expected * (1 - 1e-7));
        },
      ),
      { numRuns: 25, seed: 20240611 },
    );
  });
});

describe('cross-check (b): backends agree on small capacitated instances', () => {
  // The arc LP on every backend, plus the path formulation (column generation, HiGHS) as `paths`.
  const backends: (OptimizeBackend | 'paths')[] = ['highs', 'glpk', 'js-lp-solver', ...(isClpAvailable() ? (['clp'] as const) : []), 'paths'];
  const cases = [
    { nodeCount: 8, seed: 3, odPairs: 6 },
    { nodeCount: 12, seed: 11, odPairs: 10 },
    { nodeCount: 15, seed: 42, odPairs: 8 },
    { nodeCount: 20, seed: 7, odPairs: 12 },
  ];
  for (const c of cases) {
    it(`${c.nodeCount} nodes, ${c.odPairs} OD pairs (seed ${c.seed})`, async () => {
      const net = syntheticNetwork({ nodeCount: c.nodeCount, seed: c.seed, capacityTightness: 1 });
      // Volumes large enough that capacities (2,000–40,000 TEU/yr per link) bind somewhere.
      const demand = rows(syntheticDemand(net, { odPairs: c.odPairs, seed: c.seed, teuPerYear: [5_000, 30_000] }));
      const objectives: Record<string, number> = {};
      let binding = 0;
      for (const backend of backends) {
        const r = await optimize(net, demand, backend === 'paths' ? { backend: 'highs', method: 'paths' } : { backend, method: 'arc' });
        expect(r.status, backend).toBe('optimal');
        expect(r.backend).toBe(backend === 'paths' ? 'highs' : backend);
        expect(checkInvariants(r, net, demand).violations, backend).toEqual([]);
        objectives[backend] = r.objectiveUsd!;
        binding = Math.max(binding, r.bottlenecks.length);
      }
      for (const backend of backends) relClose(objectives[backend], objectives.highs, 1e-6);
      expect(binding).toBeGreaterThan(0); // the instance exercises capacities
    });
  }
});
