import type { LpStatus } from '../../solver/lp-model.js';
import { closestNames, InvalidArgumentError, NotFoundError } from '../shared/index.js';
import { NAMED_DISRUPTIONS, resolveClosures, type DemandRow, type Network } from '../network/index.js';
import { baseOptionsOf, releaseSweepSolver, type Bottleneck, type ObjectiveBreakdown } from '../assignment/index.js';
import type { ClosuresAndDerates } from '../graph/index.js';
import { compareAssignments, type LinkFlowChange, type ModeFlowChange, type TerminalFlowChange } from './compare-assignments.js';
import { runScenario, type ScenarioAssignment, type ScenarioContext, type ScenarioOptimizeOptions } from './run-scenario.js';

/** What is disrupted: closures and deratings, by named disruption or by node / link id. */
export interface DisruptionSpec {
  /** Named disruptions (suez, malacca, …; see NAMED_DISRUPTIONS), node ids or link ids to close. */
  close?: readonly string[];
  /** Name or id → capacity factor ≥ 0 (0.5 = half). A named disruption derates each of its nodes. */
  derate?: Readonly<Record<string, number>>;
}

/** Options of {@link disrupt}: the optimize options of both solves. */
export interface DisruptOptions extends ScenarioOptimizeOptions {
  /** Link directions, terminals and OD rows listed (largest change first). Default 15. */
  top?: number;
}

/** The numbers of one solve that a disruption report compares. */
export interface ScenarioSummary {
  status: LpStatus;
  objectiveUsd: number | null;
  objectiveBreakdown: ObjectiveBreakdown | null;
  servedTeu: number | null;
  unservedTeu: number | null;
  teuKm: number | null;
  co2Kg: number | null;
}

/** How one OD row fares under the disruption. */
export interface OdDisruption {
  origin: string;
  destination: string;
  demandTeuPerYear: number;
  /** Mean generalized cost per served TEU, USD; null when nothing is served. */
  baseCostUsdPerTeu: number | null;
  disruptedCostUsdPerTeu: number | null;
  addedUnservedTeu: number;
  /** Node ids of the row's largest path, before and after (empty when unserved). */
  baseRoute: string[];
  disruptedRoute: string[];
}

/** Result of {@link disrupt}. */
export interface DisruptionReport {
  networkId: string;
  closedNodeIds: string[];
  closedLinkIds: string[];
  capacityMultipliers: Record<string, number>;
  base: ScenarioSummary;
  disrupted: ScenarioSummary;
  /** Disrupted − base objective, USD/yr, and its parts. */
  addedCostUsd: number | null;
  addedCostBreakdown: ObjectiveBreakdown | null;
  /** Unserved demand under the disruption, TEU/yr, and the change from the base. */
  unservedTeu: number | null;
  addedUnservedTeu: number | null;
  /** TEU/yr still carried but on another route (see docs/candidates-format.md: per OD row, flow that left its base paths minus what became unserved). */
  reroutedTeu: number | null;
  /** ½ Σ |Δ flow| over link directions, TEU/yr. */
  linkFlowShiftTeu: number | null;
  /** Link directions whose flow changed most. */
  links: LinkFlowChange[];
  /** Terminals whose throughput changed most, with their utilization and shadow price under the disruption. */
  terminals: TerminalFlowChange[];
  modes: ModeFlowChange[];
  /** OD rows whose cost, route or service changed most. */
  od: OdDisruption[];
  /** Binding capacities under the disruption. */
  bottlenecks: Bottleneck[];
  warnings: string[];
}

/**
 * Node and link ids a disruption closes and the capacity factors it sets, checked against the network.
 * @throws NotFoundError for an unknown name or id; InvalidArgumentError for a bad factor or a named disruption
 *   with no node in the network
 */
export function resolveDisruption(network: Network, spec: DisruptionSpec): ClosuresAndDerates {
  const { nodeIds, linkIds } = resolveClosures(network, [...(spec.close ?? [])]);
  const nodes = new Set(network.nodes.map((n) => n.id));
  const links = new Set(network.links.map((l) => l.id));
  const multipliers: Record<string, number> = {};
  for (const [key, factor] of Object.entries(spec.derate ?? {})) {
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0) {
      throw new InvalidArgumentError(`derate factor of "${key}" must be a finite number ≥ 0 (0.5 = half the capacity), got ${String(factor)}`);
    }
    const named = NAMED_DISRUPTIONS[key.toLowerCase()];
    const ids = named ? named.nodeIds.filter((id) => nodes.has(id)) : [key];
    // As for closures (resolveClosures): a named derating that touches nothing would answer another question.
    if (named && !ids.length) {
      throw new InvalidArgumentError(`named disruption "${key}" derates ${named.nodeIds.map((id) => `node "${id}"`).join(', ')}, which network "${network.id}" does not have`);
    }
    if (!named && !nodes.has(key) && !links.has(key)) {
      throw new NotFoundError('node, link or named disruption to derate', key, closestNames(key, [...Object.keys(NAMED_DISRUPTIONS), ...nodes, ...links], 5));
    }
    for (const id of ids) multipliers[id] = (multipliers[id] ?? 1) * factor;
  }
  return { closedNodeIds: nodeIds, closedLinkIds: linkIds, capacityMultipliers: multipliers };
}

/** The summary numbers of an assignment. */
export function scenarioSummary(r: ScenarioAssignment): ScenarioSummary {
  return { status: r.status, objectiveUsd: r.objectiveUsd, objectiveBreakdown: r.objectiveBreakdown, servedTeu: r.servedTeu, unservedTeu: r.unservedTeu, teuKm: r.teuKm, co2Kg: r.co2Kg };
}

/**
 * Close or derate nodes and links, re-solve, and report what it costs: the added cost (objective difference,
 * with its parts), the unserved TEU, the rerouted TEU, and the links, terminals, modes and OD rows that changed.
 * @throws NotFoundError for an unknown name or id
 * @example
 *   const r = await disrupt(net, demand, { close: ['suez'] });
 *   r.addedCostUsd; r.links.find((l) => l.id.includes('cape'))
 */
export async function disrupt(network: Network, demand: readonly DemandRow[], spec: DisruptionSpec, options: DisruptOptions = {}): Promise<DisruptionReport> {
  const { top = 15, ...optimizeOptions } = options;
  const resolved = resolveDisruption(network, spec);
  // Both solves as scenarios of one run, so that the path formulation (method 'paths') re-solves warm.
  const context: ScenarioContext = { network, demand: [...demand], candidates: [], options: { resolved: baseOptionsOf(network, demand, optimizeOptions) } };
  let base: ScenarioAssignment;
  let disrupted: ScenarioAssignment;
  try {
    base = (await runScenario(context, { id: 'base' })).result;
    disrupted = (await runScenario(context, { id: 'disrupted', ...resolved })).result;
  } finally {
    releaseSweepSolver(context);
  }
  const cmp = compareAssignments(base, disrupted);
  return {
    networkId: network.id,
    ...resolved,
    base: scenarioSummary(base),
    disrupted: scenarioSummary(disrupted),
    addedCostUsd: cmp.addedCostUsd,
    addedCostBreakdown: cmp.addedCostBreakdown,
    unservedTeu: disrupted.unservedTeu,
    addedUnservedTeu: cmp.addedUnservedTeu,
    reroutedTeu: cmp.reroutedTeu,
    linkFlowShiftTeu: cmp.linkFlowShiftTeu,
    links: cmp.links.slice(0, top),
    terminals: cmp.terminals.slice(0, top),
    modes: cmp.modes,
    od: odChanges(base, disrupted).slice(0, top),
    bottlenecks: disrupted.bottlenecks.slice(0, top),
    warnings: disrupted.warnings,
  };
}

/** OD rows whose cost per TEU, main route or service changed, largest yearly cost change first. */
function odChanges(base: ScenarioAssignment, next: ScenarioAssignment): OdDisruption[] {
  const nextByRow = new Map(next.od.map((o) => [o.demandIndex, o]));
  const rows: (OdDisruption & { weight: number })[] = [];
  for (const b of base.od) {
    const n = nextByRow.get(b.demandIndex);
    if (!n) continue;
    const baseRoute = b.paths[0]?.nodeIds ?? [];
    const disruptedRoute = n.paths[0]?.nodeIds ?? [];
    const addedUnservedTeu = n.unservedTeuPerYear - b.unservedTeuPerYear;
    const costDelta = (n.averageCostUsdPerTeu ?? 0) - (b.averageCostUsdPerTeu ?? 0);
    const weight = Math.abs(costDelta) * n.servedTeuPerYear + Math.abs(addedUnservedTeu) * base.parameters.unservedPenaltyUsdPerTeu;
    const tol = 1e-7 * Math.max(1, b.demandTeuPerYear);
    if (weight <= tol && baseRoute.join() === disruptedRoute.join()) continue;
    rows.push({
      origin: b.origin,
      destination: b.destination,
      demandTeuPerYear: b.demandTeuPerYear,
      baseCostUsdPerTeu: b.averageCostUsdPerTeu,
      disruptedCostUsdPerTeu: n.averageCostUsdPerTeu,
      addedUnservedTeu,
      baseRoute,
      disruptedRoute,
      weight,
    });
  }
  return rows.sort((a, b) => b.weight - a.weight).map(({ weight: _w, ...r }) => r);
}
