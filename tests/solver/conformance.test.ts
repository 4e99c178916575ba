/**
 * One conformance suite run by every backend: hand-solved LPs (status, objective, primal,
 * duals against the hand derivation and against finite differences), MIPs checked against
 * enumeration, and a fast-check property that the backends agree on random feasible LPs and
 * that their duals satisfy strong duality. Unsupported features are skipped, not failed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClpBackend,
  glpkBackend,
  highsBackend,
  isClpAvailable,
  jsLpSolverBackend,
  type LpBackend,
  type LpModel,
  type LpRow,
  type LpSolution,
} from '../../solver/index.js';
import { activities, expectDualsMatchFiniteDifferences, expectStrongDuality } from './dual-checks.js';
import {
  hardMipModel,
  infeasibleMipModel,
  integerModel,
  KNAPSACK,
  knapsackByEnumeration,
  knapsackModel,
  LP_CASES,
  randomTransport,
  unboundedMipModel,
} from './lp-cases.js';

const clpHere = isClpAvailable();

interface Entry {
  label: string;
  backend: LpBackend;
  available: boolean;
  /** Finite-difference step: the text solution of clp has 8 significant digits, so it needs a larger one. */
  fdDelta?: number;
}

const ENTRIES: Entry[] = [
  { label: 'highs', backend: highsBackend, available: true },
  { label: 'glpk', backend: glpkBackend, available: true },
  { label: 'js-lp-solver', backend: jsLpSolverBackend, available: true },
  { label: 'clp (binary solution)', backend: new ClpBackend(), available: clpHere },
  { label: 'clp (text solution)', backend: new ClpBackend({ solutionFormat: 'text' }), available: clpHere, fdDelta: 0.05 },
];

function close(a: number, b: number, tol = 1e-6): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

describe.each(ENTRIES)('$label', ({ backend, available, fdDelta }) => {
  describe.skipIf(!available)('conformance', () => {
    const dualTol = backend instanceof ClpBackend ? 1e-6 : 1e-9;

    describe.each(LP_CASES)('$name', (c) => {
      it('status, objective, primal values and row activities', async () => {
        const sol = await backend.solve(c.model);
        expect(sol.backend).toBe(backend.name);
        expect(sol.status, sol.message).toBe(c.status);
        expect(sol.solveSeconds).toBeGreaterThanOrEqual(0);
        if (c.status !== 'optimal') {
          expect(sol.objective).toBeNull();
          expect(sol.columnValues).toBeNull();
          expect(sol.rowDuals).toBeNull();
          return;
        }
        expect(close(sol.objective as number, c.objective as number), `objective ${sol.objective}`).toBe(true);
        const x = sol.columnValues as Float64Array;
        expect(x).toHaveLength(c.model.columns.length);
        c.columnValues?.forEach((v, j) => expect(close(x[j], v), `x${j} = ${x[j]}, expected ${v}`).toBe(true));
        const act = activities(c.model, x);
        const rowAct = sol.rowActivities as Float64Array;
        act.forEach((a, i) => expect(close(rowAct[i], a)).toBe(true));
        if (!backend.supports('duals')) {
          expect(sol.rowDuals).toBeNull();
          expect(sol.reducedCosts).toBeNull();
        }
      });

      it.skipIf(!backend.supports('duals') || c.rowDuals === undefined)('duals: hand derivation, finite differences, strong duality', async () => {
        const sol = await backend.solve(c.model);
        const y = sol.rowDuals as Float64Array;
        const d = sol.reducedCosts as Float64Array;
        c.rowDuals?.forEach((v, i) => expect(Math.abs(y[i] - v), `row ${i} dual ${y[i]}, expected ${v}`).toBeLessThan(dualTol * Math.max(1, Math.abs(v))));
        c.reducedCosts?.forEach((v, j) => expect(Math.abs(d[j] - v), `column ${j} reduced cost ${d[j]}, expected ${v}`).toBeLessThan(dualTol * Math.max(1, Math.abs(v))));
        await expectDualsMatchFiniteDifferences(backend, c.model, sol, fdDelta);
        expectStrongDuality(c.model, sol);
      });
    });

    describe.skipIf(!backend.supports('integer'))('MIP', () => {
      it('0/1 knapsack optimum equals enumeration of all subsets', async () => {
        const best = knapsackByEnumeration();
        const sol = await backend.solve(knapsackModel(), { relativeMipGap: 0 });
        expect(sol.status, sol.message).toBe('optimal');
        expect(sol.objective).toBeCloseTo(best.value, 6);
        const x = sol.columnValues as Float64Array;
        x.forEach((v) => expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-6));
        const weight = KNAPSACK.weights.reduce((s, w, j) => s + w * Math.round(x[j]), 0);
        expect(weight).toBeLessThanOrEqual(KNAPSACK.capacity);
        expect(sol.rowDuals).toBeNull();
        expect(sol.reducedCosts).toBeNull();
      });

      it('general integers: optimum equals enumeration of the integer grid', async () => {
        let best = -Infinity;
        for (let x = 0; x <= 10; x++) for (let y = 0; y <= 10; y++) if (6 * x + 4 * y <= 24 && x + 2 * y <= 6) best = Math.max(best, 5 * x + 4 * y);
        const sol = await backend.solve(integerModel(), { relativeMipGap: 0 });
        expect(sol.status, sol.message).toBe('optimal');
        expect(sol.objective).toBeCloseTo(best, 6);
      });

      it('infeasible MIP with a feasible relaxation', async () => {
        const sol = await backend.solve(infeasibleMipModel());
        expect(sol.status, sol.message).toBe('infeasible');
      });

      it('unbounded MIP', async () => {
        const sol = await backend.solve(unboundedMipModel());
        expect(sol.status, sol.message).toBe('unbounded');
      });

      it('time limit stops a hard MIP', async () => {
        const model = hardMipModel();
        const sol = await backend.solve(model, { timeLimitSeconds: 0.05, relativeMipGap: 0 });
        expect(sol.status, sol.message).toBe('time_limit');
        expect(sol.solveSeconds).toBeLessThan(10);
        if (sol.columnValues) {
          // a reported point under a time limit is an incumbent: integral and feasible
          sol.columnValues.forEach((v) => expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-6));
          const act = activities(model, sol.columnValues);
          act.forEach((a, i) => expect(a).toBeLessThanOrEqual(model.rows[i].upper + 1e-6));
        }
      });
    });

    it.skipIf(backend.name === 'js-lp-solver')('time limit stops a large LP', async () => {
      // javascript-lp-solver cannot interrupt a pure LP, hence skipped
      const sol = await backend.solve(randomTransport(100, 200, 3), { timeLimitSeconds: 0.01 });
      expect(sol.status, sol.message).toBe('time_limit');
    });

    it.skipIf(backend.supports('integer'))('rejects integer columns with status error', async () => {
      const sol = await backend.solve(knapsackModel());
      expect(sol.status).toBe('error');
      expect(sol.message).toMatch(/integer/);
    });

    it('model without columns', async () => {
      const sol = await backend.solve({ sense: 'minimize', columns: [], rows: [{ name: 'r', lower: -1, upper: 1, indices: [], values: [] }], objectiveConstant: 4 });
      expect(sol.status).toBe('optimal');
      expect(sol.objective).toBe(4);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random feasible bounded LPs. Every row is built around a point x0 inside the box,
// so the LP is feasible, and the box keeps it bounded: all backends must find the same optimum,
// and backends with duals must satisfy strong duality with correctly signed duals.

const arbLp: fc.Arbitrary<LpModel> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    m: fc.integer({ min: 0, max: 5 }),
    sense: fc.constantFrom<'minimize' | 'maximize'>('minimize', 'maximize'),
    seedData: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 120, maxLength: 120 }),
    kinds: fc.array(fc.constantFrom('le', 'ge', 'eq', 'range'), { minLength: 5, maxLength: 5 }),
    constant: fc.integer({ min: -3, max: 3 }),
  })
  .map(({ n, m, sense, seedData, kinds, constant }) => {
    let p = 0;
    const next = (): number => seedData[p++ % seedData.length];
    const columns = Array.from({ length: n }, (_, j) => {
      const lower = -Math.abs(next()) / 2 - (j % 2); // ≤ 0, sometimes negative
      const upper = lower + 1 + Math.abs(next());
      return { name: `x${j}`, lower, upper, cost: next() };
    });
    const x0 = columns.map((c, j) => c.lower + ((c.upper - c.lower) * ((j * 7 + 3) % 10)) / 10);
    const rows: LpRow[] = Array.from({ length: m }, (_, i) => {
      const indices: number[] = [];
      const values: number[] = [];
      for (let j = 0; j < n; j++) {
        const a = next();
        if (a !== 0) {
          indices.push(j);
          values.push(a);
        }
      }
      const at = indices.reduce((s, j, k) => s + values[k] * x0[j], 0);
      const slack = Math.abs(next()) / 2;
      const kind = kinds[i];
      if (kind === 'le') return { name: `r${i}`, lower: -Infinity, upper: at + slack, indices, values };
      if (kind === 'ge') return { name: `r${i}`, lower: at - slack, upper: Infinity, indices, values };
      if (kind === 'eq') return { name: `r${i}`, lower: at, upper: at, indices, values };
      return { name: `r${i}`, lower: at - slack, upper: at + slack + 1, indices, values };
    });
    return { sense, columns, rows, objectiveConstant: constant };
  });

describe('random feasible LPs (fast-check)', () => {
  const withDuals: LpBackend[] = [highsBackend, glpkBackend, ...(clpHere ? [new ClpBackend()] : [])];

  it('highs, glpk and js-lp-solver (and clp when installed) agree on the optimum to 1e-6 relative; duals satisfy strong duality', async () => {
    await fc.assert(
      fc.asyncProperty(arbLp, async (model) => {
        const reference = await highsBackend.solve(model);
        expect(reference.status, reference.message).toBe('optimal');
        const ref = reference.objective as number;
        const solved = new Map<LpBackend, LpSolution>([[highsBackend, reference]]);
        for (const b of [glpkBackend, jsLpSolverBackend, ...withDuals.slice(2)]) {
          const s = await b.solve(model);
          solved.set(b, s);
          expect(s.status, `${b.name}: ${s.message}`).toBe('optimal');
          expect(close(s.objective as number, ref), `${b.name} objective ${s.objective} vs highs ${ref}`).toBe(true);
        }
        for (const b of withDuals) expectStrongDuality(model, solved.get(b) as LpSolution, 1e-6);
      }),
      { numRuns: 40, seed: 20260514 },
    );
  });
});
