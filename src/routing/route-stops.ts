import type { ArcPath, PathFinderName, RouteGraph } from './route-graph.js';

interface Label {
  weight: number;
  arcs: number[];
}

/**
 * Cheapest arc path through physical nodes `stops` in order (origin, via…, destination), by node index.
 *
 * A via node is *passed*: the path arrives there on some mode, takes one of the node's pass, transfer or
 * gauge arcs (paying its charges, as any node passed) and leaves. Which arrival mode is best depends on
 * what follows, so each via is a small dynamic programme over its arrival and departure vertices: for each
 * departure vertex of the previous stop and each arrival vertex of the next, one ngraph query. Exact, and
 * cheap because a node has a handful of mode vertices.
 *
 * `noRevisit`: each segment after the first may not pass a node an earlier segment of its label passed
 * (greedy per label, so it can miss a non-revisiting route that a costlier first segment would allow;
 * route() then reports the double-back instead).
 * @returns null when there is no such path over `open` arcs.
 */
export function shortestStopPath(
  rg: RouteGraph,
  stops: readonly number[],
  weights: Float64Array,
  open: Uint8Array,
  finder?: PathFinderName,
  noRevisit = false,
): ArcPath | null {
  const g = rg.expanded;
  if (stops.length < 2) throw new Error('shortestStopPath: needs an origin and a destination');
  if (stops.length === 2) return rg.findArcPath(g.originVertex[stops[0]], g.destinationVertex[stops[1]], weights, open, finder);

  // Labels on departure vertices of the last stop passed (the origin vertex to begin with).
  let layer = new Map<number, Label>([[g.originVertex[stops[0]], { weight: 0, arcs: [] }]]);
  for (let s = 1; s < stops.length - 1; s++) {
    const node = stops[s];
    const throughArcs = g.nodeArcs[node].filter((a) => {
      const k = g.arcKind[a];
      return (k === 'pass' || k === 'transfer' || k === 'gauge') && open[a] === 1;
    });
    const arrivals = new Map<number, Label>();
    for (const a of new Set(throughArcs.map((arc) => g.arcFrom[arc]))) {
      const best = extend(rg, layer, a, weights, open, finder, noRevisit);
      if (best) arrivals.set(a, best);
    }
    const next = new Map<number, Label>();
    for (const arc of throughArcs) {
      const at = arrivals.get(g.arcFrom[arc]);
      if (!at) continue;
      const weight = at.weight + weights[arc];
      const dep = g.arcTo[arc];
      const seen = next.get(dep);
      if (!seen || weight < seen.weight) next.set(dep, { weight, arcs: [...at.arcs, arc] });
    }
    if (next.size === 0) return null;
    layer = next;
  }
  const end = extend(rg, layer, g.destinationVertex[stops[stops.length - 1]], weights, open, finder, noRevisit);
  return end ? { arcs: end.arcs, weight: end.weight } : null;
}

/**
 * `open` less every node arc (pass, transfer, gauge, connectors) of the physical nodes the label has
 * visited, except the node it now leaves from: the next segment cannot pass them again, so a via cannot
 * make the route double back over its own track.
 */
function closeVisited(rg: RouteGraph, arcs: readonly number[], source: number, open: Uint8Array): Uint8Array {
  const g = rg.expanded;
  const here = g.vertexNode[source];
  const mask = Uint8Array.from(open);
  const seen = new Set<number>();
  for (const a of arcs) {
    for (const n of [g.vertexNode[g.arcFrom[a]], g.vertexNode[g.arcTo[a]]]) {
      if (n < 0 || n === here || seen.has(n)) continue;
      seen.add(n);
      for (const na of g.nodeArcs[n]) mask[na] = 0;
    }
  }
  return mask;
}

/** Best label at `target` over every labelled vertex of `layer`. */
function extend(
  rg: RouteGraph,
  layer: Map<number, Label>,
  target: number,
  weights: Float64Array,
  open: Uint8Array,
  finder?: PathFinderName,
  noRevisit = false,
): Label | null {
  let best: Label | null = null;
  for (const [source, label] of layer) {
    const path = rg.findArcPath(source, target, weights, noRevisit ? closeVisited(rg, label.arcs, source, open) : open, finder);
    if (!path) continue;
    const weight = label.weight + path.weight;
    if (!best || weight < best.weight) best = { weight, arcs: [...label.arcs, ...path.arcs] };
  }
  return best;
}
