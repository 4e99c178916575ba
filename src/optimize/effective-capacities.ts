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
 * Apply closures (arcs removed) and capacity multipliers (capacities scaled) to the expanded graph's
 * capacities. A closed node loses all its node arcs (origin, destination, pass, transfer, gauge), so
 * nothing can start, end or pass there; the link arcs into it become dead ends and are pruned later.
 */
export function effectiveCapacities(graph: ExpandedGraph, options: ResolvedOptimizeOptions): EffectiveCapacities {
  const { network } = graph;
  const warnings: string[] = [];
  const nodeClosed = new Uint8Array(network.nodes.length);
  const linkClosed = new Uint8Array(network.links.length);
  for (const id of options.closedNodeIds) nodeClosed[graph.nodeIndex.get(id)!] = 1;
  for (const id of options.closedLinkIds) linkClosed[graph.linkIndex.get(id)!] = 1;

  const nodeThroughput = Float64Array.from(network.nodes, (n) => (options.ignoreCapacities ? Infinity : (n.throughputTeuPerYear ?? Infinity)));
  const arcCapacity = options.ignoreCapacities ? new Float64Array(graph.arcCount).fill(Infinity) : Float64Array.from(graph.arcCapacityTeuPerYear);
  if (!options.ignoreCapacities) {
    for (const [id, factor] of options.capacityMultipliers) {
      const n = graph.nodeIndex.get(id);
      const l = graph.linkIndex.get(id);
      let scaled = false;
      if (n !== undefined && Number.isFinite(nodeThroughput[n])) {
        nodeThroughput[n] *= factor;
        scaled = true;
      }
      if (l !== undefined) {
        for (const a of graph.linkArcs[l]) {
          if (Number.isFinite(arcCapacity[a])) {
            arcCapacity[a] *= factor;
            scaled = true;
          }
        }
      }
      if (!scaled) warnings.push(`capacity multiplier ${factor} on "${id}" has no effect: its capacity is unlimited${l !== undefined && graph.linkArcs[l].length === 0 ? ' or the link is an inactive candidate' : ''}`);
    }
  }

  const arcOpen = new Uint8Array(graph.arcCount).fill(1);
  for (let a = 0; a < graph.arcCount; a++) {
    const link = graph.arcLink[a];
    const node = graph.arcNode[a];
    if ((link >= 0 && linkClosed[link]) || (node >= 0 && nodeClosed[node])) arcOpen[a] = 0;
  }
  return { arcOpen, arcCapacityTeuPerYear: arcCapacity, nodeThroughputTeuPerYear: nodeThroughput, nodeClosed, linkClosed, warnings };
}
