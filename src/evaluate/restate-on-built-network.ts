import type { Network } from '../network/index.js';
import { compareBottlenecks, type AssignmentResult, type Bottleneck, type LinkFlow } from '../assignment/index.js';
import type { Candidate } from './candidates.js';

/** What {@link restateOnBuiltNetwork} needs to know about the scenario. */
export interface BuiltNetworkScenario {
  /** The run's network, without the sweep's additions. */
  network: Network;
  /** The run's base `includeCandidates`. */
  includeCandidates: readonly string[] | 'all' | undefined;
  /** The candidates the scenario builds. */
  chosen: readonly Candidate[];
  /** Upgraded link id → id of the copy that stood in for it (PathsScenario.replacedLinkIds). */
  replacedLinkIds: Readonly<Record<string, string>>;
}

/**
 * A result solved on a candidate sweep's model (every candidate link and upgrade copy in the graph, most of
 * them switched off; see CandidateSweep) restated as the result of `optimize(applyCandidates(network, chosen), …)`:
 * the links of that network in its order (switched-off candidates left out, as inactive candidates are; an
 * upgraded link reported under its own id with the flows, capacity and shadow price of the copy that stood
 * in for it), paths naming the upgraded link instead of its copy, and the bottlenecks ranked as optimize()
 * ranks them. Everything else (objective, terminals, OD rows, modal split) is the same on both networks.
 */
export function restateOnBuiltNetwork<R extends Omit<AssignmentResult, 'commodities'>>(result: R, scenario: BuiltNetworkScenario): R {
  const { network, includeCandidates, chosen } = scenario;
  // The links of applyCandidates(network, chosen) that expandNetwork switches on, in that network's order.
  const built = new Set(chosen.filter((c) => c.kind === 'link').map((c) => c.id));
  const included = (id: string) => includeCandidates === 'all' || (includeCandidates ?? []).includes(id);
  const ids = network.links.filter((l) => l.status === 'existing' || built.has(l.id) || included(l.id)).map((l) => l.id);
  const known = new Set(network.links.map((l) => l.id));
  for (const id of built) if (!known.has(id)) ids.push(id);
  const standIn = new Map(Object.entries(scenario.replacedLinkIds));

  const entries = new Map<string, LinkFlow[]>();
  for (const l of result.links) {
    const list = entries.get(l.id);
    if (list) list.push(l);
    else entries.set(l.id, [l]);
  }
  const links = ids.flatMap((id) => (entries.get(standIn.get(id) ?? id) ?? []).map((l) => (l.id === id ? l : { ...l, id })));
  const position = new Map(links.map((l, i) => [`${l.id}|${l.direction}`, i]));
  const nodePosition = new Map(network.nodes.map((n, i) => [n.id, links.length + i]));
  const reportedAs = new Map([...standIn].map(([linkId, copyId]) => [copyId, linkId]));
  const bottlenecks: Bottleneck[] = [];
  for (const b of result.bottlenecks) {
    if (b.kind === 'terminal') bottlenecks.push(b);
    else {
      const id = reportedAs.get(b.id) ?? b.id;
      if (position.has(`${id}|${b.direction}`)) bottlenecks.push(id === b.id ? b : { ...b, id });
    }
  }
  const at = (b: Bottleneck) => (b.kind === 'terminal' ? nodePosition.get(b.id)! : position.get(`${b.id}|${b.direction}`)!);
  // optimize()'s order; ties in the order the links and then the terminals are listed.
  bottlenecks.sort((a, b) => compareBottlenecks(a, b) || at(a) - at(b));
  const od =
    reportedAs.size === 0
      ? result.od
      : result.od.map((row) => ({ ...row, paths: row.paths.map((p) => (p.linkIds.some((id) => reportedAs.has(id)) ? { ...p, linkIds: p.linkIds.map((id) => reportedAs.get(id) ?? id) } : p)) }));
  return { ...result, links, bottlenecks, od };
}
