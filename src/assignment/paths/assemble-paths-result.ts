import type { DemandRow } from '../../network/index.js';
import { assembleResult } from '../assemble-result.js';
import type { AssignmentResult } from '../assignment-result.js';
import { hasReportablePoint, type CommodityFlows, type FlowSolution } from '../flow-solution.js';
import type { EffectiveCapacities } from '../effective-capacities.js';
import type { Commodity } from '../group-commodities.js';
import type { ResolvedOptimizeOptions } from '../optimize-options.js';
import type { FlowPath } from '../path-decomposition.js';
import type { ColumnGenerationOutcome } from './column-generation.js';
import type { PathPricer } from './price-paths.js';
import type { RestrictedMaster } from './restricted-master.js';
import { ShortestPathTree, type ExpandedGraph } from '../../graph/index.js';

/** Scratch arrays per graph, reused by every assembly of a sweep (left zeroed after each use). */
const scratch = new WeakMap<ExpandedGraph, { tree: ShortestPathTree; flowOf: Float64Array; inSet: Uint8Array }>();
function scratchFor(graph: ExpandedGraph) {
  let s = scratch.get(graph);
  if (!s) {
    s = { tree: new ShortestPathTree(graph), flowOf: new Float64Array(graph.arcCount), inSet: new Uint8Array(graph.arcCount) };
    scratch.set(graph, s);
  }
  return s;
}

/** Everything the path formulation knows after column generation. */
export interface PathsAssemblyInput {
  demand: readonly DemandRow[];
  options: ResolvedOptimizeOptions;
  capacities: EffectiveCapacities;
  master: RestrictedMaster;
  pricer: PathPricer;
  outcome: ColumnGenerationOutcome;
  startedMs: number;
}

/**
 * The path formulation's FlowSolution: per commodity, the arc flows summed over its paths and its unserved
 * volumes; the master's capacity rows give the capacity duals (the same rows and sign convention as the
 * arc LP's), and its path columns are the paths of each OD pair, so no flow decomposition is needed.
 *
 * A commodity with unserved demand also lists the arcs of its cheapest open route to each such
 * destination (with zero flow), so that the "why unserved" warnings see the true cheapest route cost.
 */
export function assemblePathsResult(input: PathsAssemblyInput): AssignmentResult {
  const { master, outcome, options } = input;
  const { graph } = master;
  const solved = outcome.solution;
  const masterX = outcome.feasible ? solved.columnValues : null;
  const commodities: Commodity[] = [];
  const flows: CommodityFlows[] = [];
  const pathFlows: FlowPath[][] = master.commodities.map(() => []);
  const pathsOf: number[][] = master.commodities.map(() => []);
  if (masterX) {
    master.paths.forEach((p, i) => {
      if (masterX[master.pathColumn(i)] > 0) pathsOf[p.commodity].push(i);
    });
  }

  const { tree, flowOf, inSet } = scratchFor(graph);
  for (const c of master.commodities) {
    const arcs: number[] = [];
    const add = (a: number) => {
      if (!inSet[a]) {
        inSet[a] = 1;
        arcs.push(a);
      }
    };
    const total = c.destinations.reduce((s, d) => s + d.demandTeuPerYear, 0);
    for (const i of pathsOf[c.index]) {
      const p = master.paths[i];
      const f = masterX![master.pathColumn(i)];
      for (const a of p.arcs) {
        add(a);
        flowOf[a] += f;
      }
      if (f > 1e-9 * Math.max(1, total)) pathFlows[c.index].push({ destinationNode: c.destinations[p.destination].node, arcs: p.arcs, teuPerYear: f });
    }
    const unserved = c.destinations.map((_, j) => (masterX ? Math.max(0, masterX[master.demandRow[c.index][j]]) : 0));
    const short = c.destinations.filter((d, j) => unserved[j] > 1e-6 * Math.max(1, d.demandTeuPerYear));
    if (short.length) {
      const targets = short.map((d) => graph.destinationVertex[d.node]);
      tree.grow(graph.originVertex[c.originNode], input.pricer.arcCosts(c.valueOfTimeUsdPerTeuHour), input.capacities.arcOpen, targets);
      for (const v of targets) if (Number.isFinite(tree.settledDistance(v))) for (const a of tree.pathTo(v)) add(a);
    }
    arcs.sort((x, y) => x - y);
    const arcIds = Int32Array.from(arcs);
    flows.push({ arcFlowsTeuPerYear: Float64Array.from(arcs, (a) => flowOf[a]), unservedTeuPerYear: unserved });
    for (const a of arcs) {
      flowOf[a] = 0;
      inSet[a] = 0;
    }
    commodities.push({ ...c, arcs: arcIds });
  }

  const duals = outcome.status === 'optimal' ? solved.rowDuals : null;
  const dualOf = (row: number) => (row < 0 ? 0 : duals![row]);
  const solution: FlowSolution = {
    status: outcome.status,
    message: outcome.message ?? solved.message ?? null,
    objectiveUsd: solved.objective,
    backend: solved.backend,
    solveSeconds: outcome.stats.masterSeconds,
    lpSize: master.size(),
    commodities,
    flows: hasReportablePoint(outcome.status, masterX) ? flows : null,
    capacityDuals: duals ? { arc: Float64Array.from(master.arcRow, dualOf), node: Float64Array.from(master.nodeRow, dualOf) } : null,
    paths: pathFlows,
  };
  return assembleResult({ graph, demand: input.demand, options, capacities: input.capacities, startedMs: input.startedMs }, solution);
}
