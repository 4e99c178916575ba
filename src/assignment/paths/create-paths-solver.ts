import type { LpModel } from '../../../solver/index.js';
import type { DemandRow, Network } from '../../network/index.js';
import { closestNames, NotFoundError, UnsupportedError } from '../../shared/index.js';
import { expandNetwork, resolveScenarioSwitches, type Scenario } from '../../graph/index.js';
import type { AssignmentResult } from '../assignment-result.js';
import { effectiveCapacities } from '../effective-capacities.js';
import { groupCommodities } from '../group-commodities.js';
import { resolveClosuresOf, withClosures, type OptimizeOptions } from '../optimize-options.js';
import { resolveProblem, type Problem } from '../problem.js';
import { assemblePathsResult } from './assemble-paths-result.js';
import { runColumnGeneration, type ColumnGenerationOptions, type ColumnGenerationStats } from './column-generation.js';
import { PathPricer } from './price-paths.js';
import { defaultPricingWorkers, PricingPool } from './pricing-pool.js';
import { RestrictedMaster } from './restricted-master.js';

/**
 * A scenario of a sweep (the one Scenario type): closures, deratings, capacity changes and switchable links on
 * top of the solver's base options. Everything here is a bound change of the live master (arc costs never
 * change), so the columns, rows and basis of earlier scenarios stay valid. Candidates arrive as switchable links
 * (`openLinkIds`, see evaluate's candidateSweep); another demand is another solver (its rows are the master's).
 */
export type PathsScenario = Omit<Scenario, 'candidateIds' | 'demand'>;

/** An assignment solved by column generation: the arc formulation's result plus what the loop did. */
export type PathsAssignmentResult = AssignmentResult & { columnGeneration: ColumnGenerationStats };

/** Options of {@link createPathsSolver}: optimize options plus the loop's own. */
export type PathsSolverOptions = OptimizeOptions & PathsLoopOptions;

/** The column-generation loop's own options (what {@link pathsSolverFor} takes beside the problem). */
export type PathsLoopOptions = Pick<ColumnGenerationOptions, 'lazyCapacityRows' | 'maxMasterSolves' | 'onStep' | 'greedyStart' | 'pruneColumns'> & {
  /** Force A* pricing with this many landmarks (0 = Dijkstra); default exact target bounds (see PathPricer). */
  landmarks?: number;
  /**
   * Links that are in the solver's graph but off unless a scenario switches them on (`openLinkIds`) or puts
   * them in for another link (`replacedLinkIds`), whatever `includeCandidates` says: the candidate links of a
   * candidate sweep, and copies of links with upgraded figures. A link whose costs change between scenarios
   * must be modelled this way: pricing keeps bounds computed on the arc costs of the first solve.
   */
  switchableLinkIds?: readonly string[];
};

/** A path-formulation model kept alive across scenarios (see {@link createPathsSolver}). */
export interface PathsSolver {
  /**
   * Solve a scenario warm: the master keeps its columns, rows and basis from the previous solve; only the
   * scenario's bounds change, then column generation adds what the scenario needs. Calls are queued, one
   * at a time.
   * @throws NotFoundError / InvalidArgumentError for an unknown id or a bad factor in the scenario
   */
  solve(scenario?: PathsScenario): Promise<PathsAssignmentResult>;
  /** Path columns and capacity rows in the master now. */
  readonly size: { columns: number; capacityRows: number };
  /** A copy of the restricted master LP as it stands after the last solve (e.g. to time other LP solvers on it). */
  masterModel(): LpModel;
  /** Free the HiGHS model (once the queued solves are done). */
  dispose(): void;
}

/**
 * The path formulation of the capacitated assignment, solved by column generation and kept alive for
 * sweeps (N-1 criticality, disruptions, candidate evaluation): the network is expanded once, the restricted
 * master lives in one HiGHS session, and each scenario only changes bounds (closed element or switchable link
 * off = its path columns fixed to 0; derating or new capacity = the capacity row's limit) before a warm
 * re-solve. The result of each solve is the same AssignmentResult as `optimize()` gives with the arc
 * formulation, to 1e-6 relative; switchable links that are off are listed with zero flow.
 *
 * Base options that change the cost model (vot, carbon price, penalty, candidates, ignoreCapacities) are
 * fixed for the solver's life; a scenario adds closures, multipliers, capacities and switches links (a
 * cheaper link is a switchable copy standing in for the original, never a changed arc cost).
 * @throws UnsupportedError when a backend other than HiGHS is asked for (warm re-solves need a live model)
 * @example
 *   const solver = await createPathsSolver(net, demand, { vot: 1 });
 *   try {
 *     const base = await solver.solve();
 *     const noSuez = await solver.solve({ closedNodeIds: ['suez'] });
 *   } finally { solver.dispose(); }
 */
export async function createPathsSolver(network: Network, demand: readonly DemandRow[], options: PathsSolverOptions = {}): Promise<PathsSolver> {
  const { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds, ...optimizeOptions } = options;
  return pathsSolverFor(resolveProblem(network, demand, optimizeOptions), { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds });
}

/**
 * {@link createPathsSolver} of a problem resolved at the edge (resolveProblem): its options are not checked
 * again; each scenario's own ids and factors are (they arrive with each solve).
 */
export async function pathsSolverFor(problem: Problem, loop: PathsLoopOptions = {}): Promise<PathsSolver> {
  const { network, demand, options: base } = problem;
  const { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds = [] } = loop;
  if (base.backend !== 'auto' && base.backend !== 'highs') {
    throw new UnsupportedError(`method "paths" re-solves one live HiGHS model; backend "${base.backend}" cannot do that (use backend auto or highs, or method "arc")`);
  }
  const switchable = checkLinkIds(network, switchableLinkIds, 'switchable link');
  const graph = expandNetwork(network, { includeCandidates: base.includeCandidates === 'all' ? 'all' : [...base.includeCandidates, ...switchable] });
  const commodities = groupCommodities(graph, demand, base.valueOfTimeUsdPerTeuHour);
  const master = await RestrictedMaster.create(graph, commodities, base.unservedPenaltyUsdPerTeu);
  const pricer = new PathPricer(graph, commodities, base.carbonPriceUsdPerTonneCo2, landmarks);
  const hasSharedBounds = pricer.sharedTargetBounds() !== null;
  const workers = base.pricingWorkers ?? defaultPricingWorkers(graph, commodities, hasSharedBounds);
  // Without exact target bounds (landmark or forced Dijkstra pricing) there is nothing to share: one thread.
  const pool = workers > 0 && hasSharedBounds && commodities.length > 1 ? new PricingPool(pricer, graph, commodities, base.carbonPriceUsdPerTonneCo2, Math.min(workers, commodities.length - 1)) : null;
  let queue: Promise<unknown> = Promise.resolve();

  const solveNow = async (scenario: PathsScenario): Promise<PathsAssignmentResult> => {
    const startedMs = performance.now();
    const resolved = withClosures(base, resolveClosuresOf(network, scenario));
    const capacities = effectiveCapacities(graph, resolved, resolveScenarioSwitches(graph, switchable, scenario));
    master.applyScenario(capacities.arcOpen, capacities.arcCapacityTeuPerYear, capacities.nodeThroughputTeuPerYear);
    const outcome = await runColumnGeneration(master, pool ?? pricer, capacities, {
      lazyCapacityRows,
      maxMasterSolves,
      onStep,
      greedyStart,
      pruneColumns,
      timeLimitSeconds: resolved.timeLimitSeconds,
    });
    const result = assemblePathsResult({ demand, options: resolved, capacities, master, pricer, outcome, startedMs });
    return { ...result, columnGeneration: outcome.stats };
  };

  return {
    solve(scenario = {}) {
      const next = queue.then(() => solveNow(scenario));
      queue = next.catch(() => undefined);
      return next;
    },
    get size() {
      return { columns: master.paths.length, capacityRows: master.rowCount - master.demandRowCount };
    },
    masterModel: () => master.toLpModel(),
    // After any queued solve: a sweep may release its solver while its last scenario is still running.
    dispose: () => {
      void queue.then(() => {
        master.dispose();
        pool?.close();
      });
    },
  };
}

function checkLinkIds(network: Network, ids: readonly string[], what: string): string[] {
  const known = new Set(network.links.map((l) => l.id));
  for (const id of ids) if (!known.has(id)) throw new NotFoundError(what, id, closestNames(id, known));
  return [...new Set(ids)];
}

/**
 * `optimize()` with the path formulation: one solve of a fresh {@link createPathsSolver}.
 * @example (await optimizePaths(net, demand)).objectiveUsd // = optimize(net, demand, { method: 'arc' }).objectiveUsd to 1e-6
 */
export async function optimizePaths(network: Network, demand: readonly DemandRow[], options: PathsSolverOptions = {}): Promise<PathsAssignmentResult> {
  const { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds, ...optimizeOptions } = options;
  return solvePathsProblem(resolveProblem(network, demand, optimizeOptions), { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds });
}

/** {@link optimizePaths} of a problem resolved at the edge. */
export async function solvePathsProblem(problem: Problem, loop: PathsLoopOptions = {}): Promise<PathsAssignmentResult> {
  const startedMs = performance.now();
  const solver = await pathsSolverFor(problem, loop);
  try {
    const result = await solver.solve();
    return { ...result, totalSeconds: (performance.now() - startedMs) / 1000 };
  } finally {
    solver.dispose();
  }
}
