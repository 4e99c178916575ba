import type { ExpandedGraph } from '../expanded-graph.js';
import { arcCostForCommodity } from '../optimize/build-assignment-lp.js';
import { LandmarkBounds } from './landmark-bounds.js';
import type { PathColumn, PathCommodity } from './restricted-master.js';
import { ShortestPathTree } from './shortest-path-tree.js';

/**
 * A path column is added when its reduced cost is below −(this × max(1, |demand-row dual|)), USD/TEU. It
 * bounds the optimality gap at convergence to about this fraction of the objective, and sits above the
 * round-off of HiGHS duals (dual feasibility tolerance 1e-7 on costs of 10²–10⁵ USD/TEU).
 */
export const REDUCED_COST_TOLERANCE = 1e-9;

/** What pricing needs from the master's last solve. */
export interface PricingDuals {
  /** Extra cost per TEU on each arc from binding capacities (RestrictedMaster.capacityPrices), USD/TEU. */
  arcPriceUsdPerTeu: Float64Array;
  /** Dual of the demand row of destination j of commodity k (USD/TEU): demandDual(k, j). */
  demandDual: (commodity: number, destination: number) => number;
}

/**
 * Pricing of the path formulation: for each commodity (all OD pairs of one origin and one value of time),
 * one shortest-path tree on dual-adjusted arc costs (generalized cost + capacity prices) over the open arcs,
 * stopped once every destination is settled or once nothing nearer than the largest demand dual is left.
 * A destination whose tree distance is below its demand-row dual has a path of negative reduced cost;
 * that path becomes a column.
 */
/**
 * Landmarks for A* pricing by default: none on small graphs (a plain tree is already cheap there and the
 * landmark trees would cost more than they save), 16 from this many expanded vertices up.
 */
export const LANDMARK_MIN_VERTICES = 4000;
export const DEFAULT_LANDMARKS = 16;

/** A commodity with more destinations than this is priced by plain Dijkstra (the A* bound is a min over them). */
const MAX_A_STAR_TARGETS = 4;

export class PathPricer {
  private readonly graph: ExpandedGraph;
  private readonly commodities: readonly PathCommodity[];
  private readonly carbonPriceUsdPerTonneCo2: number;
  private readonly tree: ShortestPathTree;
  /** Generalized cost of each arc per value of time (USD/TEU), computed once. */
  private readonly baseCost = new Map<number, Float64Array>();
  private readonly adjusted = new Map<number, Float64Array>();
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

  /**
   * @param landmarks landmarks for A* (0 = plain Dijkstra); default {@link DEFAULT_LANDMARKS} on graphs of
   *   at least {@link LANDMARK_MIN_VERTICES} vertices, else 0
   */
  constructor(graph: ExpandedGraph, commodities: readonly PathCommodity[], carbonPriceUsdPerTonneCo2: number, landmarks?: number) {
    this.graph = graph;
    this.commodities = commodities;
    this.carbonPriceUsdPerTonneCo2 = carbonPriceUsdPerTonneCo2;
    this.tree = new ShortestPathTree(graph);
    this.landmarkCount = landmarks ?? (graph.vertexCount >= LANDMARK_MIN_VERTICES ? DEFAULT_LANDMARKS : 0);
  }

  /** The landmark bounds, placed on first use on the least arc costs of any commodity. */
  private lowerBounds(): LandmarkBounds | null {
    if (this.landmarkCount === 0 || this.commodities.length === 0) return null;
    if (!this.landmarks) {
      const vot = Math.min(...this.commodities.map((c) => c.valueOfTimeUsdPerTeuHour));
      this.landmarks = new LandmarkBounds(this.graph, this.arcCosts(vot), this.landmarkCount);
    }
    return this.landmarks;
  }

  /** Generalized cost of every arc for a value of time, USD/TEU (cached). */
  arcCosts(votUsdPerTeuHour: number): Float64Array {
    let c = this.baseCost.get(votUsdPerTeuHour);
    if (!c) {
      c = new Float64Array(this.graph.arcCount);
      for (let a = 0; a < c.length; a++) c[a] = arcCostForCommodity(this.graph, a, votUsdPerTeuHour, this.carbonPriceUsdPerTonneCo2);
      this.baseCost.set(votUsdPerTeuHour, c);
    }
    return c;
  }

  /**
   * Cheapest route cost of each destination of a commodity with no capacity prices and every arc open,
   * USD/TEU (computed once per commodity). Pricing costs are never lower (capacity prices ≥ 0, closures
   * only remove arcs), so a destination whose demand dual is not above this cannot price out.
   */
  private uncapacitatedDistances(c: PathCommodity, bounds: LandmarkBounds | null): Float64Array {
    let d = this.floor[c.index];
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
   * Columns of negative reduced cost, at most one per (commodity, destination): its shortest path.
   * @param arcOpen 1 for arcs a route may use in the current scenario
   */
  price(duals: PricingDuals, arcOpen: Uint8Array): PathColumn[] {
    const started = performance.now();
    const { graph } = this;
    this.adjusted.clear();
    const out: PathColumn[] = [];
    const targets: number[] = [];
    const wanted: number[] = [];
    const bounds = this.lowerBounds();
    for (const c of this.commodities) {
      const floor = this.uncapacitatedDistances(c, bounds);
      targets.length = 0;
      wanted.length = 0;
      let bound = -Infinity;
      c.destinations.forEach((d, j) => {
        const pi = duals.demandDual(c.index, j);
        if (!pricesOut(floor[j], pi)) return;
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
      wanted.forEach((j, q) => {
        const v = targets[q];
        if (!pricesOut(this.tree.settledDistance(v), duals.demandDual(c.index, j))) return;
        const arcs = this.tree.pathTo(v);
        let costUsdPerTeu = 0;
        for (const a of arcs) costUsdPerTeu += base[a];
        out.push({ commodity: c.index, destination: j, arcs, costUsdPerTeu });
      });
    }
    this.seconds += (performance.now() - started) / 1000;
    return out;
  }
}

/** A route of this length (USD/TEU) has a negative reduced cost against demand dual `pi`. */
function pricesOut(lengthUsdPerTeu: number, pi: number): boolean {
  return lengthUsdPerTeu - pi < -REDUCED_COST_TOLERANCE * Math.max(1, Math.abs(pi));
}
