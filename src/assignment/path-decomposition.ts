import type { ExpandedGraph } from '../graph/index.js';

/** One path of a flow decomposition: expanded-graph arcs from the origin vertex to a destination vertex. */
export interface FlowPath {
  /** Physical node index of the destination. */
  destinationNode: number;
  /** Expanded-graph arcs in travel order (an array of a decomposition, or a path column's own arcs). */
  arcs: readonly number[] | Int32Array;
  teuPerYear: number;
}

/** Result of {@link decomposeFlow}. */
export interface FlowDecomposition {
  paths: FlowPath[];
  /** Flow that went round cycles (only zero-cost cycles survive an optimal LP), TEU/yr summed over cycles. */
  cycleTeuPerYear: number;
  /** Flow dropped as numerical residue (arcs ending in a dead end), TEU/yr. */
  residueTeuPerYear: number;
}

/**
 * Decompose one commodity's arc flows into origin → destination paths (standard flow decomposition).
 * Walk from the origin along arcs that still carry flow; on reaching a destination vertex subtract the
 * path's bottleneck; on revisiting a vertex of the current walk cancel the cycle (a cycle carries no
 * demand, and in an optimal solution it costs nothing); on a dead end (only possible through solver
 * round-off) drop the arc's residue. Each arc's flow only decreases and each vertex keeps a pointer to
 * its first arc still carrying flow, so the work is O(arcs + paths × path length).
 * @param arcs the commodity's arcs; @param flows their flows, TEU/yr (same order)
 * @param epsTeuPerYear flows at or below this count as zero
 */
export function decomposeFlow(
  graph: ExpandedGraph,
  originNode: number,
  arcs: ArrayLike<number>,
  flows: ArrayLike<number>,
  epsTeuPerYear: number,
): FlowDecomposition {
  const residual = new Float64Array(arcs.length);
  // Local adjacency: positions of the commodity's arcs grouped by tail vertex.
  const outOf = new Map<number, number[]>();
  for (let i = 0; i < arcs.length; i++) {
    residual[i] = flows[i] > epsTeuPerYear ? flows[i] : 0;
    if (residual[i] === 0) continue;
    const v = graph.arcFrom[arcs[i]];
    let list = outOf.get(v);
    if (!list) outOf.set(v, (list = []));
    list.push(i);
  }
  const ptr = new Map<number, number>();
  const origin = graph.originVertex[originNode];
  const paths: FlowPath[] = [];
  let cycleTeuPerYear = 0;
  let residueTeuPerYear = 0;
  const onWalk = new Map<number, number>(); // vertex → position in walkVertices
  const walkVertices: number[] = [];
  const walkArcs: number[] = []; // local positions

  const nextArc = (v: number): number => {
    const list = outOf.get(v);
    if (!list) return -1;
    let p = ptr.get(v) ?? 0;
    while (p < list.length && residual[list[p]] <= epsTeuPerYear) p++;
    ptr.set(v, p);
    return p < list.length ? list[p] : -1;
  };
  const restart = () => {
    onWalk.clear();
    walkVertices.length = 0;
    walkArcs.length = 0;
    walkVertices.push(origin);
    onWalk.set(origin, 0);
  };
  restart();
  for (;;) {
    const v = walkVertices[walkVertices.length - 1];
    if (graph.vertexRole[v] === 1 /* destination */) {
      let teu = Infinity;
      for (const i of walkArcs) teu = Math.min(teu, residual[i]);
      for (const i of walkArcs) residual[i] -= teu;
      paths.push({ destinationNode: graph.vertexNode[v], arcs: walkArcs.map((i) => arcs[i]), teuPerYear: teu });
      restart();
      continue;
    }
    const i = nextArc(v);
    if (i < 0) {
      if (v === origin) break;
      // Dead end: whatever still enters v is round-off; drop it and step back.
      const last = walkArcs.pop()!;
      residueTeuPerYear += residual[last];
      residual[last] = 0;
      onWalk.delete(walkVertices.pop()!);
      continue;
    }
    const w = graph.arcTo[arcs[i]];
    const at = onWalk.get(w);
    if (at !== undefined) {
      const cycle = [...walkArcs.slice(at), i];
      let teu = Infinity;
      for (const c of cycle) teu = Math.min(teu, residual[c]);
      for (const c of cycle) residual[c] -= teu;
      cycleTeuPerYear += teu;
      while (walkVertices.length > at + 1) onWalk.delete(walkVertices.pop()!);
      walkArcs.length = at;
      continue;
    }
    onWalk.set(w, walkVertices.length);
    walkVertices.push(w);
    walkArcs.push(i);
  }
  return { paths, cycleTeuPerYear, residueTeuPerYear };
}
