import { expandNetwork, arcGeneralizedCosts, ShortestPathTree, type ExpandedGraph, type LowerBound } from '../graph/index.js';
import type { Network } from '../network/index.js';
import type { AssignmentResult } from './assignment-result.js';
import { decomposeFlow } from './path-decomposition.js';

/**
 * A route the optimum could use instead of the one reported, at the same generalized cost and within every
 * capacity: the LP is degenerate there, so another backend (or another run of the same one) may report the
 * flow on this route instead, with the same objective.
 */
export interface AlternativeOptimum {
  origin: string;
  destination: string;
  valueOfTimeUsdPerTeuHour: number;
  /** Links of the path the solver chose, in order, and the TEU/yr it carries (of this OD pair and value of time). */
  chosenLinkIds: string[];
  chosenTeuPerYear: number;
  /** The equal-cost route: physical nodes and links in order. */
  alternativeNodeIds: string[];
  alternativeLinkIds: string[];
  /** Links of the alternative that the chosen path does not use. */
  differingLinkIds: string[];
  /** Generalized cost of the chosen path, USD/TEU (with the row's value of time and the carbon price). */
  costUsdPerTeu: number;
  /** Alternative minus chosen, USD/TEU: within the tolerance of 1e-6 relative (it is never cheaper at an optimum). */
  costDifferenceUsdPerTeu: number;
  /** TEU/yr that can move to the alternative without breaking a capacity and without changing the objective. */
  shiftableTeuPerYear: number;
}

/** Options of {@link findAlternativeOptima}. */
export interface AlternativeOptimaOptions {
  /** Stop after this many OD pairs with an alternative (default 50); the search is 2 shortest-path trees per used path. */
  limit?: number;
  /** Equal cost means within this fraction of the path's cost (default 1e-6, about 0.001 USD on 1,000 USD/TEU). */
  relativeCostTolerance?: number;
  /** The expanded graph the result was solved on, when the caller has it (else it is expanded again). */
  graph?: ExpandedGraph;
}

/**
 * Find OD pairs whose flow could move to another route at the same generalized cost: for each used path P
 * of each commodity, a route Q through at least one link that P does not use, no dearer than P, over arcs
 * with spare capacity (arcs of P are free to use: moving flow off P releases them; a node with no spare
 * throughput may be passed only if P passes it too). Moving some flow from P to Q is then feasible and
 * leaves the objective unchanged, so the optimum is not unique: this is a sufficient test, exact for
 * single-commodity shifts; exchanges between commodities at saturated capacities are not searched.
 *
 * It is done with two shortest-path trees per path (from the origin and to the destination, both over the
 * allowed arcs): a link arc u→v not on P lies on a route of cost ≤ cost(P) + tolerance exactly when
 * dist(o, u) + cost(u→v) + dist(v, d) ≤ cost(P) + tolerance.
 *
 * Reads only the result (per-commodity arc flows, link and terminal capacities and closures), so it works
 * for both formulations and every backend. Empty when the result has no solution or no commodities.
 */
export function findAlternativeOptima(network: Network, result: AssignmentResult, options: AlternativeOptimaOptions = {}): AlternativeOptimum[] {
  const limit = options.limit ?? 50;
  const relTol = options.relativeCostTolerance ?? 1e-6;
  if (result.objectiveUsd === null || result.commodities.length === 0) return [];
  const graph = options.graph ?? expandNetwork(network, { includeCandidates: result.parameters.includeCandidates });
  const { arcSlack, nodeSlack, arcOpen, arcRoom, nodeRoom } = slackOf(graph, result);
  const forward = new ShortestPathTree(graph);
  const backward = new ShortestPathTree(graph, true);
  // The source's bound is 0: an origin vertex has no arc in, so the backward tree reaches it without queuing it
  // and, stopped at the bound, does not count its distance as final.
  let source = -1;
  const toDestination: LowerBound = { estimate: (v) => (v === source ? 0 : backward.settledDistance(v)) };
  const allowed = new Uint8Array(graph.arcCount);
  const onPath = new Uint8Array(graph.arcCount);
  const pathNodeVisits = new Int32Array(network.nodes.length);
  const out: AlternativeOptimum[] = [];
  const seen = new Set<string>();
  const carbon = result.parameters.carbonPriceUsdPerTonneCo2;

  for (const c of result.commodities) {
    const originNode = graph.nodeIndex.get(c.originId);
    if (originNode === undefined) continue;
    const vot = c.valueOfTimeUsdPerTeuHour;
    const cost = arcGeneralizedCosts(graph, { valueOfTimeUsdPerTeuHour: vot, carbonPriceUsdPerTonneCo2: carbon });
    const total = c.destinations.reduce((s, d) => s + d.demandTeuPerYear, 0);
    const eps = 1e-8 * Math.max(1, total);
    const { paths } = decomposeFlow(graph, originNode, c.arcIds, c.arcFlowsTeuPerYear, eps);
    // Arcs with spare room for this commodity's extra flow; P's own arcs are added per path below.
    for (let a = 0; a < graph.arcCount; a++) {
      const node = graph.arcNode[a];
      allowed[a] = arcOpen[a] && (node >= 0 ? nodeRoom[node] : arcRoom[a]) ? 1 : 0;
    }
    for (const p of [...paths].sort((x, y) => y.teuPerYear - x.teuPerYear)) {
      const key = `${c.originId}|${vot}|${p.destinationNode}`;
      if (seen.has(key) || p.teuPerYear <= eps) continue;
      const changed: number[] = [];
      const open = (a: number) => {
        if (!allowed[a] && arcOpen[a]) {
          allowed[a] = 1;
          changed.push(a);
        }
      };
      let pathCost = 0;
      for (const a of p.arcs) {
        onPath[a] = 1;
        pathCost += cost[a];
        const node = graph.arcNode[a];
        if (node >= 0) pathNodeVisits[node]++;
        open(a);
      }
      // A saturated node that P passes may be passed by Q instead (P's flow through it is released).
      for (const a of p.arcs) {
        const node = graph.arcNode[a];
        if (node >= 0) for (const b of graph.nodeArcs[node]) open(b);
      }
      const o = graph.originVertex[originNode];
      const d = graph.destinationVertex[p.destinationNode];
      const bound = pathCost + relTol * Math.max(1, pathCost);
      // Both trees stop just past the bound: a vertex further than it from o (or d) cannot lie on a route within
      // it, and on a large network (5,000 nodes, 6,000 used paths) the full trees were most of the search. The
      // backward tree's distances are exact distances to d over the same arcs, hence a consistent A* bound for
      // the forward tree, which then settles only the vertices of routes within the bound (o's side of the
      // ellipse): at 5,000 nodes / 1,000 pairs the search took 2.8 s instead of 6.1 s (BENCHMARKS.md).
      const reach = bound + 1e-9 * Math.max(1, bound);
      backward.grow(d, cost, allowed, [], reach);
      source = o;
      forward.grow(o, cost, allowed, [], reach, toDestination);
      const pathLinks = new Set<number>();
      for (const a of p.arcs) if (graph.arcLink[a] >= 0) pathLinks.add(graph.arcLink[a]);
      let best = -1;
      let bestCost = Infinity;
      // Only arcs leaving a vertex of the forward tree can qualify; among equal costs the lowest arc id wins,
      // as in a scan over all arcs.
      for (let i = 0; i < forward.settledInLastRun; i++) {
        const u = forward.settledOrder[i];
        const du = forward.settledDistance(u);
        for (let k = graph.outStart[u]; k < graph.outStart[u + 1]; k++) {
          const a = graph.outArcs[k];
          const li = graph.arcLink[a];
          if (li < 0 || !allowed[a] || onPath[a] || pathLinks.has(li)) continue;
          const via = du + cost[a] + backward.settledDistance(graph.arcTo[a]);
          if (via <= bound && (via < bestCost || (via === bestCost && a < best))) {
            best = a;
            bestCost = via;
          }
        }
      }
      if (best >= 0) {
        const q = [...forward.pathTo(graph.arcFrom[best]), best, ...backward.pathTo(graph.arcTo[best])];
        const shiftable = shiftableFlow(graph, q, p.teuPerYear, onPath, pathNodeVisits, arcSlack, nodeSlack);
        if (shiftable > eps) {
          seen.add(key);
          out.push(describe(graph, c.originId, p.destinationNode, vot, p.arcs, p.teuPerYear, q, pathCost, bestCost, shiftable));
        }
      }
      for (const a of p.arcs) {
        onPath[a] = 0;
        const node = graph.arcNode[a];
        if (node >= 0) pathNodeVisits[node] = 0;
      }
      for (const a of changed) allowed[a] = 0;
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Spare capacity per link arc and spare throughput per node, from the result's own tables, and whether
 * there is room: spare above 1e-6 of the capacity (below that it is the round-off of a saturated row).
 */
function slackOf(graph: ExpandedGraph, result: AssignmentResult) {
  const arcFlow = new Float64Array(graph.arcCount);
  for (const c of result.commodities) c.arcIds.forEach((a, i) => (arcFlow[a] += c.arcFlowsTeuPerYear[i]));
  const arcSlack = new Float64Array(graph.arcCount).fill(Infinity);
  const arcOpen = new Uint8Array(graph.arcCount).fill(1);
  const arcRoom = new Uint8Array(graph.arcCount).fill(1);
  const byLinkDirection = new Map(result.links.map((l) => [`${l.id}|${l.direction}`, l]));
  for (let a = 0; a < graph.arcCount; a++) {
    const li = graph.arcLink[a];
    if (li < 0) continue;
    const l = byLinkDirection.get(`${graph.network.links[li].id}|${graph.arcReverse[a] ? 'reverse' : 'forward'}`);
    if (!l) continue;
    if (l.closed) arcOpen[a] = 0;
    if (l.capacityTeuPerYear === null) continue;
    arcSlack[a] = l.capacityTeuPerYear - arcFlow[a];
    arcRoom[a] = arcSlack[a] > 1e-6 * Math.max(1, l.capacityTeuPerYear) ? 1 : 0;
  }
  const nodeSlack = new Float64Array(graph.network.nodes.length).fill(Infinity);
  const nodeRoom = new Uint8Array(graph.network.nodes.length).fill(1);
  result.terminals.forEach((t) => {
    const n = graph.nodeIndex.get(t.id);
    if (n === undefined) return;
    if (t.closed) for (const a of graph.nodeArcs[n]) arcOpen[a] = 0;
    if (t.capacityTeuPerYear === null) return;
    nodeSlack[n] = t.capacityTeuPerYear - t.throughputTeuPerYear;
    nodeRoom[n] = nodeSlack[n] > 1e-6 * Math.max(1, t.capacityTeuPerYear) ? 1 : 0;
  });
  // Link arcs into or out of a closed node are dead ends: closing the node's arcs is enough.
  return { arcSlack, nodeSlack, arcOpen, arcRoom, nodeRoom };
}

/**
 * TEU/yr that can move from P to Q: P's flow, the spare capacity of Q's link arcs that P does not use, and the
 * spare throughput of nodes that Q passes more often than P.
 */
function shiftableFlow(
  graph: ExpandedGraph,
  q: readonly number[],
  pathTeu: number,
  onPath: Uint8Array,
  pathNodeVisits: Int32Array,
  arcSlack: Float64Array,
  nodeSlack: Float64Array,
): number {
  let room = pathTeu;
  const qVisits = new Map<number, number>();
  for (const a of q) {
    const node = graph.arcNode[a];
    if (node >= 0) qVisits.set(node, (qVisits.get(node) ?? 0) + 1);
    else if (!onPath[a]) room = Math.min(room, arcSlack[a]);
  }
  for (const [node, visits] of qVisits) {
    const extra = visits - pathNodeVisits[node];
    if (extra > 0) room = Math.min(room, nodeSlack[node] / extra);
  }
  return Math.max(0, room);
}

function describe(
  graph: ExpandedGraph,
  origin: string,
  destinationNode: number,
  vot: number,
  chosen: readonly number[] | Int32Array,
  chosenTeu: number,
  q: readonly number[],
  chosenCost: number,
  altCost: number,
  shiftable: number,
): AlternativeOptimum {
  const { network } = graph;
  const linksOf = (arcs: readonly number[] | Int32Array) => Array.from(arcs).filter((a) => graph.arcLink[a] >= 0).map((a) => network.links[graph.arcLink[a]].id);
  const chosenLinkIds = linksOf(chosen);
  const alternativeLinkIds = linksOf(q);
  const nodeIds = [origin];
  for (const a of q) {
    const li = graph.arcLink[a];
    if (li < 0) continue;
    const link = network.links[li];
    nodeIds.push(graph.arcReverse[a] ? link.from : link.to);
  }
  const inChosen = new Set(chosenLinkIds);
  return {
    origin,
    destination: network.nodes[destinationNode].id,
    valueOfTimeUsdPerTeuHour: vot,
    chosenLinkIds,
    chosenTeuPerYear: chosenTeu,
    alternativeNodeIds: nodeIds,
    alternativeLinkIds,
    differingLinkIds: [...new Set(alternativeLinkIds.filter((id) => !inChosen.has(id)))],
    costUsdPerTeu: chosenCost,
    costDifferenceUsdPerTeu: altCost - chosenCost,
    shiftableTeuPerYear: shiftable,
  };
}
