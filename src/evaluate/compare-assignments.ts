import type { Mode } from '../network/index.js';
import type { ObjectiveBreakdown } from '../assignment/index.js';
import type { ScenarioAssignment } from './run-scenario.js';

/** Change of the flow on one direction of one link between two assignments. */
export interface LinkFlowChange {
  id: string;
  name: string | null;
  direction: 'forward' | 'reverse';
  from: string;
  to: string;
  mode: Mode;
  baseTeuPerYear: number;
  newTeuPerYear: number;
  /** new − base, TEU/yr. */
  deltaTeuPerYear: number;
}

/** Change of a node's throughput. */
export interface TerminalFlowChange {
  id: string;
  name: string;
  baseTeuPerYear: number;
  newTeuPerYear: number;
  deltaTeuPerYear: number;
  /** In the new assignment: throughput / limit (null when unlimited). */
  utilization: number | null;
  /** In the new assignment, USD per TEU/yr of extra throughput (see ShadowPriceUsdPerTeu). */
  shadowPriceUsdPerTeu: number | null;
}

/** Change by mode: TEU whose main mode it is, and TEU-km on its links. */
export interface ModeFlowChange {
  mode: Mode;
  baseTeuPerYear: number;
  newTeuPerYear: number;
  deltaTeuPerYear: number;
  baseTeuKm: number;
  newTeuKm: number;
  deltaTeuKm: number;
}

/** How a second assignment differs from a base one (same network ids and the same demand rows). */
export interface AssignmentComparison {
  /** new − base objective, USD/yr (positive = dearer). null when either has no solution. */
  addedCostUsd: number | null;
  addedCostBreakdown: ObjectiveBreakdown | null;
  /** new − base unserved demand, TEU/yr. */
  addedUnservedTeu: number | null;
  /**
   * TEU/yr still carried but on another route: per demand row, the flow that left the row's base paths
   * (Σ over paths of max(0, base − new)) minus what became unserved, summed over rows. null when either
   * assignment has no path decomposition.
   */
  reroutedTeu: number | null;
  /** ½ Σ over link directions of |Δflow|, TEU/yr: a route-length-weighted measure of flow that moved. */
  linkFlowShiftTeu: number | null;
  /** Link directions whose flow changed, largest |Δ| first. */
  links: LinkFlowChange[];
  /** Nodes whose throughput changed, largest |Δ| first. */
  terminals: TerminalFlowChange[];
  modes: ModeFlowChange[];
}

const diffBreakdown = (a: ObjectiveBreakdown, b: ObjectiveBreakdown): ObjectiveBreakdown => ({
  moneyUsd: b.moneyUsd - a.moneyUsd,
  timeUsd: b.timeUsd - a.timeUsd,
  carbonUsd: b.carbonUsd - a.carbonUsd,
  unservedPenaltyUsd: b.unservedPenaltyUsd - a.unservedPenaltyUsd,
});

/** Flow changes smaller than this share of total demand are solver round-off, not changes. */
const RELATIVE_EPSILON = 1e-7;

/** The totals of an {@link AssignmentComparison}: what a sweep ranks by. */
export type AssignmentTotals = Pick<AssignmentComparison, 'addedCostUsd' | 'addedCostBreakdown' | 'addedUnservedTeu' | 'reroutedTeu'>;

/**
 * The totals of compareAssignments without the per-link, per-terminal and per-mode changes. Why separate:
 * an N-1 sweep ranks hundreds of scenarios by these alone, and building the change lists was a tenth of a
 * warm scenario's time (BENCHMARKS.md, "Column generation").
 */
export function compareAssignmentTotals(base: ScenarioAssignment, next: ScenarioAssignment): AssignmentTotals {
  const eps = RELATIVE_EPSILON * Math.max(1, base.totalDemandTeu);
  const solved = base.objectiveUsd !== null && next.objectiveUsd !== null;
  return {
    addedCostUsd: solved ? next.objectiveUsd! - base.objectiveUsd! : null,
    addedCostBreakdown: base.objectiveBreakdown && next.objectiveBreakdown ? diffBreakdown(base.objectiveBreakdown, next.objectiveBreakdown) : null,
    addedUnservedTeu: base.unservedTeu !== null && next.unservedTeu !== null ? next.unservedTeu - base.unservedTeu : null,
    reroutedTeu: solved ? reroutedTeu(base, next, eps) : null,
  };
}

/**
 * Compare two assignments of the same demand: added cost and its parts, added unserved demand, rerouted
 * TEU, and the links, terminals and modes whose flows changed.
 * @example compareAssignments(base, closedSuez).links[0] // the link that gained or lost the most TEU
 */
export function compareAssignments(base: ScenarioAssignment, next: ScenarioAssignment): AssignmentComparison {
  const eps = RELATIVE_EPSILON * Math.max(1, base.totalDemandTeu);
  const solved = base.objectiveUsd !== null && next.objectiveUsd !== null;

  const linkKey = (id: string, direction: string) => `${id}|${direction}`;
  const baseLinks = new Map(base.links.map((l) => [linkKey(l.id, l.direction), l]));
  const changes = new Map<string, LinkFlowChange>();
  for (const l of base.links) {
    changes.set(linkKey(l.id, l.direction), { id: l.id, name: l.name, direction: l.direction, from: l.from, to: l.to, mode: l.mode, baseTeuPerYear: l.flowTeuPerYear, newTeuPerYear: 0, deltaTeuPerYear: 0 });
  }
  for (const l of next.links) {
    const key = linkKey(l.id, l.direction);
    const c = changes.get(key) ?? { id: l.id, name: l.name, direction: l.direction, from: l.from, to: l.to, mode: l.mode, baseTeuPerYear: baseLinks.get(key)?.flowTeuPerYear ?? 0, newTeuPerYear: 0, deltaTeuPerYear: 0 };
    c.newTeuPerYear = l.flowTeuPerYear;
    changes.set(key, c);
  }
  let shift = 0;
  const links: LinkFlowChange[] = [];
  for (const c of changes.values()) {
    c.deltaTeuPerYear = c.newTeuPerYear - c.baseTeuPerYear;
    shift += Math.abs(c.deltaTeuPerYear);
    if (Math.abs(c.deltaTeuPerYear) > eps) links.push(c);
  }
  links.sort((a, b) => Math.abs(b.deltaTeuPerYear) - Math.abs(a.deltaTeuPerYear));

  const baseTerminals = new Map(base.terminals.map((t) => [t.id, t]));
  const terminals: TerminalFlowChange[] = [];
  for (const t of next.terminals) {
    const before = baseTerminals.get(t.id)?.throughputTeuPerYear ?? 0;
    const delta = t.throughputTeuPerYear - before;
    if (Math.abs(delta) > eps) {
      terminals.push({ id: t.id, name: t.name, baseTeuPerYear: before, newTeuPerYear: t.throughputTeuPerYear, deltaTeuPerYear: delta, utilization: t.utilization, shadowPriceUsdPerTeu: t.shadowPriceUsdPerTeu });
    }
  }
  terminals.sort((a, b) => Math.abs(b.deltaTeuPerYear) - Math.abs(a.deltaTeuPerYear));

  const modeSet = new Set<Mode>([...base.modalSplit.map((m) => m.mode), ...next.modalSplit.map((m) => m.mode)]);
  const modes: ModeFlowChange[] = [...modeSet].map((mode) => {
    const b = base.modalSplit.find((m) => m.mode === mode);
    const n = next.modalSplit.find((m) => m.mode === mode);
    const bt = b?.teuPerYear ?? 0;
    const nt = n?.teuPerYear ?? 0;
    const bk = b?.teuKm ?? 0;
    const nk = n?.teuKm ?? 0;
    return { mode, baseTeuPerYear: bt, newTeuPerYear: nt, deltaTeuPerYear: nt - bt, baseTeuKm: bk, newTeuKm: nk, deltaTeuKm: nk - bk };
  });

  return {
    ...compareAssignmentTotals(base, next),
    linkFlowShiftTeu: solved ? shift / 2 : null,
    links,
    terminals,
    modes,
  };
}

/**
 * TEU/yr of an OD row per route (its link ids), memoized per row object: a sweep compares every scenario
 * with the same base result, whose routes are then keyed once, not once per scenario (results are not
 * mutated once built).
 */
const routeFlows = new WeakMap<object, Map<string, number>>();
function flowByRoute(row: ScenarioAssignment['od'][number]): Map<string, number> {
  let flows = routeFlows.get(row);
  if (!flows) {
    flows = new Map<string, number>();
    for (const p of row.paths) {
      const key = p.linkIds.join('>');
      flows.set(key, (flows.get(key) ?? 0) + p.teuPerYear);
    }
    routeFlows.set(row, flows);
  }
  return flows;
}

/** See {@link AssignmentComparison.reroutedTeu}. null when a solved assignment carries no paths. */
function reroutedTeu(base: ScenarioAssignment, next: ScenarioAssignment, eps: number): number | null {
  const hasPaths = (r: ScenarioAssignment) => r.od.length > 0 && r.od.every((o) => o.servedTeuPerYear <= eps || o.paths.length > 0);
  if (!hasPaths(base) || !hasPaths(next)) return null;
  const nextByRow = new Map(next.od.map((o) => [o.demandIndex, o]));
  let total = 0;
  for (const b of base.od) {
    const n = nextByRow.get(b.demandIndex);
    if (!n) continue;
    const newFlow = flowByRoute(n);
    let left = 0;
    for (const [key, f] of flowByRoute(b)) left += Math.max(0, f - (newFlow.get(key) ?? 0));
    const moreUnserved = Math.max(0, n.unservedTeuPerYear - b.unservedTeuPerYear);
    const rerouted = left - moreUnserved;
    if (rerouted > eps) total += rerouted;
  }
  return total;
}
