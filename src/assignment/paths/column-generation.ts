import type { LpSolution, LpStatus } from '../../../solver/index.js';
import type { EffectiveCapacities } from '../effective-capacities.js';
import { initialColumns } from './initial-columns.js';
import type { PathPricer } from './price-paths.js';
import { PricingPool } from './pricing-pool.js';
import { pricedCostUsdPerTeu, type PathColumn, type RestrictedMaster } from './restricted-master.js';

/** How the loop runs. */
export interface ColumnGenerationOptions {
  /**
   * Add capacity rows only once their limit is exceeded (default true). The master starts without them;
   * a row that never binds is never built. With false, every finite capacity gets its row up front.
   */
  lazyCapacityRows?: boolean;
  /**
   * Start an empty master from a capacity-aware greedy assignment (see initialColumns; default true).
   * Later scenarios of a sweep start from the columns already there.
   */
  greedyStart?: boolean;
  /**
   * Prune unused path columns (RestrictedMaster.prunePaths) when the master holds more than `aboveRows` ×
   * its rows and at least `minColumns` path columns, down to `toRows` × its rows; false never prunes.
   * Default {@link DEFAULT_PRUNING}.
   */
  pruneColumns?: false | ColumnPruning;
  /** Wall-clock limit of the whole loop, seconds (default none). */
  timeLimitSeconds?: number;
  /** Safety stop on master solves (default 10,000); reaching it is reported as `time_limit`. */
  maxMasterSolves?: number;
  /** Called after every master solve and every pricing round (for benchmarks and diagnostics). */
  onStep?: (step: ColumnGenerationStep) => void;
}

/** One step of the loop, as reported to `onStep`. */
export type ColumnGenerationStep =
  | { kind: 'solve'; objectiveUsd: number | null; unservedTeuPerYear: number | null; simplexIterations: number; seconds: number; columns: number; rows: number }
  | { kind: 'greedy'; columns: number; rows: number }
  | { kind: 'rows'; added: number }
  | { kind: 'prune'; deleted: number; columns: number }
  | { kind: 'pricing'; columnsAdded: number; trees: number; seconds: number; lowerBoundUsd: number | null };

/** When and how far the master's path columns are pruned (see ColumnGenerationOptions.pruneColumns). */
export interface ColumnPruning {
  aboveRows: number;
  toRows: number;
  minColumns: number;
}

/**
 * Default pruning: above 3 × the master's rows, down to 2.5 ×, pruned routes kept in the master's pool.
 * Measured on the 5,000-node benchmark instance (bench/column-generation-bench.ts; same machine, one after
 * the other, in-process): without pruning 128 s in the loop against 118 s above 4 × down to 3 × (master
 * 56 s against 73 s, the same 20–21 pricing rounds), in an early version without a pool. With the master's
 * interior point and the pool (2026-12-06, BENCHMARKS.md): 4 × → 3 × 28.8–30.5 s, 22 rounds; 3 × → 2.5 ×
 * without the pool 28.0 s, 24 rounds; with it 26.6 s, 23 rounds (master 9.7 s against 12.6–13.2 s). Harder
 * still (2.5 × → 2 ×, 3 × → 2 ×) took 25 rounds for no further gain: deleted routes were needed again.
 */
export const DEFAULT_PRUNING: ColumnPruning = { aboveRows: 3, toRows: 2.5, minColumns: 2000 };

/**
 * A master re-solve right after pricing runs the primal simplex when the round added at most this share of
 * the master's rows in columns, else HiGHS's default dual simplex (and always the dual after new rows or a
 * scenario's new bounds, which keep the basis dual feasible). New columns keep the basis primal feasible, so
 * the primal simplex starts from it: measured on the final rounds of the 4,000-node benchmark instance, 2 new
 * columns took the primal 63 iterations where the dual took 3,166. After a large round (600–900 columns on
 * 1,400–2,000 rows) the dual needed about as many iterations at two thirds of the cost per iteration, hence
 * the share. Measured on the 4,000-node instance (master seconds / simplex iterations, one after the other):
 * always dual 11.3 s / 67,015; primal after every round 13.5 s / 56,408; share 0.05: 9.9 s / 58,299; 0.2:
 * 9.4 s / 54,172; 0.35: 9.7 s / 52,331. At 5,000 nodes with 0.2: 48.8 s / 162,636 against 54 s / 179,843.
 */
export const PRIMAL_AFTER_COLUMNS_MAX_SHARE = 0.2;

/**
 * A master of at least this many rows, re-solved after a round that added more than
 * {@link PRIMAL_AFTER_COLUMNS_MAX_SHARE} × rows columns, runs HiGHS's interior point with crossover instead of
 * the dual simplex. On the 5,000-node / 1,000-pair benchmark instance (masters of 1,800–2,030 rows, rounds of
 * 540–960 columns) the master solves took 36.5 s and 162,636 simplex iterations with the dual, 17.5 s and
 * 25,156 iterations with this rule (BENCHMARKS.md); the interior point's time grows with the nonzeros, not with
 * how far the basis is from optimal. Smaller masters keep the simplex, whose warm start is worth more there.
 */
export const IPM_MIN_ROWS = 1500;

/** What one column-generation run did. */
export interface ColumnGenerationStats {
  /** Master solves (LP re-solves, each warm but the first of a new master). */
  masterSolves: number;
  /** Pricing rounds (one shortest-path tree per commodity in each). */
  pricingRounds: number;
  /** Shortest-path trees grown, and the vertices they settled (search effort). */
  trees: number;
  settledVertices: number;
  /** Path columns added in this run / in the master in all (after pruning) / pruned in this run. */
  columnsAdded: number;
  columnsTotal: number;
  columnsPruned: number;
  /** Of the columns added, pruned ones brought back from the pool (RestrictedMaster.pooledPricedOut). */
  columnsFromPool: number;
  /** Capacity rows added in this run / in the master in all. */
  capacityRowsAdded: number;
  capacityRowsTotal: number;
  /** Simplex iterations summed over the master solves. */
  simplexIterations: number;
  /** Seconds in master solves, and in pricing (wall clock: a round priced on several threads counts once). */
  masterSeconds: number;
  pricingSeconds: number;
  /** Worker threads that shared the pricing with the calling thread (0 = it priced alone; see PricingPool). */
  pricingWorkers: number;
}

/** Outcome of {@link runColumnGeneration}: the last master solution and the counts. */
export interface ColumnGenerationOutcome {
  status: LpStatus;
  /** The final master solution (status as above; its values are a feasible point only when `feasible`). */
  solution: LpSolution;
  /** True when the master's point satisfies every capacity, including the rows not built. */
  feasible: boolean;
  message: string | null;
  stats: ColumnGenerationStats;
}

/**
 * Column generation on the path formulation for one scenario (the master already holds the scenario's
 * bounds, see RestrictedMaster.applyScenario):
 *
 * 1. solve the restricted master (warm);
 * 2. if a link or node carries more than its capacity and has no row yet, add its row and go to 1;
 * 3. price: one shortest-path tree per commodity on dual-adjusted costs; add every path whose reduced
 *    cost (path cost − capacity duals − demand-row dual) is negative, and go to 1;
 * 4. when no such path is left, the master optimum is the optimum of the full path LP, hence of the arc LP.
 *
 * The unserved columns keep the master feasible, so `infeasible` cannot come out of a correct model; any
 * other solver outcome is passed through as the status.
 */
export async function runColumnGeneration(
  master: RestrictedMaster,
  pricer: PathPricer | PricingPool,
  capacities: EffectiveCapacities,
  options: ColumnGenerationOptions = {},
): Promise<ColumnGenerationOutcome> {
  const started = performance.now();
  const lazy = options.lazyCapacityRows ?? true;
  const maxSolves = options.maxMasterSolves ?? 10_000;
  const columnsBefore = master.paths.length;
  const rowsBefore = master.rowCount;
  const treesBefore = pricer.trees;
  const settledBefore = pricer.settledVertices;
  const pricingBefore = pricer.seconds;
  const stats: ColumnGenerationStats = {
    masterSolves: 0, pricingRounds: 0, trees: 0, settledVertices: 0, columnsAdded: 0, columnsTotal: 0, columnsPruned: 0, columnsFromPool: 0, capacityRowsAdded: 0, capacityRowsTotal: 0,
    simplexIterations: 0, masterSeconds: 0, pricingSeconds: 0, pricingWorkers: 0,
  };
  const finish = (status: LpStatus, solution: LpSolution, feasible: boolean, message: string | null): ColumnGenerationOutcome => {
    stats.trees = pricer.trees - treesBefore;
    stats.settledVertices = pricer.settledVertices - settledBefore;
    stats.pricingSeconds = pricer.seconds - pricingBefore;
    stats.columnsAdded = master.paths.length - columnsBefore + stats.columnsPruned;
    stats.columnsTotal = master.paths.length;
    stats.capacityRowsAdded = master.rowCount - rowsBefore;
    stats.capacityRowsTotal = master.rowCount - master.demandRowCount;
    stats.pricingWorkers = pricer instanceof PricingPool ? pricer.workerCount : 0;
    return { status, solution, feasible, message, stats };
  };

  if (!lazy) {
    const arcs: number[] = [];
    const nodes: number[] = [];
    capacities.arcCapacityTeuPerYear.forEach((cap, a) => {
      if (Number.isFinite(cap)) arcs.push(a);
    });
    capacities.nodeThroughputTeuPerYear.forEach((cap, n) => {
      if (Number.isFinite(cap)) nodes.push(n);
    });
    master.addCapacityRows(arcs, nodes, capacities.arcCapacityTeuPerYear, capacities.nodeThroughputTeuPerYear);
  }

  let treesAtRound = pricer.trees;
  let pricingAtRound = pricer.seconds;
  pricer.resetHistory();
  if ((options.greedyStart ?? true) && master.paths.length === 0) {
    if (pricer instanceof PricingPool) pricer.prepare();
    const start = initialColumns(master.graph, master.commodities, capacities, pricer instanceof PricingPool ? pricer.main : pricer, master.penaltyUsdPerTeu);
    if (lazy) master.addCapacityRows(start.saturatedArcs, start.saturatedNodes, capacities.arcCapacityTeuPerYear, capacities.nodeThroughputTeuPerYear);
    master.addPaths(start.columns);
    options.onStep?.({ kind: 'greedy', columns: start.columns.length, rows: start.saturatedArcs.length + start.saturatedNodes.length });
  }
  let afterPricing = false;
  let addedLast = 0;
  const secondsLeft = () => (options.timeLimitSeconds === undefined ? undefined : options.timeLimitSeconds - (performance.now() - started) / 1000);
  for (;;) {
    const left = secondsLeft();
    // New columns keep the basis primal feasible, new rows and a scenario's bounds keep it dual feasible; see
    // PRIMAL_AFTER_COLUMNS_MAX_SHARE for when the primal simplex pays.
    const smallRound = addedLast <= PRIMAL_AFTER_COLUMNS_MAX_SHARE * master.rowCount;
    const simplex = !afterPricing ? 'dual' : smallRound ? 'primal' : master.rowCount >= IPM_MIN_ROWS ? 'ipm' : 'dual';
    let solution = await master.solve(left === undefined ? { simplex } : { simplex, timeLimitSeconds: Math.max(left, 1e-3) });
    afterPricing = false;
    stats.masterSolves++;
    stats.masterSeconds += solution.solveSeconds;
    stats.simplexIterations += solution.iterations ?? 0;
    options.onStep?.({ kind: 'solve', objectiveUsd: solution.objective, unservedTeuPerYear: unservedTeu(master, solution.columnValues), simplexIterations: solution.iterations ?? 0, seconds: solution.solveSeconds, columns: master.paths.length, rows: master.rowCount });
    if (solution.status !== 'optimal') {
      const feasible = solution.columnValues !== null && violatedCapacities(master, solution.columnValues, capacities).count === 0;
      return finish(solution.status, solution, feasible, `restricted master: ${solution.message ?? solution.status}`);
    }
    const x = solution.columnValues!;
    const violated = violatedCapacities(master, x, capacities);
    if (violated.count > 0) {
      master.addCapacityRows(violated.arcs, violated.nodes, capacities.arcCapacityTeuPerYear, capacities.nodeThroughputTeuPerYear);
      options.onStep?.({ kind: 'rows', added: violated.count });
    } else {
      if (solution.rowDuals === null) return finish('error', solution, true, 'restricted master: HiGHS returned no duals');
      const duals = solution.rowDuals;
      if ((secondsLeft() ?? Infinity) <= 0) return finish('time_limit', solution, true, 'time limit reached during column generation');
      const pruning = options.pruneColumns ?? DEFAULT_PRUNING;
      if (pruning && master.paths.length > Math.max(pruning.minColumns, pruning.aboveRows * master.rowCount) && solution.reducedCosts !== null) {
        const deleted = master.prunePaths(x, solution.reducedCosts, Math.floor(pruning.toRows * master.rowCount));
        if (deleted.length > 0) {
          // The solution stays optimal (only unused nonbasic columns went); renumber its column arrays.
          solution = withoutColumns(solution, deleted);
          stats.columnsPruned += deleted.length;
          options.onStep?.({ kind: 'prune', deleted: deleted.length, columns: master.paths.length });
        }
      }
      const rowPrices = master.capacityRowPrices(duals);
      const arcPrices = master.arcPrices(rowPrices);
      const columns = await pricer.price(
        { rowPriceUsdPerTeu: rowPrices, arcPriceUsdPerTeu: arcPrices, rowPathUses: master.rowPathUses(), arcRow: master.arcRow, nodeRow: master.nodeRow, rowDualUsdPerTeu: duals, demandRow: master.demandRow },
        capacities.arcOpen,
      );
      stats.pricingRounds++;
      const trees = pricer.trees;
      const pricingStarted = pricer.seconds;
      const pooled = master.pooledPricedOut(arcPrices, duals, capacities.arcOpen);
      stats.columnsFromPool += pooled.length;
      const added = master.addPaths(pooled.length === 0 ? columns : [...columns, ...pooled]);
      afterPricing = true;
      addedLast = added;
      if (options.onStep) options.onStep({ kind: 'pricing', columnsAdded: added, trees: trees - treesAtRound, seconds: pricingStarted - pricingAtRound, lowerBoundUsd: lagrangianBound(master, solution, columns, arcPrices) });
      treesAtRound = pricer.trees;
      pricingAtRound = pricer.seconds;
      if (added === 0) return finish('optimal', solution, true, null);
    }
    if (stats.masterSolves >= maxSolves) return finish('time_limit', solution, false, `stopped after ${maxSolves} master solves`);
    if ((secondsLeft() ?? Infinity) <= 0) return finish('time_limit', solution, false, 'time limit reached during column generation');
  }
}

/**
 * Link arcs and nodes whose flow in the master solution exceeds their capacity and that have no row yet
 * (rows that exist hold within the solver's tolerance). Tolerance: 1e-9 relative, 1e-6 TEU/yr absolute.
 */
export function violatedCapacities(master: RestrictedMaster, x: Float64Array, capacities: EffectiveCapacities): { arcs: number[]; nodes: number[]; count: number } {
  const flow = master.arcFlows(x);
  const arcs: number[] = [];
  const nodes: number[] = [];
  const nodeFlow = new Float64Array(master.nodeRow.length);
  const { arcNode } = master.graph;
  const over = (f: number, cap: number) => f > cap + 1e-9 * cap + 1e-6;
  for (let a = 0; a < flow.length; a++) {
    const f = flow[a];
    if (f === 0) continue;
    if (arcNode[a] >= 0) nodeFlow[arcNode[a]] += f;
    if (master.arcRow[a] < 0 && over(f, capacities.arcCapacityTeuPerYear[a])) arcs.push(a);
  }
  for (let n = 0; n < nodeFlow.length; n++) {
    if (master.nodeRow[n] < 0 && nodeFlow[n] > 0 && over(nodeFlow[n], capacities.nodeThroughputTeuPerYear[n])) nodes.push(n);
  }
  return { arcs, nodes, count: arcs.length + nodes.length };
}

/** TEU/yr left unserved by a master solution (its unserved columns come first), or null without values. */
function unservedTeu(master: RestrictedMaster, x: Float64Array | null): number | null {
  if (x === null) return null;
  let sum = 0;
  for (let i = 0; i < master.demandRowCount; i++) sum += x[i];
  return sum;
}

/**
 * Lagrangian lower bound on the optimum of the full path LP after one pricing round (for diagnostics): the
 * master's objective plus, for every OD pair, its demand × the least reduced cost of any of its routes
 * (≤ 0; pricing returns the cheapest route of every pair that has a negative one). Rows not yet in the
 * master count at price 0, which keeps the bound valid.
 * @param arcPriceUsdPerTeu the arc prices pricing ran on (RestrictedMaster.arcPrices of the solution's duals)
 */
export function lagrangianBound(master: RestrictedMaster, solution: LpSolution, columns: readonly PathColumn[], arcPriceUsdPerTeu: Float64Array): number | null {
  if (solution.objective === null || solution.rowDuals === null) return null;
  let bound = solution.objective;
  for (const p of columns) {
    const rc = pricedCostUsdPerTeu(p, arcPriceUsdPerTeu) - solution.rowDuals[master.demandRow[p.commodity][p.destination]];
    if (rc < 0) bound += rc * master.commodities[p.commodity].destinations[p.destination].demandTeuPerYear;
  }
  return bound;
}

/** A solution with some columns taken out (`deleted`: ascending indices), its column arrays renumbered. */
function withoutColumns(solution: LpSolution, deleted: readonly number[]): LpSolution {
  const drop = (values: Float64Array | null): Float64Array | null => {
    if (values === null) return null;
    const out = new Float64Array(values.length - deleted.length);
    let d = 0;
    let k = 0;
    for (let j = 0; j < values.length; j++) {
      if (d < deleted.length && deleted[d] === j) d++;
      else out[k++] = values[j];
    }
    return out;
  };
  return { ...solution, columnValues: drop(solution.columnValues), reducedCosts: drop(solution.reducedCosts) };
}
