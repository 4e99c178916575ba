import { HighsSession, type LpModel, type LpRow, type LpSolution, type SessionColumn, type SolveOptions } from '../../../solver/index.js';
import type { ExpandedGraph } from '../../graph/index.js';
import type { Commodity } from '../group-commodities.js';
import { pricesOut } from './price-paths.js';

/** A commodity of the path formulation: the arc formulation's commodity (origin + value of time) without its arc list. */
export type PathCommodity = Omit<Commodity, 'arcs'>;

/** A path column: the flow of one commodity to one of its destinations along one route. */
export interface PathColumn {
  /** Index into the master's commodities. */
  commodity: number;
  /** Index into that commodity's destinations. */
  destination: number;
  /** Expanded-graph arcs from the origin vertex to the destination vertex, in order. */
  arcs: Int32Array;
  /** Generalized cost of the route with the commodity's value of time, USD per TEU. */
  costUsdPerTeu: number;
}

/**
 * Reduced cost above which an unused path column may be pruned, USD/TEU: well above the round-off of the
 * reduced costs of basic columns (zero), so no basic column is ever deleted.
 */
export const PRUNE_MIN_REDUCED_COST_USD_PER_TEU = 1e-6;

/**
 * Pruned path columns kept for re-use ({@link RestrictedMaster.pooledPricedOut}) per master row; beyond it
 * the oldest go. At 5,000 nodes the pool held about 10,000 routes (5 × the rows) at the end of a solve.
 */
export const POOL_MAX_COLUMNS_PER_ROW = 10;

/** Cost of route p per TEU under arc prices (its generalized cost plus the prices of its arcs), USD/TEU. */
export function pricedCostUsdPerTeu(p: PathColumn, arcPriceUsdPerTeu: Float64Array): number {
  let priced = p.costUsdPerTeu;
  for (const a of p.arcs) priced += arcPriceUsdPerTeu[a];
  return priced;
}

/** Identity of a route of one OD pair (commodity, destination and arcs). */
function pathKey(p: PathColumn): string {
  return `${p.commodity}|${p.destination}|${p.arcs.join(',')}`;
}

/**
 * The restricted master LP of the path formulation, kept alive in one HiGHS session so that every change
 * (new columns, new rows, bounds of a new scenario) is followed by a warm re-solve:
 *
 *     minimise   Σ_p c_p x_p + P Σ_kj u_kj
 *     s.t.       Σ_{p of (k,j)} x_p + u_kj = D_kj                     demand row of each commodity k, destination j
 *                Σ_{p ∋ a} x_p ≤ cap_a                                 capacity row of a link arc (added when needed)
 *                Σ_p (number of arcs of p in nodeArcs[n]) x_p ≤ T_n    throughput row of a node (added when needed)
 *                x, u ≥ 0;  x_p ≤ 0 while p crosses a closed element
 *
 * Session layout: columns are the unserved columns (one per demand row, in order) and then the path
 * columns in the order added; rows are the demand rows and then the capacity rows in the order added.
 */
export class RestrictedMaster {
  readonly graph: ExpandedGraph;
  readonly commodities: readonly PathCommodity[];
  /** Demand row (= unserved column) of destination j of commodity k: demandRow[k][j]. */
  readonly demandRow: number[][];
  readonly demandRowCount: number;
  /** Cost of a TEU left unserved, USD/TEU. */
  readonly penaltyUsdPerTeu: number;
  /** Path columns in order; the session column of paths[i] is demandRowCount + i. */
  readonly paths: PathColumn[] = [];
  /** Capacity row of each link arc, −1 while it has none. */
  readonly arcRow: Int32Array;
  /** Throughput row of each node, −1 while it has none. */
  readonly nodeRow: Int32Array;
  private readonly session: HighsSession;
  private readonly known = new Set<string>();
  /** Pruned path columns, by pathKey, oldest first (see pooledPricedOut). */
  private readonly pool = new Map<string, PathColumn>();
  /** 1 while path i crosses a closed element (its column is fixed to 0). */
  private blocked = new Uint8Array(64);
  private rowUpper: number[] = [];
  /** Nonzeros of the master's matrix. */
  private entries = 0;
  private rowOwner: { kind: 'arc' | 'node'; index: number }[] = [];

  private constructor(graph: ExpandedGraph, commodities: readonly PathCommodity[], session: HighsSession, demandRow: number[][], demandRowCount: number, penaltyUsdPerTeu: number) {
    this.graph = graph;
    this.penaltyUsdPerTeu = penaltyUsdPerTeu;
    this.commodities = commodities;
    this.session = session;
    this.demandRow = demandRow;
    this.demandRowCount = demandRowCount;
    this.arcRow = new Int32Array(graph.arcCount).fill(-1);
    this.nodeRow = new Int32Array(graph.network.nodes.length).fill(-1);
  }

  /**
   * The master with its demand rows and unserved columns only (every TEU unserved at `penaltyUsdPerTeu`).
   */
  static async create(graph: ExpandedGraph, commodities: readonly PathCommodity[], penaltyUsdPerTeu: number): Promise<RestrictedMaster> {
    const model: LpModel = { name: 'corridor-paths-master', sense: 'minimize', columns: [], rows: [] };
    const demandRow: number[][] = [];
    for (const c of commodities) {
      demandRow.push(
        c.destinations.map((d, j) => {
          const i = model.rows.length;
          model.columns.push({ name: `u_k${c.index}_j${j}`, lower: 0, upper: Infinity, cost: penaltyUsdPerTeu });
          model.rows.push({ name: `dem_k${c.index}_j${j}`, lower: d.demandTeuPerYear, upper: d.demandTeuPerYear, indices: [i], values: [1] });
          return i;
        }),
      );
    }
    const session = await HighsSession.create(model);
    return new RestrictedMaster(graph, commodities, session, demandRow, model.rows.length, penaltyUsdPerTeu);
  }

  /** Session column of path i. */
  pathColumn(i: number): number {
    return this.demandRowCount + i;
  }

  get rowCount(): number {
    return this.session.numRows;
  }

  get columnCount(): number {
    return this.session.numColumns;
  }

  /**
   * Add path columns that are not in the master yet (same commodity, destination and arcs); returns how
   * many were new. A repeat means the solver already priced that route at (within its tolerance) zero
   * reduced cost, so it is skipped rather than added twice.
   */
  addPaths(columns: readonly PathColumn[]): number {
    const fresh: SessionColumn[] = [];
    const rowIndices: number[] = [];
    for (const p of columns) {
      const key = pathKey(p);
      if (this.known.has(key)) continue;
      this.known.add(key);
      this.pool.delete(key);
      rowIndices.length = 0;
      rowIndices.push(this.demandRow[p.commodity][p.destination]);
      for (const a of p.arcs) {
        if (this.arcRow[a] >= 0) rowIndices.push(this.arcRow[a]);
        const n = this.graph.arcNode[a];
        if (n >= 0 && this.nodeRow[n] >= 0) rowIndices.push(this.nodeRow[n]);
      }
      const i = this.paths.length;
      this.paths.push(p);
      this.entries += new Set(rowIndices).size;
      this.ensureBlockedLength(i + 1);
      fresh.push({
        name: `x_k${p.commodity}_j${p.destination}_p${i}`,
        lower: 0,
        upper: Infinity,
        cost: p.costUsdPerTeu,
        rowIndices: Int32Array.from(rowIndices),
        rowValues: new Float64Array(rowIndices.length).fill(1),
      });
    }
    this.session.addColumns(fresh);
    return fresh.length;
  }

  /**
   * Delete path columns the master does not need now, so that it keeps at most `keep` of them: among the
   * columns at zero with a reduced cost above {@link PRUNE_MIN_REDUCED_COST_USD_PER_TEU} (nonbasic, hence
   * the basis and the optimum stay as they are) and open in the current scenario, the dearest go first.
   * Why: every simplex iteration of the master prices all its columns, and column generation leaves most
   * of the ones it adds unused (measured at 5,000 nodes: 15,000 columns for a basis of 2,000 rows, each
   * iteration three times dearer at the end than at the start). A deleted route goes to a pool, from
   * which {@link pooledPricedOut} brings it back once its reduced cost is negative again.
   * @param x column values of the last optimal solve, `reducedCosts` its reduced costs
   * @returns the session columns deleted, ascending (indices before the deletion)
   */
  prunePaths(x: Float64Array, reducedCosts: Float64Array, keep: number): number[] {
    const excess = this.paths.length - keep;
    if (excess <= 0) return [];
    const candidates: number[] = [];
    for (let i = 0; i < this.paths.length; i++) {
      const col = this.pathColumn(i);
      if (this.blocked[i] === 0 && x[col] === 0 && reducedCosts[col] > PRUNE_MIN_REDUCED_COST_USD_PER_TEU) candidates.push(i);
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => reducedCosts[this.pathColumn(b)] - reducedCosts[this.pathColumn(a)] || a - b);
    const gone = new Uint8Array(this.paths.length);
    for (const i of candidates.slice(0, excess)) gone[i] = 1;
    const deleted: number[] = [];
    const keptPaths: PathColumn[] = [];
    const keptBlocked = new Uint8Array(Math.max(64, this.blocked.length));
    this.paths.forEach((p, i) => {
      if (gone[i]) {
        deleted.push(this.pathColumn(i));
        const key = pathKey(p);
        this.known.delete(key);
        this.pool.set(key, p);
        this.entries -= this.rowsOf(p).size;
      } else {
        keptBlocked[keptPaths.length] = this.blocked[i];
        keptPaths.push(p);
      }
    });
    const cap = POOL_MAX_COLUMNS_PER_ROW * this.rowCount;
    for (const key of this.pool.keys()) {
      if (this.pool.size <= cap) break;
      this.pool.delete(key);
    }
    this.session.deleteColumns(deleted);
    this.paths.length = keptPaths.length;
    keptPaths.forEach((p, i) => (this.paths[i] = p));
    this.blocked = keptBlocked;
    return deleted;
  }

  /** Pruned routes waiting in the pool. */
  get pooledCount(): number {
    return this.pool.size;
  }

  /**
   * Take out of the pool the pruned routes whose reduced cost is negative again under the prices of the
   * last solve (open ones only; a closed one stays for a later scenario). Pricing finds one route per OD
   * pair and round; the pool can give a pair back several at once, for the cost of summing their arc
   * prices. Measured at 5,000 nodes / 1,000 pairs with pruning above 3 × rows down to 2.5 ×: 23 pricing
   * rounds with the pool against 24 without (BENCHMARKS.md).
   * @param arcPriceUsdPerTeu the arc prices pricing runs on (arcPrices of the last solve's row prices)
   * @param rowDuals the last solve's row duals (for the demand rows')
   */
  pooledPricedOut(arcPriceUsdPerTeu: Float64Array, rowDuals: Float64Array, arcOpen: Uint8Array): PathColumn[] {
    const out: PathColumn[] = [];
    for (const [key, p] of this.pool) {
      if (!pricesOut(pricedCostUsdPerTeu(p, arcPriceUsdPerTeu), rowDuals[this.demandRow[p.commodity][p.destination]])) continue;
      if (p.arcs.every((a) => arcOpen[a] === 1)) {
        out.push(p);
        this.pool.delete(key);
      }
    }
    return out;
  }

  /** The master rows path p has a coefficient in (its demand row and the capacity rows it crosses). */
  private rowsOf(p: PathColumn): Set<number> {
    const rows = new Set<number>([this.demandRow[p.commodity][p.destination]]);
    for (const a of p.arcs) {
      if (this.arcRow[a] >= 0) rows.add(this.arcRow[a]);
      const n = this.graph.arcNode[a];
      if (n >= 0 && this.nodeRow[n] >= 0) rows.add(this.nodeRow[n]);
    }
    return rows;
  }

  /**
   * Add capacity rows for link arcs and node throughputs that have none yet, with the coefficients of every
   * path column already in the master.
   * @param upperTeuPerYear capacity of each new row, parallel to arcs then nodes
   */
  addCapacityRows(arcs: readonly number[], nodes: readonly number[], arcCapacityTeuPerYear: Float64Array, nodeThroughputTeuPerYear: Float64Array): void {
    const newArc = new Map<number, number>();
    const newNode = new Map<number, number>();
    const rows: LpRow[] = [];
    const first = this.session.numRows;
    for (const a of arcs) {
      if (this.arcRow[a] >= 0 || newArc.has(a)) continue;
      newArc.set(a, rows.length);
      rows.push({ name: `cap_a${a}`, lower: -Infinity, upper: arcCapacityTeuPerYear[a], indices: [], values: [] });
      this.rowOwner.push({ kind: 'arc', index: a });
    }
    for (const n of nodes) {
      if (this.nodeRow[n] >= 0 || newNode.has(n)) continue;
      newNode.set(n, rows.length);
      rows.push({ name: `thr_n${n}`, lower: -Infinity, upper: nodeThroughputTeuPerYear[n], indices: [], values: [] });
      this.rowOwner.push({ kind: 'node', index: n });
    }
    if (rows.length === 0) return;
    this.paths.forEach((p, i) => {
      const col = this.pathColumn(i);
      for (const a of p.arcs) {
        const r = newArc.get(a);
        if (r !== undefined) {
          rows[r].indices.push(col);
          rows[r].values.push(1);
        }
        const n = this.graph.arcNode[a];
        if (n < 0) continue;
        const q = newNode.get(n);
        if (q !== undefined) {
          rows[q].indices.push(col);
          rows[q].values.push(1);
        }
      }
    });
    this.session.addRows(rows);
    for (const r of rows) this.entries += new Set(r.indices).size;
    for (const [a, r] of newArc) this.arcRow[a] = first + r;
    for (const [n, r] of newNode) this.nodeRow[n] = first + r;
    for (const r of rows) this.rowUpper.push(r.upper);
  }

  /**
   * Apply a scenario's capacities and closures: capacity rows get the new limits (Infinity when now
   * unlimited), path columns through a closed arc are fixed to 0 and reopened ones freed. Only what
   * changed is sent to HiGHS, so the basis stays warm.
   */
  applyScenario(arcOpen: Uint8Array, arcCapacityTeuPerYear: Float64Array, nodeThroughputTeuPerYear: Float64Array): void {
    const rowIdx: number[] = [];
    const rowUp: number[] = [];
    this.rowOwner.forEach((o, q) => {
      const cap = o.kind === 'arc' ? arcCapacityTeuPerYear[o.index] : nodeThroughputTeuPerYear[o.index];
      if (cap !== this.rowUpper[q]) {
        this.rowUpper[q] = cap;
        rowIdx.push(this.demandRowCount + q);
        rowUp.push(cap);
      }
    });
    if (rowIdx.length) this.session.changeRowBounds(rowIdx, rowIdx.map(() => -Infinity), rowUp);
    const colIdx: number[] = [];
    const colUp: number[] = [];
    this.paths.forEach((p, i) => {
      let closed = 0;
      for (const a of p.arcs) {
        if (arcOpen[a] === 0) {
          closed = 1;
          break;
        }
      }
      if (closed !== this.blocked[i]) {
        this.blocked[i] = closed;
        colIdx.push(this.pathColumn(i));
        colUp.push(closed ? 0 : Infinity);
      }
    });
    if (colIdx.length) this.session.changeColumnBounds(colIdx, colIdx.map(() => 0), colUp);
  }

  /** A copy of the master LP as it stands (demand rows, capacity rows, unserved and path columns). */
  toLpModel(): LpModel {
    return this.session.toModel();
  }

  /** Warm re-solve of the master. */
  solve(options?: SolveOptions): Promise<LpSolution> {
    return this.session.solve(options);
  }

  /**
   * Flow of every arc implied by the path flows of a master solution, TEU/yr.
   * @param x the master's column values
   */
  arcFlows(x: Float64Array): Float64Array {
    const flow = new Float64Array(this.graph.arcCount);
    this.paths.forEach((p, i) => {
      const f = x[this.pathColumn(i)];
      if (f <= 0) return;
      for (const a of p.arcs) flow[a] += f;
    });
    return flow;
  }

  /**
   * Price of each row per TEU crossing it, USD/TEU: −dual for capacity rows, 0 for demand rows. Duals of ≤
   * rows of a minimisation are ≤ 0 (solver/ convention); round-off of the wrong sign is dropped so that
   * arc lengths stay ≥ 0 for Dijkstra.
   */
  capacityRowPrices(rowDuals: Float64Array): Float64Array {
    const price = new Float64Array(rowDuals.length);
    for (let i = this.demandRowCount; i < rowDuals.length; i++) price[i] = Math.max(0, -rowDuals[i]);
    return price;
  }

  /** Extra cost per TEU of each arc from row prices: its capacity row's price plus its node's throughput row's. */
  arcPrices(rowPrice: Float64Array): Float64Array {
    const price = new Float64Array(this.graph.arcCount);
    const { arcNode } = this.graph;
    for (let a = 0; a < price.length; a++) {
      const r = this.arcRow[a];
      const n = arcNode[a];
      price[a] = (r >= 0 ? rowPrice[r] : 0) + (n >= 0 && this.nodeRow[n] >= 0 ? rowPrice[this.nodeRow[n]] : 0);
    }
    return price;
  }

  /**
   * The most arcs of one simple path that a row can count, per row: 1 for a link arc's row; for a node's
   * throughput row one more than its departure vertices (each node arc ends at a departure vertex or at the
   * destination vertex, and a simple path visits each vertex once). 0 for demand rows.
   */
  rowPathUses(): Int32Array {
    const uses = new Int32Array(this.session.numRows);
    this.rowOwner.forEach((o, q) => {
      if (o.kind === 'arc') uses[this.demandRowCount + q] = 1;
      else {
        let departures = 0;
        for (const a of this.graph.nodeArcs[o.index]) if (this.graph.arcKind[a] === 'origin') departures++;
        uses[this.demandRowCount + q] = departures + 1;
      }
    });
    return uses;
  }

  /** A copy of the master LP as it stands. */
  toModel(): LpModel {
    return this.session.toModel();
  }

  /** Size of the master LP now (what `lpSize` of a result reports). */
  size(): { columns: number; rows: number; nonzeros: number; commodities: number } {
    return { columns: this.session.numColumns, rows: this.session.numRows, nonzeros: this.entries + this.demandRowCount, commodities: this.commodities.length };
  }

  /** Free the HiGHS model. */
  dispose(): void {
    this.session.dispose();
  }

  private ensureBlockedLength(n: number): void {
    if (n <= this.blocked.length) return;
    const grown = new Uint8Array(Math.max(n, this.blocked.length * 2));
    grown.set(this.blocked);
    this.blocked = grown;
  }
}
