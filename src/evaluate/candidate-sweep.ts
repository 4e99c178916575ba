import type { Network, NetworkLink } from '../network/index.js';
import type { PathsScenario } from '../assignment/index.js';
import { upgradedLink } from './apply-candidates.js';
import type { Candidate } from './candidates.js';

/** What building one candidate changes in a sweep's warm model (all bound changes, see PathsScenario). */
interface CandidateSwitch {
  /** Elements the candidate changes (a link id, an upgrade target); two candidates on one element are solved cold. */
  touches: string[];
  /** A switchable link to switch on (a new link). */
  open?: string;
  /** An upgraded link and the switchable copy with its upgraded figures that stands in for it. */
  replace?: { linkId: string; copyId: string };
  /** A capacity-only link upgrade: the link's per-direction capacity, TEU/yr. */
  linkCapacity?: { linkId: string; capacityTeuPerYear: number };
  /** A node upgrade: its throughput, TEU/yr. */
  nodeThroughput?: { nodeId: string; throughputTeuPerYear: number };
}

/**
 * One warm model for every scenario of a candidate run. Building a candidate must only change bounds of the
 * live master, never an arc cost (pricing keeps landmark bounds and uncapacitated distances computed on the
 * first solve's costs, valid only if no arc gets cheaper), so the model holds every candidate at once:
 * - a new link is in the graph from the start, switched off until a scenario builds it;
 * - a link upgrade that changes speed, hours or cost is a parallel copy of the link carrying the upgraded
 *   figures (and capacity), switched off; a scenario that builds it switches the copy on and the original off;
 * - a capacity-only link upgrade and a node upgrade are new limits of capacity rows.
 */
export interface CandidateSweep {
  /** The context's network plus, switched off, the new candidate links and the upgrade copies. */
  network: Network;
  /** Links of `network` that are off unless a scenario switches them on (PathsSolverOptions.switchableLinkIds). */
  switchableLinkIds: string[];
  /** Upgrade copy id → id of the link it upgrades. */
  copyOf: Map<string, string>;
  /** Per candidate id: what building it changes, or null when it is solved cold (see candidateSweep). */
  switches: Map<string, CandidateSwitch | null>;
}

/** Link fields that the expanded graph and the optimize result read. */
const GRAPH_FIELDS = ['from', 'to', 'mode', 'gauge', 'name', 'lengthKm', 'costUsdPerTeuKm', 'hours', 'co2KgPerTeuKm', 'capacityTeuPerYear', 'oneway'] as const;
const sameFigures = (a: NetworkLink, b: NetworkLink) => a === b || GRAPH_FIELDS.every((k) => a[k] === b[k]);

/**
 * The warm model of a candidate run (see {@link CandidateSweep}). A candidate is left to a cold solve (switch
 * null) when it cannot be a bound change of that model: an upgrade whose target is missing or not an existing
 * link (the cold solve then reports the error), or a new link whose id is a network link with other figures.
 * @param includeCandidates the run's base `includeCandidates`: network candidate links already on in the base case
 */
export function candidateSweep(network: Network, candidates: readonly Candidate[], includeCandidates: readonly string[] | 'all' | undefined): CandidateSweep {
  const linkById = new Map(network.links.map((l) => [l.id, l]));
  const nodeIds = new Set(network.nodes.map((n) => n.id));
  const onInBase = (l: NetworkLink) => l.status === 'existing' || includeCandidates === 'all' || (includeCandidates ?? []).includes(l.id);
  const added: NetworkLink[] = [];
  const switchableLinkIds: string[] = [];
  const copyOf = new Map<string, string>();
  const switches = new Map<string, CandidateSwitch | null>();
  const taken = new Set([...linkById.keys(), ...candidates.map((c) => c.id)]);
  const freshId = (base: string) => {
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}~${i}`;
    taken.add(id);
    return id;
  };

  for (const c of candidates) {
    if (switches.has(c.id)) {
      // Two candidates with one id: the scenario runner takes the last, so leave that id to cold solves.
      switches.set(c.id, null);
      continue;
    }
    if (c.kind === 'link') {
      const known = linkById.get(c.id);
      if (known) {
        // A network candidate link: built = switched on; already on in the base case = nothing changes.
        if (!sameFigures(known, c.link)) switches.set(c.id, null);
        else if (onInBase(known)) switches.set(c.id, { touches: [c.id] });
        else {
          switchableLinkIds.push(c.id);
          switches.set(c.id, { touches: [c.id], open: c.id });
        }
      } else {
        added.push({ ...c.link, status: 'candidate' });
        linkById.set(c.id, c.link);
        switchableLinkIds.push(c.id);
        switches.set(c.id, { touches: [c.id], open: c.id });
      }
    } else if (c.targetKind === 'node') {
      if (!nodeIds.has(c.target)) switches.set(c.id, null);
      else if (c.throughputTeuPerYear === null) switches.set(c.id, { touches: [c.target] });
      else switches.set(c.id, { touches: [c.target], nodeThroughput: { nodeId: c.target, throughputTeuPerYear: c.throughputTeuPerYear } });
    } else {
      const target = network.links.find((l) => l.id === c.target);
      if (!target || target.status !== 'existing') switches.set(c.id, null);
      else if (c.speedKmh === null && c.hours === null && c.costUsdPerTeuKm === null) {
        switches.set(c.id, c.capacityTeuPerYear === null ? { touches: [c.target] } : { touches: [c.target], linkCapacity: { linkId: c.target, capacityTeuPerYear: c.capacityTeuPerYear } });
      } else {
        const copyId = freshId(`${c.target}~${c.id}`);
        added.push({ ...upgradedLink(target, c), id: copyId, status: 'candidate' });
        switchableLinkIds.push(copyId);
        copyOf.set(copyId, c.target);
        switches.set(c.id, { touches: [c.target], replace: { linkId: c.target, copyId } });
      }
    }
  }
  return { network: added.length ? { ...network, links: [...network.links, ...added] } : network, switchableLinkIds, copyOf, switches };
}

/**
 * The PathsScenario that builds `chosen` in the sweep's model, or null when one of them must be solved cold
 * (its switch is null, or two of them change the same element: applyCandidates merges those in order).
 */
export function candidateScenario(sweep: CandidateSweep, chosen: readonly Candidate[]): PathsScenario | null {
  const openLinkIds: string[] = [];
  const replacedLinkIds: Record<string, string> = {};
  const linkCapacityTeuPerYear: Record<string, number> = {};
  const nodeThroughputTeuPerYear: Record<string, number> = {};
  const touched = new Set<string>();
  for (const c of chosen) {
    const s = sweep.switches.get(c.id);
    if (!s) return null;
    if (s.touches.some((id) => touched.has(id))) return null;
    for (const id of s.touches) touched.add(id);
    if (s.open) openLinkIds.push(s.open);
    if (s.replace) replacedLinkIds[s.replace.linkId] = s.replace.copyId;
    if (s.linkCapacity) linkCapacityTeuPerYear[s.linkCapacity.linkId] = s.linkCapacity.capacityTeuPerYear;
    if (s.nodeThroughput) nodeThroughputTeuPerYear[s.nodeThroughput.nodeId] = s.nodeThroughput.throughputTeuPerYear;
  }
  return { openLinkIds, replacedLinkIds, linkCapacityTeuPerYear, nodeThroughputTeuPerYear };
}
