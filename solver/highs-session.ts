import type { Highs, IndexSelection, Model } from 'highs';
import { compileModel } from './compile-model.js';
import { applyHighsOptions, highsModelData, runHighs } from './highs-run.js';
import { discardHighsRuntime, loadHighsRuntime } from './highs-runtime.js';
import type { LpColumn, LpModel, LpRow, LpSolution, SolveOptions } from './lp-model.js';
import { LpModelError } from './lp-model-error.js';
import { errorSolution, trivialSolution } from './solution-helpers.js';

/** A column to append to a {@link HighsSession}: an `LpColumn` plus its entries in existing rows. */
export interface SessionColumn extends LpColumn {
  /** Zero-based indices of existing rows in which the column has a coefficient. */
  rowIndices: ArrayLike<number>;
  /** Coefficients parallel to `rowIndices`. */
  rowValues: ArrayLike<number>;
}

interface Sorted {
  indices: Int32Array;
  a: Float64Array;
  b: Float64Array;
}

/** Sorts (index, a, b) triples by index; for a repeated index the last triple wins. */
function sortedSelection(indices: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number> | null): Sorted {
  const n = indices.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((p, q) => indices[p] - indices[q] || p - q);
  const idx: number[] = [];
  const va: number[] = [];
  const vb: number[] = [];
  for (const k of order) {
    const last = idx.length - 1;
    if (last >= 0 && idx[last] === indices[k]) {
      va[last] = a[k];
      if (b) vb[last] = b[k];
    } else {
      idx.push(indices[k]);
      va.push(a[k]);
      if (b) vb.push(b[k]);
    }
  }
  return { indices: Int32Array.from(idx), a: Float64Array.from(va), b: Float64Array.from(vb) };
}

/**
 * One HiGHS model kept alive between solves, for column generation and other re-solve loops.
 * Modifications keep the simplex basis, so `solve()` after `addColumns` / bound or cost changes
 * starts warm (typically a handful of iterations instead of a cold solve).
 *
 * The session mirrors the model in JavaScript; if HiGHS throws (abort, out of memory), the
 * runtime is discarded and the next `solve()` rebuilds the native model from the mirror and
 * solves cold, so a crash costs one cold solve, not the session.
 *
 * ```ts
 * const session = await HighsSession.create(model);
 * let sol = await session.solve();
 * const j = session.addColumns([{ name: 'route-17', lower: 0, upper: Infinity, cost: 4.2,
 *                                 rowIndices: [0, 5], rowValues: [1, 1] }]);
 * sol = await session.solve();   // warm
 * session.dispose();             // frees WebAssembly memory (GC does not)
 * ```
 */
export class HighsSession {
  /** Backend that produces this session's solutions. */
  readonly backend = 'highs' as const;
  private highs: Highs | null = null;
  private hm: Model | null = null;
  private readonly mirror: LpModel;
  private integerColumns = 0;
  private defaults: SolveOptions;
  private rebuildCount = 0;
  private isDisposed = false;
  private built = false;

  private constructor(model: LpModel, options: SolveOptions | undefined) {
    this.mirror = cloneModel(model);
    this.integerColumns = this.mirror.columns.filter((c) => c.integer).length;
    this.defaults = { ...options };
  }

  /**
   * Creates a session holding `model` (copied; later changes to `model` do not affect it).
   * @param options default solve options, overridable per `solve()` call
   * @throws LpModelError when the model is malformed
   */
  static async create(model: LpModel, options?: SolveOptions): Promise<HighsSession> {
    compileModel(model); // validate before copying
    const s = new HighsSession(model, options);
    await s.rebuild();
    return s;
  }

  /** Current number of columns. */
  get numColumns(): number {
    return this.mirror.columns.length;
  }

  /** Current number of rows. */
  get numRows(): number {
    return this.mirror.rows.length;
  }

  /** How many times the native model was rebuilt after a HiGHS failure. */
  get rebuilds(): number {
    return this.rebuildCount;
  }

  /** Whether {@link dispose} has been called. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Replaces the default solve options. */
  setOptions(options: SolveOptions): void {
    this.defaults = { ...options };
  }

  /**
   * Appends columns (with their coefficients in existing rows) and returns the index of the
   * first new column; the new columns are nonbasic, so the next solve is warm.
   * @throws LpModelError for an out-of-range row index or a non-finite value
   */
  addColumns(columns: readonly SessionColumn[]): number {
    this.checkLive();
    const first = this.mirror.columns.length;
    const nRows = this.mirror.rows.length;
    const k = columns.length;
    if (k === 0) return first;
    const cost = new Float64Array(k);
    const lower = new Float64Array(k);
    const upper = new Float64Array(k);
    const starts = new Int32Array(k + 1);
    const entries: { i: number; v: number }[][] = [];
    let nnz = 0;
    columns.forEach((c, q) => {
      const path = `addColumns[${q}]`;
      checkColumn(path, c);
      if (c.rowIndices.length !== c.rowValues.length) throw new LpModelError(path, 'rowIndices and rowValues differ in length');
      const merged = new Map<number, number>();
      for (let t = 0; t < c.rowIndices.length; t++) {
        const i = c.rowIndices[t];
        const v = c.rowValues[t];
        if (!(Number.isInteger(i) && i >= 0 && i < nRows)) throw new LpModelError(`${path}.rowIndices[${t}]`, `row ${i} out of range [0, ${nRows})`);
        if (!Number.isFinite(v)) throw new LpModelError(`${path}.rowValues[${t}]`, `coefficient must be finite, got ${v}`);
        merged.set(i, (merged.get(i) ?? 0) + v);
      }
      const list = [...merged].filter(([, v]) => v !== 0).sort((p, q2) => p[0] - q2[0]).map(([i, v]) => ({ i, v }));
      entries.push(list);
      cost[q] = c.cost;
      lower[q] = c.lower;
      upper[q] = c.upper;
      nnz += list.length;
      starts[q + 1] = nnz;
    });
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let p = 0;
    for (let q = 0; q < k; q++) {
      const j = first + q;
      const c = columns[q];
      const col: LpColumn = { name: c.name, lower: c.lower, upper: c.upper, cost: c.cost };
      if (c.integer) {
        col.integer = true;
        this.integerColumns++;
      }
      this.mirror.columns.push(col);
      for (const { i, v } of entries[q]) {
        indices[p] = i;
        values[p] = v;
        p++;
        this.mirror.rows[i].indices.push(j);
        this.mirror.rows[i].values.push(v);
      }
    }
    this.native((hm, highs) => {
      hm.addCols({ cost, lower, upper, matrix: { format: 'csc', numRows: nRows, numCols: k, starts, indices, values } });
      if (columns.some((c) => c.integer)) {
        const types = Int32Array.from(columns, (c) => (c.integer ? highs.constants.variableType.integer : highs.constants.variableType.continuous));
        hm.changeColsIntegrality({ kind: 'range', from: first, to: first + k - 1 }, types);
      }
    });
    return first;
  }

  /**
   * Appends rows over existing columns and returns the index of the first new row.
   * @throws LpModelError for an out-of-range column index or a non-finite value
   */
  addRows(rows: readonly LpRow[]): number {
    this.checkLive();
    const first = this.mirror.rows.length;
    const k = rows.length;
    if (k === 0) return first;
    const nCols = this.mirror.columns.length;
    // compile the new rows against the current columns (validates and merges duplicates)
    const probe = compileModel({ sense: 'minimize', columns: this.mirror.columns, rows: rows as LpRow[] });
    for (let q = 0; q < k; q++) {
      const r = rows[q];
      const s = probe.rowStarts[q];
      const e = probe.rowStarts[q + 1];
      this.mirror.rows.push({
        name: r.name,
        lower: r.lower,
        upper: r.upper,
        indices: Array.from(probe.rowIndex.subarray(s, e)),
        values: Array.from(probe.rowValue.subarray(s, e)),
      });
    }
    this.native((hm) => {
      hm.addRows({
        lower: probe.rowLower,
        upper: probe.rowUpper,
        matrix: { format: 'csr', numRows: k, numCols: nCols, starts: probe.rowStarts, indices: probe.rowIndex, values: probe.rowValue },
      });
    });
    return first;
  }

  /**
   * Deletes columns (indices into the current model, any order, repeats ignored); the columns after them
   * move down to close the gaps, in order. Deleting only nonbasic columns keeps the basis, so the next
   * solve stays warm.
   * @throws LpModelError for an out-of-range index
   */
  deleteColumns(indices: ArrayLike<number>): void {
    this.checkLive();
    const n = this.mirror.columns.length;
    const gone = new Uint8Array(n);
    for (let q = 0; q < indices.length; q++) {
      this.checkIndex(`deleteColumns[${q}]`, indices[q], n);
      gone[indices[q]] = 1;
    }
    const deleted: number[] = [];
    const moved = new Int32Array(n);
    let next = 0;
    for (let j = 0; j < n; j++) {
      if (gone[j]) deleted.push(j);
      moved[j] = gone[j] ? -1 : next++;
    }
    if (deleted.length === 0) return;
    const sorted = Int32Array.from(deleted);
    for (const j of sorted) if (this.mirror.columns[j].integer) this.integerColumns--;
    this.mirror.columns = this.mirror.columns.filter((_, j) => gone[j] === 0);
    for (const row of this.mirror.rows) {
      const indicesKept: number[] = [];
      const valuesKept: number[] = [];
      row.indices.forEach((j, t) => {
        if (moved[j] >= 0) {
          indicesKept.push(moved[j]);
          valuesKept.push(row.values[t]);
        }
      });
      row.indices = indicesKept;
      row.values = valuesKept;
    }
    this.native((hm) => hm.deleteCols(set(sorted)));
  }

  /** Sets the bounds of columns `indices[k]` to `[lower[k], upper[k]]`. */
  changeColumnBounds(indices: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
    this.checkLive();
    const s = sortedSelection(indices, lower, upper);
    s.indices.forEach((j, q) => {
      const path = `changeColumnBounds[${q}]`;
      this.checkIndex(path, j, this.mirror.columns.length);
      checkBounds(path, s.a[q], s.b[q]);
    });
    s.indices.forEach((j, q) => {
      this.mirror.columns[j].lower = s.a[q];
      this.mirror.columns[j].upper = s.b[q];
    });
    if (s.indices.length > 0) this.native((hm) => hm.changeColsBounds(set(s.indices), s.a, s.b));
  }

  /** Sets the bounds of rows `indices[k]` to `[lower[k], upper[k]]`. */
  changeRowBounds(indices: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
    this.checkLive();
    const s = sortedSelection(indices, lower, upper);
    s.indices.forEach((i, q) => {
      const path = `changeRowBounds[${q}]`;
      this.checkIndex(path, i, this.mirror.rows.length);
      checkBounds(path, s.a[q], s.b[q]);
    });
    s.indices.forEach((i, q) => {
      this.mirror.rows[i].lower = s.a[q];
      this.mirror.rows[i].upper = s.b[q];
    });
    if (s.indices.length > 0) this.native((hm) => hm.changeRowsBounds(set(s.indices), s.a, s.b));
  }

  /** Sets the objective coefficients of columns `indices[k]` to `costs[k]`. */
  changeCosts(indices: ArrayLike<number>, costs: ArrayLike<number>): void {
    this.checkLive();
    const s = sortedSelection(indices, costs, null);
    s.indices.forEach((j, q) => {
      this.checkIndex(`changeCosts[${q}]`, j, this.mirror.columns.length);
      if (!Number.isFinite(s.a[q])) throw new LpModelError(`changeCosts[${q}]`, `cost must be finite, got ${s.a[q]}`);
    });
    s.indices.forEach((j, q) => {
      this.mirror.columns[j].cost = s.a[q];
    });
    if (s.indices.length > 0) this.native((hm) => hm.changeColsCost(set(s.indices), s.a));
  }

  /**
   * Re-solves from the current basis (warm) and returns the solution of the current model,
   * with the same conventions as `HighsBackend.solve`. After a HiGHS failure the native model is
   * rebuilt from the mirror and solved cold once before `error` is returned.
   */
  async solve(options?: SolveOptions): Promise<LpSolution> {
    this.checkLive();
    const t0 = performance.now();
    const opts: SolveOptions = { ...this.defaults, ...options };
    if (this.mirror.columns.length === 0) {
      const trivial = trivialSolution(compileModel(this.mirror), 'highs', t0, true);
      if (trivial) return trivial;
    }
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (this.hm === null) await this.rebuild();
        const hm = this.hm as Model | null;
        if (hm === null) throw new Error('HiGHS model unavailable');
        applyHighsOptions(hm, opts);
        return runHighs(hm, this.integerColumns > 0, t0);
      } catch (e) {
        lastError = e;
        this.markBroken();
      }
    }
    return errorSolution('highs', t0, lastError);
  }

  /** Deep copy of the current model (e.g. for a cold solve with another backend). */
  toModel(): LpModel {
    return cloneModel(this.mirror);
  }

  /** Frees the native model. The session cannot be used afterwards. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    try {
      this.hm?.dispose();
    } catch {}
    this.hm = null;
    this.highs = null;
  }

  private async rebuild(): Promise<void> {
    const highs = await loadHighsRuntime();
    const hm = highs.createModel(highsModelData(highs, compileModel(this.mirror)));
    if (this.built) this.rebuildCount++;
    this.built = true;
    this.highs = highs;
    this.hm = hm;
  }

  private markBroken(): void {
    discardHighsRuntime();
    try {
      this.hm?.dispose();
    } catch {}
    this.hm = null;
    this.highs = null;
  }

  /** Applies a change to the native model; a HiGHS failure leaves it for `solve()` to rebuild. */
  private native(apply: (hm: Model, highs: Highs) => void): void {
    if (this.hm === null || this.highs === null) return;
    try {
      apply(this.hm, this.highs);
    } catch {
      this.markBroken();
    }
  }

  private checkLive(): void {
    if (this.isDisposed) throw new Error('HighsSession has been disposed');
  }

  private checkIndex(path: string, i: number, n: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new LpModelError(path, `index ${i} out of range [0, ${n})`);
  }
}

function set(indices: Int32Array): IndexSelection {
  return { kind: 'set', indices };
}

function checkBounds(path: string, lower: number, upper: number): void {
  if (Number.isNaN(lower) || lower === Infinity) throw new LpModelError(`${path}.lower`, `invalid lower bound ${lower}`);
  if (Number.isNaN(upper) || upper === -Infinity) throw new LpModelError(`${path}.upper`, `invalid upper bound ${upper}`);
}

function checkColumn(path: string, c: LpColumn): void {
  if (!Number.isFinite(c.cost)) throw new LpModelError(`${path}.cost`, `must be finite, got ${c.cost}`);
  checkBounds(path, c.lower, c.upper);
}

function cloneModel(model: LpModel): LpModel {
  const out: LpModel = {
    sense: model.sense,
    columns: model.columns.map((c) => {
      const col: LpColumn = { name: c.name, lower: c.lower, upper: c.upper, cost: c.cost };
      if (c.integer) col.integer = true;
      return col;
    }),
    rows: model.rows.map((r) => ({ name: r.name, lower: r.lower, upper: r.upper, indices: Array.from(r.indices), values: Array.from(r.values) })),
  };
  if (model.name !== undefined) out.name = model.name;
  if (model.objectiveConstant !== undefined) out.objectiveConstant = model.objectiveConstant;
  return out;
}
