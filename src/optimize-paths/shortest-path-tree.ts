import type { ExpandedGraph } from '../expanded-graph.js';

/** A lower bound on the remaining distance from a vertex to the targets of a search (A* heuristic). */
export interface LowerBound {
  /** USD/TEU, ≥ 0; Infinity when the vertex cannot reach any target. */
  estimate(v: number): number;
}

/**
 * One-to-all shortest paths over the expanded graph on typed arrays: Dijkstra with an indexed binary heap
 * (decrease-key), reusable from one source to the next without clearing its arrays (each run stamps the
 * vertices it touches, so a tree that stops early costs only what it explored).
 *
 * Column generation prices all OD pairs of one origin with one tree: measured in
 * bench/column-generation-bench.ts against ngraph.path one-to-one queries (BENCHMARKS.md, "Column
 * generation"), a tree per origin is the faster of the two.
 *
 * @example
 *   const tree = new ShortestPathTree(graph);
 *   tree.grow(graph.originVertex[o], costs, open, [graph.destinationVertex[d]]);
 *   tree.settledDistance(graph.destinationVertex[d]) // USD/TEU, Infinity when not reached
 *   tree.pathTo(graph.destinationVertex[d])          // arc ids, origin first
 */
export class ShortestPathTree {
  private readonly graph: ExpandedGraph;
  /** Grow along incoming arcs (distances *to* the source) instead of outgoing ones. */
  private readonly backward: boolean;
  /** A* key offset of each vertex reached in the current run (0 without a lower bound). */
  private readonly estimate: Float64Array;
  /** Tentative or final distance of each vertex touched in the current run, USD/TEU. */
  private readonly dist: Float64Array;
  private readonly predArc: Int32Array;
  /** Run number in which the vertex was last reached / settled. */
  private readonly reached: Int32Array;
  private readonly settled: Int32Array;
  /** Heap of vertices keyed by dist; heapPos[v] is v's slot while it is queued. */
  private readonly heap: Int32Array;
  private readonly heapPos: Int32Array;
  private heapSize = 0;
  private run = 0;
  /** Vertices settled over all runs (a measure of search effort). */
  settledVertices = 0;
  /** Vertices settled by the last run, in order: settledOrder[0 .. settledInLastRun). */
  readonly settledOrder: Int32Array;
  settledInLastRun = 0;
  private readonly isTarget: Int32Array;

  /** @param backward grow along incoming arcs: distances from every vertex *to* the source */
  constructor(graph: ExpandedGraph, backward = false) {
    this.graph = graph;
    this.backward = backward;
    const n = graph.vertexCount;
    this.estimate = new Float64Array(n);
    this.settledOrder = new Int32Array(n);
    this.dist = new Float64Array(n);
    this.predArc = new Int32Array(n);
    this.reached = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.heapPos = new Int32Array(n);
    this.isTarget = new Int32Array(n);
  }

  /**
   * Grow the tree from `source` over the arcs with `arcOpen[a] === 1` (all arcs when null), with arc
   * lengths `arcCost` (≥ 0, USD/TEU). Stops as soon as every target is settled, or when no unsettled
   * vertex can lead to a target nearer than `boundUsdPerTeu` (nothing beyond it is of interest to the
   * caller). Without targets it settles every reachable vertex below the bound.
   *
   * With `lowerBound` (a consistent lower bound on the distance from a vertex to the nearest target, for
   * these or any smaller arc costs) the search is A*: vertices are taken in order of distance + bound, so
   * it settles only what can lie on a path to a target that is shorter than the bound; distances of the
   * settled vertices are still exact.
   */
  grow(source: number, arcCost: Float64Array, arcOpen: Uint8Array | null, targets: ArrayLike<number> = [], boundUsdPerTeu = Infinity, lowerBound: LowerBound | null = null): void {
    const start = this.backward ? this.graph.inStart : this.graph.outStart;
    const adj = this.backward ? this.graph.inArcs : this.graph.outArcs;
    const head = this.backward ? this.graph.arcFrom : this.graph.arcTo;
    const { dist, predArc, reached, settled, isTarget, estimate } = this;
    const run = ++this.run;
    const order = this.settledOrder;
    let settledCount = 0;
    let targetsLeft = 0;
    for (let i = 0; i < targets.length; i++) {
      if (isTarget[targets[i]] !== run) {
        isTarget[targets[i]] = run;
        targetsLeft++;
      }
    }
    const stopWhenTargetsDone = targetsLeft > 0;
    this.heapSize = 0;
    dist[source] = 0;
    predArc[source] = -1;
    reached[source] = run;
    estimate[source] = lowerBound === null ? 0 : lowerBound.estimate(source);
    this.settledInLastRun = 0;
    if (estimate[source] === Infinity) return;
    this.push(source);
    while (this.heapSize > 0) {
      const v = this.popMin();
      const dv = dist[v];
      if (dv + estimate[v] >= boundUsdPerTeu) break;
      settled[v] = run;
      order[settledCount++] = v;
      if (isTarget[v] === run && --targetsLeft === 0 && stopWhenTargetsDone) break;
      for (let i = start[v]; i < start[v + 1]; i++) {
        const a = adj[i];
        if (arcOpen !== null && arcOpen[a] === 0) continue;
        const w = head[a];
        if (settled[w] === run) continue;
        const dw = dv + arcCost[a];
        if (reached[w] !== run) {
          const h = lowerBound === null ? 0 : lowerBound.estimate(w);
          reached[w] = run;
          if (h === Infinity) {
            // w cannot reach a target: never queue it (and never look at it again this run).
            settled[w] = run;
            dist[w] = Infinity;
            continue;
          }
          estimate[w] = h;
          dist[w] = dw;
          predArc[w] = a;
          this.push(w);
        } else if (dw < dist[w]) {
          dist[w] = dw;
          predArc[w] = a;
          this.siftUp(this.heapPos[w]);
        }
      }
    }
    this.settledInLastRun = settledCount;
    this.settledVertices += settledCount;
  }

  /** Distance of vertex v from the last source, USD/TEU, if v was settled in the last run; else Infinity. */
  settledDistance(v: number): number {
    return this.settled[v] === this.run ? this.dist[v] : Infinity;
  }

  /**
   * Arcs of the tree path between the last source and a settled vertex v, in travel order: source first
   * for a forward tree, v first for a backward one (empty for the source).
   */
  pathTo(v: number): Int32Array {
    if (this.settled[v] !== this.run || !Number.isFinite(this.dist[v])) throw new RangeError(`vertex ${v} was not reached by the last grow()`);
    const tail = this.backward ? this.graph.arcTo : this.graph.arcFrom;
    let length = 0;
    for (let u = v; this.predArc[u] >= 0; u = tail[this.predArc[u]]) length++;
    const arcs = new Int32Array(length);
    let u = v;
    for (let i = 0; i < length; i++) {
      const a = this.predArc[u];
      arcs[this.backward ? i : length - 1 - i] = a;
      u = tail[a];
    }
    return arcs;
  }

  private push(v: number): void {
    const i = this.heapSize++;
    this.heap[i] = v;
    this.heapPos[v] = i;
    this.siftUp(i);
  }

  private popMin(): number {
    const { heap, heapPos } = this;
    const top = heap[0];
    const last = heap[--this.heapSize];
    if (this.heapSize > 0) {
      heap[0] = last;
      heapPos[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const { heap, heapPos, dist, estimate } = this;
    const v = heap[i];
    const d = dist[v] + estimate[v];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const u = heap[p];
      if (dist[u] + estimate[u] <= d) break;
      heap[i] = u;
      heapPos[u] = i;
      i = p;
    }
    heap[i] = v;
    heapPos[v] = i;
  }

  private siftDown(i: number): void {
    const { heap, heapPos, dist, estimate } = this;
    const n = this.heapSize;
    const v = heap[i];
    const d = dist[v] + estimate[v];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && dist[heap[r]] + estimate[heap[r]] < dist[heap[l]] + estimate[heap[l]] ? r : l;
      if (dist[heap[c]] + estimate[heap[c]] >= d) break;
      heap[i] = heap[c];
      heapPos[heap[i]] = i;
      i = c;
    }
    heap[i] = v;
    heapPos[v] = i;
  }
}
