import { arcGeneralizedCosts, ShortestPathTree, type ExpandedGraph } from '../../graph/index.js';
import { LandmarkBounds } from './landmark-bounds.js';
import { TARGET_BOUNDS_MAX_BYTES, TargetBounds, type TargetTables } from './target-bounds.js';
import type { PathColumn, PathCommodity } from './restricted-master.js';

/**
 * A path column is added when its reduced cost is below −(this × max(1, |demand-row dual|)), USD/TEU. It
 * bounds the optimality gap at convergence to about this fraction of the objective, and sits above the
 * round-off of HiGHS duals (dual feasibility tolerance 1e-7 on costs of 10²–10⁵ USD/TEU).
 */
export const REDUCED_COST_TOLERANCE = 1e-9;

/** What pricing needs from the master's last solve (plain data: it is also posted to pricing workers). */
export interface PricingDuals {
  /** Price of each master row per TEU crossing it (RestrictedMaster.capacityRowPrices), USD/TEU. */
  rowPriceUsdPerTeu: Float64Array;
  /** Extra cost per TEU on each arc from those prices (RestrictedMaster.arcPrices), USD/TEU. */
  arcPriceUsdPerTeu: Float64Array;
  /** Most arcs of one simple path each row can count (RestrictedMaster.rowPathUses). */
  rowPathUses: Int32Array;
  /** The master's capacity row of each link arc and throughput row of each node (−1 = none). */
  arcRow: Int32Array;
  nodeRow: Int32Array;
  /** Every row dual of the master solve, USD/TEU. */
  rowDualUsdPerTeu: Float64Array;
  /** The master's demand row of destination j of commodity k: demandRow[k][j] (RestrictedMaster.demandRow). */
  demandRow: readonly (readonly number[])[];
}

/**
 * Landmarks for A* pricing when exact target bounds (TargetBounds) would exceed their memory budget: none
 * on small graphs (a plain tree is already cheap there and the landmark trees would cost more than they
 * save), 16 from this many expanded vertices up.
 */
export const LANDMARK_MIN_VERTICES = 4000;
export const DEFAULT_LANDMARKS = 16;

/** A commodity with more destinations than this is priced by plain Dijkstra (the A* bound is a min over them). */
const MAX_A_STAR_TARGETS = 4;

/**
 * Pricing of the path formulation: for each commodity (all OD pairs of one origin and one value of time),
 * one shortest-path tree on dual-adjusted arc costs (generalized cost + capacity prices) over the open arcs,
 * stopped once every destination is settled or once nothing nearer than the largest demand dual is left.
 * A destination whose tree distance is below its demand-row dual has a path of negative reduced cost;
 * that path becomes a column.
 */
export class PathPricer {
  private readonly graph: ExpandedGraph;
  private readonly commodities: readonly PathCommodity[];
  private readonly carbonPriceUsdPerTonneCo2: number;
  private readonly tree: ShortestPathTree;
  /** Generalized cost of each arc per value of time (USD/TEU), computed once. */
  private readonly baseCost = new Map<number, Float64Array>();
  private readonly adjusted = new Map<number, Float64Array>();
  /** Row prices of each pricing round of the current scenario. */
  private readonly rounds: Float64Array[] = [];
  /** Per commodity and destination: its last search in this scenario and the distance found then. */
  private readonly lastSearch = new Map<number, { search: (SearchRecord | null)[]; distance: Float64Array }>();
  private rowIndex: { rowCount: number; start: Int32Array; rows: Int32Array } | null = null;
  private rowStamp = new Int32Array(0);
  private stampRun = 0;
  /** Per commodity: uncapacitated cheapest cost to each destination (see uncapacitatedDistances). */
  private readonly floor: (Float64Array | undefined)[] = [];
  /** Cumulative seconds spent growing trees, and trees grown. */
  seconds = 0;
  trees = 0;
  /** Vertices settled by pricing searches so far. */
  get settledVertices(): number {
    return this.tree.settledVertices;
  }

  private readonly landmarkCount: number;
  private landmarks: LandmarkBounds | null = null;
  private readonly useTargetBounds: boolean;
  private targetBounds: TargetBounds | null = null;
  private readonly sharedBounds: SharedTargetBounds | null;
  /** Destination vertex of every commodity's destinations, each once. */
  private readonly destinationVertices: number[];

  /**
   * @param landmarks force landmark A* with this many landmarks (0 = plain Dijkstra). Default: exact
   *   target bounds (TargetBounds) when they fit in {@link TARGET_BOUNDS_MAX_BYTES}, else
   *   {@link DEFAULT_LANDMARKS} landmarks on graphs of at least {@link LANDMARK_MIN_VERTICES} vertices, else 0
   * @param shared target bounds that another thread's pricer made ({@link PathPricer.sharedTargetBounds}):
   *   this pricer reads and fills the same tables instead of its own (pricing workers, see PricingPool)
   */
  constructor(graph: ExpandedGraph, commodities: readonly PathCommodity[], carbonPriceUsdPerTonneCo2: number, landmarks?: number, shared?: SharedTargetBounds) {
    this.graph = graph;
    this.commodities = commodities;
    this.carbonPriceUsdPerTonneCo2 = carbonPriceUsdPerTonneCo2;
    this.tree = new ShortestPathTree(graph);
    this.sharedBounds = shared ?? null;
    this.destinationVertices = [...new Set(commodities.flatMap((c) => c.destinations.map((d) => graph.destinationVertex[d.node])))];
    this.useTargetBounds = shared !== undefined || (landmarks === undefined && TargetBounds.bytesFor(graph, this.destinationVertices.length) <= TARGET_BOUNDS_MAX_BYTES);
    this.landmarkCount = this.useTargetBounds ? 0 : (landmarks ?? (graph.vertexCount >= LANDMARK_MIN_VERTICES ? DEFAULT_LANDMARKS : 0));
  }

  /** Least arc costs any search will see: those of the smallest value of time (costs grow with it). */
  private leastArcCosts(): Float64Array {
    return this.arcCosts(Math.min(...this.commodities.map((c) => c.valueOfTimeUsdPerTeuHour)));
  }

  /**
   * The exact target bounds in shared memory, for pricers in other threads (null when this pricer uses
   * landmarks or Dijkstra). Their tables are filled on demand by whichever thread needs one first.
   */
  sharedTargetBounds(): SharedTargetBounds | null {
    const bounds = this.lowerBounds();
    if (!(bounds instanceof TargetBounds) || bounds.tables === null) return null;
    return { tables: bounds.tables, arcCostUsdPerTeu: bounds.leastArcCosts };
  }

  /** Build every target-bound table not built yet (see TargetBounds.fillAll); a no-op without them. */
  fillTargetBounds(): void {
    const bounds = this.lowerBounds();
    if (bounds instanceof TargetBounds) bounds.fillAll();
  }

  /** The A* bounds (built on first use), or null for plain Dijkstra. */
  private lowerBounds(): PricingBounds | null {
    if (this.commodities.length === 0) return null;
    if (this.useTargetBounds) {
      if (!this.targetBounds) {
        const shared = this.sharedBounds;
        if (shared) this.targetBounds = new TargetBounds(this.graph, shared.arcCostUsdPerTeu, shared.tables);
        else this.targetBounds = new TargetBounds(this.graph, this.leastArcCosts(), TargetBounds.createTables(this.graph, this.destinationVertices));
      }
      return this.targetBounds;
    }
    if (this.landmarkCount === 0) return null;
    this.landmarks ??= new LandmarkBounds(this.graph, this.leastArcCosts(), this.landmarkCount);
    return this.landmarks;
  }

  /** Generalized cost of every arc for a value of time, USD/TEU (cached). */
  arcCosts(votUsdPerTeuHour: number): Float64Array {
    let c = this.baseCost.get(votUsdPerTeuHour);
    if (!c) {
      c = arcGeneralizedCosts(this.graph, { valueOfTimeUsdPerTeuHour: votUsdPerTeuHour, carbonPriceUsdPerTonneCo2: this.carbonPriceUsdPerTonneCo2 });
      this.baseCost.set(votUsdPerTeuHour, c);
    }
    return c;
  }

  /**
   * Cheapest route cost of each destination of a commodity with no capacity prices and every arc open,
   * USD/TEU (computed once per commodity). Pricing costs are never lower (capacity prices ≥ 0, closures
   * only remove arcs), so a destination whose demand dual is not above this cannot price out.
   */
  private uncapacitatedDistances(c: PathCommodity, bounds: PricingBounds | null): Float64Array {
    let d = this.floor[c.index];
    if (!d && bounds instanceof TargetBounds) {
      // The backward tree of each destination already holds it (on the least costs: a lower bound).
      const origin = this.graph.originVertex[c.originNode];
      d = Float64Array.from(c.destinations, (x) => bounds.distancesTo(this.graph.destinationVertex[x.node])[origin]);
      this.floor[c.index] = d;
    }
    if (!d) {
      const targets = c.destinations.map((x) => this.graph.destinationVertex[x.node]);
      const origin = this.graph.originVertex[c.originNode];
      const aStar = bounds !== null && targets.length <= MAX_A_STAR_TARGETS;
      if (aStar) bounds.setTargets(targets, origin);
      this.tree.grow(origin, this.arcCosts(c.valueOfTimeUsdPerTeuHour), null, targets, Infinity, aStar ? bounds : null);
      this.trees++;
      d = Float64Array.from(targets, (v) => this.tree.settledDistance(v));
      this.floor[c.index] = d;
    }
    return d;
  }

  /**
   * The cheapest route of destination j of commodity c over the arcs with `arcOpen[a] === 1` under arc
   * costs `cost`, or null when there is none cheaper than `limitUsdPerTeu`.
   */
  cheapestRoute(c: PathCommodity, j: number, cost: Float64Array, arcOpen: Uint8Array, limitUsdPerTeu: number): { arcs: Int32Array; costUsdPerTeu: number } | null {
    const started = performance.now();
    const bounds = this.lowerBounds();
    const origin = this.graph.originVertex[c.originNode];
    const target = [this.graph.destinationVertex[c.destinations[j].node]];
    bounds?.setTargets(target, origin);
    this.tree.grow(origin, cost, arcOpen, target, limitUsdPerTeu, bounds);
    this.trees++;
    const d = this.tree.settledDistance(target[0]);
    this.seconds += (performance.now() - started) / 1000;
    return d < limitUsdPerTeu ? { arcs: this.tree.pathTo(target[0]), costUsdPerTeu: d } : null;
  }

  /**
   * Forget what earlier rounds proved (call when a new scenario starts: reopened arcs can make routes
   * cheaper than anything seen before). The uncapacitated distances stay valid and are kept.
   */
  resetHistory(): void {
    this.rounds.length = 0;
    this.lastSearch.clear();
  }

  /**
   * Columns of negative reduced cost, at most one per (commodity, destination): its shortest path.
   *
   * A destination is skipped without a search when a lower bound on its dual-adjusted distance already
   * reaches its demand dual: its uncapacitated distance, or the distance D found by its last search in
   * this scenario less how much the prices of the rows that search looked at have fallen since. (If no
   * arc leaving a vertex that search settled got cheaper, every route is still ≥ D: a route either stays
   * among those arcs or leaves the settled set through one of them to a vertex that was at least D away
   * by the search's own lower bound. A simple path crosses a link row at most once and a node row at most
   * rowPathUses times, which bounds what a fall can save.)
   * @param arcOpen 1 for arcs a route may use in the current scenario
   * @param commodities the commodities to price (default all of this pricer's; a PricingPool gives each
   *   thread its share)
   */
  price(duals: PricingDuals, arcOpen: Uint8Array, commodities: readonly PathCommodity[] = this.commodities): PathColumn[] {
    const started = performance.now();
    const { graph } = this;
    this.adjusted.clear();
    const round = this.rounds.length;
    const prices = duals.rowPriceUsdPerTeu;
    this.rounds.push(prices);
    const vertexRows = this.vertexRows(duals);
    const fallSince = (search: SearchRecord): number => {
      const then = this.rounds[search.round];
      let fall = 0;
      for (const i of search.rows) {
        const drop = then[i] - prices[i];
        if (drop > 0) fall += drop * duals.rowPathUses[i];
      }
      return fall;
    };
    const out: PathColumn[] = [];
    const targets: number[] = [];
    const wanted: number[] = [];
    const bounds = this.lowerBounds();
    for (const c of commodities) {
      const floor = this.uncapacitatedDistances(c, bounds);
      let last = this.lastSearch.get(c.index);
      if (!last) {
        last = { search: new Array<SearchRecord | null>(c.destinations.length).fill(null), distance: new Float64Array(c.destinations.length) };
        this.lastSearch.set(c.index, last);
      }
      targets.length = 0;
      wanted.length = 0;
      let bound = -Infinity;
      c.destinations.forEach((d, j) => {
        const pi = duals.rowDualUsdPerTeu[duals.demandRow[c.index][j]];
        if (!pricesOut(floor[j], pi)) return;
        const search = last.search[j];
        if (search && !pricesOut(last.distance[j] - fallSince(search), pi)) return;
        wanted.push(j);
        targets.push(graph.destinationVertex[d.node]);
        bound = Math.max(bound, pi);
      });
      if (wanted.length === 0) continue;
      const vot = c.valueOfTimeUsdPerTeuHour;
      const base = this.arcCosts(vot);
      let cost = this.adjusted.get(vot);
      if (!cost) {
        cost = new Float64Array(base.length);
        for (let a = 0; a < cost.length; a++) cost[a] = base[a] + duals.arcPriceUsdPerTeu[a];
        this.adjusted.set(vot, cost);
      }
      const origin = graph.originVertex[c.originNode];
      const aStar = bounds !== null && targets.length <= MAX_A_STAR_TARGETS;
      if (aStar) bounds.setTargets(targets, origin);
      this.tree.grow(origin, cost, arcOpen, targets, bound, aStar ? bounds : null);
      this.trees++;
      const search: SearchRecord = { round, rows: this.rowsSeen(vertexRows, prices.length) };
      wanted.forEach((j, q) => {
        const v = targets[q];
        const dist = this.tree.settledDistance(v);
        // Not settled: the search stopped at the bound, so the distance is at least the bound.
        last.search[j] = search;
        last.distance[j] = Number.isFinite(dist) ? dist : bound;
        if (!pricesOut(dist, duals.rowDualUsdPerTeu[duals.demandRow[c.index][j]])) return;
        const arcs = this.tree.pathTo(v);
        let costUsdPerTeu = 0;
        for (const a of arcs) costUsdPerTeu += base[a];
        out.push({ commodity: c.index, destination: j, arcs, costUsdPerTeu });
      });
    }
    this.seconds += (performance.now() - started) / 1000;
    return out;
  }

  /** Per vertex, the capacity rows of its outgoing arcs (CSR), rebuilt when the master gained rows. */
  private vertexRows(duals: PricingDuals): { start: Int32Array; rows: Int32Array } {
    const rowCount = duals.rowPriceUsdPerTeu.length;
    if (this.rowIndex && this.rowIndex.rowCount === rowCount) return this.rowIndex;
    const { graph } = this;
    const start = new Int32Array(graph.vertexCount + 1);
    const list: number[] = [];
    for (let v = 0; v < graph.vertexCount; v++) {
      const first = list.length;
      for (let i = graph.outStart[v]; i < graph.outStart[v + 1]; i++) {
        const a = graph.outArcs[i];
        const r = duals.arcRow[a];
        if (r >= 0) list.push(r);
        const n = graph.arcNode[a];
        const q = n >= 0 ? duals.nodeRow[n] : -1;
        if (q >= 0 && !list.includes(q, first)) list.push(q);
      }
      start[v + 1] = list.length;
    }
    this.rowIndex = { rowCount, start, rows: Int32Array.from(list) };
    this.rowStamp = new Int32Array(rowCount);
    return this.rowIndex;
  }

  /** The rows on arcs leaving the vertices the last search settled, each once. */
  private rowsSeen(index: { start: Int32Array; rows: Int32Array }, rowCount: number): Int32Array {
    if (this.rowStamp.length < rowCount) this.rowStamp = new Int32Array(rowCount);
    const stamp = ++this.stampRun;
    const seen: number[] = [];
    const { settledOrder, settledInLastRun } = this.tree;
    for (let s = 0; s < settledInLastRun; s++) {
      const v = settledOrder[s];
      for (let i = index.start[v]; i < index.start[v + 1]; i++) {
        const r = index.rows[i];
        if (this.rowStamp[r] !== stamp) {
          this.rowStamp[r] = stamp;
          seen.push(r);
        }
      }
    }
    return Int32Array.from(seen);
  }
}

/** Exact target bounds shared between the pricers of several threads (see PathPricer.sharedTargetBounds). */
export interface SharedTargetBounds {
  tables: TargetTables;
  /** The least arc costs the tables are built on, USD/TEU. */
  arcCostUsdPerTeu: Float64Array;
}

/** Bounds that can steer A* pricing. */
type PricingBounds = LandmarkBounds | TargetBounds;

/** One pricing search: the round it ran in and the capacity rows it looked at. */
interface SearchRecord {
  round: number;
  rows: Int32Array;
}

/** A route of this length (USD/TEU) has a negative reduced cost against demand dual `pi`. */
export function pricesOut(lengthUsdPerTeu: number, pi: number): boolean {
  return lengthUsdPerTeu - pi < -REDUCED_COST_TOLERANCE * Math.max(1, Math.abs(pi));
}
