import type { LpColumn, LpModel, LpRow, LpSense } from './lp-model.js';

function growF64(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

function growI32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

function growU8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

/**
 * Incremental builder for an {@link LpModel}. Columns, rows and nonzeros are kept in growable
 * typed arrays (amortised O(1) per entry, ~20 bytes per nonzero), so formulations with millions
 * of nonzeros are assembled without per-entry object allocation; `build()` materialises the
 * plain `LpModel` once.
 *
 * ```ts
 * const b = new LpBuilder('minimize');
 * const x = b.addColumn('x', 0, Infinity, 2);
 * const y = b.addColumn('y', 0, 10, 3);
 * b.addRow('demand', 5, Infinity, [x, y], [1, 1]);
 * const model = b.build();
 * ```
 */
export class LpBuilder {
  /** Objective direction of the model being built. */
  sense: LpSense;
  /** Optional model name. */
  name: string | undefined;
  /** Constant added to the objective. */
  objectiveConstant = 0;

  private nCols = 0;
  private nRows = 0;
  private nnz = 0;
  private colNames: string[] = [];
  private colLower = new Float64Array(64);
  private colUpper = new Float64Array(64);
  private colCost = new Float64Array(64);
  private colInteger = new Uint8Array(64);
  private rowNames: string[] = [];
  private rowLower = new Float64Array(64);
  private rowUpper = new Float64Array(64);
  private rowStarts = new Int32Array(65);
  private entryIndex = new Int32Array(256);
  private entryValue = new Float64Array(256);

  /**
   * @param sense objective direction (default `'minimize'`)
   * @param name optional model name
   */
  constructor(sense: LpSense = 'minimize', name?: string) {
    this.sense = sense;
    this.name = name;
  }

  /** Number of columns added so far. */
  get numColumns(): number {
    return this.nCols;
  }

  /** Number of rows added so far. */
  get numRows(): number {
    return this.nRows;
  }

  /** Number of nonzeros added so far (before duplicate merging). */
  get numNonzeros(): number {
    return this.nnz;
  }

  /**
   * Appends a column and returns its zero-based index.
   * @param upper may be `Infinity`; `lower` may be `-Infinity`
   */
  addColumn(name: string, lower: number, upper: number, cost: number, integer = false): number {
    const j = this.nCols;
    const need = j + 1;
    this.colLower = growF64(this.colLower, need);
    this.colUpper = growF64(this.colUpper, need);
    this.colCost = growF64(this.colCost, need);
    this.colInteger = growU8(this.colInteger, need);
    this.colNames.push(name);
    this.colLower[j] = lower;
    this.colUpper[j] = upper;
    this.colCost[j] = cost;
    this.colInteger[j] = integer ? 1 : 0;
    this.nCols = need;
    return j;
  }

  /**
   * Appends the row `lower ≤ Σ values[k]·x[indices[k]] ≤ upper` and returns its zero-based index.
   * The arrays are copied; they may be reused by the caller. Indices are checked at solve time.
   */
  addRow(name: string, lower: number, upper: number, indices: ArrayLike<number>, values: ArrayLike<number>): number {
    const len = indices.length;
    if (values.length !== len) {
      throw new RangeError(`addRow(${name}): indices (${len}) and values (${values.length}) differ in length`);
    }
    const i = this.nRows;
    this.rowLower = growF64(this.rowLower, i + 1);
    this.rowUpper = growF64(this.rowUpper, i + 1);
    this.rowStarts = growI32(this.rowStarts, i + 2);
    const at = this.nnz;
    this.entryIndex = growI32(this.entryIndex, at + len);
    this.entryValue = growF64(this.entryValue, at + len);
    const ei = this.entryIndex;
    const ev = this.entryValue;
    for (let k = 0; k < len; k++) {
      ei[at + k] = indices[k];
      ev[at + k] = values[k];
    }
    this.rowNames.push(name);
    this.rowLower[i] = lower;
    this.rowUpper[i] = upper;
    this.nnz = at + len;
    this.rowStarts[i + 1] = this.nnz;
    this.nRows = i + 1;
    return i;
  }

  /** Changes the objective coefficient of column `j`. */
  setCost(j: number, cost: number): void {
    this.checkColumn(j);
    this.colCost[j] = cost;
  }

  /** Changes the bounds of column `j`. */
  setColumnBounds(j: number, lower: number, upper: number): void {
    this.checkColumn(j);
    this.colLower[j] = lower;
    this.colUpper[j] = upper;
  }

  /** Changes the bounds of row `i`. */
  setRowBounds(i: number, lower: number, upper: number): void {
    if (!(i >= 0 && i < this.nRows)) throw new RangeError(`row ${i} out of range [0, ${this.nRows})`);
    this.rowLower[i] = lower;
    this.rowUpper[i] = upper;
  }

  /** Materialises the model. The builder stays usable; later additions do not affect it. */
  build(): LpModel {
    const columns: LpColumn[] = new Array(this.nCols);
    for (let j = 0; j < this.nCols; j++) {
      const col: LpColumn = { name: this.colNames[j], lower: this.colLower[j], upper: this.colUpper[j], cost: this.colCost[j] };
      if (this.colInteger[j]) col.integer = true;
      columns[j] = col;
    }
    const rows: LpRow[] = new Array(this.nRows);
    const ei = this.entryIndex;
    const ev = this.entryValue;
    for (let i = 0; i < this.nRows; i++) {
      const s = this.rowStarts[i];
      const len = this.rowStarts[i + 1] - s;
      const indices: number[] = new Array(len);
      const values: number[] = new Array(len);
      for (let k = 0; k < len; k++) {
        indices[k] = ei[s + k];
        values[k] = ev[s + k];
      }
      rows[i] = { name: this.rowNames[i], lower: this.rowLower[i], upper: this.rowUpper[i], indices, values };
    }
    const model: LpModel = { sense: this.sense, columns, rows };
    if (this.name !== undefined) model.name = this.name;
    if (this.objectiveConstant !== 0) model.objectiveConstant = this.objectiveConstant;
    return model;
  }

  private checkColumn(j: number): void {
    if (!(j >= 0 && j < this.nCols)) throw new RangeError(`column ${j} out of range [0, ${this.nCols})`);
  }
}
