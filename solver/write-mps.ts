import { compileModel, toCsc } from './compile-model.js';
import { type FileNaming, fileNames, num } from './file-names.js';
import type { LpModel } from './lp-model.js';

/** Options of {@link writeMps}. */
export interface WriteMpsOptions {
  /** `'model'` (default): the model's names made MPS-safe and unique; `'generic'`: `C<j>` / `R<i>`. */
  names?: FileNaming;
  /**
   * Write an `OBJSENSE MAX` section for maximisation (default true). Set false for readers that
   * ignore the section and take the sense from the command line (e.g. `clp -max`).
   */
  objSense?: boolean;
}

const MPS_RESERVED = new Set<string>();

function mpsSafe(name: string): string {
  return name.replace(/\s+/g, '_').replace(/^\$/, '_$');
}

/**
 * Writes `model` as free-format MPS text (readable by HiGHS, CLP/CBC, GLPK `--freemps`, CPLEX,
 * Gurobi, SCIP). Conventions:
 *
 * - `NAME <name> FREE` (the `FREE` token makes CoinMpsIO / `clp` parse free format);
 * - the objective is the first `N` row; a free model row (both bounds infinite) is written as
 *   another `N` row, which most readers drop;
 * - ranged rows are `G` rows with `RHS = lower` and `RANGES = upper − lower`;
 * - the objective constant is written as `RHS` of the objective row with the opposite sign
 *   (the convention of CPLEX, HiGHS and CLP: objective = cᵀx − rhs(obj));
 * - integer columns sit between `'MARKER' 'INTORG'/'INTEND'` lines and always get explicit
 *   bounds, so no reader applies the legacy "unbounded integer means binary" default.
 * @throws LpModelError when the model is malformed
 */
export function writeMps(model: LpModel, options: WriteMpsOptions = {}): string {
  const m = compileModel(model);
  const naming = options.names ?? 'model';
  const taken = new Set<string>();
  const rowNames = fileNames(model.rows.map((r) => r.name), naming, 'R', mpsSafe, MPS_RESERVED, taken);
  let objName = 'OBJ';
  for (let n = 1; taken.has(objName); n++) objName = `OBJ~${n}`;
  const colNames = fileNames(model.columns.map((c) => c.name), naming, 'C', mpsSafe, MPS_RESERVED);
  const csc = toCsc(m);
  const out: string[] = [];
  out.push(`NAME ${mpsSafe(m.name) || 'corridor'} FREE`);
  if (m.sense === 'maximize' && options.objSense !== false) out.push('OBJSENSE', '    MAX');
  out.push('ROWS', ` N  ${objName}`);
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    const type = lo === up ? 'E' : lo > -Infinity ? 'G' : up < Infinity ? 'L' : 'N';
    out.push(` ${type}  ${rowNames[i]}`);
  }
  out.push('COLUMNS');
  let inInt = false;
  let marker = 0;
  for (let j = 0; j < m.numCols; j++) {
    const isInt = m.integrality !== null && m.integrality[j] === 1;
    if (isInt !== inInt) {
      out.push(` MARKER${marker++} 'MARKER' '${isInt ? 'INTORG' : 'INTEND'}'`);
      inInt = isInt;
    }
    const c = colNames[j];
    const cost = m.colCost[j];
    const s = csc.colStarts[j];
    const e = csc.colStarts[j + 1];
    if (cost !== 0 || s === e) out.push(` ${c} ${objName} ${num(cost)}`);
    for (let k = s; k < e; k++) out.push(` ${c} ${rowNames[csc.colIndex[k]]} ${num(csc.colValue[k])}`);
  }
  if (inInt) out.push(` MARKER${marker} 'MARKER' 'INTEND'`);
  out.push('RHS');
  if (m.objectiveConstant !== 0) out.push(` RHS ${objName} ${num(-m.objectiveConstant)}`);
  const ranges: string[] = [];
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    const rhs = lo > -Infinity ? lo : up < Infinity ? up : 0;
    if (rhs !== 0) out.push(` RHS ${rowNames[i]} ${num(rhs)}`);
    if (lo > -Infinity && up < Infinity && lo !== up) ranges.push(` RNG ${rowNames[i]} ${num(up - lo)}`);
  }
  if (ranges.length > 0) out.push('RANGES', ...ranges);
  const bounds: string[] = [];
  for (let j = 0; j < m.numCols; j++) {
    const c = colNames[j];
    const lo = m.colLower[j];
    const up = m.colUpper[j];
    const isInt = m.integrality !== null && m.integrality[j] === 1;
    if (lo === up) {
      bounds.push(` FX BND ${c} ${num(lo)}`);
      continue;
    }
    if (lo === -Infinity && up === Infinity) {
      bounds.push(` FR BND ${c}`);
      continue;
    }
    if (lo === -Infinity) bounds.push(` MI BND ${c}`);
    else if (lo !== 0 || isInt || up < 0) bounds.push(` LO BND ${c} ${num(lo)}`);
    if (up < Infinity) bounds.push(` UP BND ${c} ${num(up)}`);
    else if (isInt) bounds.push(` PL BND ${c}`);
  }
  if (bounds.length > 0) out.push('BOUNDS', ...bounds);
  out.push('ENDATA', '');
  return out.join('\n');
}
