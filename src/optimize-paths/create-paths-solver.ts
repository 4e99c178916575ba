import type { DemandRow } from '../demand.js';
import { UnsupportedError } from '../errors.js';
import { expandNetwork } from '../expanded-graph.js';
import type { Network } from '../network.js';
import type { AssignmentResult } from '../optimize/assignment-result.js';
import { effectiveCapacities } from '../optimize/effective-capacities.js';
import { groupCommodities } from '../optimize/group-commodities.js';
import { resolveOptimizeOptions, type OptimizeOptions } from '../optimize/optimize-options.js';
import { assemblePathsResult } from './assemble-paths-result.js';
import { runColumnGeneration, type ColumnGenerationOptions, type ColumnGenerationStats } from './column-generation.js';
import { PathPricer } from './price-paths.js';
import { RestrictedMaster } from './restricted-master.js';

/** A scenario of a sweep: closures and deratings on top of the solver's base options. */
export interface PathsScenario {
  /** Nodes closed in addition to the base closures. */
  closedNodeIds?: readonly string[];
  /** Links closed in addition to the base closures. */
  closedLinkIds?: readonly string[];
  /** Node or link id → capacity factor ≥ 0, multiplied with a base factor on the same id. */
  capacityMultipliers?: Readonly<Record<string, number>>;
}

/** An assignment solved by column generation: the arc formulation's result plus what the loop did. */
export type PathsAssignmentResult = AssignmentResult & { columnGeneration: ColumnGenerationStats };

/** Options of {@link createPathsSolver}: optimize options plus the loop's own. */
export type PathsSolverOptions = OptimizeOptions & Pick<ColumnGenerationOptions, 'lazyCapacityRows' | 'maxMasterSolves' | 'onStep' | 'greedyStart'> & {
  /** Landmarks for A* pricing (default: 16 on graphs of ≥ 4,000 expanded vertices, else 0 = Dijkstra). */
  landmarks?: number;
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
  /** Free the HiGHS model (once the queued solves are done). */
  dispose(): void;
}

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] => [...new Set([...(a ?? []), ...(b ?? [])])];

/**
 * The path formulation of the capacitated assignment, solved by column generation and kept alive for
 * sweeps (N-1 criticality, disruptions): the network is expanded once, the restricted master lives in one
 * HiGHS session, and each scenario only changes bounds (closed element = its path columns fixed to 0;
 * derating = the capacity row's limit) before a warm re-solve. The result of each solve is the same
 * AssignmentResult as `optimize()` gives with the arc formulation, to 1e-6 relative.
 *
 * Base options that change the cost model (vot, carbon price, penalty, candidates, ignoreCapacities) are
 * fixed for the solver's life; a scenario adds closures and multipliers.
 * @throws UnsupportedError when a backend other than HiGHS is asked for (warm re-solves need a live model)
 * @example
 *   const solver = await createPathsSolver(net, demand, { vot: 1 });
 *   try {
 *     const base = await solver.solve();
 *     const noSuez = await solver.solve({ closedNodeIds: ['suez'] });
 *   } finally { solver.dispose(); }
 */
export async function createPathsSolver(network: Network, demand: readonly DemandRow[], options: PathsSolverOptions = {}): Promise<PathsSolver> {
  const { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, ...optimizeOptions } = options;
  const base = resolveOptimizeOptions(network, optimizeOptions);
  if (base.backend !== 'auto' && base.backend !== 'highs') {
    throw new UnsupportedError(`method "paths" re-solves one live HiGHS model; backend "${base.backend}" cannot do that (use backend auto or highs, or method "arc")`);
  }
  const graph = expandNetwork(network, { includeCandidates: base.includeCandidates });
  const commodities = groupCommodities(graph, demand, base.valueOfTimeUsdPerTeuHour);
  const master = await RestrictedMaster.create(graph, commodities, base.unservedPenaltyUsdPerTeu);
  const pricer = new PathPricer(graph, commodities, base.carbonPriceUsdPerTonneCo2, landmarks);
  let queue: Promise<unknown> = Promise.resolve();

  const solveNow = async (scenario: PathsScenario): Promise<PathsAssignmentResult> => {
    const startedMs = performance.now();
    const multipliers: Record<string, number> = { ...(optimizeOptions.capacityMultipliers ?? {}) };
    for (const [id, factor] of Object.entries(scenario.capacityMultipliers ?? {})) multipliers[id] = (multipliers[id] ?? 1) * factor;
    const resolved = resolveOptimizeOptions(network, {
      ...optimizeOptions,
      closedNodeIds: union(optimizeOptions.closedNodeIds, scenario.closedNodeIds),
      closedLinkIds: union(optimizeOptions.closedLinkIds, scenario.closedLinkIds),
      capacityMultipliers: multipliers,
    });
    const capacities = effectiveCapacities(graph, resolved);
    master.applyScenario(capacities.arcOpen, capacities.arcCapacityTeuPerYear, capacities.nodeThroughputTeuPerYear);
    const outcome = await runColumnGeneration(master, pricer, capacities, {
      lazyCapacityRows,
      maxMasterSolves,
      onStep,
      greedyStart,
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
    // After any queued solve: a sweep may release its solver while its last scenario is still running.
    dispose: () => {
      void queue.then(() => master.dispose());
    },
  };
}

/**
 * `optimize()` with the path formulation: one solve of a fresh {@link createPathsSolver}.
 * @example (await optimizePaths(net, demand)).objectiveUsd // = optimize(net, demand, { method: 'arc' }).objectiveUsd to 1e-6
 */
export async function optimizePaths(network: Network, demand: readonly DemandRow[], options: PathsSolverOptions = {}): Promise<PathsAssignmentResult> {
  const startedMs = performance.now();
  const solver = await createPathsSolver(network, demand, options);
  try {
    const result = await solver.solve();
    return { ...result, totalSeconds: (performance.now() - startedMs) / 1000 };
  } finally {
    solver.dispose();
  }
}
