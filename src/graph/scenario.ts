import { closestNames, InvalidArgumentError, NotFoundError } from '../shared/index.js';
import type { ExpandedGraph } from './expanded-graph.js';

/**
 * One scenario: what a solve changes against its base problem. Every scenario-heavy feature speaks this one
 * type: `optimize`'s closures and derates (OptimizeOptions extends it), routing's `avoid`, disrupt,
 * criticality, the candidate scenarios of evaluate, the warm sweeps of the path solver (PathsScenario) and the
 * scenario sets of resilience and plan (which add an id and a probability). Ids are physical
 * node and link ids; named disruptions (suez, malacca, …) are resolved to ids before (resolveClosures).
 */
export interface Scenario {
  /** Nodes closed: nothing starts, ends or passes there. Their demand becomes unserved. */
  closedNodeIds?: readonly string[];
  /** Links closed in both directions. */
  closedLinkIds?: readonly string[];
  /**
   * Derating: node or link id → factor ≥ 0 on its throughput / per-direction capacity (0.5 = half, 0 = closed
   * but still priced: its shadow price is the value of reopening it). An unlimited capacity stays unlimited.
   */
  capacityMultipliers?: Readonly<Record<string, number>>;
  /** Link id → per-direction capacity, TEU/yr, replacing the network's before multipliers (null = unlimited). */
  linkCapacityTeuPerYear?: Readonly<Record<string, number | null>>;
  /** Node id → throughput limit, TEU/yr, replacing the network's before multipliers (null = unlimited). */
  nodeThroughputTeuPerYear?: Readonly<Record<string, number | null>>;
  /** Switchable links (candidates of a warm sweep: PathsSolverOptions.switchableLinkIds) that are on. */
  openLinkIds?: readonly string[];
  /**
   * Link id → id of a switchable link that stands in for it (a copy with upgraded speed or cost): the link's
   * arcs are off, its stand-in's are on, and closures, multipliers and capacities given for the link apply to
   * the stand-in.
   */
  replacedLinkIds?: Readonly<Record<string, string>>;
  /** Candidates (of a run's candidate list) built in this scenario: evaluate, plan and the robust portfolio. */
  candidateIds?: readonly string[];
  /** Changes of the demand, in order (scenario sets: docs/scenario-set-format.md). */
  demand?: readonly DemandChange[];
}

/**
 * A change of the demand of the rows that match `origin` and/or `destination` (node ids; an absent one
 * matches any): either a factor on their volume or a new volume per row, TEU/yr.
 */
export interface DemandChange {
  origin?: string;
  destination?: string;
  /** × the row's volume. */
  factor?: number;
  /** The new volume of each matching row, TEU/yr. */
  teuPerYear?: number;
  /** Where the change comes from. */
  source?: string;
}

/** The closures of a scenario (what routing's `avoid` and a disruption's `close` resolve to). */
export type Closures = Pick<Scenario, 'closedNodeIds' | 'closedLinkIds'>;

/** A scenario's closures and derates with every field present (named disruptions already expanded to ids). */
export interface ClosuresAndDerates extends Required<Pick<Scenario, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers'>> {
  closedNodeIds: string[];
  closedLinkIds: string[];
  capacityMultipliers: Record<string, number>;
}

/**
 * The parts of a scenario beyond closures and multipliers, as indices into `graph.network` (what
 * effectiveCapacities in src/assignment/ applies). Built by {@link resolveScenarioSwitches}.
 */
export interface ScenarioSwitches {
  /**
   * 1 for links whose arcs are in the graph but switched off in this scenario (candidates not built, links
   * replaced by a stand-in): their arcs are closed, and a multiplier on them has no effect, as on an inactive
   * candidate. Unlike a closure this is not reported as `closed`.
   */
  linkOff?: Uint8Array;
  /**
   * Per link, the link standing in for it in this scenario (the same link with other figures), or −1.
   * Closures and capacity multipliers on a link apply to its stand-in.
   */
  linkStandIn?: Int32Array;
  /** Link index → per-direction capacity before multipliers, TEU/yr (Infinity = unlimited); set on its stand-in if it has one. */
  linkCapacityTeuPerYear?: ReadonlyMap<number, number>;
  /** Node index → throughput before multipliers, TEU/yr (Infinity = unlimited). */
  nodeThroughputTeuPerYear?: ReadonlyMap<number, number>;
}

/** A capacity given in a scenario: null = unlimited, else a finite number ≥ 0. */
function capacityOf(what: string, value: number | null): number {
  if (value === null) return Infinity;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`${what} must be a finite number ≥ 0 (TEU/yr) or null, got ${String(value)}`);
  return value;
}

/**
 * Check a scenario's switches and capacities against the graph and turn them into indices: switchable links
 * off unless opened or standing in, replaced links off, capacity overrides by index. `switchable` are the
 * links of the graph that are off unless a scenario switches them on.
 * @throws NotFoundError for an unknown id; InvalidArgumentError for a link that is not switchable where one
 *   must be, a stand-in used twice, or a bad capacity
 */
export function resolveScenarioSwitches(graph: ExpandedGraph, switchable: readonly string[], scenario: Scenario): ScenarioSwitches {
  const { network, linkIndex, nodeIndex } = graph;
  const replaced = Object.entries(scenario.replacedLinkIds ?? {});
  const links = Object.entries(scenario.linkCapacityTeuPerYear ?? {});
  const nodes = Object.entries(scenario.nodeThroughputTeuPerYear ?? {});
  if (switchable.length === 0 && replaced.length === 0 && links.length === 0 && nodes.length === 0 && !scenario.openLinkIds?.length) return {};
  const linkOff = new Uint8Array(network.links.length);
  for (const id of switchable) linkOff[linkIndex.get(id)!] = 1;
  const isSwitchable = linkOff.slice();
  const linkAt = (id: string, what: string) => {
    const l = linkIndex.get(id);
    if (l === undefined) throw new NotFoundError(what, id, closestNames(id, linkIndex.keys()));
    return l;
  };
  const switchableAt = (id: string, what: string) => {
    const l = linkAt(id, what);
    if (!isSwitchable[l]) throw new InvalidArgumentError(`${what} "${id}" is not one of the solver's switchable links (switchableLinkIds)`);
    return l;
  };
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
}

/**
 * Which arcs of the expanded graph a scenario leaves open: 1 = open, 0 = closed (the one polarity; routing,
 * the arc LP and the path master all read it). A closed node loses all its node arcs (origin, destination,
 * pass, transfer, gauge), so nothing can start, end or pass there; the link arcs into it become dead ends.
 * A closed or switched-off link loses both directions.
 * @param nodeClosed 1 per closed node (network order)
 * @param linkClosed 1 per closed link (network order)
 * @param linkOff 1 per switched-off link (ScenarioSwitches.linkOff), optional
 */
export function openArcs(graph: ExpandedGraph, nodeClosed: Uint8Array, linkClosed: Uint8Array, linkOff?: Uint8Array): Uint8Array {
  const arcOpen = new Uint8Array(graph.arcCount).fill(1);
  for (let a = 0; a < graph.arcCount; a++) {
    const link = graph.arcLink[a];
    const node = graph.arcNode[a];
    if ((link >= 0 && (linkClosed[link] || linkOff?.[link])) || (node >= 0 && nodeClosed[node])) arcOpen[a] = 0;
  }
  return arcOpen;
}

/** 1 per node / link of the graph's network that `closures` names (unknown ids are ignored: checked at the edge). */
export function closedElements(graph: ExpandedGraph, closures: Closures): { nodeClosed: Uint8Array; linkClosed: Uint8Array } {
  const nodeClosed = new Uint8Array(graph.network.nodes.length);
  const linkClosed = new Uint8Array(graph.network.links.length);
  for (const id of closures.closedNodeIds ?? []) {
    const n = graph.nodeIndex.get(id);
    if (n !== undefined) nodeClosed[n] = 1;
  }
  for (const id of closures.closedLinkIds ?? []) {
    const l = graph.linkIndex.get(id);
    if (l !== undefined) linkClosed[l] = 1;
  }
  return { nodeClosed, linkClosed };
}
