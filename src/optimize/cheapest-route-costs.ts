import type { ExpandedGraph } from '../expanded-graph.js';

/**
 * Uncapacitated cheapest cost from a node's origin vertex to every vertex, over a subset of arcs with
 * given costs (Dijkstra with a binary heap; costs must be ≥ 0). Used to tell "unserved because capacity
 * ran out" from "unserved because no route is cheaper than the penalty" or "no open route at all".
 * @param arcs arcs that may be used; @param costs their costs in the same order (USD/TEU)
 * @returns cost per vertex (Infinity when unreachable)
 */
export function cheapestRouteCosts(graph: ExpandedGraph, originNode: number, arcs: ArrayLike<number>, costs: ArrayLike<number>): Float64Array {
  const costOf = new Float64Array(graph.arcCount).fill(NaN);
  for (let i = 0; i < arcs.length; i++) costOf[arcs[i]] = costs[i];
  const dist = new Float64Array(graph.vertexCount).fill(Infinity);
  const heapV: number[] = [];
  const heapD: number[] = [];
  const push = (v: number, d: number) => {
    let i = heapV.length;
    heapV.push(v);
    heapD.push(d);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapD[p] <= d) break;
      heapV[i] = heapV[p];
      heapD[i] = heapD[p];
      i = p;
    }
    heapV[i] = v;
    heapD[i] = d;
  };
  const pop = (): [number, number] => {
    const top: [number, number] = [heapV[0], heapD[0]];
    const v = heapV.pop()!;
    const d = heapD.pop()!;
    const n = heapV.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && heapD[l + 1] < heapD[l] ? l + 1 : l;
        if (heapD[c] >= d) break;
        heapV[i] = heapV[c];
        heapD[i] = heapD[c];
        i = c;
      }
      heapV[i] = v;
      heapD[i] = d;
    }
    return top;
  };
  const o = graph.originVertex[originNode];
  dist[o] = 0;
  push(o, 0);
  while (heapV.length) {
    const [v, d] = pop();
    if (d > dist[v]) continue;
    for (let i = graph.outStart[v]; i < graph.outStart[v + 1]; i++) {
      const a = graph.outArcs[i];
      const c = costOf[a];
      if (Number.isNaN(c)) continue;
      const nd = d + c;
      const w = graph.arcTo[a];
      if (nd < dist[w]) {
        dist[w] = nd;
        push(w, nd);
      }
    }
  }
  return dist;
}
