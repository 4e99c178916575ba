/**
 * Hand-solved LPs and MIPs shared by the solver tests. Each case states its derivation; duals
 * follow the package convention: dual = ∂(optimal objective)/∂(active bound), in the model's
 * own sense; reduced cost = cost − Σ a_ij · dual_i = ∂objective/∂(active column bound).
 */
import type { LpColumn, LpModel, LpRow, LpSense, LpStatus } from '../../solver/index.js';

/** A test problem with its known answer. */
export interface LpCase {
  name: string;
  model: LpModel;
  status: LpStatus;
  objective?: number;
  /** Only where the optimal point is unique. */
  columnValues?: number[];
  /** Hand-derived duals (LP cases with a unique dual solution). */
  rowDuals?: number[];
  reducedCosts?: number[];
}

const INF = Infinity;

export function col(name: string, lower: number, upper: number, cost: number, integer = false): LpColumn {
  return integer ? { name, lower, upper, cost, integer } : { name, lower, upper, cost };
}

export function row(name: string, lower: number, upper: number, indices: number[], values: number[]): LpRow {
  return { name, lower, upper, indices, values };
}

function lp(sense: LpSense, columns: LpColumn[], rows: LpRow[], objectiveConstant?: number): LpModel {
  const m: LpModel = { sense, columns, rows };
  if (objectiveConstant !== undefined) m.objectiveConstant = objectiveConstant;
  return m;
}

export const LP_CASES: LpCase[] = [
  {
    // min −3x − 2y  s.t. cap: x + y ≤ 4,  r1: x + 3y ≤ 6,  x, y ≥ 0.
    // Vertices: (0,0)=0, (4,0)=−12, (3,1)=−11, (0,2)=−4 → optimum (4,0), −12.
    // cap binding, r1 slack (4 < 6) → dual(r1) = 0. x basic: −3 − 1·y_cap = 0 → y_cap = −3
    // (one more unit of cap lets x grow by 1: −3 per unit; ≤ 0 as expected for min/≤).
    // reduced cost y = −2 − 1·(−3) = 1 ≥ 0 (y at its lower bound 0). Objective constant 5 added.
    name: 'min with binding ≤ row',
    model: lp('minimize', [col('x', 0, INF, -3), col('y', 0, INF, -2)], [row('cap', -INF, 4, [0, 1], [1, 1]), row('r1', -INF, 6, [0, 1], [1, 3])], 5),
    status: 'optimal',
    objective: -7,
    columnValues: [4, 0],
    rowDuals: [-3, 0],
    reducedCosts: [0, 1],
  },
  {
    // Wyndor glass: max 3x + 5y  s.t. r0: x ≤ 4, r1: 2y ≤ 12, r2: 3x + 2y ≤ 18.
    // Optimum (2, 6), z = 36; r1, r2 binding, r0 slack → y0 = 0.
    // x basic: 3·y2 = 3 → y2 = 1; y basic: 2·y1 + 2·y2 = 5 → y1 = 1.5 (≥ 0 for max/≤).
    name: 'max with binding ≤ rows',
    model: lp('maximize', [col('x', 0, INF, 3), col('y', 0, INF, 5)], [row('r0', -INF, 4, [0], [1]), row('r1', -INF, 12, [1], [2]), row('r2', -INF, 18, [0, 1], [3, 2])]),
    status: 'optimal',
    objective: 36,
    columnValues: [2, 6],
    rowDuals: [0, 1.5, 1],
    reducedCosts: [0, 0],
  },
  {
    // max −x − y  s.t. a: x + 2y ≥ 4, b: 3x + y ≥ 6. Optimum (1.6, 1.2), z = −2.8.
    // x basic: y_a + 3·y_b = −1, y basic: 2·y_a + y_b = −1 → y_a = −0.4, y_b = −0.2
    // (≤ 0 for max/≥: raising a requirement lowers the maximum).
    name: 'max with binding ≥ rows',
    model: lp('maximize', [col('x', 0, INF, -1), col('y', 0, INF, -1)], [row('a', 4, INF, [0, 1], [1, 2]), row('b', 6, INF, [0, 1], [3, 1])]),
    status: 'optimal',
    objective: -2.8,
    columnValues: [1.6, 1.2],
    rowDuals: [-0.4, -0.2],
    reducedCosts: [0, 0],
  },
  {
    // min 2x + 3y  s.t. total: x + y = 10, xcap: x ≤ 6. x is cheaper → x = 6, y = 4, z = 24.
    // Both basic: x: y_total + y_xcap = 2, y: y_total = 3 → y_xcap = −1.
    // Check: total = 11 puts the extra unit on y (+3); xcap = 7 swaps a unit y→x (−1).
    name: 'equality row',
    model: lp('minimize', [col('x', 0, INF, 2), col('y', 0, INF, 3)], [row('total', 10, 10, [0, 1], [1, 1]), row('xcap', -INF, 6, [0], [1])]),
    status: 'optimal',
    objective: 24,
    columnValues: [6, 4],
    rowDuals: [3, -1],
    reducedCosts: [0, 0],
  },
  {
    // min 3x + y  s.t. band: 2 ≤ x + y ≤ 8 (ranged). Cheapest is y at the lower end:
    // (0, 2), z = 2. y basic: y_band = 1 (active bound = lower 2). x at 0: d_x = 3 − 1 = 2.
    name: 'ranged row at its lower bound',
    model: lp('minimize', [col('x', 0, INF, 3), col('y', 0, INF, 1)], [row('band', 2, 8, [0, 1], [1, 1])]),
    status: 'optimal',
    objective: 2,
    columnValues: [0, 2],
    rowDuals: [1],
    reducedCosts: [2, 0],
  },
  {
    // max 2x + y  s.t. band: 2 ≤ x + y ≤ 10 (ranged), x ≤ 3 (column bound).
    // Optimum x = 3 (at its upper bound), y = 7, z = 13. y basic: y_band = 1 (active = upper 10).
    // d_x = 2 − 1 = 1 = ∂z/∂(x upper bound): x ≤ 4 gives (4, 6), z = 14.
    name: 'column upper bound binding (reduced cost) with ranged row at its upper bound',
    model: lp('maximize', [col('x', 0, 3, 2), col('y', 0, INF, 1)], [row('band', 2, 10, [0, 1], [1, 1])]),
    status: 'optimal',
    objective: 13,
    columnValues: [3, 7],
    rowDuals: [1],
    reducedCosts: [1, 0],
  },
  {
    // min x  s.t. a: x + y ≥ −2, b: x − y ≥ −4, x free, y ≥ 0.
    // min over y of max(−2 − y, −4 + y): equal at y = 1 → x = −3 (negative: x must be free).
    // x basic: y_a + y_b = 1; y basic: y_a − y_b = 0 → y_a = y_b = 0.5.
    name: 'free variable',
    model: lp('minimize', [col('x', -INF, INF, 1), col('y', 0, INF, 0)], [row('a', -2, INF, [0, 1], [1, 1]), row('b', -4, INF, [0, 1], [1, -1])]),
    status: 'optimal',
    objective: -3,
    columnValues: [-3, 1],
    rowDuals: [0.5, 0.5],
    reducedCosts: [0, 0],
  },
  {
    // Transportation: supplies s1 = 20, s2 = 40 (rows ≤), demands 10, 25, 15 (rows ≥).
    // Costs s1: 8, 6, 10; s2: 9, 12, 13. s1 is cheaper everywhere, most of all for d2 (by 6),
    // so s1 ships all 20 to d2; s2 ships 10, 5, 15 (30 of 40, slack 10 → u2 = 0).
    // Cost 20·6 + 10·9 + 5·12 + 15·13 = 465. Basic x21, x22, x23 → v = (9, 12, 13);
    // basic x12: 6 − u1 − 12 = 0 → u1 = −6. Non-basic: d11 = 8 + 6 − 9 = 5, d13 = 10 + 6 − 13 = 3.
    // Strong duality: 20·(−6) + 10·9 + 25·12 + 15·13 = 465.
    name: 'transportation problem',
    model: lp(
      'minimize',
      [col('x11', 0, INF, 8), col('x12', 0, INF, 6), col('x13', 0, INF, 10), col('x21', 0, INF, 9), col('x22', 0, INF, 12), col('x23', 0, INF, 13)],
      [
        row('s1', -INF, 20, [0, 1, 2], [1, 1, 1]),
        row('s2', -INF, 40, [3, 4, 5], [1, 1, 1]),
        row('d1', 10, INF, [0, 3], [1, 1]),
        row('d2', 25, INF, [1, 4], [1, 1]),
        row('d3', 15, INF, [2, 5], [1, 1]),
      ],
    ),
    status: 'optimal',
    objective: 465,
    columnValues: [0, 20, 0, 10, 5, 15],
    rowDuals: [-6, 0, 9, 12, 13],
    reducedCosts: [5, 0, 3, 0, 0, 0],
  },
  {
    // x + y ≥ 5 and x + y ≤ 3 with 0 ≤ x, y ≤ 10: no point satisfies both.
    name: 'infeasible LP',
    model: lp('minimize', [col('x', 0, 10, 1), col('y', 0, 10, 1)], [row('a', 5, INF, [0, 1], [1, 1]), row('b', -INF, 3, [0, 1], [1, 1])]),
    status: 'infeasible',
  },
  {
    // max x + y s.t. x − y ≤ 1: the ray (1, 1) keeps x − y = 0 and grows the objective.
    name: 'unbounded LP',
    model: lp('maximize', [col('x', 0, INF, 1), col('y', 0, INF, 1)], [row('a', -INF, 1, [0, 1], [1, -1])]),
    status: 'unbounded',
  },
  {
    // Infeasible and dual infeasible: min −x − y, x − y ≥ 1, x − y ≤ 0. Must say infeasible
    // (an unbounded direction exists, but there is no feasible point).
    name: 'infeasible with an unbounded direction',
    model: lp('minimize', [col('x', 0, INF, -1), col('y', 0, INF, -1)], [row('a', 1, INF, [0, 1], [1, -1]), row('b', -INF, 0, [0, 1], [1, -1])]),
    status: 'infeasible',
  },
  {
    // Column bounds cross (2 > 1): infeasible without a solve.
    name: 'crossed column bounds',
    model: lp('minimize', [col('x', 2, 1, 1)], []),
    status: 'infeasible',
  },
];

/** 0/1 knapsack used by the MIP tests; the optimum is found by enumeration in the test. */
export const KNAPSACK = {
  values: [10, 13, 7, 8, 9, 4, 6],
  weights: [5, 7, 3, 4, 6, 2, 3],
  capacity: 15,
};

/** Knapsack as a maximisation MIP with binary columns. */
export function knapsackModel(k = KNAPSACK): LpModel {
  return lp(
    'maximize',
    k.values.map((v, j) => col(`item${j}`, 0, 1, v, true)),
    [row('capacity', -INF, k.capacity, k.values.map((_, j) => j), k.weights)],
  );
}

/** Best knapsack value by enumerating all 2^n subsets. */
export function knapsackByEnumeration(k = KNAPSACK): { value: number; subset: number[] } {
  const n = k.values.length;
  let best = { value: 0, subset: [] as number[] };
  for (let mask = 0; mask < 1 << n; mask++) {
    let w = 0;
    let v = 0;
    const subset: number[] = [];
    for (let j = 0; j < n; j++) {
      if (mask & (1 << j)) {
        w += k.weights[j];
        v += k.values[j];
        subset.push(j);
      }
    }
    if (w <= k.capacity && v > best.value) best = { value: v, subset };
  }
  return best;
}

/**
 * General-integer MIP: max 5x + 4y s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, 0 ≤ x, y ≤ 10 integer.
 * LP optimum (3, 1.5) = 21 is fractional; the optimum is found by enumeration in the test.
 */
export function integerModel(): LpModel {
  return lp('maximize', [col('x', 0, 10, 5, true), col('y', 0, 10, 4, true)], [row('a', -INF, 24, [0, 1], [6, 4]), row('b', -INF, 6, [0, 1], [1, 2])]);
}

/** Infeasible MIP whose LP relaxation is feasible: 2x + 2y = 3 with integer x, y ∈ [0, 5]. */
export function infeasibleMipModel(): LpModel {
  return lp('minimize', [col('x', 0, 5, 1, true), col('y', 0, 5, 1, true)], [row('odd', 3, 3, [0, 1], [2, 2])]);
}

/** Unbounded MIP: max x + y, x − y ≤ 2, x integer, y ≥ 0. */
export function unboundedMipModel(): LpModel {
  return lp('maximize', [col('x', 0, INF, 1, true), col('y', 0, INF, 1)], [row('a', -INF, 2, [0, 1], [1, -1])]);
}

/** Multi-dimensional knapsack that no backend proves optimal in a few milliseconds. */
export function hardMipModel(items = 120, dims = 8, seed = 7): LpModel {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const columns = Array.from({ length: items }, (_, j) => col(`i${j}`, 0, 1, 50 + Math.floor(rnd() * 50), true));
  const rows = Array.from({ length: dims }, (_, d) => {
    const w = columns.map(() => 20 + Math.floor(rnd() * 80));
    const cap = Math.floor(w.reduce((a, b) => a + b, 0) / 3);
    return row(`dim${d}`, -INF, cap, columns.map((_, j) => j), w);
  });
  return lp('maximize', columns, rows);
}

/** Random transportation LP (supplies ≤, demands ≥, 30 % spare supply), deterministic per seed. */
export function randomTransport(nS: number, nD: number, seed: number): LpModel {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const demand = Array.from({ length: nD }, () => 5 + Math.floor(rnd() * 20));
  const total = demand.reduce((a, b) => a + b, 0);
  const supply = Array.from({ length: nS }, () => Math.ceil((1.3 * total) / nS));
  const columns: LpColumn[] = [];
  for (let i = 0; i < nS; i++) for (let j = 0; j < nD; j++) columns.push(col(`x${i}_${j}`, 0, INF, 1 + Math.floor(rnd() * 100)));
  const rows = [
    ...supply.map((cap, i) => row(`s${i}`, -INF, cap, demand.map((_, j) => i * nD + j), demand.map(() => 1))),
    ...demand.map((d, j) => row(`d${j}`, d, INF, supply.map((_, i) => i * nD + j), supply.map(() => 1))),
  ];
  return lp('minimize', columns, rows);
}
