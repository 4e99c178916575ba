import { LpBuilder } from '../../../solver/lp-builder.js';
import type { LpModel } from '../../../solver/lp-model.js';
import { arcCostForCommodity, type ExpandedGraph } from '../../graph/index.js';
import type { EffectiveCapacities } from '../effective-capacities.js';
import type { Commodity } from '../group-commodities.js';

/** Cost weights of the LP objective. */
export interface AssignmentCostWeights {
  /** USD per tonne CO2. */
  carbonPriceUsdPerTonneCo2: number;
  /** USD per TEU of unserved demand. */
  unservedPenaltyUsdPerTeu: number;
}

/** The LP and the maps from its columns and rows back to commodities, arcs and nodes. */
export interface AssignmentLp {
  model: LpModel;
  commodities: Commodity[];
  /** Column of the flow of commodity k on commodities[k].arcs[i] is flowColumnStart[k] + i. */
  flowColumnStart: Int32Array;
  /** Unserved column of destination j of commodity k: unservedColumns[k][j]. */
  unservedColumns: number[][];
  /** Capacity row of each link arc (−1 when the arc is unlimited or no commodity can use it). */
  arcCapacityRow: Int32Array;
  /** Throughput row of each node (−1 when unlimited or unused). */
  nodeThroughputRow: Int32Array;
  /** Number of flow-conservation rows (they come first). */
  conservationRowCount: number;
}

/**
 * Generalized cost of arc a for a commodity, USD per TEU: money + VOT × hours + carbon price × CO2 / 1000.
 * The same formula as generalizedCost(), unrolled for the hot loop.
 */
export { arcCostForCommodity };

/**
 * Build the capacitated multi-commodity min-cost flow LP over the expanded graph:
 *
 *     minimise   Σ_k Σ_a c_ka x_ka + P Σ_k Σ_j u_kj
 *     s.t.       Σ_in(v) x_ka − Σ_out(v) x_ka = 0            every commodity k, vertex v ∉ {origin, destinations of k}
 *                Σ_in(d_j) x_ka + u_kj = D_kj                every destination vertex d_j of commodity k
 *                Σ_k x_ka ≤ cap_a                             every link arc with a finite capacity
 *                Σ_k Σ_{a ∈ nodeArcs[n]} x_ka ≤ T_n           every node with a finite throughput
 *                x, u ≥ 0
 *
 * The origin's balance row is left out: it is the negated sum of the others, so it adds nothing but a
 * redundant equality. Columns exist only for each commodity's pruned arcs.
 */
export function buildAssignmentLp(
  graph: ExpandedGraph,
  commodities: Commodity[],
  capacities: EffectiveCapacities,
  weights: AssignmentCostWeights,
): AssignmentLp {
  const b = new LpBuilder('minimize', 'corridor-assignment');
  const flowColumnStart = new Int32Array(commodities.length);
  const unservedColumns: number[][] = [];
  const colOf = new Int32Array(graph.arcCount).fill(-1);
  const stamp = new Int32Array(graph.vertexCount);
  const arcUse = new Int32Array(graph.arcCount + 1);
  const idx: number[] = [];
  const val: number[] = [];

  for (const c of commodities) {
    const k = c.index;
    flowColumnStart[k] = b.numColumns;
    for (const a of c.arcs) {
      colOf[a] = b.addColumn(`x_k${k}_a${a}`, 0, Infinity, arcCostForCommodity(graph, a, c.valueOfTimeUsdPerTeuHour, weights.carbonPriceUsdPerTonneCo2));
      arcUse[a + 1]++;
    }
    const unserved = c.destinations.map((d) => b.addColumn(`u_k${k}_n${d.node}`, 0, Infinity, weights.unservedPenaltyUsdPerTeu));
    unservedColumns.push(unserved);

    const destRow = new Map<number, number>(c.destinations.map((d, j) => [graph.destinationVertex[d.node], j]));
    const origin = graph.originVertex[c.originNode];
    const vertices: number[] = [];
    const seen = (v: number) => {
      if (stamp[v] !== k + 1) {
        stamp[v] = k + 1;
        vertices.push(v);
      }
    };
    for (const a of c.arcs) {
      seen(graph.arcFrom[a]);
      seen(graph.arcTo[a]);
    }
    for (const v of destRow.keys()) seen(v);
    vertices.sort((x, y) => x - y);
    for (const v of vertices) {
      if (v === origin) continue;
      idx.length = 0;
      val.length = 0;
      for (let i = graph.inStart[v]; i < graph.inStart[v + 1]; i++) {
        const col = colOf[graph.inArcs[i]];
        if (col >= 0) {
          idx.push(col);
          val.push(1);
        }
      }
      for (let i = graph.outStart[v]; i < graph.outStart[v + 1]; i++) {
        const col = colOf[graph.outArcs[i]];
        if (col >= 0) {
          idx.push(col);
          val.push(-1);
        }
      }
      const j = destRow.get(v);
      const rhs = j === undefined ? 0 : c.destinations[j].demandTeuPerYear;
      if (j !== undefined) {
        idx.push(unserved[j]);
        val.push(1);
      }
      b.addRow(`bal_k${k}_v${v}`, rhs, rhs, idx, val);
    }
    for (const a of c.arcs) colOf[a] = -1;
  }
  const conservationRowCount = b.numRows;

  // Columns of each arc across commodities (CSR), for the shared capacity rows.
  for (let a = 0; a < graph.arcCount; a++) arcUse[a + 1] += arcUse[a];
  const fill = arcUse.slice(0, graph.arcCount);
  const arcColumns = new Int32Array(arcUse[graph.arcCount]);
  for (const c of commodities) {
    const start = flowColumnStart[c.index];
    c.arcs.forEach((a, i) => {
      arcColumns[fill[a]++] = start + i;
    });
  }
  const ones = (n: number) => new Array<number>(n).fill(1);

  const arcCapacityRow = new Int32Array(graph.arcCount).fill(-1);
  for (let a = 0; a < graph.arcCount; a++) {
    const cap = capacities.arcCapacityTeuPerYear[a];
    const n = arcUse[a + 1] - arcUse[a];
    if (!Number.isFinite(cap) || n === 0) continue;
    arcCapacityRow[a] = b.addRow(`cap_a${a}`, -Infinity, cap, arcColumns.subarray(arcUse[a], arcUse[a + 1]), ones(n));
  }
  const nodeThroughputRow = new Int32Array(graph.network.nodes.length).fill(-1);
  graph.nodeArcs.forEach((arcs, n) => {
    const cap = capacities.nodeThroughputTeuPerYear[n];
    if (!Number.isFinite(cap)) return;
    idx.length = 0;
    for (const a of arcs) for (let p = arcUse[a]; p < arcUse[a + 1]; p++) idx.push(arcColumns[p]);
    if (idx.length === 0) return;
    nodeThroughputRow[n] = b.addRow(`thr_n${n}`, -Infinity, cap, idx, ones(idx.length));
  });

  return { model: b.build(), commodities, flowColumnStart, unservedColumns, arcCapacityRow, nodeThroughputRow, conservationRowCount };
}
