import type { ExpandedGraph } from '../../src/graph/expanded-graph.js';

/**
 * Textbook O(V²) Dijkstra over the expanded graph, written independently of src/ (no heap, no adjacency
 * lists), for tests that check the library's searches and optima against it: distances from `from`
 * (forward) or to `from` (backward) over the arcs with open[a] = 1.
 */
export function plainDijkstra(g: ExpandedGraph, cost: Float64Array, open: Uint8Array, from: number, backward = false): Float64Array {
  const dist = new Float64Array(g.vertexCount).fill(Infinity);
  const done = new Uint8Array(g.vertexCount);
  dist[from] = 0;
  for (;;) {
    let v = -1;
    for (let i = 0; i < g.vertexCount; i++) if (!done[i] && dist[i] < Infinity && (v < 0 || dist[i] < dist[v])) v = i;
    if (v < 0) return dist;
    done[v] = 1;
    for (let a = 0; a < g.arcCount; a++) {
      if (!open[a] || (backward ? g.arcTo[a] : g.arcFrom[a]) !== v) continue;
      const w = backward ? g.arcFrom[a] : g.arcTo[a];
      if (dist[v] + cost[a] < dist[w]) dist[w] = dist[v] + cost[a];
    }
  }
}
