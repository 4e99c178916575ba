import { modeChainSplit } from './mode-chain-split.js';
import { MODES, type DemandRow, type Mode } from '../network/index.js';
import { arcCostForCommodity, type ExpandedGraph } from '../graph/index.js';
import type {
  AssignmentResult,
  Bottleneck,
  CommodityFlow,
  LinkFlow,
  ModalSplitEntry,
  OdAssignment,
  OdPath,
  TerminalFlow,
} from './assignment-result.js';
import type { FlowSolution } from './flow-solution.js';
import type { Commodity } from './group-commodities.js';
import { cheapestRouteCosts } from './cheapest-route-costs.js';
import type { EffectiveCapacities } from './effective-capacities.js';
import type { ResolvedOptimizeOptions } from './optimize-options.js';
import { decomposeFlow, type FlowDecomposition } from './path-decomposition.js';

/** What the result is about: the problem as solved (the flows come in a FlowSolution). */
export interface AssemblyProblem {
  graph: ExpandedGraph;
  demand: readonly DemandRow[];
  options: ResolvedOptimizeOptions;
  capacities: EffectiveCapacities;
  startedMs: number;
}

/** Utilization is reported as binding from this fraction of capacity when there are no duals. */
const BINDING_UTILIZATION = 1 - 1e-6;

/** Map a formulation's flows back onto links, terminals, OD rows and paths. */
export function assembleResult(input: AssemblyProblem, solution: FlowSolution): AssignmentResult {
  const { graph, demand, options, capacities } = input;
  const { network } = graph;
  const flowsOf = solution.flows;
  const duals = solution.capacityDuals;
  const warnings = [...capacities.warnings];
  const totalDemandTeu = demand.reduce((s, r) => s + r.teuPerYear, 0);
  const carbon = options.carbonPriceUsdPerTonneCo2;
  const penalty = options.unservedPenaltyUsdPerTeu;
  const parameters = {
    valueOfTimeUsdPerTeuHour: options.valueOfTimeUsdPerTeuHour,
    carbonPriceUsdPerTonneCo2: carbon,
    unservedPenaltyUsdPerTeu: penalty,
    closedNodeIds: options.closedNodeIds,
    closedLinkIds: options.closedLinkIds,
    capacityMultipliers: Object.fromEntries(options.capacityMultipliers),
    includeCandidates: options.includeCandidates,
    ignoreCapacities: options.ignoreCapacities,
  };
  const base = {
    networkId: network.id,
    status: solution.status,
    message: solution.message,
    totalDemandTeu,
    shadowPricesAvailable: duals !== null,
    backend: solution.backend,
    solveSeconds: solution.solveSeconds,
    lpSize: solution.lpSize,
    parameters,
  };
  if (flowsOf === null) {
    return {
      ...base,
      objectiveUsd: null,
      objectiveBreakdown: null,
      servedTeu: null,
      unservedTeu: null,
      od: [],
      links: [],
      terminals: [],
      bottlenecks: [],
      modalSplit: [],
      modeChainSplit: [],
      teuKm: null,
      co2Kg: null,
      totalSeconds: (performance.now() - input.startedMs) / 1000,
      warnings,
      commodities: [],
    };
  }

  // Totals over commodities.
  const arcFlow = new Float64Array(graph.arcCount);
  let moneyUsd = 0;
  let timeUsd = 0;
  let carbonUsd = 0;
  let unservedPenaltyUsd = 0;
  let unservedTeu = 0;
  let co2Kg = 0;
  const teuKmByMode = new Map<Mode, number>();
  const commodities: CommodityFlow[] = [];
  const rowServed = new Float64Array(demand.length);
  const rowUnserved = new Float64Array(demand.length);
  const rowCost = new Float64Array(demand.length);
  const rowPaths: OdPath[][] = demand.map(() => []);
  const rowMainModeTeu = new Map<Mode, number>();

  for (const c of solution.commodities) {
    const flows = flowsOf[c.index].arcFlowsTeuPerYear;
    const vot = c.valueOfTimeUsdPerTeuHour;
    for (let i = 0; i < c.arcs.length; i++) {
      const a = c.arcs[i];
      const f = flows[i];
      if (f === 0) continue;
      arcFlow[a] += f;
      moneyUsd += f * graph.arcCostUsd[a];
      timeUsd += f * vot * graph.arcHours[a];
      carbonUsd += (f * carbon * graph.arcCo2Kg[a]) / 1000;
      co2Kg += f * graph.arcCo2Kg[a];
      const mode = graph.arcMode[a];
      if (graph.arcLink[a] >= 0 && mode) teuKmByMode.set(mode, (teuKmByMode.get(mode) ?? 0) + f * graph.arcKm[a]);
    }
    const destUnserved = c.destinations.map((_, j) => {
      const u = flowsOf[c.index].unservedTeuPerYear[j];
      unservedTeu += u;
      unservedPenaltyUsd += u * penalty;
      return u;
    });
    commodities.push({
      originId: network.nodes[c.originNode].id,
      valueOfTimeUsdPerTeuHour: vot,
      destinations: c.destinations.map((d, j) => ({ nodeId: network.nodes[d.node].id, demandTeuPerYear: d.demandTeuPerYear, unservedTeuPerYear: destUnserved[j], demandIndices: d.demandRows })),
      arcIds: c.arcs,
      arcFlowsTeuPerYear: Float64Array.from(flows),
    });

    // Rows of one (origin, VOT, destination) share that destination's flow pro rata.
    const total = c.destinations.reduce((s, d) => s + d.demandTeuPerYear, 0);
    const known = solution.paths?.[c.index];
    const decomposition: FlowDecomposition | null = !options.paths
      ? null
      : known
        ? { paths: [...known], cycleTeuPerYear: 0, residueTeuPerYear: 0 }
        : decomposeFlow(graph, c.originNode, c.arcs, flows, 1e-8 * Math.max(1, total));
    c.destinations.forEach((d, j) => {
      const served = d.demandTeuPerYear - destUnserved[j];
      for (const r of d.demandRows) {
        const share = demand[r].teuPerYear / d.demandTeuPerYear;
        rowUnserved[r] = destUnserved[j] * share;
        rowServed[r] = Math.max(0, served) * share;
      }
      if (!decomposition) return;
      for (const p of decomposition.paths) {
        if (p.destinationNode !== d.node) continue;
        const described = describePathOnce(graph, p.arcs, vot, carbon);
        for (const r of d.demandRows) {
          const share = demand[r].teuPerYear / d.demandTeuPerYear;
          const teu = p.teuPerYear * share;
          rowPaths[r].push({ ...described, teuPerYear: teu, share: teu / demand[r].teuPerYear });
          rowCost[r] += teu * described.generalizedCostUsdPerTeu;
          if (described.mainMode) rowMainModeTeu.set(described.mainMode, (rowMainModeTeu.get(described.mainMode) ?? 0) + teu);
        }
      }
    });
    if (decomposition && decomposition.residueTeuPerYear > 1e-6 * Math.max(1, total)) {
      warnings.push(`flow decomposition of origin ${network.nodes[c.originNode].id} dropped ${decomposition.residueTeuPerYear} TEU/yr of solver round-off`);
    }
    explainUnserved(input, c, destUnserved, warnings);
  }

  const od: OdAssignment[] = demand.map((row, r) => {
    const paths = rowPaths[r].sort((p, q) => q.teuPerYear - p.teuPerYear);
    const pathTeu = paths.reduce((s, p) => s + p.teuPerYear, 0);
    return {
      demandIndex: r,
      row: row.row,
      origin: row.origin,
      destination: row.destination,
      commodity: row.commodity,
      valueOfTimeUsdPerTeuHour: row.valueOfTimeUsdPerTeuHour ?? options.valueOfTimeUsdPerTeuHour,
      demandTeuPerYear: row.teuPerYear,
      servedTeuPerYear: rowServed[r],
      unservedTeuPerYear: rowUnserved[r],
      averageCostUsdPerTeu: pathTeu > 0 ? rowCost[r] / pathTeu : null,
      paths,
    };
  });

  const shadow = (dual: number | undefined): number | null => {
    if (dual === undefined) return null;
    const s = -dual;
    // Round-off of a non-binding row's dual to exactly 0; a real sign error stays visible (checkInvariants).
    return Math.abs(s) <= 1e-9 * Math.max(1, penalty) ? 0 : s;
  };
  const utilizationOf = (flow: number, cap: number): number | null => (Number.isFinite(cap) && cap > 0 ? flow / cap : null);

  const links: LinkFlow[] = [];
  network.links.forEach((l, li) => {
    const closed = capacities.linkClosed[li] === 1;
    for (const a of graph.linkArcs[li]) {
      const reverse = graph.arcReverse[a] === 1;
      const cap = closed ? 0 : capacities.arcCapacityTeuPerYear[a];
      links.push({
        id: l.id,
        name: l.name,
        from: reverse ? l.to : l.from,
        to: reverse ? l.from : l.to,
        mode: l.mode,
        direction: reverse ? 'reverse' : 'forward',
        lengthKm: l.lengthKm,
        flowTeuPerYear: arcFlow[a],
        capacityTeuPerYear: Number.isFinite(cap) ? cap : null,
        utilization: utilizationOf(arcFlow[a], cap),
        shadowPriceUsdPerTeu: closed ? null : shadow(duals?.arc[a]),
        closed,
      });
    }
  });

  const terminals: TerminalFlow[] = network.nodes.map((n, ni) => {
    let flow = 0;
    for (const a of graph.nodeArcs[ni]) flow += arcFlow[a];
    const closed = capacities.nodeClosed[ni] === 1;
    const cap = closed ? 0 : capacities.nodeThroughputTeuPerYear[ni];
    return {
      id: n.id,
      name: n.name,
      kind: n.kind,
      country: n.country,
      throughputTeuPerYear: flow,
      capacityTeuPerYear: Number.isFinite(cap) ? cap : null,
      utilization: utilizationOf(flow, cap),
      shadowPriceUsdPerTeu: closed ? null : shadow(duals?.node[ni]),
      closed,
    };
  });

  const bottlenecks = rankBottlenecks(links, terminals, duals !== null);
  const teuKm = [...teuKmByMode.values()].reduce((s, v) => s + v, 0);
  const modalSplit: ModalSplitEntry[] = MODES.filter((m) => teuKmByMode.has(m) || rowMainModeTeu.has(m)).map((mode) => ({
    mode,
    teuPerYear: rowMainModeTeu.get(mode) ?? 0,
    teuKm: teuKmByMode.get(mode) ?? 0,
    shareOfTeuKm: teuKm > 0 ? (teuKmByMode.get(mode) ?? 0) / teuKm : 0,
  }));

  return {
    ...base,
    objectiveUsd: solution.objectiveUsd,
    objectiveBreakdown: { moneyUsd, timeUsd, carbonUsd, unservedPenaltyUsd },
    servedTeu: totalDemandTeu - unservedTeu,
    unservedTeu,
    od,
    links,
    terminals,
    bottlenecks,
    modalSplit,
    modeChainSplit: modeChainSplit(od),
    teuKm,
    co2Kg,
    totalSeconds: (performance.now() - input.startedMs) / 1000,
    warnings,
    commodities,
  };
}

type PathDescription = Omit<OdPath, 'teuPerYear' | 'share'>;

/**
 * Descriptions of path columns, by their arcs array (the path formulation hands over each column's own
 * arcs, the same object in every scenario of a sweep): a warm sweep describes a route once, not once per
 * scenario. Results only read these descriptions (their arrays are shared, never mutated).
 */
const descriptions = new WeakMap<object, { vot: number; carbon: number; description: PathDescription }>();
function describePathOnce(graph: ExpandedGraph, arcs: readonly number[] | Int32Array, vot: number, carbon: number): PathDescription {
  const hit = descriptions.get(arcs);
  if (hit && hit.vot === vot && hit.carbon === carbon) return hit.description;
  const description = describePath(graph, arcs, vot, carbon);
  descriptions.set(arcs, { vot, carbon, description });
  return description;
}

/** Physical nodes, links, modes and per-TEU totals of a path of expanded-graph arcs. */
function describePath(graph: ExpandedGraph, arcs: readonly number[] | Int32Array, vot: number, carbon: number): PathDescription {
  const { network } = graph;
  const nodeIds: string[] = [];
  const linkIds: string[] = [];
  const modes: Mode[] = [];
  const kmByMode = new Map<Mode, number>();
  let generalizedCostUsdPerTeu = 0;
  let moneyUsdPerTeu = 0;
  let hours = 0;
  let km = 0;
  let co2KgPerTeu = 0;
  for (const a of arcs) {
    generalizedCostUsdPerTeu += arcCostForCommodity(graph, a, vot, carbon);
    moneyUsdPerTeu += graph.arcCostUsd[a];
    hours += graph.arcHours[a];
    km += graph.arcKm[a];
    co2KgPerTeu += graph.arcCo2Kg[a];
    if (graph.arcKind[a] === 'origin') nodeIds.push(network.nodes[graph.arcNode[a]].id);
    const li = graph.arcLink[a];
    if (li < 0) continue;
    const link = network.links[li];
    linkIds.push(link.id);
    nodeIds.push(graph.arcReverse[a] ? link.from : link.to);
    if (modes[modes.length - 1] !== link.mode) modes.push(link.mode);
    kmByMode.set(link.mode, (kmByMode.get(link.mode) ?? 0) + graph.arcKm[a]);
  }
  let mainMode: Mode | null = null;
  for (const [m, k] of kmByMode) if (mainMode === null || k > kmByMode.get(mainMode)!) mainMode = m;
  return { nodeIds, linkIds, modes, mainMode, generalizedCostUsdPerTeu, moneyUsdPerTeu, hours, km, co2KgPerTeu };
}

/** Binding capacities, largest shadow price first (or fullest first without duals). */
function rankBottlenecks(links: LinkFlow[], terminals: TerminalFlow[], withDuals: boolean): Bottleneck[] {
  const out: Bottleneck[] = [];
  const binding = (shadow: number | null, utilization: number | null) =>
    withDuals ? shadow !== null && shadow > 0 : utilization !== null && utilization >= BINDING_UTILIZATION;
  for (const l of links) {
    if (l.closed || l.capacityTeuPerYear === null || !binding(l.shadowPriceUsdPerTeu, l.utilization)) continue;
    out.push({
      kind: 'link', id: l.id, name: l.name, direction: l.direction, from: l.from, to: l.to, mode: l.mode,
      flowTeuPerYear: l.flowTeuPerYear, capacityTeuPerYear: l.capacityTeuPerYear, utilization: l.utilization, shadowPriceUsdPerTeu: l.shadowPriceUsdPerTeu,
    });
  }
  for (const t of terminals) {
    if (t.closed || t.capacityTeuPerYear === null || !binding(t.shadowPriceUsdPerTeu, t.utilization)) continue;
    out.push({
      kind: 'terminal', id: t.id, name: t.name, flowTeuPerYear: t.throughputTeuPerYear, capacityTeuPerYear: t.capacityTeuPerYear,
      utilization: t.utilization, shadowPriceUsdPerTeu: t.shadowPriceUsdPerTeu,
    });
  }
  // Stable sort: ties stay in the order links and then terminals are listed.
  out.sort(compareBottlenecks);
  return out;
}

/** Bottleneck order: largest shadow price first, then fullest, then most flow. */
export function compareBottlenecks(a: Bottleneck, b: Bottleneck): number {
  return (b.shadowPriceUsdPerTeu ?? 0) - (a.shadowPriceUsdPerTeu ?? 0) || (b.utilization ?? 0) - (a.utilization ?? 0) || b.flowTeuPerYear - a.flowTeuPerYear;
}

/** Say why demand is unserved when capacity is not the reason: no open route, or every route dearer than the penalty. */
function explainUnserved(input: AssemblyProblem, c: Commodity, destUnserved: number[], warnings: string[]): void {
  const { graph, options } = input;
  const tolerance = 1e-6 * Math.max(1, ...c.destinations.map((d) => d.demandTeuPerYear));
  if (!destUnserved.some((u) => u > tolerance)) return;
  const costs = Array.from(c.arcs, (a) => arcCostForCommodity(graph, a, c.valueOfTimeUsdPerTeuHour, options.carbonPriceUsdPerTonneCo2));
  const dist = cheapestRouteCosts(graph, c.originNode, c.arcs, costs);
  const origin = graph.network.nodes[c.originNode].id;
  c.destinations.forEach((d, j) => {
    if (destUnserved[j] <= tolerance) return;
    const best = dist[graph.destinationVertex[d.node]];
    const dest = graph.network.nodes[d.node].id;
    if (!Number.isFinite(best)) warnings.push(`${origin} → ${dest}: no open route; ${destUnserved[j]} TEU/yr unserved`);
    else if (best >= options.unservedPenaltyUsdPerTeu) {
      warnings.push(`${origin} → ${dest}: cheapest route costs USD ${best.toFixed(0)}/TEU ≥ the unserved penalty USD ${options.unservedPenaltyUsdPerTeu}/TEU; ${destUnserved[j]} TEU/yr unserved because of cost, not capacity`);
    }
  });
}
