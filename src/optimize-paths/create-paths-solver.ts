import type { LpModel } from '../../solver/index.js';
import type { DemandRow } from '../demand.js';
import { closestNames } from '../closest-names.js';
import { InvalidArgumentError, NotFoundError, UnsupportedError } from '../errors.js';
import { expandNetwork, type ExpandedGraph } from '../expanded-graph.js';
import type { Network } from '../network.js';
import type { AssignmentResult } from '../optimize/assignment-result.js';
import { effectiveCapacities, type CapacityOverrides } from '../optimize/effective-capacities.js';
import { groupCommodities } from '../optimize/group-commodities.js';
import { resolveOptimizeOptions, type OptimizeOptions } from '../optimize/optimize-options.js';
import { assemblePathsResult } from './assemble-paths-result.js';
import { runColumnGeneration, type ColumnGenerationOptions, type ColumnGenerationStats } from './column-generation.js';
import { PathPricer } from './price-paths.js';
import { defaultPricingWorkers, PricingPool } from './pricing-pool.js';
import { RestrictedMaster } from './restricted-master.js';

/**
 * A scenario of a sweep: closures, deratings, capacity changes and switchable links on top of the solver's
 * base options. Everything here is a bound change of the live master (arc costs never change), so the
 * columns, rows and basis of earlier scenarios stay valid.
 */
export interface PathsScenario {
  /** Nodes closed in addition to the base closures. */
  closedNodeIds?: readonly string[];
  /** Links closed in addition to the base closures. */
  closedLinkIds?: readonly string[];
  /** Node or link id → capacity factor ≥ 0, multiplied with a base factor on the same id. */
  capacityMultipliers?: Readonly<Record<string, number>>;
  /** Switchable links (PathsSolverOptions.switchableLinkIds) that are on in this scenario; the others stay off. */
  openLinkIds?: readonly string[];
  /**
   * Link id → id of a switchable link that stands in for it in this scenario (a copy of the link with
   * upgraded speed or cost): the link's arcs are off, its stand-in's are on, and closures, multipliers and
   * capacities given for the link apply to the stand-in. The result lists both under their own ids.
   */
  replacedLinkIds?: Readonly<Record<string, string>>;
  /** Link id → per-direction capacity, TEU/yr, replacing the network's before multipliers (null = unlimited). */
  linkCapacityTeuPerYear?: Readonly<Record<string, number | null>>;
  /** Node id → throughput limit, TEU/yr, replacing the network's before multipliers (null = unlimited). */
  nodeThroughputTeuPerYear?: Readonly<Record<string, number | null>>;
}

/** An assignment solved by column generation: the arc formulation's result plus what the loop did. */
export type PathsAssignmentResult = AssignmentResult & { columnGeneration: ColumnGenerationStats };

/** Options of {@link createPathsSolver}: optimize options plus the loop's own. */
export type PathsSolverOptions = OptimizeOptions & Pick<ColumnGenerationOptions, 'lazyCapacityRows' | 'maxMasterSolves' | 'onStep' | 'greedyStart' | 'pruneColumns'> & {
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

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] => [...new Set([...(a ?? []), ...(b ?? [])])];

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
  const { lazyCapacityRows, maxMasterSolves, onStep, landmarks, greedyStart, pruneColumns, switchableLinkIds = [], ...optimizeOptions } = options;
  const base = resolveOptimizeOptions(network, optimizeOptions);
  if (base.backend !== 'auto' && base.backend !== 'highs') {
    throw new UnsupportedError(`method "paths" re-solves one live HiGHS model; backend "${base.backend}" cannot do that (use backend auto or highs, or method "arc")`);
  }
  const switchable = checkLinkIds(network, switchableLinkIds, 'switchable link');
  const graph = expandNetwork(network, { includeCandidates: base.includeCandidates === 'all' ? 'all' : [...base.includeCandidates, ...switchable] });
  const scenarioOverrides = overridesOf(graph, switchable);
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
    const multipliers: Record<string, number> = { ...(optimizeOptions.capacityMultipliers ?? {}) };
    for (const [id, factor] of Object.entries(scenario.capacityMultipliers ?? {})) multipliers[id] = (multipliers[id] ?? 1) * factor;
    const resolved = resolveOptimizeOptions(network, {
      ...optimizeOptions,
      closedNodeIds: union(optimizeOptions.closedNodeIds, scenario.closedNodeIds),
      closedLinkIds: union(optimizeOptions.closedLinkIds, scenario.closedLinkIds),
      capacityMultipliers: multipliers,
    });
    const capacities = effectiveCapacities(graph, resolved, scenarioOverrides(scenario));
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

/** A capacity given in a scenario: null = unlimited, else a finite number ≥ 0. */
function capacityOf(what: string, value: number | null): number {
  if (value === null) return Infinity;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`${what} must be a finite number ≥ 0 (TEU/yr) or null, got ${String(value)}`);
  return value;
}

/**
 * The effectiveCapacities overrides of a scenario: switchable links off unless opened or standing in,
 * replaced links off, capacity overrides by index.
 * @throws NotFoundError for an unknown id; InvalidArgumentError for a link that is not switchable where one
 *   must be, a stand-in used twice, or a bad capacity
 */
function overridesOf(graph: ExpandedGraph, switchable: readonly string[]): (scenario: PathsScenario) => CapacityOverrides {
  const { network, linkIndex, nodeIndex } = graph;
  const switchableOff = new Uint8Array(network.links.length);
  for (const id of switchable) switchableOff[linkIndex.get(id)!] = 1;
  const linkAt = (id: string, what: string) => {
    const l = linkIndex.get(id);
    if (l === undefined) throw new NotFoundError(what, id, closestNames(id, linkIndex.keys()));
    return l;
  };
  const switchableAt = (id: string, what: string) => {
    const l = linkAt(id, what);
    if (!switchableOff[l]) throw new InvalidArgumentError(`${what} "${id}" is not one of the solver's switchable links (switchableLinkIds)`);
    return l;
  };
  return (scenario) => {
    const replaced = Object.entries(scenario.replacedLinkIds ?? {});
    const links = Object.entries(scenario.linkCapacityTeuPerYear ?? {});
    const nodes = Object.entries(scenario.nodeThroughputTeuPerYear ?? {});
    if (switchable.length === 0 && replaced.length === 0 && links.length === 0 && nodes.length === 0 && !scenario.openLinkIds?.length) return {};
    const linkOff = switchableOff.slice();
    const linkStandIn = new Int32Array(network.links.length).fill(-1);
    for (const id of scenario.openLinkIds ?? []) linkOff[switchableAt(id, 'link to open')] = 0;
    for (const [id, standInId] of replaced) {
      const l = linkAt(id, 'replaced link');
      const s = switchableAt(standInId, `stand-in of link "${id}"`);
      if (linkStandIn.includes(s) || s === l) throw new InvalidArgumentError(`link "${standInId}" cannot stand in for "${id}": it stands in for another link or is the link itself`);
      linkStandIn[l] = s;
      linkOff[s] = 0;
      linkOff[l] = 1;
    }
    const linkCapacityTeuPerYear = new Map(links.map(([id, cap]) => [linkAt(id, 'link (capacity)'), capacityOf(`capacity of link "${id}"`, cap)]));
    const nodeThroughputTeuPerYear = new Map(
      nodes.map(([id, cap]) => {
        const n = nodeIndex.get(id);
        if (n === undefined) throw new NotFoundError('node (throughput)', id, closestNames(id, nodeIndex.keys()));
        return [n, capacityOf(`throughput of node "${id}"`, cap)];
      }),
    );
    return { linkOff, linkStandIn, linkCapacityTeuPerYear, nodeThroughputTeuPerYear };
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
