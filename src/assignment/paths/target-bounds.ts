import { ShortestPathTree, type ExpandedGraph, type LowerBound } from '../../graph/index.js';

/**
 * Default memory budget of {@link TargetBounds}, bytes: one Float64Array of the expanded graph's vertices
 * per distinct destination. Above it the pricer falls back to landmark bounds (see PathPricer).
 */
export const TARGET_BOUNDS_MAX_BYTES = 512 * 1024 * 1024;

/** The tables of {@link TargetBounds} for targets known up front, in memory that threads can share. */
export interface TargetTables {
  /** Target vertex of each slot. */
  targets: Int32Array;
  /** Slot s holds d(·, targets[s]): vertexCount Float64 values from byte s × vertexCount × 8. */
  tables: SharedArrayBuffer;
  /** One Int32 per slot: 0 empty, 1 being built by some thread, 2 ready. */
  state: SharedArrayBuffer;
}

const EMPTY = 0;
const BUILDING = 1;
const READY = 2;

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
  /** Tables of the targets known up front, one slot each in one buffer (shared between threads or not). */
  private readonly slotOf = new Map<number, number>();
  private readonly store: TargetTables | null;
  /** Per slot: EMPTY, BUILDING (claimed by some thread) or READY. */
  private readonly state: Int32Array | null;
  private readonly views: (Float64Array | undefined)[] = [];
  /** Tables of targets outside the store, built on first use. */
  private readonly toTarget = new Map<number, Float64Array>();
  private current: Float64Array[] = [];
  /** The one target's distances while a search has a single target (read directly by the search). */
  table: Float64Array | null = null;
  /** Seconds spent growing the backward trees, and trees grown (by this thread). */
  seconds = 0;
  trees = 0;
  /** The arc costs the tables are built on (for threads that share them). */
  get leastArcCosts(): Float64Array {
    return this.arcCost;
  }
  /** The shared tables, or null when each table is kept here. */
  get tables(): TargetTables | null {
    return this.store;
  }

  /**
   * @param arcCost least arc costs of any search this bound will serve, USD/TEU (≥ 0)
   * @param store the targets known up front and their tables: from {@link TargetBounds.createTables}
   *   (a SharedArrayBuffer, so that several threads fill and read one copy), or none (each table is built
   *   and kept on first use)
   */
  constructor(graph: ExpandedGraph, arcCost: Float64Array, store?: TargetTables) {
    this.graph = graph;
    this.arcCost = arcCost;
    this.tree = new ShortestPathTree(graph, true);
    this.store = store ?? null;
    this.state = store ? new Int32Array(store.state) : null;
    store?.targets.forEach((t, slot) => this.slotOf.set(t, slot));
  }

  /** Bytes these bounds take for `targets` distinct destination vertices. */
  static bytesFor(graph: ExpandedGraph, targets: number): number {
    return targets * graph.vertexCount * Float64Array.BYTES_PER_ELEMENT;
  }

  /** Empty tables for these targets in shared memory, to hand to TargetBounds in several threads. */
  static createTables(graph: ExpandedGraph, targets: readonly number[]): TargetTables {
    return {
      targets: Int32Array.from(targets),
      tables: new SharedArrayBuffer(TargetBounds.bytesFor(graph, targets.length)),
      state: new SharedArrayBuffer(targets.length * Int32Array.BYTES_PER_ELEMENT),
    };
  }

  /** d(v, t) × (1 − 1e-9) for every vertex v (Infinity where t cannot be reached), USD/TEU. */
  distancesTo(t: number): Float64Array {
    const slot = this.slotOf.get(t);
    if (slot !== undefined) return this.slotTable(slot);
    let d = this.toTarget.get(t);
    if (!d) {
      d = new Float64Array(this.graph.vertexCount);
      this.build(t, d);
      this.toTarget.set(t, d);
    }
    return d;
  }

  /**
   * Build every table of the store that no thread has claimed yet; the threads sharing the store can
   * call this at the same time and split the work (each slot is claimed once, atomically). Returns once
   * every table is ready, including those other threads were still building.
   */
  fillAll(): void {
    if (!this.state) return;
    for (let slot = 0; slot < this.state.length; slot++) this.claimAndBuild(slot);
    for (let slot = 0; slot < this.state.length; slot++) this.slotTable(slot);
  }

  private view(slot: number): Float64Array {
    const n = this.graph.vertexCount;
    return (this.views[slot] ??= new Float64Array(this.store!.tables, slot * n * Float64Array.BYTES_PER_ELEMENT, n));
  }

  /** Build the slot's table if it is unclaimed; true when this thread built it. */
  private claimAndBuild(slot: number): boolean {
    const state = this.state!;
    if (Atomics.compareExchange(state, slot, EMPTY, BUILDING) !== EMPTY) return false;
    this.buildSlot(slot);
    return true;
  }

  /** Build the slot's table and mark it ready for every thread. */
  private buildSlot(slot: number): void {
    this.build(this.store!.targets[slot], this.view(slot));
    Atomics.store(this.state!, slot, READY);
    Atomics.notify(this.state!, slot);
  }

  /** The slot's table, built here or waited for when another thread is building it. */
  private slotTable(slot: number): Float64Array {
    const state = this.state!;
    if (Atomics.load(state, slot) !== READY && !this.claimAndBuild(slot)) {
      // Another thread is building it: one backward tree, milliseconds. Should that thread have died
      // meanwhile, build it here after 10 s (the same values: the trees are deterministic).
      for (let waited = 0; Atomics.load(state, slot) !== READY; waited++) {
        if (waited === 10) {
          this.buildSlot(slot);
          break;
        }
        Atomics.wait(state, slot, BUILDING, 1000);
      }
    }
    return this.view(slot);
  }

  private build(t: number, out: Float64Array): void {
    const started = performance.now();
    this.tree.grow(t, this.arcCost, null);
    for (let v = 0; v < out.length; v++) out[v] = this.tree.settledDistance(v) * (1 - 1e-9);
    this.trees++;
    this.seconds += (performance.now() - started) / 1000;
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
