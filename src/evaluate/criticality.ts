import type { LpStatus } from '../../solver/lp-model.js';
import { closestNames, descendingWithin, NotFoundError } from '../shared/index.js';
import { NAMED_DISRUPTIONS, resolveClosures, type DemandRow, type Mode, type Network } from '../network/index.js';
import { baseOptionsOf, releaseSweepSolver, type ObjectiveBreakdown } from '../assignment/index.js';
import { compareAssignmentTotals } from './compare-assignments.js';
import { scenarioSummary, type ScenarioSummary } from './disrupt.js';
import { runScenario, type ScenarioOptimizeOptions, type ScenarioSpec } from './run-scenario.js';
import { autoWorkerCount, openScenarioRunner, type ScenarioRunner } from './scenario-pool.js';

/** Which elements to close one at a time. */
export type CriticalityElements = 'links' | 'terminals' | 'all' | readonly string[];

/** Options of {@link criticality}. */
export interface CriticalityOptions extends ScenarioOptimizeOptions {
  /** 'links', 'terminals' (every node), 'all' (default), or a list of node / link ids and named disruptions. */
  elements?: CriticalityElements;
  /**
   * Worker threads (0 = this thread). Default: this thread when the serial work (elements × the base solve
   * time) is under MIN_PARALLEL_SECONDS, else one per core (autoWorkerCount).
   */
  workers?: number;
  /** Send the N-1 scenarios to `corridor worker` processes through this Redis (BullMQ) instead of threads here. */
  redisUrl?: string;
  /**
   * Skip solving elements that carry no flow in the base case (default true). Closing them cannot change
   * the optimum: the base flows stay feasible in the smaller problem and the problem got no cheaper,
   * so the base optimum is still optimal. They are reported with added cost 0 and `solved: false`.
   */
  skipUnused?: boolean;
  /**
   * Also close terminals that are an origin or destination of demand (default false since issue 19).
   * Closing one strands its demand, so they would top the ranking by the unserved penalty alone and hide
   * the network's own links and terminals; true adds them (`--include-endpoints`).
   */
  endpoints?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** The N-1 result of one element. */
export interface CriticalityEntry {
  /** 1 = most critical. */
  rank: number;
  kind: 'link' | 'terminal' | 'named';
  id: string;
  name: string | null;
  /** Links: the mode. */
  mode: Mode | null;
  /** Flow on the element in the base case: a link's two directions, or a node's throughput, TEU/yr. */
  baseFlowTeu: number;
  /** Terminals: the node is an origin or destination of demand (closing it leaves that demand unserved). */
  endpoint: boolean;
  /** False when skipped because it carries no flow (see skipUnused). */
  solved: boolean;
  status: LpStatus;
  /** Objective with the element closed − base objective, USD/yr, and its parts. */
  addedCostUsd: number | null;
  addedCostBreakdown: ObjectiveBreakdown | null;
  addedUnservedTeu: number | null;
  unservedTeu: number | null;
  reroutedTeu: number | null;
}

/** Result of {@link criticality}. */
export interface CriticalityReport {
  networkId: string;
  base: ScenarioSummary;
  /** Every element, most critical first (by added cost, then added unserved TEU, then id). */
  entries: CriticalityEntry[];
  elementCount: number;
  solvedCount: number;
  /** Whether origins and destinations of demand were closed too (the `endpoints` option). */
  endpointsIncluded: boolean;
  /** Terminals left out because they are an origin or destination (empty when endpointsIncluded). */
  excludedEndpointIds: string[];
  workers: number;
  wallSeconds: number;
}

interface Element {
  kind: CriticalityEntry['kind'];
  id: string;
  name: string | null;
  mode: Mode | null;
  closedNodeIds: string[];
  closedLinkIds: string[];
}

/**
 * The elements a criticality run closes one at a time.
 * @throws NotFoundError for an id that is not a node, link or named disruption
 */
export function criticalityElements(network: Network, elements: CriticalityElements = 'all'): Element[] {
  const links = (): Element[] => network.links.filter((l) => l.status === 'existing').map((l) => ({ kind: 'link', id: l.id, name: l.name, mode: l.mode, closedNodeIds: [], closedLinkIds: [l.id] }));
  const terminals = (): Element[] => network.nodes.map((n) => ({ kind: 'terminal', id: n.id, name: n.name, mode: null, closedNodeIds: [n.id], closedLinkIds: [] }));
  if (elements === 'links') return links();
  if (elements === 'terminals') return terminals();
  if (elements === 'all') return [...links(), ...terminals()];
  return elements.map((item): Element => {
    const node = network.nodes.find((n) => n.id === item);
    if (node) return terminals().find((e) => e.id === item)!;
    const link = network.links.find((l) => l.id === item);
    if (link) return { kind: 'link', id: link.id, name: link.name, mode: link.mode, closedNodeIds: [], closedLinkIds: [link.id] };
    const named = NAMED_DISRUPTIONS[item.toLowerCase()];
    if (named) {
      const { nodeIds, linkIds } = resolveClosures(network, [item]);
      return { kind: 'named', id: item.toLowerCase(), name: named.description, mode: null, closedNodeIds: nodeIds, closedLinkIds: linkIds };
    }
    throw new NotFoundError('node, link or named disruption', item, closestNames(item, [...network.nodes.map((n) => n.id), ...network.links.map((l) => l.id), ...Object.keys(NAMED_DISRUPTIONS)], 5));
  });
}

/**
 * N-1 criticality: close each element (link, terminal, or named chokepoint) alone, re-solve, and rank the
 * elements by the added cost (objective difference, which includes the penalty of demand left unserved),
 * then by added unserved TEU. The solves run in parallel on worker threads.
 * @throws NotFoundError for an unknown element id
 * @example (await criticality(net, demand, { elements: 'terminals', workers: 2 })).entries[0].id // 'alashankou'?
 */
export async function criticality(network: Network, demand: readonly DemandRow[], options: CriticalityOptions = {}): Promise<CriticalityReport> {
  const started = performance.now();
  const { elements: which = 'all', workers: workersOption, redisUrl, skipUnused = true, endpoints: withEndpoints = false, onProgress, ...optimizeOptions } = options;
  const endpoints = new Set(demand.filter((r) => r.teuPerYear > 0).flatMap((r) => [r.origin, r.destination]));
  const candidates = criticalityElements(network, which);
  // An explicit list closes what it names; only the sweeps ('all', 'terminals') leave endpoints out.
  const keepAll = withEndpoints || Array.isArray(which);
  const isEndpoint = (e: Element) => e.kind === 'terminal' && endpoints.has(e.id);
  const elements = candidates.filter((e) => keepAll || !isEndpoint(e));
  const excludedEndpointIds = keepAll ? [] : candidates.filter(isEndpoint).map((e) => e.id);
  // The run's edge: its base options are resolved once here (or were, by the caller: `resolved`).
  const context = { network, demand: [...demand], candidates: [], options: { resolved: baseOptionsOf(network, demand, optimizeOptions) } };
  // The base case is solved here, and its time decides whether worker threads pay (autoWorkerCount).
  const base = (await runScenario(context, { id: '(base)' })).result;
  const baseSeconds = base.totalSeconds;
  let runner: ScenarioRunner | null = null;
  try {
    const eps = 1e-7 * Math.max(1, base.totalDemandTeu);
    const linkFlow = new Map<string, number>();
    for (const l of base.links) linkFlow.set(l.id, (linkFlow.get(l.id) ?? 0) + l.flowTeuPerYear);
    const nodeFlow = new Map(base.terminals.map((t) => [t.id, t.throughputTeuPerYear]));
    const flowOf = (e: Element) => (e.kind === 'link' ? (linkFlow.get(e.id) ?? 0) : e.kind === 'terminal' ? (nodeFlow.get(e.id) ?? 0) : e.closedNodeIds.reduce((s, id) => s + (nodeFlow.get(id) ?? 0), 0) + e.closedLinkIds.reduce((s, id) => s + (linkFlow.get(id) ?? 0), 0));
    const toSolve = elements.filter((e) => !(skipUnused && base.status === 'optimal' && flowOf(e) <= eps));
    const specs: ScenarioSpec[] = toSolve.map((e) => ({ id: `${e.kind}:${e.id}`, closedNodeIds: e.closedNodeIds, closedLinkIds: e.closedLinkIds }));
    const total = specs.length + 1;
    onProgress?.(1, total);
    runner = await openScenarioRunner(context, { redisUrl, secondsPerScenario: baseSeconds, workers: workersOption ?? autoWorkerCount(specs.length, baseSeconds) });
    const results = await runner.runAll(specs, (done) => onProgress?.(done + 1, total));
    const byId = new Map(results.map((r) => [r.id, r.result]));
    const entries: CriticalityEntry[] = elements.map((e) => {
      const r = byId.get(`${e.kind}:${e.id}`);
      const common = { rank: 0, kind: e.kind, id: e.id, name: e.name, mode: e.mode, baseFlowTeu: flowOf(e), endpoint: e.kind === 'terminal' && endpoints.has(e.id) };
      if (!r) {
        return { ...common, solved: false, status: base.status, addedCostUsd: 0, addedCostBreakdown: { moneyUsd: 0, timeUsd: 0, carbonUsd: 0, unservedPenaltyUsd: 0 }, addedUnservedTeu: 0, unservedTeu: base.unservedTeu, reroutedTeu: 0 };
      }
      const cmp = compareAssignmentTotals(base, r);
      return { ...common, solved: true, status: r.status, addedCostUsd: cmp.addedCostUsd, addedCostBreakdown: cmp.addedCostBreakdown, addedUnservedTeu: cmp.addedUnservedTeu, unservedTeu: r.unservedTeu, reroutedTeu: cmp.reroutedTeu };
    });
    const key = (x: number | null) => (x === null ? -Infinity : x);
    // Differences at the solver's tolerance are ties, broken by id: two elements in series close the same
    // route and differ only by round-off, which changes with the order the warm master saw the scenarios
    // in (one thread, several, or queue workers). Without this the ranking would depend on where it ran.
    const costTol = 1e-9 * Math.max(1, Math.abs(base.objectiveUsd ?? 0));
    const teuTol = 1e-9 * Math.max(1, base.totalDemandTeu);
    entries.sort((a, b) => descendingWithin(key(a.addedCostUsd), key(b.addedCostUsd), costTol) || descendingWithin(key(a.addedUnservedTeu), key(b.addedUnservedTeu), teuTol) || a.id.localeCompare(b.id));
    entries.forEach((e, i) => (e.rank = i + 1));
    return {
      networkId: network.id,
      base: scenarioSummary(base),
      entries,
      elementCount: elements.length,
      solvedCount: specs.length,
      endpointsIncluded: keepAll,
      excludedEndpointIds,
      workers: runner.workers,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await runner?.close();
    releaseSweepSolver(context);
  }
}
