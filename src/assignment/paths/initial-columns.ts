import type { ExpandedGraph } from '../../graph/index.js';
import type { EffectiveCapacities } from '../effective-capacities.js';
import type { PathPricer } from './price-paths.js';
import type { PathColumn, PathCommodity } from './restricted-master.js';

/** At most this many routes per OD pair in the greedy start (the rest is left to column generation). */
const MAX_ROUTES_PER_PAIR = 64;

/** What the greedy start found. */
export interface InitialColumns {
  columns: PathColumn[];
  /** Link arcs and nodes the greedy start filled to capacity: their rows are likely to bind. */
  saturatedArcs: number[];
  saturatedNodes: number[];
}

/**
 * A capacity-aware starting set of columns (successive shortest paths on residual capacities): OD pairs
 * in turn, largest demand first, each routed on its cheapest open route with capacity left, as much as the
 * route's bottleneck allows, then on the next cheapest, until its demand is placed, no route is left or the
 * route costs more than leaving the demand unserved.
 *
 * Column generation would find the same optimum from nothing, but it would start with every OD pair on its
 * uncapacitated shortest path, overload the busy links, leave most of the demand unserved at the penalty
 * price, and need many rounds (each a warm LP re-solve and a pricing pass) to route around the bottlenecks.
 * Started from a capacity-feasible assignment with several routes per congested pair, it only has to
 * improve on it: measured in bench/column-generation-bench.ts, this cuts the rounds and the simplex work.
 */
export function initialColumns(
  graph: ExpandedGraph,
  commodities: readonly PathCommodity[],
  capacities: EffectiveCapacities,
  pricer: PathPricer,
  penaltyUsdPerTeu: number,
): InitialColumns {
  const arcLeft = Float64Array.from(capacities.arcCapacityTeuPerYear);
  const nodeLeft = Float64Array.from(capacities.nodeThroughputTeuPerYear);
  const usable = Uint8Array.from(capacities.arcOpen);
  const { arcNode } = graph;
  for (let a = 0; a < usable.length; a++) if (!(arcLeft[a] > 0) || (arcNode[a] >= 0 && !(nodeLeft[arcNode[a]] > 0))) usable[a] = 0;
  const pairs: { c: PathCommodity; j: number }[] = [];
  for (const c of commodities) c.destinations.forEach((_, j) => pairs.push({ c, j }));
  pairs.sort((p, q) => q.c.destinations[q.j].demandTeuPerYear - p.c.destinations[p.j].demandTeuPerYear || p.c.index - q.c.index || p.j - q.j);
  const full = (left: number, capacity: number) => Number.isFinite(capacity) && left <= 1e-9 * capacity;
  const columns: PathColumn[] = [];
  const nodeUses = new Map<number, number>();

  for (const { c, j } of pairs) {
    const d = c.destinations[j];
    let left = d.demandTeuPerYear;
    const base = pricer.arcCosts(c.valueOfTimeUsdPerTeuHour);
    for (let route = 0; route < MAX_ROUTES_PER_PAIR && left > 1e-9 * d.demandTeuPerYear; route++) {
      const found = pricer.cheapestRoute(c, j, base, usable, penaltyUsdPerTeu);
      if (!found) break;
      const { arcs, costUsdPerTeu } = found;
      // Bottleneck: each arc's capacity left, and each node's throughput left shared by the path's uses of it.
      let teu = left;
      nodeUses.clear();
      for (const a of arcs) {
        teu = Math.min(teu, arcLeft[a]);
        const n = arcNode[a];
        if (n >= 0) nodeUses.set(n, (nodeUses.get(n) ?? 0) + 1);
      }
      for (const [n, uses] of nodeUses) teu = Math.min(teu, nodeLeft[n] / uses);
      if (!(teu > 0)) break;
      columns.push({ commodity: c.index, destination: j, arcs, costUsdPerTeu });
      left -= teu;
      for (const a of arcs) {
        arcLeft[a] -= teu;
        if (full(arcLeft[a], capacities.arcCapacityTeuPerYear[a])) usable[a] = 0;
      }
      for (const [n, uses] of nodeUses) {
        nodeLeft[n] -= teu * uses;
        if (full(nodeLeft[n], capacities.nodeThroughputTeuPerYear[n])) for (const a of graph.nodeArcs[n]) usable[a] = 0;
      }
    }
  }
  const saturatedArcs: number[] = [];
  const saturatedNodes: number[] = [];
  for (let a = 0; a < arcLeft.length; a++) if (capacities.arcOpen[a] && full(arcLeft[a], capacities.arcCapacityTeuPerYear[a])) saturatedArcs.push(a);
  for (let n = 0; n < nodeLeft.length; n++) if (full(nodeLeft[n], capacities.nodeThroughputTeuPerYear[n])) saturatedNodes.push(n);
  return { columns, saturatedArcs, saturatedNodes };
}
