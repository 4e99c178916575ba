import { ShortestPathTree, type ExpandedGraph } from '../graph/index.js';

/**
 * Uncapacitated cheapest cost from a node's origin vertex to every vertex, over a subset of arcs with
 * given costs (≥ 0). Used to tell "unserved because capacity ran out" from "unserved because no route is
 * cheaper than the penalty" or "no open route at all". Runs the project's one typed-array Dijkstra
 * (ShortestPathTree), grown to completion.
 * @param arcs arcs that may be used; @param costs their costs in the same order (USD/TEU)
 * @returns cost per vertex (Infinity when unreachable)
 */
export function cheapestRouteCosts(graph: ExpandedGraph, originNode: number, arcs: ArrayLike<number>, costs: ArrayLike<number>): Float64Array {
  const arcCost = new Float64Array(graph.arcCount);
  const arcOpen = new Uint8Array(graph.arcCount);
  for (let i = 0; i < arcs.length; i++) {
    arcCost[arcs[i]] = costs[i];
    arcOpen[arcs[i]] = 1;
  }
  const tree = new ShortestPathTree(graph);
  tree.grow(graph.originVertex[originNode], arcCost, arcOpen);
  const dist = new Float64Array(graph.vertexCount);
  for (let v = 0; v < graph.vertexCount; v++) dist[v] = tree.settledDistance(v);
  return dist;
}
