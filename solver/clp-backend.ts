import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type CompiledModel, compileModel, objectiveOf, rowActivitiesOf } from './compile-model.js';
import type { BackendFeature, LpBackend, LpModel, LpSolution, LpStatus, SolveOptions } from './lp-model.js';
import { clearNegativeZeros, errorSolution, secondsSince, statusOnlySolution, trivialSolution } from './solution-helpers.js';
import { writeMps } from './write-mps.js';

/** Options of {@link ClpBackend}. */
export interface ClpBackendOptions {
  /** Executable name or path (default `clp`, looked up on PATH). */
  command?: string;
  /**
   * How the solution is read back: `'binary'` (default) uses `-saveSolution`, full double
   * precision; `'text'` uses `-printingOptions all -solution`, which prints only 8 significant
   * digits.
   */
  solutionFormat?: 'binary' | 'text';
}

const availability = new Map<string, boolean>();

/** Whether `command` (default `clp`) is an executable file on PATH (cached). */
export function isClpAvailable(command = 'clp'): boolean {
  let ok = availability.get(command);
  if (ok === undefined) {
    const dirs = command.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter).filter(Boolean);
    ok = dirs.some((d) => {
      try {
        accessSync(d ? join(d, command) : command, fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    availability.set(command, ok);
  }
  return ok;
}

interface ClpRun {
  status: LpStatus;
  statusText: string;
  iterations?: number;
  stdout: string;
}

function run(command: string, args: string[], cwd: string, killAfterSeconds: number | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = killAfterSeconds === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterSeconds * 1000);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Final status line of `clp`: `<Status> objective <v> - <n> iterations time <t>`. */
const STATUS_LINE = /^(Optimal|PrimalInfeasible|DualInfeasible|Stopped[^\n]*?|Errors|User ctrl-c)\s+objective\s+\S+\s+-\s+(\d+)\s+iterations/m;

function parseStatus(stdout: string): { status: LpStatus; text: string; iterations?: number } {
  const m = STATUS_LINE.exec(stdout);
  if (!m) return { status: 'error', text: 'no status line in clp output' };
  const text = m[1];
  const iterations = Number(m[2]);
  const status: LpStatus = text === 'Optimal' ? 'optimal' : text === 'PrimalInfeasible' ? 'infeasible' : text === 'DualInfeasible' ? 'unbounded' : text.startsWith('Stopped') ? 'time_limit' : 'error';
  return { status, text, iterations };
}

/**
 * Parses a `clp -saveSolution` file: int32 rows, int32 columns, float64 objective, then
 * row activities, row duals, column values, reduced costs (all float64, little-endian).
 */
export function parseClpBinarySolution(buf: Uint8Array, numRows: number, numCols: number): { rowActivity: Float64Array; rowDual: Float64Array; colValue: Float64Array; colDual: Float64Array } {
  const expected = 16 + 16 * (numRows + numCols);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength !== expected || view.getInt32(0, true) !== numRows || view.getInt32(4, true) !== numCols) {
    throw new Error(`unexpected clp solution file: ${buf.byteLength} bytes, expected ${expected} for ${numRows} rows × ${numCols} columns`);
  }
  const read = (offset: number, n: number): Float64Array => {
    const a = new Float64Array(n);
    for (let k = 0; k < n; k++) a[k] = view.getFloat64(offset + 8 * k, true);
    return a;
  };
  let o = 16;
  const rowActivity = read(o, numRows);
  o += 8 * numRows;
  const rowDual = read(o, numRows);
  o += 8 * numRows;
  const colValue = read(o, numCols);
  o += 8 * numCols;
  const colDual = read(o, numCols);
  return { rowActivity, rowDual, colValue, colDual };
}

/**
 * Parses a `clp -printingOptions all -solution` text file: a status line, then one line per
 * row (`index name activity dual`) and one per column (`index name value reducedCost`);
 * infeasible entries are prefixed with `**`.
 */
export function parseClpTextSolution(text: string, numRows: number, numCols: number): { rowActivity: Float64Array; rowDual: Float64Array; colValue: Float64Array; colDual: Float64Array } {
  const lines = text.split('\n').slice(1).filter((l) => l.trim() !== '');
  if (lines.length !== numRows + numCols) throw new Error(`clp solution has ${lines.length} entries, expected ${numRows + numCols}`);
  const rowActivity = new Float64Array(numRows);
  const rowDual = new Float64Array(numRows);
  const colValue = new Float64Array(numCols);
  const colDual = new Float64Array(numCols);
  lines.forEach((line, k) => {
    const f = line.replace(/^\s*\*\*/, '').trim().split(/\s+/);
    if (f.length < 4) throw new Error(`bad clp solution line: ${line}`);
    const v = Number(f[f.length - 2]);
    const d = Number(f[f.length - 1]);
    if (k < numRows) {
      rowActivity[k] = v;
      rowDual[k] = d;
    } else {
      colValue[k - numRows] = v;
      colDual[k - numRows] = d;
    }
  });
  return { rowActivity, rowDual, colValue, colDual };
}

/**
 * COIN-OR CLP (the native `clp` executable, Debian package `coinor-clp`) behind
 * {@link LpBackend}, for LPs only (`supports('integer')` is false; a model with integer
 * columns returns status `error`). The model is written as free MPS (positional names,
 * free rows left out because CLP drops them), solved with
 * `clp model.mps [-max] [-seconds t] -solve -saveSolution sol.bin`, and read back with duals.
 * CLP duals already follow the package convention for min and for `-max`; they pass through.
 * "DualInfeasible" is confirmed as `unbounded` only if the zero-cost model is feasible.
 */
export class ClpBackend implements LpBackend {
  readonly name = 'clp' as const;
  private readonly command: string;
  private readonly format: 'binary' | 'text';

  constructor(options: ClpBackendOptions = {}) {
    this.command = options.command ?? 'clp';
    this.format = options.solutionFormat ?? 'binary';
  }

  /** Whether the executable is on PATH. */
  available(): boolean {
    return isClpAvailable(this.command);
  }

  /** Duals only: no integer columns, no warm start. */
  supports(feature: BackendFeature): boolean {
    return feature === 'duals';
  }

  /** Solves `model` with the `clp` executable. See {@link LpBackend.solve}. */
  async solve(model: LpModel, options?: SolveOptions): Promise<LpSolution> {
    const t0 = performance.now();
    const m = compileModel(model);
    if (m.integrality !== null) {
      return statusOnlySolution('clp', 'error', t0, 'the clp backend solves LPs only; the model has integer columns (use highs or glpk)');
    }
    const trivial = trivialSolution(m, 'clp', t0, true);
    if (trivial) return trivial;
    if (!this.available()) return statusOnlySolution('clp', 'error', t0, `${this.command} not found on PATH (apt-get install coinor-clp)`);
    // CLP drops free rows (extra N rows): leave them out and give them dual 0
    const kept: number[] = [];
    for (let i = 0; i < m.numRows; i++) if (m.rowLower[i] > -Infinity || m.rowUpper[i] < Infinity) kept.push(i);
    const reduced: LpModel = { ...model, rows: kept.length === m.numRows ? model.rows : kept.map((i) => model.rows[i]) };
    let dir: string | null = null;
    try {
      dir = await mkdtemp(join(tmpdir(), 'corridor-clp-'));
      const first = await this.runClp(dir, reduced, m.sense === 'maximize', options, t0, true);
      if (first.status === 'unbounded') {
        const zero: LpModel = { ...reduced, columns: reduced.columns.map((c) => ({ ...c, cost: 0 })) };
        const check = await this.runClp(dir, zero, false, options, t0, false);
        if (check.status === 'infeasible') return statusOnlySolution('clp', 'infeasible', t0, 'DualInfeasible; zero-cost model is PrimalInfeasible');
        if (check.status !== 'optimal') return statusOnlySolution('clp', check.status === 'time_limit' ? 'time_limit' : 'error', t0, `DualInfeasible; feasibility check: ${check.statusText}`);
        return this.finish(statusOnlySolution('clp', 'unbounded', t0, 'DualInfeasible; zero-cost model is feasible'), first);
      }
      if (first.status !== 'optimal') return this.finish(statusOnlySolution('clp', first.status, t0, first.statusText), first);
      const nRows = kept.length;
      const sol =
        this.format === 'binary'
          ? parseClpBinarySolution(await readFile(join(dir, 'sol.bin')), nRows, m.numCols)
          : parseClpTextSolution(await readFile(join(dir, 'sol.txt'), 'utf8'), nRows, m.numCols);
      return this.finish(this.optimal(m, kept, sol, t0), first);
    } catch (e) {
      return errorSolution('clp', t0, e);
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private finish(s: LpSolution, r: ClpRun): LpSolution {
    if (r.iterations !== undefined) s.iterations = r.iterations;
    return s;
  }

  private optimal(m: CompiledModel, kept: number[], sol: ReturnType<typeof parseClpBinarySolution>, t0: number): LpSolution {
    const x = sol.colValue;
    const y = new Float64Array(m.numRows);
    kept.forEach((i, k) => (y[i] = sol.rowDual[k]));
    return {
      status: 'optimal',
      objective: objectiveOf(m, x),
      columnValues: x,
      rowActivities: rowActivitiesOf(m, x),
      rowDuals: clearNegativeZeros(y),
      reducedCosts: clearNegativeZeros(sol.colDual),
      backend: 'clp',
      solveSeconds: secondsSince(t0),
      message: 'Optimal',
    };
  }

  private async runClp(dir: string, model: LpModel, maximize: boolean, options: SolveOptions | undefined, t0: number, wantSolution: boolean): Promise<ClpRun> {
    await writeFile(join(dir, 'model.mps'), writeMps(model, { names: 'generic', objSense: false }));
    const args = ['model.mps'];
    if (maximize) args.push('-max');
    const limit = options?.timeLimitSeconds;
    let kill: number | null = null;
    if (limit !== undefined) {
      const left = Math.max(0.01, limit - secondsSince(t0));
      args.push('-seconds', String(left));
      kill = left + 30; // hard stop if clp ignores the limit
    }
    args.push('-solve');
    if (wantSolution) {
      if (this.format === 'binary') args.push('-saveSolution', 'sol.bin');
      else args.push('-printingOptions', 'all', '-solution', 'sol.txt');
    }
    args.push('-quit');
    const out = await run(this.command, args, dir, kill);
    const parsed = parseStatus(out.stdout);
    const r: ClpRun = { status: parsed.status, statusText: parsed.text, stdout: out.stdout };
    if (parsed.iterations !== undefined) r.iterations = parsed.iterations;
    if (parsed.status === 'error') r.statusText = `${parsed.text}; exit ${out.code}; ${(out.stderr || out.stdout).trim().split('\n').slice(-3).join(' | ')}`;
    return r;
  }
}

/** Shared default instance (binary solution file, `clp` on PATH). */
export const clpBackend = new ClpBackend();
