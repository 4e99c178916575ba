/**
 * The pricing searches: ShortestPathTree (Dijkstra, and A* with landmark or exact target bounds, forward and backward)
 * against the textbook O(V²) Dijkstra of tests/plain-dijkstra.ts, on random synthetic networks with random closures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandNetwork } from '../src/graph/expanded-graph.js';
import { arcGeneralizedCosts } from '../src/graph/generalized-cost.js';
import { LandmarkBounds, TargetBounds } from '../src/assignment/index.js';
import { ShortestPathTree } from '../src/graph/index.js';
import { syntheticNetwork } from './support/synthetic-network.js';
import { plainDijkstra } from './support/plain-dijkstra.js';

describe('ShortestPathTree', () => {
  it('Dijkstra and landmark A* find the plain Dijkstra distances, with valid paths, under closures and extra arc prices', () => {
    fc.assert(
      fc.property(
        fc.record({ nodeCount: fc.integer({ min: 3, max: 25 }), seed: fc.integer({ min: 1, max: 1e6 }), closedShare: fc.double({ min: 0, max: 0.3, noNaN: true }), landmarks: fc.integer({ min: 1, max: 6 }) }),
        ({ nodeCount, seed, closedShare, landmarks }) => {
          const net = syntheticNetwork({ nodeCount, seed });
          const g = expandNetwork(net);
          const base = arcGeneralizedCosts(g, { valueOfTimeUsdPerTeuHour: 1, carbonPriceUsdPerTonneCo2: 0 });
          let s = seed;
          const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
          const open = Uint8Array.from({ length: g.arcCount }, () => (rnd() < closedShare ? 0 : 1));
          // Pricing costs: base costs plus non-negative capacity prices; the landmarks only know the base.
          const cost = Float64Array.from(base, (c) => c + (rnd() < 0.2 ? 500 * rnd() : 0));
          const bounds = new LandmarkBounds(g, base, landmarks);
          const tree = new ShortestPathTree(g);
          const back = new ShortestPathTree(g, true);
          for (let o = 0; o < Math.min(nodeCount, 4); o++) {
            const source = g.originVertex[o];
            const expected = plainDijkstra(g, cost, open, source);
            tree.grow(source, cost, open);
            for (let v = 0; v < g.vertexCount; v++) expect(tree.settledDistance(v)).toBeCloseTo(expected[v], 6);
            for (let d = 0; d < nodeCount; d++) {
              const t = g.destinationVertex[d];
              bounds.setTargets([t], source);
              tree.grow(source, cost, open, [t], Infinity, bounds);
              expect(tree.settledDistance(t)).toBeCloseTo(expected[t], 6);
              if (!Number.isFinite(expected[t])) continue;
              const arcs = tree.pathTo(t);
              let at = source;
              let length = 0;
              for (const a of arcs) {
                expect(g.arcFrom[a]).toBe(at);
                expect(open[a]).toBe(1);
                at = g.arcTo[a];
                length += cost[a];
              }
              expect(at).toBe(t);
              expect(length).toBeCloseTo(expected[t], 6);
              // A bound below the distance stops the search before the target.
              tree.grow(source, cost, open, [t], expected[t] * 0.999, bounds);
              if (expected[t] > 0) expect(tree.settledDistance(t)).toBe(Infinity);
            }
            const sink = g.destinationVertex[o];
            const toSink = plainDijkstra(g, cost, open, sink, true);
            back.grow(sink, cost, open);
            for (let v = 0; v < g.vertexCount; v++) expect(back.settledDistance(v)).toBeCloseTo(toSink[v], 6);
          }
        },
      ),
      { numRuns: 30, seed: 8 },
    );
  });

  it('A* with exact target bounds finds the plain Dijkstra distances to one target and to the nearest of several', () => {
    fc.assert(
      fc.property(
        fc.record({ nodeCount: fc.integer({ min: 3, max: 25 }), seed: fc.integer({ min: 1, max: 1e6 }), closedShare: fc.double({ min: 0, max: 0.3, noNaN: true }) }),
        ({ nodeCount, seed, closedShare }) => {
          const g = expandNetwork(syntheticNetwork({ nodeCount, seed }));
          const base = arcGeneralizedCosts(g, { valueOfTimeUsdPerTeuHour: 1, carbonPriceUsdPerTonneCo2: 0 });
          let s = seed;
          const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
          const open = Uint8Array.from({ length: g.arcCount }, () => (rnd() < closedShare ? 0 : 1));
          const cost = Float64Array.from(base, (c) => c + (rnd() < 0.2 ? 500 * rnd() : 0));
          const bounds = new TargetBounds(g, base);
          const all = new Uint8Array(g.arcCount).fill(1);
          const tree = new ShortestPathTree(g);
          for (let d = 0; d < nodeCount; d++) {
            // The bound of a target is its exact distance on the base costs with every arc open.
            const t = g.destinationVertex[d];
            const exact = plainDijkstra(g, base, all, t, true);
            const table = bounds.distancesTo(t);
            for (let v = 0; v < g.vertexCount; v++) {
              expect(table[v]).toBeLessThanOrEqual(exact[v]);
              expect(table[v]).toBeCloseTo(exact[v], 4);
            }
          }
          for (let o = 0; o < Math.min(nodeCount, 4); o++) {
            const source = g.originVertex[o];
            const expected = plainDijkstra(g, cost, open, source);
            for (let d = 0; d < nodeCount; d++) {
              const targets = [g.destinationVertex[d], g.destinationVertex[(d + 1) % nodeCount], g.destinationVertex[(d + 3) % nodeCount]].slice(0, 1 + (d % 3));
              bounds.setTargets(targets, source);
              tree.grow(source, cost, open, targets, Infinity, bounds);
              for (const t of targets) expect(tree.settledDistance(t)).toBeCloseTo(expected[t], 6);
            }
          }
        },
      ),
      { numRuns: 30, seed: 9 },
    );
  });
});
