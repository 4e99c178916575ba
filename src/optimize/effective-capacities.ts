import type { ExpandedGraph } from '../expanded-graph.js';
import type { ResolvedOptimizeOptions } from './optimize-options.js';

/** What the disruption and derating options leave of the expanded graph. */
export interface EffectiveCapacities {
  /** 1 when arc a may carry flow (not on a closed link or a closed node). */
  arcOpen: Uint8Array;
  /** Per-direction capacity of each link arc after multipliers, TEU/yr; Infinity when unlimited and for node arcs. */
  arcCapacityTeuPerYear: Float64Array;
  /** Throughput limit of each node after multipliers, TEU/yr; Infinity when unlimited. */
  nodeThroughputTeuPerYear: Float64Array;
  /** 1 for closed nodes / links (network order). */
  nodeClosed: Uint8Array;
  linkClosed: Uint8Array;
  /** Multipliers that had nothing to scale, in words. */
  warnings: string[];
}

/**
 * What a scenario of a warm sweep changes in the graph beyond closures and multipliers (see PathsScenario in
 * src/optimize-paths/create-paths-solver.ts). Indices are into `graph.network`.
 */
export interface CapacityOverrides {
  /**
   * 1 for links whose arcs are in the graph but switched off in this scenario (candidates not built, links
   * replaced by a stand-in): their arcs are closed, and a multiplier on them has no effect, as on an inactive
   * candidate. Unlike a closure this is not reported as `closed`.
   */
  linkOff?: Uint8Array;
  /**
   * Per link, the link standing in for it in this scenario (the same link with other figures), or −1.
   * Closures and capacity multipliers on a link apply to its stand-in.
   */
  linkStandIn?: Int32Array;
  /** Link index → per-direction capacity before multipliers, TEU/yr (Infinity = unlimited); set on its stand-in if it has one. */
  linkCapacityTeuPerYear?: ReadonlyMap<number, number>;
  /** Node index → throughput before multipliers, TEU/yr (Infinity = unlimited). */
  nodeThroughputTeuPerYear?: ReadonlyMap<number, number>;
}

/**
 * Apply closures (arcs removed) and capacity multipliers (capacities scaled) to the expanded graph's
 * capacities. A closed node loses all its node arcs (origin, destination, pass, transfer, gauge), so
 * nothing can start, end or pass there; the link arcs into it become dead ends and are pruned later.
 * `overrides` (warm sweeps) replace capacities before the multipliers and switch links off.
 */
export function effectiveCapacities(graph: ExpandedGraph, options: ResolvedOptimizeOptions, overrides: CapacityOverrides = {}): EffectiveCapacities {
  const { network } = graph;
  const warnings: string[] = [];
  const { linkOff, linkStandIn } = overrides;
  // The link that carries a link's traffic in this scenario: itself or its stand-in.
  const carrier = (l: number) => (linkStandIn && linkStandIn[l] >= 0 ? linkStandIn[l] : l);
  const nodeClosed = new Uint8Array(network.nodes.length);
  const linkClosed = new Uint8Array(network.links.length);
  for (const id of options.closedNodeIds) nodeClosed[graph.nodeIndex.get(id)!] = 1;
  for (const id of options.closedLinkIds) {
    const l = graph.linkIndex.get(id)!;
    linkClosed[l] = 1;
    linkClosed[carrier(l)] = 1;
  }

  const nodeThroughput = Float64Array.from(network.nodes, (n) => (options.ignoreCapacities ? Infinity : (n.throughputTeuPerYear ?? Infinity)));
  const arcCapacity = options.ignoreCapacities ? new Float64Array(graph.arcCount).fill(Infinity) : Float64Array.from(graph.arcCapacityTeuPerYear);
  if (!options.ignoreCapacities) {
    for (const [n, cap] of overrides.nodeThroughputTeuPerYear ?? []) nodeThroughput[n] = cap;
    for (const [l, cap] of overrides.linkCapacityTeuPerYear ?? []) for (const a of graph.linkArcs[carrier(l)]) arcCapacity[a] = cap;
    for (const [id, factor] of options.capacityMultipliers) {
      const n = graph.nodeIndex.get(id);
      const l = graph.linkIndex.get(id);
      const arcs = l === undefined || linkOff?.[carrier(l)] ? [] : graph.linkArcs[carrier(l)];
      let scaled = false;
      if (n !== undefined && Number.isFinite(nodeThroughput[n])) {
        nodeThroughput[n] *= factor;
        scaled = true;
      }
      for (const a of arcs) {
        if (Number.isFinite(arcCapacity[a])) {
          arcCapacity[a] *= factor;
          scaled = true;
        }
      }
      if (!scaled) warnings.push(`capacity multiplier ${factor} on "${id}" has no effect: its capacity is unlimited${l !== undefined && arcs.length === 0 ? ' or the link is an inactive candidate' : ''}`);
    }
  }

  const arcOpen = new Uint8Array(graph.arcCount).fill(1);
  for (let a = 0; a < graph.arcCount; a++) {
    const link = graph.arcLink[a];
    const node = graph.arcNode[a];
    if ((link >= 0 && (linkClosed[link] || linkOff?.[link])) || (node >= 0 && nodeClosed[node])) arcOpen[a] = 0;
  }
  return { arcOpen, arcCapacityTeuPerYear: arcCapacity, nodeThroughputTeuPerYear: nodeThroughput, nodeClosed, linkClosed, warnings };
}
