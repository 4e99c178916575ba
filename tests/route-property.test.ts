import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandNetwork, type ExpandedGraph } from '../src/graph/expanded-graph.js';
import { MODES, type Mode } from '../src/network/modes.js';
import { route, type RouteFound } from '../src/routing/route.js';
import { seededRandom, syntheticNetwork } from './support/synthetic-network.js';

/**
 * Oracles written here, independent of the router: which arcs a query may use (from the query's rules:
 * allowed modes, closed node not passed/entered/left) and a plain O(V²) Dijkstra over the expanded graph's
 * arrays with weights = money + VOT × hours + carbon price × kg / 1000.
 */
const modeOf = (key: string): Mode => (key.startsWith('rail-') ? 'rail' : (key as Mode));

function allowedArcs(g: ExpandedGraph, modes: Mode[], closedNode: number): boolean[] {
  const ok = (v: number) => g.vertexModeKey[v] === '' || modes.includes(modeOf(g.vertexModeKey[v]));
  return Array.from({ length: g.arcCount }, (_, a) => {
    const u = g.arcFrom[a];
    const v = g.arcTo[a];
    if (g.vertexNode[u] === closedNode || g.vertexNode[v] === closedNode) return false;
    return ok(u) && ok(v);
  });
}

function weightsOf(g: ExpandedGraph, vot: number, carbon: number): number[] {
  return Array.from({ length: g.arcCount }, (_, a) => g.arcCostUsd[a] + vot * g.arcHours[a] + (carbon * g.arcCo2Kg[a]) / 1000);
}

function plainDijkstra(g: ExpandedGraph, source: number, target: number, w: number[], allowed: boolean[]): number {
  const dist = new Array<number>(g.vertexCount).fill(Infinity);
  const done = new Array<boolean>(g.vertexCount).fill(false);
  dist[source] = 0;
  for (;;) {
    let u = -1;
    for (let v = 0; v < g.vertexCount; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0) return Infinity;
    if (u === target) return dist[u];
    done[u] = true;
    for (let a = 0; a < g.arcCount; a++) {
      if (g.arcFrom[a] !== u || !allowed[a]) continue;
      const d = dist[u] + w[a];
      if (d < dist[g.arcTo[a]]) dist[g.arcTo[a]] = d;
    }
  }
}

/** Cost of a random walk from source that ends at target within maxSteps, or null. */
function randomWalkCost(g: ExpandedGraph, source: number, target: number, w: number[], allowed: boolean[], seed: number, maxSteps = 400): number | null {
  const rnd = seededRandom(seed);
  let v = source;
  let cost = 0;
  for (let step = 0; step < maxSteps; step++) {
    if (v === target) return cost;
    const out: number[] = [];
    for (let i = g.outStart[v]; i < g.outStart[v + 1]; i++) if (allowed[g.outArcs[i]]) out.push(g.outArcs[i]);
    if (!out.length) return null;
    // Step onto the destination connector whenever it is offered, so walks end instead of wandering.
    const finish = out.find((a) => g.arcTo[a] === target);
    const a = finish ?? out[Math.floor(rnd() * out.length)];
    cost += w[a];
    v = g.arcTo[a];
  }
  return v === target ? cost : null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const query = fc.record({
  nodeCount: fc.integer({ min: 3, max: 24 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  linksPerNode: fc.integer({ min: 1, max: 4 }),
  origin: fc.nat(),
  destination: fc.nat(),
  closed: fc.option(fc.nat(), { nil: undefined }),
  modeBits: fc.integer({ min: 1, max: (1 << MODES.length) - 1 }),
  restrictModes: fc.boolean(),
  vot: fc.double({ min: 0, max: 10, noNaN: true }),
  carbon: fc.double({ min: 0, max: 300, noNaN: true }),
  walkSeed: fc.integer(),
});

describe('route on random synthetic networks (fast-check)', () => {
  it('equals an independent Dijkstra and is no dearer than any random walk', () => {
    fc.assert(
      fc.property(query, (q) => {
        const net = syntheticNetwork({ nodeCount: q.nodeCount, seed: q.seed, linksPerNode: q.linksPerNode });
        const n = net.nodes.length;
        const o = q.origin % n;
        const d = q.destination % n;
        fc.pre(o !== d);
        const closed = q.closed === undefined ? -1 : q.closed % n;
        const modes = q.restrictModes ? MODES.filter((_, i) => q.modeBits & (1 << i)) : [...MODES];
        const options = {
          modes,
          avoid: closed >= 0 ? [net.nodes[closed].id] : [],
          vot: q.vot,
          carbonPrice: q.carbon,
        };
        const g = expandNetwork(net);
        const w = weightsOf(g, q.vot, q.carbon);
        const allowed = allowedArcs(g, modes, closed);
        const oracle = plainDijkstra(g, g.originVertex[o], g.destinationVertex[d], w, allowed);

        for (const finder of ['aStar', 'nba'] as const) {
          const r = route(net, net.nodes[o].id, net.nodes[d].id, { ...options, finder });
          if (oracle === Infinity || closed === o || closed === d) {
            expect(r.found).toBe(false);
            if (!r.found) expect(r.reason.length).toBeGreaterThan(10);
            continue;
          }
          expect(r.found).toBe(true);
          const f = r as RouteFound;
          expect(close(f.generalizedCostUsd, oracle)).toBe(true);
          // The totals are internally consistent.
          const parts =
            f.legs.reduce((s, l) => s + l.costUsd, 0) +
            [...f.transfers, ...f.borderCrossings, ...f.gaugeChanges].reduce((s, e) => s + e.costUsd, 0);
          expect(close(f.totalCostUsd, parts)).toBe(true);
          expect(close(f.generalizedCostUsd, f.totalCostUsd + q.vot * f.totalHours + (q.carbon * f.co2Kg) / 1000)).toBe(true);
          expect(f.nodeIds[0]).toBe(net.nodes[o].id);
          expect(f.nodeIds[f.nodeIds.length - 1]).toBe(net.nodes[d].id);
          if (closed >= 0) expect(f.nodeIds).not.toContain(net.nodes[closed].id);
          for (const leg of f.legs) expect(modes).toContain(leg.mode);
          for (let i = 1; i < f.legs.length; i++) expect(f.legs[i].from).toBe(f.legs[i - 1].to);
          for (let k = 0; k < 10; k++) {
            const walk = randomWalkCost(g, g.originVertex[o], g.destinationVertex[d], w, allowed, q.walkSeed + k);
            if (walk !== null) expect(walk).toBeGreaterThanOrEqual(f.generalizedCostUsd - 1e-9 * Math.max(1, walk));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a route via a node is never cheaper than the direct route, and passes the node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 20 }), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.nat(), fc.nat(), (nodeCount, seed, a, b, c) => {
        const net = syntheticNetwork({ nodeCount, seed });
        const n = net.nodes.length;
        const [o, v, d] = [a % n, b % n, c % n];
        fc.pre(o !== d && v !== o && v !== d);
        const direct = route(net, net.nodes[o].id, net.nodes[d].id);
        const via = route(net, net.nodes[o].id, net.nodes[d].id, { via: [net.nodes[v].id] });
        // The synthetic land network is connected and two-way, so both exist.
        expect(direct.found && via.found).toBe(true);
        if (!direct.found || !via.found) return;
        expect(via.generalizedCostUsd).toBeGreaterThanOrEqual(direct.generalizedCostUsd - 1e-9 * direct.generalizedCostUsd);
        expect(via.nodeIds.slice(1, -1)).toContain(net.nodes[v].id);
      }),
      { numRuns: 60 },
    );
  });

  it('alternatives: one per mode chain, the best among them, and a non-empty Pareto frontier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 20 }), fc.integer({ min: 1, max: 1_000_000 }), (nodeCount, seed) => {
        const net = syntheticNetwork({ nodeCount, seed });
        const r = route(net, net.nodes[0].id, net.nodes[nodeCount - 1].id, { alternatives: true });
        expect(r.found).toBe(true);
        if (!r.found) return;
        const chains = r.alternatives.map((x) => x.modeChain.join('+'));
        expect(new Set(chains).size).toBe(chains.length);
        expect(r.alternatives.filter((x) => x.best)).toHaveLength(1);
        expect(r.alternatives.find((x) => x.best)!.linkIds).toEqual(r.linkIds);
        for (const x of r.alternatives) expect(x.generalizedCostUsd).toBeGreaterThanOrEqual(r.generalizedCostUsd - 1e-9 * r.generalizedCostUsd);
        const frontier = r.alternatives.filter((x) => x.paretoOptimal);
        expect(frontier.length).toBeGreaterThan(0);
        // Brute-force domination check of the flags.
        for (const x of r.alternatives) {
          const dominated = r.alternatives.some(
            (y) => y !== x && y.totalCostUsd <= x.totalCostUsd && y.totalHours <= x.totalHours && (y.totalCostUsd < x.totalCostUsd || y.totalHours < x.totalHours),
          );
          expect(x.paretoOptimal).toBe(!dominated);
        }
      }),
      { numRuns: 40 },
    );
  });
});
