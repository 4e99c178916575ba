/**
 * HighsSession: warm re-solves after model changes must equal cold solves of the same model,
 * and a broken native model must be rebuilt transparently.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { highsBackend, HighsSession, type LpModel, LpModelError, type LpSolution } from '../../solver/index.js';
import { expectStrongDuality } from './dual-checks.js';
import { LP_CASES, randomTransport } from './lp-cases.js';

const transport = LP_CASES.find((c) => c.name === 'transportation problem');
if (!transport) throw new Error('transportation case missing');

/** Model m with only the columns `keep` (in that order), their row entries renumbered. */
function withColumns(m: LpModel, keep: readonly number[]): LpModel {
  const newIndex = new Map(keep.map((j, k) => [j, k]));
  return {
    sense: m.sense,
    columns: keep.map((j) => m.columns[j]),
    rows: m.rows.map((r) => {
      const indices: number[] = [];
      const values: number[] = [];
      r.indices.forEach((j, k) => {
        if (newIndex.has(j)) {
          indices.push(newIndex.get(j) as number);
          values.push(r.values[k]);
        }
      });
      return { ...r, indices, values };
    }),
  };
}

/** The transportation case without route s1→d2 (column 1), which the test adds back later. */
function transportWithoutX12(): LpModel {
  return withColumns(transport!.model, [0, 2, 3, 4, 5]);
}

function expectSameSolution(warm: LpSolution, cold: LpSolution): void {
  expect(warm.status).toBe(cold.status);
  expect(warm.objective as number).toBeCloseTo(cold.objective as number, 7);
}

const sessions: HighsSession[] = [];
async function session(model: LpModel): Promise<HighsSession> {
  const s = await HighsSession.create(model);
  sessions.push(s);
  return s;
}
afterEach(() => {
  while (sessions.length) sessions.pop()?.dispose();
});

describe('HighsSession', () => {
  it('solve, add a column with a better cost, re-solve warm: equals the cold solve (465 instead of 535)', async () => {
    const s = await session(transportWithoutX12());
    const first = await s.solve();
    expect(first.status).toBe('optimal');
    // without s1→d2, s1 serves d3 (saving 3 per unit) and d1 (saving 1): 585 − 45 − 5 = 535
    expect(first.objective).toBeCloseTo(535, 9);
    const j = s.addColumns([{ name: 'x12', lower: 0, upper: Infinity, cost: 6, rowIndices: [0, 3], rowValues: [1, 1] }]);
    expect(j).toBe(5);
    expect(s.numColumns).toBe(6);
    const warm = await s.solve();
    const cold = await highsBackend.solve(s.toModel());
    expectSameSolution(warm, cold);
    expect(warm.objective).toBeCloseTo(465, 9);
    expect((warm.columnValues as Float64Array)[j]).toBeCloseTo(20, 9);
    // the dual prices of the warm solve are the hand-derived ones (column order differs)
    expect(Array.from(warm.rowDuals as Float64Array)).toEqual(transport!.rowDuals!.map((v) => expect.closeTo(v, 9)));
    expectStrongDuality(s.toModel(), warm);
  });

  it("simplex 'ipm' (interior point + crossover): the hand-derived optimum and duals, and a basis the next solve starts from", async () => {
    const s = await session(transportWithoutX12());
    s.addColumns([{ name: 'x12', lower: 0, upper: Infinity, cost: 6, rowIndices: [0, 3], rowValues: [1, 1] }]);
    const ipm = await s.solve({ simplex: 'ipm' });
    expect(ipm.status).toBe('optimal');
    expect(ipm.objective).toBeCloseTo(465, 7);
    // crossover ends at a vertex, so the duals are the basic ones derived by hand, not an interior average
    expect(Array.from(ipm.rowDuals as Float64Array)).toEqual(transport!.rowDuals!.map((v) => expect.closeTo(v, 7)));
    expectStrongDuality(s.toModel(), ipm);
    // the crossover basis is optimal, so an unchanged re-solve with the dual simplex needs no iterations
    const again = await s.solve({ simplex: 'dual' });
    expect(again.objective).toBeCloseTo(465, 9);
    expect(again.iterations).toBe(0);
  });

  it('warm re-solve after adding columns needs fewer simplex iterations than a cold solve', async () => {
    const nS = 40;
    const nD = 60;
    const s = await session(randomTransport(nS, nD, 5));
    const first = await s.solve();
    expect(first.status).toBe('optimal');
    // a column-generation step: ten new cheap routes
    s.addColumns(Array.from({ length: 10 }, (_, q) => ({ name: `new${q}`, lower: 0, upper: Infinity, cost: 1, rowIndices: [(q * 3) % nS, nS + ((q * 7) % nD)], rowValues: [1, 1] })));
    const warm = await s.solve();
    const cold = await highsBackend.solve(s.toModel());
    expectSameSolution(warm, cold);
    expect(warm.objective as number).toBeLessThan(first.objective as number);
    expect(warm.iterations).toBeDefined();
    expect(cold.iterations).toBeDefined();
    // measured: 31 warm vs 97 cold iterations
    expect(warm.iterations as number).toBeLessThan((cold.iterations as number) / 2);
    expectStrongDuality(s.toModel(), warm);
  });

  it("simplex 'primal' after new columns and 'dual' after new rows reach the cold optimum; the primal keeps few new columns warm", async () => {
    const nS = 40;
    const nD = 60;
    const primalWarm: number[] = [];
    const dualWarm: number[] = [];
    for (const simplex of ['primal', 'dual'] as const) {
      const s = await session(randomTransport(nS, nD, 11));
      expect((await s.solve()).status).toBe('optimal');
      for (let step = 0; step < 4; step++) {
        s.addColumns([{ name: `new${step}`, lower: 0, upper: Infinity, cost: 0.5 + step, rowIndices: [(step * 5) % nS, nS + ((step * 11) % nD)], rowValues: [1, 1] }]);
        const warm = await s.solve({ simplex });
        expectSameSolution(warm, await highsBackend.solve(s.toModel()));
        expectStrongDuality(s.toModel(), warm);
        (simplex === 'primal' ? primalWarm : dualWarm).push(warm.iterations as number);
      }
      // A new row (a cap on the first two routes together) keeps the basis dual feasible.
      s.addRows([{ name: 'cap', lower: -Infinity, upper: 5, indices: [0, 1], values: [1, 1] }]);
      const capped = await s.solve({ simplex: 'dual' });
      expectSameSolution(capped, await highsBackend.solve(s.toModel()));
    }
    // One new column: the primal simplex starts from a feasible basis and needs a pivot or a few.
    for (const it of primalWarm) expect(it).toBeLessThanOrEqual(5);
    expect(primalWarm.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(dualWarm.reduce((a, b) => a + b, 0));
  });

  it('bound, cost and row changes re-solve to the cold answer', async () => {
    const base = transport!.model;
    const s = await session(base);
    const before = await s.solve();
    // raise supply 1 by 5 (dual −6 → objective −30), cap route x22 at 2, make x11 cheaper
    s.changeRowBounds([0], [-Infinity], [25]);
    s.changeColumnBounds([4], [0], [2]);
    s.changeCosts([0], [4]);
    const model = s.toModel();
    expect(model.rows[0].upper).toBe(25);
    expect(model.columns[4].upper).toBe(2);
    expect(model.columns[0].cost).toBe(4);
    const warm = await s.solve();
    expect(warm.status).toBe('optimal');
    expect(warm.objective as number).toBeCloseTo((before.objective as number) - 30, 9);
    expectSameSolution(warm, await highsBackend.solve(model));
    expectStrongDuality(model, warm);
    // a new row: shipments s2→d1 plus s2→d3 at most 24 (s1 is nearly full with d2, so it binds)
    const i = s.addRows([{ name: 's2cap', lower: -Infinity, upper: 24, indices: [3, 5], values: [1, 1] }]);
    expect(i).toBe(5);
    const warm2 = await s.solve();
    expect(warm2.status).toBe('optimal');
    const cold2 = await highsBackend.solve(s.toModel());
    expectSameSolution(warm2, cold2);
    expectStrongDuality(s.toModel(), warm2);
  });

  it('reports infeasible and unbounded after changes, then recovers', async () => {
    const s = await session(transport!.model);
    s.changeRowBounds([2], [100], [Infinity]); // demand 100 > supply 60
    expect((await s.solve()).status).toBe('infeasible');
    s.changeRowBounds([2], [10], [Infinity]);
    expect((await s.solve()).objective).toBeCloseTo(465, 9);
    s.changeCosts([0], [-1]); // negative cost with no upper bound on a route into a ≥ row
    s.changeRowBounds([0], [-Infinity], [Infinity]);
    expect((await s.solve()).status).toBe('unbounded');
  });

  it('rebuilds the native model after a HiGHS failure and keeps the changes', async () => {
    const s = await session(transportWithoutX12());
    await s.solve();
    s.addColumns([{ name: 'x12', lower: 0, upper: Infinity, cost: 6, rowIndices: [0, 3], rowValues: [1, 1] }]);
    // simulate a crashed native model: every later native call throws
    (s as unknown as { hm: { dispose(): void } }).hm.dispose();
    const sol = await s.solve();
    expect(sol.status).toBe('optimal');
    expect(sol.objective).toBeCloseTo(465, 9);
    expect(s.rebuilds).toBe(1);
  });

  it('validates additions', async () => {
    const s = await session(transport!.model);
    expect(() => s.addColumns([{ name: 'bad', lower: 0, upper: 1, cost: 1, rowIndices: [99], rowValues: [1] }])).toThrow(LpModelError);
    expect(() => s.changeCosts([42], [1])).toThrow(LpModelError);
    expect(s.numColumns).toBe(6);
    s.dispose();
    await expect(s.solve()).rejects.toThrow(/disposed/);
  });

  it('integer columns make the session a MIP (no duals)', async () => {
    const s = await session(transport!.model);
    s.addColumns([{ name: 'lot', lower: 0, upper: 3, cost: 1, integer: true, rowIndices: [2], rowValues: [4] }]);
    const sol = await s.solve();
    expect(sol.status).toBe('optimal');
    expect(sol.rowDuals).toBeNull();
    const cold = await highsBackend.solve(s.toModel());
    expectSameSolution(sol, cold);
  });

  it('deleting nonbasic columns keeps the optimum and the basis (no iterations), and the model equals the cold one', async () => {
    const model = randomTransport(6, 7, 11);
    const s = await session(model);
    const first = await s.solve();
    expect(first.status).toBe('optimal');
    const x = first.columnValues!;
    const d = first.reducedCosts!;
    // Nonbasic at zero with a positive reduced cost: never basic, so the basis must survive.
    const drop = Array.from(x.keys()).filter((j) => x[j] === 0 && d[j] > 1e-7);
    expect(drop.length).toBeGreaterThan(3);
    s.deleteColumns([...drop].reverse());
    expect(s.numColumns).toBe(model.columns.length - drop.length);
    const warm = await s.solve();
    expectSameSolution(warm, first);
    expect(warm.iterations).toBe(0);
    // The mirror renumbered the rows' entries the way a model built without those columns would be.
    const rebuilt = withColumns(model, model.columns.map((_, j) => j).filter((j) => !drop.includes(j)));
    expect(s.toModel()).toEqual(rebuilt);
    expectSameSolution(warm, await highsBackend.solve(rebuilt));
    // Deleting a column the optimum uses changes the answer to the cold one of the smaller model.
    const used = Array.from(s.toModel().columns.keys()).find((j) => (warm.columnValues as Float64Array)[j] > 0)!;
    s.deleteColumns([used]);
    expectSameSolution(await s.solve(), await highsBackend.solve(s.toModel()));
    expect(() => s.deleteColumns([s.numColumns])).toThrow(LpModelError);
  });
});
