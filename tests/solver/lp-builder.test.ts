/** LpBuilder and model compilation: correctness, validation and speed at ~1e6 nonzeros. */
import { describe, expect, it } from 'vitest';
import { compileModel, highsBackend, LpBuilder, type LpModel, LpModelError, toCsc } from '../../solver/index.js';

describe('LpBuilder', () => {
  it('builds the model it was given', async () => {
    const b = new LpBuilder('minimize', 'tiny');
    const x = b.addColumn('x', 0, Infinity, 2);
    const y = b.addColumn('y', 0, 10, 3, true);
    expect([x, y]).toEqual([0, 1]);
    const r = b.addRow('demand', 5, Infinity, [x, y], [1, 1]);
    expect(r).toBe(0);
    b.objectiveConstant = 1;
    const model = b.build();
    expect(model).toEqual({
      name: 'tiny',
      sense: 'minimize',
      objectiveConstant: 1,
      columns: [
        { name: 'x', lower: 0, upper: Infinity, cost: 2 },
        { name: 'y', lower: 0, upper: 10, cost: 3, integer: true },
      ],
      rows: [{ name: 'demand', lower: 5, upper: Infinity, indices: [0, 1], values: [1, 1] }],
    });
    const sol = await highsBackend.solve(model);
    expect(sol.objective).toBe(11);
  });

  it('copies row arrays and keeps built models independent of later additions', () => {
    const b = new LpBuilder();
    b.addColumn('x', 0, 1, 1);
    const idx = [0];
    const val = [2];
    b.addRow('r', 0, 1, idx, val);
    idx[0] = 99;
    val[0] = 5;
    const first = b.build();
    b.addRow('r2', 0, 1, Int32Array.of(0), Float64Array.of(3));
    b.setCost(0, 7);
    expect(first.rows).toHaveLength(1);
    expect(first.rows[0].values).toEqual([2]);
    expect(first.columns[0].cost).toBe(1);
    expect(b.build().rows[1].values).toEqual([3]);
    expect(() => b.addRow('bad', 0, 1, [0, 0], [1])).toThrow(RangeError);
  });

  it('assembles and compiles a 1e6-nonzero model quickly', () => {
    const nCols = 200_000;
    const nRows = 100_000;
    const perRow = 10;
    const t0 = performance.now();
    const b = new LpBuilder('minimize', 'big');
    for (let j = 0; j < nCols; j++) b.addColumn(`x${j}`, 0, Infinity, (j % 17) + 1);
    const idx = new Int32Array(perRow);
    const val = new Float64Array(perRow);
    for (let i = 0; i < nRows; i++) {
      for (let k = 0; k < perRow; k++) {
        idx[k] = (i * 7 + k * 13_331) % nCols;
        val[k] = 1 + (k % 3);
      }
      b.addRow(`r${i}`, 1, Infinity, idx, val);
    }
    const tAdd = performance.now();
    const model = b.build();
    const tBuild = performance.now();
    const compiled = compileModel(model);
    const tCompile = performance.now();
    expect(b.numNonzeros).toBe(1_000_000);
    expect(compiled.numNonzeros).toBe(1_000_000);
    // generous bounds (shared CI machine); typical: add 0.3 s, build 0.3 s, compile 0.1 s
    expect(tAdd - t0).toBeLessThan(5000);
    expect(tBuild - tAdd).toBeLessThan(5000);
    expect(tCompile - tBuild).toBeLessThan(5000);
  });
});

describe('compileModel', () => {
  const base = (): LpModel => ({
    sense: 'minimize',
    columns: [
      { name: 'a', lower: 0, upper: 1, cost: 1 },
      { name: 'b', lower: 0, upper: 1, cost: 1 },
    ],
    rows: [{ name: 'r', lower: 0, upper: 2, indices: [1, 0, 1, 0], values: [1, 2, 3, -2] }],
  });

  it('sums repeated indices and drops zeros', () => {
    const c = compileModel(base());
    expect(Array.from(c.rowIndex)).toEqual([1]);
    expect(Array.from(c.rowValue)).toEqual([4]);
    const csc = toCsc(c);
    expect(Array.from(csc.colStarts)).toEqual([0, 0, 1]);
  });

  it('rejects malformed models with a path', () => {
    const bad1 = base();
    bad1.rows[0].indices[0] = 5;
    expect(() => compileModel(bad1)).toThrow(LpModelError);
    expect(() => compileModel(bad1)).toThrow(/rows\[0\]\.indices\[0\]/);
    const bad2 = base();
    bad2.columns[1].cost = Number.NaN;
    expect(() => compileModel(bad2)).toThrow(/columns\[1\]\.cost/);
    const bad3 = base();
    bad3.rows[0].values.pop();
    expect(() => compileModel(bad3)).toThrow(/differ in length/);
    const bad4 = base();
    bad4.columns[0].lower = Infinity;
    expect(() => compileModel(bad4)).toThrow(LpModelError);
  });

  it('marks crossed bounds (reported as infeasible by every backend)', async () => {
    const m = base();
    m.rows[0].lower = 3;
    m.rows[0].upper = 2;
    expect(compileModel(m).crossedBounds).toMatch(/row 0/);
    expect((await highsBackend.solve(m)).status).toBe('infeasible');
  });

  it('a malformed model rejects the solve promise', async () => {
    const m = base();
    m.rows[0].indices[0] = -1;
    await expect(highsBackend.solve(m)).rejects.toThrow(LpModelError);
  });
});
