/**
 * Deterministic benchmark instances for the solver backends (shared by the bench scripts and
 * their worker): transportation LPs and capacitated facility-location MIPs.
 */
import { LpBuilder, type LpModel } from '../solver/index.js';

/** Linear congruential generator in [0, 1), deterministic per seed. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * Transportation LP: `supplies` sources (rows ≤ capacity), `demands` sinks (rows ≥ demand),
 * a route column for every pair with cost ∝ distance between random points. Supply exceeds
 * demand by 20 %, so the LP is feasible and bounded. Columns = supplies × demands,
 * nonzeros = 2 × columns.
 */
export function transportLp(supplies: number, demands: number, seed = 1): LpModel {
  const rnd = lcg(seed);
  const sp = Array.from({ length: supplies }, () => [rnd(), rnd()]);
  const dp = Array.from({ length: demands }, () => [rnd(), rnd()]);
  const demand = dp.map(() => 10 + Math.floor(rnd() * 90));
  const total = demand.reduce((a, b) => a + b, 0);
  const capacity = sp.map(() => Math.ceil((1.2 * total) / supplies));
  const b = new LpBuilder('minimize', `transport-${supplies}x${demands}`);
  for (let i = 0; i < supplies; i++) {
    for (let j = 0; j < demands; j++) {
      const d = Math.hypot(sp[i][0] - dp[j][0], sp[i][1] - dp[j][1]);
      b.addColumn(`x${i}_${j}`, 0, Infinity, Math.round(1000 * d) / 10 + 1);
    }
  }
  for (let i = 0; i < supplies; i++) {
    const idx = Array.from({ length: demands }, (_, j) => i * demands + j);
    b.addRow(`supply${i}`, -Infinity, capacity[i], idx, idx.map(() => 1));
  }
  for (let j = 0; j < demands; j++) {
    const idx = Array.from({ length: supplies }, (_, i) => i * demands + j);
    b.addRow(`demand${j}`, demand[j], Infinity, idx, idx.map(() => 1));
  }
  return b.build();
}

/**
 * Capacitated facility location MIP: `candidates` binary open decisions (fixed cost), one
 * continuous assignment share x_cf ∈ [0, 1] per customer × candidate, rows
 * Σ_f x_cf = 1 (each customer served), x_cf ≤ y_f (strong linking),
 * Σ_c demand_c x_cf ≤ capacity_f y_f. Total capacity is 3 × demand.
 */
export function facilityLocationMip(customers: number, candidates: number, seed = 1): LpModel {
  const rnd = lcg(seed);
  const cp = Array.from({ length: customers }, () => [rnd(), rnd()]);
  const fp = Array.from({ length: candidates }, () => [rnd(), rnd()]);
  const demand = cp.map(() => 5 + Math.floor(rnd() * 45));
  const total = demand.reduce((a, b) => a + b, 0);
  const capacity = fp.map(() => Math.ceil(((3 * total) / candidates) * (0.6 + 0.8 * rnd())));
  const b = new LpBuilder('minimize', `facility-${customers}x${candidates}`);
  const y = fp.map((_, f) => b.addColumn(`open${f}`, 0, 1, 400 + Math.floor(rnd() * 800), true));
  const x: number[][] = cp.map((c, ci) =>
    fp.map((p, f) => b.addColumn(`x${ci}_${f}`, 0, 1, Math.round(demand[ci] * Math.hypot(c[0] - p[0], c[1] - p[1]) * 100) / 10)),
  );
  for (let ci = 0; ci < customers; ci++) b.addRow(`serve${ci}`, 1, 1, x[ci], x[ci].map(() => 1));
  for (let ci = 0; ci < customers; ci++) for (let f = 0; f < candidates; f++) b.addRow(`link${ci}_${f}`, -Infinity, 0, [x[ci][f], y[f]], [1, -1]);
  for (let f = 0; f < candidates; f++) {
    b.addRow(`cap${f}`, -Infinity, 0, [...x.map((row) => row[f]), y[f]], [...demand, -capacity[f]]);
  }
  return b.build();
}

/**
 * Multi-dimensional 0/1 knapsack MIP (`items` binaries, `dims` dense capacity rows at a third of
 * the total weight): small but hard for branch-and-bound without cuts and heuristics.
 */
export function multiKnapsackMip(items: number, dims: number, seed = 1): LpModel {
  const rnd = lcg(seed);
  const b = new LpBuilder('maximize', `knapsack-${items}x${dims}`);
  const cols = Array.from({ length: items }, (_, j) => b.addColumn(`i${j}`, 0, 1, 50 + Math.floor(rnd() * 50), true));
  for (let d = 0; d < dims; d++) {
    const w = cols.map(() => 20 + Math.floor(rnd() * 80));
    b.addRow(`dim${d}`, -Infinity, Math.floor(w.reduce((a, c) => a + c, 0) / 3), cols, w);
  }
  return b.build();
}

/** Columns + nonzeros, the size measure of `chooseBackend`. */
export function sizeOf(model: LpModel): { columns: number; rows: number; nonzeros: number } {
  let nonzeros = 0;
  for (const r of model.rows) nonzeros += r.indices.length;
  return { columns: model.columns.length, rows: model.rows.length, nonzeros };
}
