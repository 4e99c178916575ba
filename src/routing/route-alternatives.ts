import type { CostParameters } from '../graph/index.js';
import type { Mode } from '../network/index.js';
import { paretoFrontier } from './pareto-frontier.js';
import type { PathFinderName, RouteGraph } from './route-graph.js';
import { describeArcPath, type RoutePath } from './route-result.js';
import { shortestStopPath } from './route-stops.js';

/** One alternative: the best route of its mode chain, flagged against the others. */
export interface AlternativePath {
  path: RoutePath;
  arcs: number[];
  /** Not dominated in (money totalCostUsd, totalHours) by any other alternative. */
  paretoOptimal: boolean;
}

/** What the alternatives search needs from the query. */
export interface AlternativesQuery {
  rg: RouteGraph;
  /** Stops by node index: origin, via…, destination. */
  stops: readonly number[];
  weights: Float64Array;
  params: CostParameters;
  /** Modes the query allows (subsets of these are tried). */
  modes: readonly Mode[];
  closedNodeIds: readonly string[];
  closedLinkIds: readonly string[];
  finder?: PathFinderName;
}

/**
 * The best route of each distinct mode chain: the cheapest route (by generalized cost) restricted to each
 * non-empty subset of the allowed modes that the network has, deduplicated by path, grouped by mode chain
 * (["rail"], ["rail","sea"], ["inland_waterway","sea"], …) keeping the cheapest, ordered by generalized cost.
 * Each is flagged `paretoOptimal` on money vs time, which is the "Land Bridge or sea?" trade-off.
 * With k modes this is 2^k − 1 shortest-path queries (31 at most).
 */
export function routeAlternatives(q: AlternativesQuery): AlternativePath[] {
  const modes = q.rg.modes.filter((m) => q.modes.includes(m));
  const seenPaths = new Set<string>();
  const byChain = new Map<string, { path: RoutePath; arcs: number[]; weight: number }>();
  // Largest subset first: the full set gives the overall best route, and on a tie in generalized cost the
  // route found first keeps its chain, so the overall best is always the alternative listed for its chain.
  for (let bits = (1 << modes.length) - 1; bits >= 1; bits--) {
    const subset = modes.filter((_, i) => bits & (1 << i));
    const open = q.rg.arcOpen({ modes: subset, closedNodeIds: q.closedNodeIds, closedLinkIds: q.closedLinkIds });
    const found = shortestStopPath(q.rg, q.stops, q.weights, open, q.finder);
    if (!found) continue;
    const key = found.arcs.join(',');
    if (seenPaths.has(key)) continue;
    seenPaths.add(key);
    const path = describeArcPath(q.rg.expanded, found.arcs, q.params);
    const chain = path.modeChain.join('+');
    const held = byChain.get(chain);
    if (!held || found.weight < held.weight) byChain.set(chain, { path, arcs: found.arcs, weight: found.weight });
  }
  const list = [...byChain.values()].sort((a, b) => a.weight - b.weight || a.path.totalCostUsd - b.path.totalCostUsd);
  const pareto = paretoFrontier(list, [(x) => x.path.totalCostUsd, (x) => x.path.totalHours]);
  return list.map((x, i) => ({ path: x.path, arcs: x.arcs, paretoOptimal: pareto[i] }));
}
