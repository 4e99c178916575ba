import type { LpModel, LpSense } from './lp-model.js';
import { LpModelError } from './lp-model-error.js';

/**
 * Validated, typed-array form of an {@link LpModel}: the common input of every backend.
 * The matrix is CSR (row-wise) with repeated indices in a row summed and exact zeros dropped.
 */
export interface CompiledModel {
  /** Model name (or `'corridor'`). */
  name: string;
  /** Objective direction. */
  sense: LpSense;
  /** Number of columns. */
  numCols: number;
  /** Number of rows. */
  numRows: number;
  /** Stored nonzeros (after merging duplicates and dropping zeros). */
  numNonzeros: number;
  /** Objective constant (0 when absent). */
  objectiveConstant: number;
  /** Objective coefficients. */
  colCost: Float64Array;
  /** Column lower bounds (`-Infinity` allowed). */
  colLower: Float64Array;
  /** Column upper bounds (`Infinity` allowed). */
  colUpper: Float64Array;
  /** 1 for integer columns; null when the model has no integer column (an LP). */
  integrality: Uint8Array | null;
  /** Row lower bounds (`-Infinity` allowed). */
  rowLower: Float64Array;
  /** Row upper bounds (`Infinity` allowed). */
  rowUpper: Float64Array;
  /** CSR row starts, length `numRows + 1`. */
  rowStarts: Int32Array;
  /** CSR column indices. */
  rowIndex: Int32Array;
  /** CSR coefficients. */
  rowValue: Float64Array;
  /** Description of the first column or row with `lower > upper`, else null. */
  crossedBounds: string | null;
}

/** Compressed sparse column copy of a compiled matrix. */
export interface CscMatrix {
  /** Column starts, length `numCols + 1`. */
  colStarts: Int32Array;
  /** Row index of each entry. */
  colIndex: Int32Array;
  /** Coefficient of each entry. */
  colValue: Float64Array;
}

function checkBound(path: string, lower: number, upper: number): void {
  if (Number.isNaN(lower) || lower === Infinity) throw new LpModelError(`${path}.lower`, `invalid lower bound ${lower}`);
  if (Number.isNaN(upper) || upper === -Infinity) throw new LpModelError(`${path}.upper`, `invalid upper bound ${upper}`);
}

/**
 * Validates `model` and converts it to typed arrays (O(nonzeros)).
 * @throws LpModelError when the model is malformed (see {@link LpModelError}).
 */
export function compileModel(model: LpModel): CompiledModel {
  const columns = model.columns;
  const rows = model.rows;
  const numCols = columns.length;
  const numRows = rows.length;
  if (model.sense !== 'minimize' && model.sense !== 'maximize') {
    throw new LpModelError('sense', `expected 'minimize' or 'maximize', got ${String(model.sense)}`);
  }
  const objectiveConstant = model.objectiveConstant ?? 0;
  if (!Number.isFinite(objectiveConstant)) throw new LpModelError('objectiveConstant', 'must be finite');

  let crossedBounds: string | null = null;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  let integrality: Uint8Array | null = null;
  for (let j = 0; j < numCols; j++) {
    const c = columns[j];
    if (!Number.isFinite(c.cost)) throw new LpModelError(`columns[${j}].cost`, `must be finite, got ${c.cost}`);
    checkBound(`columns[${j}]`, c.lower, c.upper);
    colCost[j] = c.cost;
    colLower[j] = c.lower;
    colUpper[j] = c.upper;
    if (c.lower > c.upper && crossedBounds === null) {
      crossedBounds = `column ${j} (${c.name}) has lower ${c.lower} > upper ${c.upper}`;
    }
    if (c.integer) {
      if (integrality === null) integrality = new Uint8Array(numCols);
      integrality[j] = 1;
    }
  }

  let capacity = 0;
  for (let i = 0; i < numRows; i++) capacity += rows[i].indices.length;
  const rowStarts = new Int32Array(numRows + 1);
  let rowIndex = new Int32Array(capacity);
  let rowValue = new Float64Array(capacity);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  // position of column j in the row being compiled, valid when seenRow[j] === i + 1
  const seenRow = new Int32Array(numCols);
  const seenPos = new Int32Array(numCols);
  let nz = 0;
  let hadZeroOrDuplicate = false;
  for (let i = 0; i < numRows; i++) {
    const r = rows[i];
    const idx = r.indices;
    const val = r.values;
    if (idx.length !== val.length) {
      throw new LpModelError(`rows[${i}]`, `indices (${idx.length}) and values (${val.length}) differ in length`);
    }
    checkBound(`rows[${i}]`, r.lower, r.upper);
    rowLower[i] = r.lower;
    rowUpper[i] = r.upper;
    if (r.lower > r.upper && crossedBounds === null) {
      crossedBounds = `row ${i} (${r.name}) has lower ${r.lower} > upper ${r.upper}`;
    }
    const start = nz;
    const mark = i + 1;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k];
      const v = val[k];
      if (!(j >= 0 && j < numCols && (j | 0) === j)) {
        throw new LpModelError(`rows[${i}].indices[${k}]`, `column index ${j} out of range [0, ${numCols})`);
      }
      if (!Number.isFinite(v)) throw new LpModelError(`rows[${i}].values[${k}]`, `coefficient must be finite, got ${v}`);
      if (seenRow[j] === mark) {
        rowValue[seenPos[j]] += v;
        hadZeroOrDuplicate = true;
        continue;
      }
      if (v === 0) hadZeroOrDuplicate = true;
      seenRow[j] = mark;
      seenPos[j] = nz;
      rowIndex[nz] = j;
      rowValue[nz] = v;
      nz++;
    }
    // drop exact zeros (given or produced by summing duplicates)
    if (hadZeroOrDuplicate) {
      let w = start;
      for (let k = start; k < nz; k++) {
        if (rowValue[k] !== 0) {
          rowIndex[w] = rowIndex[k];
          rowValue[w] = rowValue[k];
          w++;
        }
      }
      nz = w;
      hadZeroOrDuplicate = false;
    }
    rowStarts[i + 1] = nz;
  }
  if (nz < capacity) {
    rowIndex = rowIndex.slice(0, nz);
    rowValue = rowValue.slice(0, nz);
  }
  return {
    name: model.name ?? 'corridor',
    sense: model.sense,
    numCols,
    numRows,
    numNonzeros: nz,
    objectiveConstant,
    colCost,
    colLower,
    colUpper,
    integrality,
    rowLower,
    rowUpper,
    rowStarts,
    rowIndex,
    rowValue,
    crossedBounds,
  };
}

/** Transposes the CSR matrix of `m` to CSC (row indices ascending within each column). */
export function toCsc(m: CompiledModel): CscMatrix {
  const colStarts = new Int32Array(m.numCols + 1);
  const nz = m.numNonzeros;
  for (let k = 0; k < nz; k++) colStarts[m.rowIndex[k] + 1]++;
  for (let j = 0; j < m.numCols; j++) colStarts[j + 1] += colStarts[j];
  const next = colStarts.slice(0, m.numCols);
  const colIndex = new Int32Array(nz);
  const colValue = new Float64Array(nz);
  for (let i = 0; i < m.numRows; i++) {
    for (let k = m.rowStarts[i]; k < m.rowStarts[i + 1]; k++) {
      const p = next[m.rowIndex[k]]++;
      colIndex[p] = i;
      colValue[p] = m.rowValue[k];
    }
  }
  return { colStarts, colIndex, colValue };
}

/** Row activities `A x` from CSR. */
export function rowActivitiesOf(m: CompiledModel, x: Float64Array): Float64Array {
  const out = new Float64Array(m.numRows);
  for (let i = 0; i < m.numRows; i++) {
    let s = 0;
    for (let k = m.rowStarts[i]; k < m.rowStarts[i + 1]; k++) s += m.rowValue[k] * x[m.rowIndex[k]];
    out[i] = s;
  }
  return out;
}

/** Objective `constant + cᵀx`. */
export function objectiveOf(m: CompiledModel, x: Float64Array): number {
  let s = m.objectiveConstant;
  for (let j = 0; j < m.numCols; j++) s += m.colCost[j] * x[j];
  return s;
}

/** Reduced costs `c − Aᵀy` (the convention of `LpSolution.reducedCosts`) from row duals `y`. */
export function reducedCostsOf(m: CompiledModel, rowDuals: Float64Array): Float64Array {
  const d = Float64Array.from(m.colCost);
  for (let i = 0; i < m.numRows; i++) {
    const y = rowDuals[i];
    if (y === 0) continue;
    for (let k = m.rowStarts[i]; k < m.rowStarts[i + 1]; k++) d[m.rowIndex[k]] -= m.rowValue[k] * y;
  }
  return d;
}

/** Whether the model has at least one integer column. */
export function isMip(m: CompiledModel): boolean {
  return m.integrality !== null;
}

/**
 * First violation of `x` against bounds, rows (absolute tolerance `tol`, scaled by the bound's
 * magnitude) and integrality (`intTol`), or null when `x` is feasible.
 */
export function feasibilityViolation(m: CompiledModel, x: Float64Array, tol = 1e-6, intTol = 1e-6): string | null {
  const over = (bound: number): number => tol * Math.max(1, Math.abs(bound));
  for (let j = 0; j < m.numCols; j++) {
    const v = x[j];
    if (!Number.isFinite(v)) return `column ${j} value ${v}`;
    if (v < m.colLower[j] - over(m.colLower[j]) || v > m.colUpper[j] + over(m.colUpper[j])) return `column ${j} value ${v} outside [${m.colLower[j]}, ${m.colUpper[j]}]`;
    if (m.integrality !== null && m.integrality[j] && Math.abs(v - Math.round(v)) > intTol) return `integer column ${j} has value ${v}`;
  }
  const act = rowActivitiesOf(m, x);
  for (let i = 0; i < m.numRows; i++) {
    const a = act[i];
    if (a < m.rowLower[i] - over(m.rowLower[i]) || a > m.rowUpper[i] + over(m.rowUpper[i])) return `row ${i} activity ${a} outside [${m.rowLower[i]}, ${m.rowUpper[i]}]`;
  }
  return null;
}
