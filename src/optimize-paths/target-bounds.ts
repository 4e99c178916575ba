import type { ExpandedGraph } from '../expanded-graph.js';
import { ShortestPathTree, type LowerBound } from './shortest-path-tree.js';

/**
 * Default memory budget of {@link TargetBounds}, bytes: one Float64Array of the expanded graph's vertices
 * per distinct destination. Above it the pricer falls back to landmark bounds (see PathPricer).
 */
export const TARGET_BOUNDS_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Exact A* bounds per target: for each destination vertex t, the distance d(v, t) from every vertex v on
 * the least arc costs any pricing run will see (the smallest value of time, no capacity prices, every arc
 * open), from one backward shortest-path tree grown the first time t is asked for.
 *
 * Why not landmarks alone: capacity prices are where the pricing costs differ from these costs, and they
 * sit on few arcs. With the exact uncapacitated distance as the bound, A* only explores vertices that lie
 * on a route at most (demand dual − uncapacitated distance) longer than the cheapest, a narrow band round
 * the congested part; a landmark bound (a triangle-inequality estimate of the same distance) is looser
 * everywhere and lets the search spread over a large share of the graph (measured in
 * bench/column-generation-bench.ts). One tree per destination also gives, for free, the uncapacitated
 * distance of every origin to it (the pricer's floor).
 *
 * Valid and consistent for every round and every scenario of a sweep: pricing costs are never below these
 * (capacity prices ≥ 0, a higher value of time only adds, closures only remove arcs). Scaled by 1 − 1e-9
 * so that floating-point round-off cannot make it overestimate.
 */
export class TargetBounds implements LowerBound {
  private readonly graph: ExpandedGraph;
  private readonly arcCost: Float64Array;
  private readonly tree: ShortestPathTree;
  private readonly toTarget = new Map<number, Float64Array>();
  private current: Float64Array[] = [];
  /** The one target's distances while a search has a single target (read directly by the search). */
  table: Float64Array | null = null;
  /** Seconds spent growing the backward trees, and trees grown. */
  seconds = 0;
  trees = 0;

  /** @param arcCost least arc costs of any search this bound will serve, USD/TEU (≥ 0) */
  constructor(graph: ExpandedGraph, arcCost: Float64Array) {
    this.graph = graph;
    this.arcCost = arcCost;
    this.tree = new ShortestPathTree(graph, true);
  }

  /** Bytes these bounds take for `targets` distinct destination vertices. */
  static bytesFor(graph: ExpandedGraph, targets: number): number {
    return targets * graph.vertexCount * Float64Array.BYTES_PER_ELEMENT;
  }

  /** d(v, t) × (1 − 1e-9) for every vertex v (Infinity where t cannot be reached), USD/TEU. */
  distancesTo(t: number): Float64Array {
    let d = this.toTarget.get(t);
    if (!d) {
      const started = performance.now();
      this.tree.grow(t, this.arcCost, null);
      d = new Float64Array(this.graph.vertexCount);
      for (let v = 0; v < d.length; v++) d[v] = this.tree.settledDistance(v) * (1 - 1e-9);
      this.toTarget.set(t, d);
      this.trees++;
      this.seconds += (performance.now() - started) / 1000;
    }
    return d;
  }

  /** Set the targets of the next searches (the bound is to the nearest of them; the source plays no part). */
  setTargets(targets: ArrayLike<number>, _source?: number): void {
    this.current = Array.from(targets, (t) => this.distancesTo(t));
    this.table = this.current.length === 1 ? this.current[0] : null;
  }

  estimate(v: number): number {
    const c = this.current;
    let best = c[0][v];
    for (let i = 1; i < c.length; i++) if (c[i][v] < best) best = c[i][v];
    return best;
  }
}
