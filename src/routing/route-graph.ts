import createGraph, { type Graph } from 'ngraph.graph';
import { aStar, nba, type PathFinder, type PathFinderOptions } from 'ngraph.path';
import { expandNetwork, arcGeneralizedCosts, closedElements, openArcs, type ExpandedGraph, type ExpandOptions, type CostParameters, type Closures } from '../graph/index.js';
import { MODES, modeOfKey, type Mode, type Network } from '../network/index.js';

/** The ngraph.path finders the router can use. Both are exact with a zero heuristic. */
export type PathFinderName = 'aStar' | 'nba';

/**
 * Finder used when a query does not name one. Measured in bench/route-bench.ts (BENCHMARKS.md, "Route
 * queries"): nba answers more queries per second than aStar with a zero heuristic (plain Dijkstra) on both
 * the built-in network and a 5,000-node synthetic one, because it searches from both ends.
 */
export const DEFAULT_PATH_FINDER: PathFinderName = 'nba';

/** What a query may use: allowed link modes, and the scenario's closures (Closures, src/graph/scenario.ts). */
export interface RouteArcSpec extends Closures {
  /** Allowed link modes; node arcs between allowed modes only. */
  modes: readonly Mode[];
}

/**
 * The expanded graph of a network as an ngraph multigraph (one node per expanded vertex, one link per arc
 * with the arc id in `link.data`), plus per-query caches. Built once per Network object and reused.
 */
export interface RouteGraph {
  expanded: ExpandedGraph;
  /** ngraph node id = expanded vertex number; link.data = arc id. */
  graph: Graph<undefined, number>;
  /** Modes of the active links, in MODES order. */
  modes: Mode[];
  /** Generalized cost of every arc (USD/TEU) for these parameters, cached. */
  arcWeights(p: CostParameters): Float64Array;
  /** 1 for each arc that a query may use, 0 for the others (the polarity of openArcs), cached per spec. */
  arcOpen(spec: RouteArcSpec): Uint8Array;
  /**
   * Cheapest arc path from vertex `source` to vertex `target` (source → target order) under `weights`,
   * only using arcs with `open[arc] === 1`; null when there is none.
   */
  findArcPath(source: number, target: number, weights: Float64Array, open: Uint8Array, finder?: PathFinderName): ArcPath | null;
}

/** A path of the expanded graph: arc ids in travel order and their summed weight. */
export interface ArcPath {
  arcs: number[];
  weight: number;
}

/** Cached masks (1 byte per arc) per RouteGraph, oldest dropped first. Weights: arcGeneralizedCosts' own cache. */
const MASK_CACHE_LIMIT = 32;
const cache = new WeakMap<Network, Map<string, RouteGraph>>();

/**
 * The cached RouteGraph of a network (per Network object, so a query-heavy API pays the build once).
 * Candidate links are off unless named, as in expandNetwork.
 * @example const rg = routeGraph(net); rg.findArcPath(rg.expanded.originVertex[0], rg.expanded.destinationVertex[3], w, mask)
 */
export function routeGraph(network: Network, options: ExpandOptions = {}): RouteGraph {
  const key = candidateKey(options.includeCandidates);
  let perNetwork = cache.get(network);
  if (!perNetwork) {
    perNetwork = new Map();
    cache.set(network, perNetwork);
  }
  let rg = perNetwork.get(key);
  if (!rg) {
    rg = buildRouteGraph(expandNetwork(network, options));
    perNetwork.set(key, rg);
  }
  return rg;
}

function candidateKey(include: ExpandOptions['includeCandidates']): string {
  if (include === undefined) return '';
  if (include === 'all') return '*all*';
  return [...include].sort().join('\u0000');
}

/** Build the ngraph multigraph and the query caches over an expanded graph. */
export function buildRouteGraph(expanded: ExpandedGraph): RouteGraph {
  // multigraph: parallel rail and road links between the same two vertices must stay separate links.
  const graph = createGraph<undefined, number>({ multigraph: true });
  for (let v = 0; v < expanded.vertexCount; v++) graph.addNode(v);
  for (let a = 0; a < expanded.arcCount; a++) graph.addLink(expanded.arcFrom[a], expanded.arcTo[a], a);

  const modeSet = new Set<Mode>();
  expanded.network.links.forEach((l, i) => {
    if (expanded.activeLinks[i]) modeSet.add(l.mode);
  });
  const modes = MODES.filter((m) => modeSet.has(m));

  // One finder per algorithm, reused across queries (ngraph pools its search states per finder); the
  // callbacks read the weights and mask of the current query from `current`. Queries run synchronously,
  // so one query never sees another's arrays.
  const current: { weights: Float64Array; open: Uint8Array } = { weights: new Float64Array(0), open: new Uint8Array(0) };
  const finderOptions: PathFinderOptions<undefined, number> = {
    oriented: true,
    // Finders pass the two nodes in different orders (aStar: neighbour first); the arc id in link.data
    // already fixes the direction (link.fromId → link.toId), so price the arc from its id alone.
    distance: (_a, _b, link) => current.weights[link.data],
    blocked: (_a, _b, link) => current.open[link.data] === 0,
  };
  const finders: Record<PathFinderName, PathFinder<undefined>> = {
    aStar: aStar(graph, finderOptions),
    nba: nba(graph, finderOptions),
  };

  const maskCache = new Map<string, Uint8Array>();
  const remember = <T>(m: Map<string, T>, limit: number, key: string, value: T) => {
    if (m.size >= limit) m.delete(m.keys().next().value!);
    m.set(key, value);
    return value;
  };

  return {
    expanded,
    graph,
    modes,
    arcWeights(p) {
      return arcGeneralizedCosts(expanded, p);
    },
    arcOpen(spec) {
      const key = `${[...spec.modes].sort().join(',')}|${[...(spec.closedNodeIds ?? [])].sort().join(',')}|${[...(spec.closedLinkIds ?? [])].sort().join(',')}`;
      return maskCache.get(key) ?? remember(maskCache, MASK_CACHE_LIMIT, key, routeOpenArcs(expanded, spec));
    },
    findArcPath(source, target, weights, open, finder = DEFAULT_PATH_FINDER) {
      current.weights = weights;
      current.open = open;
      const nodes = finders[finder].find(source, target);
      // aStar and nba return the path target → source. aStar may also return [target] alone when the
      // target was only ever reached over blocked arcs (it queues neighbours before checking `blocked`),
      // so a path must really join source to target.
      if (nodes.length < 2 || nodes[nodes.length - 1].id !== source || nodes[0].id !== target) return null;
      const arcs: number[] = [];
      let weight = 0;
      for (let i = nodes.length - 1; i > 0; i--) {
        const arc = cheapestArc(expanded, nodes[i].id as number, nodes[i - 1].id as number, weights, open);
        if (arc < 0) throw new Error(`route-graph: finder returned a step ${nodes[i].id} → ${nodes[i - 1].id} with no open arc`);
        arcs.push(arc);
        weight += weights[arc];
      }
      return Number.isFinite(weight) ? { arcs, weight } : null;
    },
  };
}

/**
 * The open arc u → v of least weight. ngraph returns vertices, not links; between two vertices there can be
 * parallel arcs (two rail lines of the same gauge between the same cities), and the finder relaxed over the
 * cheapest open one, so that is the one the path used.
 */
function cheapestArc(g: ExpandedGraph, u: number, v: number, weights: Float64Array, open: Uint8Array): number {
  let best = -1;
  for (let i = g.outStart[u]; i < g.outStart[u + 1]; i++) {
    const a = g.outArcs[i];
    if (g.arcTo[a] !== v || open[a] === 0) continue;
    if (best < 0 || weights[a] < weights[best]) best = a;
  }
  return best;
}


/**
 * The arcs a query may use: the scenario's open arcs (openArcs: every node arc of a closed node, both
 * directions of a closed link closed), less link arcs of modes not allowed and node arcs touching a vertex of
 * a mode not allowed.
 */
export function routeOpenArcs(g: ExpandedGraph, spec: RouteArcSpec): Uint8Array {
  const { nodeClosed, linkClosed } = closedElements(g, spec);
  const open = openArcs(g, nodeClosed, linkClosed);
  const allowed = new Set(spec.modes);
  const vertexAllowed = (v: number) => g.vertexModeKey[v] === '' || allowed.has(modeOfKey(g.vertexModeKey[v]));
  for (let a = 0; a < g.arcCount; a++) {
    if (g.arcLink[a] >= 0 ? !allowed.has(g.arcMode[a]!) : !vertexAllowed(g.arcFrom[a]) || !vertexAllowed(g.arcTo[a])) open[a] = 0;
  }
  return open;
}
