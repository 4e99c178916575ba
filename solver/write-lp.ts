import { compileModel } from './compile-model.js';
import { type FileNaming, fileNames, num } from './file-names.js';
import type { LpModel } from './lp-model.js';

/** Options of {@link writeLpFormat}. */
export interface WriteLpOptions {
  /** `'model'` (default): the model's names made LP-safe and unique; `'generic'`: `x<j>` / `r<i>`. */
  names?: FileNaming;
}

// words an LP-format parser may read as keywords or numbers when they appear as a name
const LP_RESERVED = new Set([
  'free', 'inf', 'infinity', 'st', 's.t.', 'st.', 'subject', 'such', 'bounds', 'bound', 'end', 'general', 'generals',
  'gen', 'integer', 'integers', 'binary', 'binaries', 'bin', 'minimize', 'maximize', 'minimum', 'maximum', 'min', 'max',
  'semi', 'semis', 'semi-continuous', 'sos', 'nan',
]);

function lpSafe(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_!"#$%&()/,.;?@`'{}|~]/g, '_');
  // may not start with a digit, a period, or look like an exponent (e1, E5)
  if (/^[0-9.]/.test(s) || /^[eE][+-]?[0-9]/.test(s)) s = `_${s}`;
  return s.length > 255 ? s.slice(0, 255) : s;
}

const TERMS_PER_LINE = 8;

function linear(out: string[], head: string, idx: ArrayLike<number>, val: ArrayLike<number>, s: number, e: number, names: string[], tail: string): void {
  let line = head;
  let terms = 0;
  for (let k = s; k < e; k++) {
    const v = val[k];
    line += `${v < 0 ? ' - ' : ' + '}${num(Math.abs(v))} ${names[idx[k]]}`;
    if (++terms % TERMS_PER_LINE === 0 && k + 1 < e) {
      out.push(line);
      line = '   ';
    }
  }
  out.push(line + tail);
}

/**
 * Writes `model` in CPLEX LP format (readable by HiGHS, GLPK `--lp`, CBC, CPLEX, Gurobi, SCIP).
 * Conventions: a ranged row `lower ≤ expr ≤ upper` is written, as GLPK does, as the equality
 * `expr − aux = lower` with a new column `0 ≤ aux ≤ upper − lower` (the double-inequality form
 * `lower <= expr <= upper` is not portable: the HiGHS 1.15 LP reader mis-parses or aborts on it);
 * the equality's dual equals the ranged row's dual; auxiliary columns follow all model columns;
 * a row with no coefficients gets a `0 <first column>` term; free rows (both bounds infinite)
 * constrain nothing and are written as comments, so row numbering in the file can differ from
 * the model's; the objective constant is a constant term of the objective; every column is
 * listed in the objective (possibly with coefficient 0) so readers number columns in model order.
 * @throws LpModelError when the model is malformed
 */
export function writeLpFormat(model: LpModel, options: WriteLpOptions = {}): string {
  const m = compileModel(model);
  const naming = options.names ?? 'model';
  const takenCols = new Set<string>();
  const colNames = fileNames(model.columns.map((c) => c.name), naming, 'x', lpSafe, LP_RESERVED, takenCols);
  const rowNames = fileNames(model.rows.map((r) => r.name), naming, 'r', lpSafe, LP_RESERVED);
  const out: string[] = [];
  out.push(`\\ Problem: ${m.name.replace(/[\r\n]/g, ' ')}`, '');
  out.push(m.sense === 'maximize' ? 'Maximize' : 'Minimize');
  const allCols = Int32Array.from({ length: m.numCols }, (_, j) => j);
  const constant = m.objectiveConstant !== 0 ? ` ${m.objectiveConstant < 0 ? '-' : '+'} ${num(Math.abs(m.objectiveConstant))}` : '';
  if (m.numCols > 0) linear(out, ' obj:', allCols, m.colCost, 0, m.numCols, colNames, constant);
  else out.push(` obj:${constant || ' 0'}`);
  out.push('Subject To');
  const rangeBounds: string[] = [];
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    if (lo === -Infinity && up === Infinity) {
      out.push(`\\ free row ${rowNames[i]} omitted`);
      continue;
    }
    let s = m.rowStarts[i];
    let e = m.rowStarts[i + 1];
    let idx: ArrayLike<number> = m.rowIndex;
    let val: ArrayLike<number> = m.rowValue;
    if (s === e) {
      if (m.numCols === 0) {
        out.push(`\\ empty row ${rowNames[i]} omitted (no columns)`);
        continue;
      }
      idx = [0];
      val = [0];
      s = 0;
      e = 1;
    }
    if (lo === up) linear(out, ` ${rowNames[i]}:`, idx, val, s, e, colNames, ` = ${num(lo)}`);
    else if (lo > -Infinity && up < Infinity) {
      const aux = fileNames([`rng~${rowNames[i]}`], 'model', 'rng~', (n) => n, LP_RESERVED, takenCols)[0];
      linear(out, ` ${rowNames[i]}:`, idx, val, s, e, colNames, ` - 1 ${aux} = ${num(lo)}`);
      rangeBounds.push(` 0 <= ${aux} <= ${num(up - lo)}`);
    }
    else if (lo > -Infinity) linear(out, ` ${rowNames[i]}:`, idx, val, s, e, colNames, ` >= ${num(lo)}`);
    else linear(out, ` ${rowNames[i]}:`, idx, val, s, e, colNames, ` <= ${num(up)}`);
  }
  const bounds: string[] = [];
  const generals: string[] = [];
  for (let j = 0; j < m.numCols; j++) {
    const c = colNames[j];
    const lo = m.colLower[j];
    const up = m.colUpper[j];
    if (lo === up) bounds.push(` ${c} = ${num(lo)}`);
    else if (lo === -Infinity && up === Infinity) bounds.push(` ${c} free`);
    else if (lo === -Infinity) bounds.push(` -inf <= ${c} <= ${num(up)}`);
    else if (up === Infinity) {
      if (lo !== 0) bounds.push(` ${c} >= ${num(lo)}`);
    } else bounds.push(` ${num(lo)} <= ${c} <= ${num(up)}`);
    if (m.integrality !== null && m.integrality[j] === 1) generals.push(c);
  }
  bounds.push(...rangeBounds);
  if (bounds.length > 0) out.push('Bounds', ...bounds);
  if (generals.length > 0) {
    out.push('Generals');
    for (let k = 0; k < generals.length; k += TERMS_PER_LINE) out.push(` ${generals.slice(k, k + TERMS_PER_LINE).join(' ')}`);
  }
  out.push('End', '');
  return out.join('\n');
}
