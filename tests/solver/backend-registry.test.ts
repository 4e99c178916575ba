/** Backend registry, automatic choice, HiGHS status mapping and crash recovery. */
import { describe, expect, it } from 'vitest';
import {
  availableBackends,
  BACKEND_NAMES,
  chooseBackend,
  classifyHighsStatus,
  discardHighsRuntime,
  getBackend,
  GLPK_MIP_MAX_SIZE,
  highsBackend,
  isClpAvailable,
  loadHighsRuntime,
  type LpModel,
  solveLp,
} from '../../solver/index.js';
import { knapsackModel, LP_CASES } from './lp-cases.js';

function bigMip(columns: number): LpModel {
  return {
    sense: 'maximize',
    columns: Array.from({ length: columns }, (_, j) => ({ name: `y${j}`, lower: 0, upper: 1, cost: 1 + (j % 5), integer: true })),
    rows: [{ name: 'cap', lower: -Infinity, upper: columns / 3, indices: Array.from({ length: columns }, (_, j) => j), values: Array.from({ length: columns }, () => 1) }],
  };
}

describe('registry', () => {
  it('getBackend returns the named backend and rejects unknown names', () => {
    for (const name of BACKEND_NAMES) expect(getBackend(name).name).toBe(name);
    expect(() => getBackend('cplex' as never)).toThrow(/unknown LP backend/);
  });

  it('availableBackends lists the npm backends, and clp exactly when it is on PATH', () => {
    const names = availableBackends();
    expect(names).toEqual(expect.arrayContaining(['highs', 'glpk', 'js-lp-solver']));
    expect(names.includes('clp')).toBe(isClpAvailable());
  });

  it('chooseBackend: HiGHS for LPs, GLPK for small MIPs, HiGHS for large MIPs, never js-lp-solver', () => {
    expect(chooseBackend(LP_CASES[0].model).name).toBe('highs');
    expect(chooseBackend(knapsackModel()).name).toBe('glpk');
    expect(chooseBackend(knapsackModel(), ['warm-start']).name).toBe('highs');
    expect(chooseBackend(bigMip(Math.ceil(GLPK_MIP_MAX_SIZE / 2) + 1)).name).toBe('highs');
    for (const c of LP_CASES) expect(chooseBackend(c.model).name).not.toBe('js-lp-solver');
  });

  it('solveLp uses auto or the named backend', async () => {
    const auto = await solveLp(knapsackModel());
    expect(auto.backend).toBe('glpk');
    const named = await solveLp(knapsackModel(), { backend: 'js-lp-solver' });
    expect(named.backend).toBe('js-lp-solver');
    expect(named.objective).toBe(auto.objective);
  });
});

describe('HiGHS status mapping', () => {
  it('maps every model status code', () => {
    const expected: Record<number, string> = {
      0: 'error', 1: 'error', 2: 'error', 3: 'error', 4: 'error', 5: 'error', 6: 'optimal', 7: 'optimal', 8: 'infeasible',
      9: 'ambiguous', 10: 'unbounded', 11: 'time_limit', 12: 'time_limit', 13: 'time_limit', 14: 'time_limit', 15: 'error',
      16: 'time_limit', 17: 'time_limit',
    };
    for (const [code, status] of Object.entries(expected)) expect(classifyHighsStatus(Number(code))).toBe(status);
  });

  it('settles "Primal infeasible or unbounded" from presolve (unbounded MIP)', async () => {
    const mip: LpModel = {
      sense: 'maximize',
      columns: [
        { name: 'x', lower: 0, upper: Infinity, cost: 1, integer: true },
        { name: 'y', lower: 0, upper: Infinity, cost: 1 },
      ],
      rows: [{ name: 'a', lower: -Infinity, upper: 2, indices: [0, 1], values: [1, -1] }],
    };
    const sol = await highsBackend.solve(mip);
    expect(sol.status).toBe('unbounded');
    expect(sol.message).toMatch(/Primal infeasible or unbounded/);
  });
});

describe('HiGHS crash recovery', () => {
  it('a WebAssembly abort inside HiGHS does not break later solves', async () => {
    const highs = await loadHighsRuntime();
    // highs-js 1.15 aborts on this LP text (double inequality without a leading sign)
    expect(() => highs.createModel({ format: 'lp', data: 'Minimize\n obj: x\nSubject To\n r: -3 <= x - y <= 5\nEnd\n' })).toThrow(/Abort/);
    discardHighsRuntime();
    const again = await loadHighsRuntime();
    expect(again).not.toBe(highs);
    const sol = await highsBackend.solve(LP_CASES[0].model);
    expect(sol.status).toBe('optimal');
  });
});
