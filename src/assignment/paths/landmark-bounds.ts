import { ShortestPathTree, type ExpandedGraph, type LowerBound } from '../../graph/index.js';

/**
 * Landmark lower bounds for A* ("ALT", Goldberg & Harrelson 2005) over the expanded graph. For a landmark
 * node ℓ, distances from its origin vertex (forward) and to its destination vertex (backward) give, by the
 * triangle inequality, for any vertex v and target t:
 *
 *     d(v, t) ≥ d(v, ℓ) − d(t, ℓ)      and      d(v, t) ≥ d(ℓ, t) − d(ℓ, v)
 *
 * The distances are computed once on the least arc costs any pricing run will see (the smallest value of
 * time of any commodity, no capacity prices, every arc open). Pricing costs are never smaller (capacity
 * prices are ≥ 0, closures only remove arcs), so the bound stays valid, and consistent, for every round
 * and every scenario of a sweep. Scaled by 1 − 1e-9 so that floating-point round-off cannot make it
 * overestimate.
 */
export class LandmarkBounds implements LowerBound {
  readonly landmarkNodes: number[];
  private readonly count: number;
  /** Vertex-major: fromLandmark[v * count + i] = d(origin vertex of landmark i, v); Infinity if unreachable. */
  private readonly fromLandmark: Float64Array;
  /** toLandmark[v * count + i] = d(v, destination vertex of landmark i). */
  private readonly toLandmark: Float64Array;
  private targetCount = 0;
  private activePerTarget = 0;
  /** Per target, the active landmark indices and the target's distances to / from them. */
  private active = new Int32Array(0);
  private activeTo = new Float64Array(0);
  private activeFrom = new Float64Array(0);

  /**
   * @param arcCost least arc costs of any search this bound will serve, USD/TEU (≥ 0)
   * @param count landmarks to place (fewer when the network has fewer nodes)
   */
  constructor(graph: ExpandedGraph, arcCost: Float64Array, count: number) {
    const nodes = graph.network.nodes.length;
    const L = Math.max(0, Math.min(count, nodes));
    this.count = L;
    this.fromLandmark = new Float64Array(graph.vertexCount * L);
    this.toLandmark = new Float64Array(graph.vertexCount * L);
    this.landmarkNodes = [];
    if (L === 0) return;
    const forward = new ShortestPathTree(graph);
    const backward = new ShortestPathTree(graph, true);
    // Farthest-point placement: each new landmark is the node farthest (by forward distance) from the
    // landmarks placed so far, which spreads them round the edge of the network where ALT bounds are tight.
    const nearest = new Float64Array(nodes).fill(Infinity);
    forward.grow(graph.originVertex[0], arcCost, null);
    let next = farthest(graph, forward, nearest, true);
    for (let i = 0; i < L; i++) {
      const node = next;
      this.landmarkNodes.push(node);
      forward.grow(graph.originVertex[node], arcCost, null);
      backward.grow(graph.destinationVertex[node], arcCost, null);
      for (let v = 0; v < graph.vertexCount; v++) {
        this.fromLandmark[v * L + i] = forward.settledDistance(v);
        this.toLandmark[v * L + i] = backward.settledDistance(v);
      }
      next = farthest(graph, forward, nearest, false);
      if (next < 0) {
        // Fewer reachable nodes than landmarks asked for: keep what was placed.
        this.landmarkNodes.length = i + 1;
        break;
      }
    }
  }

  /** Landmarks in use. */
  get size(): number {
    return this.landmarkNodes.length;
  }

  /**
   * Set the targets of the next searches from `source` (the bound is to the nearest target). Per target
   * only the {@link ACTIVE_LANDMARKS} landmarks that bound the source best are used: they are the ones
   * that matter along the search, and evaluating fewer keeps A* cheaper than the vertices it saves.
   */
  setTargets(targets: ArrayLike<number>, source: number): void {
    const L = this.count;
    const used = this.landmarkNodes.length;
    const k = Math.min(ACTIVE_LANDMARKS, used);
    this.targetCount = targets.length;
    this.active = new Int32Array(targets.length * k).fill(-1);
    this.activeTo = new Float64Array(targets.length * k);
    this.activeFrom = new Float64Array(targets.length * k);
    this.activePerTarget = k;
    const score = new Float64Array(used);
    const order = Array.from({ length: used }, (_, i) => i);
    for (let j = 0; j < targets.length; j++) {
      const t = targets[j];
      for (let i = 0; i < used; i++) score[i] = Math.max(bound(this.toLandmark[source * L + i], this.toLandmark[t * L + i]), bound(this.fromLandmark[t * L + i], this.fromLandmark[source * L + i]));
      order.sort((a, b) => score[b] - score[a] || a - b);
      for (let q = 0; q < k; q++) {
        const i = order[q];
        this.active[j * k + q] = i;
        this.activeTo[j * k + q] = this.toLandmark[t * L + i];
        this.activeFrom[j * k + q] = this.fromLandmark[t * L + i];
      }
    }
  }

  estimate(v: number): number {
    const L = this.count;
    const k = this.activePerTarget;
    const from = this.fromLandmark;
    const to = this.toLandmark;
    const base = v * L;
    let best = Infinity;
    for (let j = 0; j < this.targetCount; j++) {
      let h = 0;
      for (let q = j * k; q < (j + 1) * k; q++) {
        const i = this.active[q];
        const tTo = this.activeTo[q];
        if (tTo !== Infinity) {
          const vTo = to[base + i];
          // t reaches the landmark: if v cannot, v cannot reach t either.
          if (vTo === Infinity) {
            h = Infinity;
            break;
          }
          if (vTo - tTo > h) h = vTo - tTo;
        }
        const tFrom = this.activeFrom[q];
        const vFrom = from[base + i];
        if (tFrom !== Infinity && vFrom !== Infinity && tFrom - vFrom > h) h = tFrom - vFrom;
      }
      if (h < best) best = h;
      if (best === 0) break;
    }
    return best === Infinity ? Infinity : best * (1 - 1e-9);
  }
}

/** Landmarks evaluated per target in a search (the best ones for its source). */
export const ACTIVE_LANDMARKS = 16;

/** a − b as a lower bound, where Infinity means "unreachable" (no information unless only a is infinite). */
function bound(a: number, b: number): number {
  if (b === Infinity) return 0;
  return a === Infinity ? Infinity : Math.max(0, a - b);
}

/**
 * The node farthest from all landmarks so far (updating `nearest` with the last forward tree); −1 when no
 * node is reachable any more. With `reset`, only seeds `nearest`'s scan without counting the tree.
 */
function farthest(graph: ExpandedGraph, tree: ShortestPathTree, nearest: Float64Array, reset: boolean): number {
  let best = -1;
  let bestDistance = -1;
  for (let n = 0; n < nearest.length; n++) {
    const d = tree.settledDistance(graph.destinationVertex[n]);
    if (!reset && d < nearest[n]) nearest[n] = d;
    const score = reset ? d : nearest[n];
    if (Number.isFinite(score) && score > bestDistance) {
      bestDistance = score;
      best = n;
    }
  }
  return best;
}
