import type { DemandRow } from '../network/index.js';
import type { ExpandedGraph } from '../graph/index.js';

/** One destination of a commodity: a physical node and the demand rows that end there. */
export interface CommodityDestination {
  /** Physical node index. */
  node: number;
  /** Sum of the rows' volumes, TEU/yr (> 0). */
  demandTeuPerYear: number;
  /** Indices into the demand array. */
  demandRows: number[];
}

/**
 * A commodity of the LP: all demand from one origin with one value of time. Flows of such rows can be
 * pooled without changing the optimum, because they pay the same cost on every arc and share the same
 * capacities: any split of the pooled flow by destination is feasible for the rows. Pooling by origin
 * makes one flow variable per arc per origin instead of per OD pair.
 */
export interface Commodity {
  index: number;
  /** Physical node index of the origin. */
  originNode: number;
  /** Value of time applied to this commodity, USD per TEU-hour. */
  valueOfTimeUsdPerTeuHour: number;
  destinations: CommodityDestination[];
  /** Arcs this commodity may use (ascending): open, reachable from its origin, reaching one of its destinations. */
  arcs: Int32Array;
}

/**
 * Group demand rows with volume > 0 into commodities by (origin, value of time), in first-seen order.
 * `defaultVot` applies to rows without their own value of time.
 */
export function groupCommodities(graph: ExpandedGraph, demand: readonly DemandRow[], defaultVot: number): Omit<Commodity, 'arcs'>[] {
  const byKey = new Map<string, Omit<Commodity, 'arcs'>>();
  const list: Omit<Commodity, 'arcs'>[] = [];
  demand.forEach((row, i) => {
    if (!(row.teuPerYear > 0)) return;
    const vot = row.valueOfTimeUsdPerTeuHour ?? defaultVot;
    const key = `${row.origin}\u0000${vot}`;
    let c = byKey.get(key);
    if (!c) {
      c = { index: list.length, originNode: graph.nodeIndex.get(row.origin)!, valueOfTimeUsdPerTeuHour: vot, destinations: [] };
      byKey.set(key, c);
      list.push(c);
    }
    const node = graph.nodeIndex.get(row.destination)!;
    let d = c.destinations.find((x) => x.node === node);
    if (!d) {
      d = { node, demandTeuPerYear: 0, demandRows: [] };
      c.destinations.push(d);
    }
    d.demandTeuPerYear += row.teuPerYear;
    d.demandRows.push(i);
  });
  return list;
}

/**
 * Arcs a commodity can use: open arcs on some path from its origin vertex to one of its destination
 * vertices (forward search from the origin ∩ backward search from the destinations). Everything else
 * would carry zero flow in any solution, so leaving it out of the LP changes nothing but its size.
 * @param mark scratch arrays of length vertexCount, reused between calls
 */
export function pruneCommodityArcs(
  graph: ExpandedGraph,
  arcOpen: Uint8Array,
  originNode: number,
  destinationNodes: readonly number[],
  mark: { forward: Uint8Array; backward: Uint8Array; stack: Int32Array },
): Int32Array {
  const { forward, backward, stack } = mark;
  forward.fill(0);
  backward.fill(0);
  let top = 0;
  const o = graph.originVertex[originNode];
  forward[o] = 1;
  stack[top++] = o;
  while (top > 0) {
    const v = stack[--top];
    for (let i = graph.outStart[v]; i < graph.outStart[v + 1]; i++) {
      const a = graph.outArcs[i];
      if (!arcOpen[a]) continue;
      const w = graph.arcTo[a];
      if (!forward[w]) {
        forward[w] = 1;
        stack[top++] = w;
      }
    }
  }
  for (const d of destinationNodes) {
    const v = graph.destinationVertex[d];
    if (!backward[v]) {
      backward[v] = 1;
      stack[top++] = v;
    }
  }
  while (top > 0) {
    const v = stack[--top];
    for (let i = graph.inStart[v]; i < graph.inStart[v + 1]; i++) {
      const a = graph.inArcs[i];
      if (!arcOpen[a]) continue;
      const u = graph.arcFrom[a];
      if (!backward[u] && forward[u]) {
        backward[u] = 1;
        stack[top++] = u;
      }
    }
  }
  let count = 0;
  for (let a = 0; a < graph.arcCount; a++) if (arcOpen[a] && forward[graph.arcFrom[a]] && backward[graph.arcTo[a]]) count++;
  const arcs = new Int32Array(count);
  let k = 0;
  for (let a = 0; a < graph.arcCount; a++) if (arcOpen[a] && forward[graph.arcFrom[a]] && backward[graph.arcTo[a]]) arcs[k++] = a;
  return arcs;
}
