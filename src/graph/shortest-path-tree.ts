import type { ExpandedGraph } from './expanded-graph.js';

/** A lower bound on the remaining distance from a vertex to the targets of a search (A* heuristic). */
export interface LowerBound {
  /** USD/TEU, ≥ 0; Infinity when the vertex cannot reach any target. */
  estimate(v: number): number;
  /**
   * When set, `estimate(v)` is `table[v]` for every v: the search reads the array instead of calling
   * estimate (the hot loop of A* pricing with exact target bounds).
   */
  readonly table?: Float64Array | null;
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
 * Vertices without an arc onward (origin vertices seen backward, destination vertices seen forward) are
 * dead ends: unless they are targets they are never queued, only given the least distance that reaches
 * them (about one vertex in six of the expanded graph, all of them heap work saved).
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
  /** Heap of vertices keyed by dist + estimate (heapKey[i] is the key of heap[i]); heapPos[v] is v's slot. */
  private readonly heap: Int32Array;
  private readonly heapKey: Float64Array;
  private readonly heapPos: Int32Array;
  private heapSize = 0;
  private run = 0;
  /** 1 for vertices with no arc onward in this tree's direction. */
  private readonly deadEnd: Uint8Array;
  /** The last run settled everything it could reach (no target or bound stopped it). */
  private complete = false;
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
    this.heapKey = new Float64Array(n);
    this.heapPos = new Int32Array(n);
    this.isTarget = new Int32Array(n);
    const start = backward ? graph.inStart : graph.outStart;
    this.deadEnd = new Uint8Array(n);
    for (let v = 0; v < n; v++) if (start[v + 1] === start[v]) this.deadEnd[v] = 1;
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
    const { dist, predArc, reached, settled, isTarget, estimate, deadEnd, heapPos } = this;
    const table = lowerBound?.table ?? null;
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
    this.complete = false;
    dist[source] = 0;
    predArc[source] = -1;
    reached[source] = run;
    estimate[source] = table !== null ? table[source] : lowerBound === null ? 0 : lowerBound.estimate(source);
    this.settledInLastRun = 0;
    if (estimate[source] === Infinity) return;
    this.push(source, estimate[source]);
    let stopped = false;
    while (this.heapSize > 0) {
      const v = this.heap[0];
      const dv = dist[v];
      if (dv + estimate[v] >= boundUsdPerTeu) {
        stopped = true;
        break;
      }
      this.popMin();
      settled[v] = run;
      order[settledCount++] = v;
      if (isTarget[v] === run && --targetsLeft === 0 && stopWhenTargetsDone) {
        stopped = true;
        break;
      }
      for (let i = start[v]; i < start[v + 1]; i++) {
        const a = adj[i];
        if (arcOpen !== null && arcOpen[a] === 0) continue;
        const w = head[a];
        if (settled[w] === run) continue;
        const dw = dv + arcCost[a];
        if (reached[w] !== run) {
          reached[w] = run;
          dist[w] = dw;
          predArc[w] = a;
          if (deadEnd[w] === 1 && isTarget[w] !== run) continue; // never queued, see the class comment
          const h = table !== null ? table[w] : lowerBound === null ? 0 : lowerBound.estimate(w);
          if (h === Infinity) {
            // w cannot reach a target: never queue it (and never look at it again this run).
            settled[w] = run;
            dist[w] = Infinity;
            continue;
          }
          estimate[w] = h;
          this.push(w, dw + h);
        } else if (dw < dist[w]) {
          dist[w] = dw;
          predArc[w] = a;
          if (deadEnd[w] === 0 || isTarget[w] === run) this.siftUp(heapPos[w], dw + estimate[w]);
        }
      }
    }
    this.complete = !stopped;
    this.settledInLastRun = settledCount;
    this.settledVertices += settledCount;
  }

  /** Distance of vertex v from the last source, USD/TEU, if v was settled in the last run; else Infinity. */
  settledDistance(v: number): number {
    if (this.settled[v] === this.run) return this.dist[v];
    // A dead end that was not queued: its least distance is final once the run has ended by itself.
    return this.complete && this.deadEnd[v] === 1 && this.reached[v] === this.run ? this.dist[v] : Infinity;
  }

  /**
   * Arcs of the tree path between the last source and a settled vertex v, in travel order: source first
   * for a forward tree, v first for a backward one (empty for the source).
   */
  pathTo(v: number): Int32Array {
    if (!Number.isFinite(this.settledDistance(v))) throw new RangeError(`vertex ${v} was not reached by the last grow()`);
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

  private push(v: number, key: number): void {
    const i = this.heapSize++;
    this.heap[i] = v;
    this.heapPos[v] = i;
    this.siftUp(i, key);
  }

  private popMin(): void {
    const last = this.heap[--this.heapSize];
    if (this.heapSize > 0) this.siftDown(0, last, this.heapKey[this.heapSize]);
  }

  /** Move v (now at slot i, key lowered to `key`) up to its place. */
  private siftUp(i: number, key: number): void {
    const { heap, heapPos, heapKey } = this;
    const v = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p] <= key) break;
      const u = heap[p];
      heap[i] = u;
      heapKey[i] = heapKey[p];
      heapPos[u] = i;
      i = p;
    }
    heap[i] = v;
    heapKey[i] = key;
    heapPos[v] = i;
  }

  /** Put v with `key` into the hole at slot i and move it down to its place. */
  private siftDown(i: number, v: number, key: number): void {
    const { heap, heapPos, heapKey } = this;
    const n = this.heapSize;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && heapKey[r] < heapKey[l] ? r : l;
      if (heapKey[c] >= key) break;
      heap[i] = heap[c];
      heapKey[i] = heapKey[c];
      heapPos[heap[i]] = i;
      i = c;
    }
    heap[i] = v;
    heapKey[i] = key;
    heapPos[v] = i;
  }
}
