import { closedElements, openArcs, type ExpandedGraph, type ScenarioSwitches } from '../graph/index.js';
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
 * The one place a scenario becomes arrays: apply closures (arcs closed, see openArcs) and capacity
 * multipliers (capacities scaled) to the expanded graph's capacities. `options` carry the resolved closures
 * and multipliers (base and scenario combined); `overrides` (the switches and capacities of a warm sweep's
 * scenario, resolveScenarioSwitches) replace capacities before the multipliers and switch links off.
 */
export function effectiveCapacities(graph: ExpandedGraph, options: Pick<ResolvedOptimizeOptions, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers' | 'ignoreCapacities'>, overrides: ScenarioSwitches = {}): EffectiveCapacities {
  const { network } = graph;
  const warnings: string[] = [];
  const { linkOff, linkStandIn } = overrides;
  // The link that carries a link's traffic in this scenario: itself or its stand-in.
  const carrier = (l: number) => (linkStandIn && linkStandIn[l] >= 0 ? linkStandIn[l] : l);
  const { nodeClosed, linkClosed } = closedElements(graph, options);
  // A closed link closes its stand-in too.
  if (linkStandIn) for (let l = 0; l < linkClosed.length; l++) if (linkClosed[l]) linkClosed[carrier(l)] = 1;

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

  const arcOpen = openArcs(graph, nodeClosed, linkClosed, linkOff);
  return { arcOpen, arcCapacityTeuPerYear: arcCapacity, nodeThroughputTeuPerYear: nodeThroughput, nodeClosed, linkClosed, warnings };
}
