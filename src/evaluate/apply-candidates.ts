import { InvalidArgumentError } from '../shared/index.js';
import type { Network, NetworkLink, NetworkNode } from '../network/index.js';
import type { Candidate, UpgradeCandidate } from './candidates.js';

/** A link after an upgrade: capacity, speed / time and money cost replaced where the upgrade sets them. */
export function upgradedLink(link: NetworkLink, u: UpgradeCandidate): NetworkLink {
  const out: NetworkLink = { ...link, defaulted: [...link.defaulted] };
  const changed: string[] = [];
  if (u.capacityTeuPerYear !== null) out.capacityTeuPerYear = u.capacityTeuPerYear;
  if (u.speedKmh !== null) {
    out.speedKmh = u.speedKmh;
    out.hours = link.lengthKm / u.speedKmh;
    changed.push('speedKmh', 'hours');
  }
  if (u.hours !== null) {
    // Like a network link that gives `hours` directly: the speed is then not an input.
    out.hours = u.hours;
    out.speedKmh = null;
    changed.push('speedKmh', 'hours');
  }
  if (u.costUsdPerTeuKm !== null) {
    out.costUsdPerTeuKm = u.costUsdPerTeuKm;
    changed.push('costUsdPerTeuKm');
  }
  out.defaulted = out.defaulted.filter((p) => !changed.includes(p));
  return out;
}

/** A node after an upgrade of its throughput. */
export function upgradedNode(node: NetworkNode, u: UpgradeCandidate): NetworkNode {
  return u.throughputTeuPerYear === null ? node : { ...node, throughputTeuPerYear: u.throughputTeuPerYear };
}

/**
 * The network with some candidates built: new links become existing links (a network candidate link of the
 * same id is switched on in place), upgrades replace the figures of their target. Candidate links of the
 * network that are not in `candidates` stay off. Does not mutate its input.
 * @throws InvalidArgumentError when an upgrade's target is not in the network (candidates validated
 *   against another network)
 * @example optimize(applyCandidates(net, [second-track]), demand)
 */
export function applyCandidates(network: Network, candidates: readonly Candidate[]): Network {
  if (candidates.length === 0) return network;
  const links = network.links.slice();
  const nodes = network.nodes.slice();
  const linkAt = new Map(links.map((l, i) => [l.id, i]));
  const nodeAt = new Map(nodes.map((n, i) => [n.id, i]));
  for (const c of candidates) {
    if (c.kind === 'link') {
      const built: NetworkLink = { ...c.link, status: 'existing' };
      const at = linkAt.get(c.id);
      if (at !== undefined) links[at] = built;
      else {
        linkAt.set(c.id, links.length);
        links.push(built);
      }
    } else if (c.targetKind === 'link') {
      const at = linkAt.get(c.target);
      if (at === undefined) throw new InvalidArgumentError(`upgrade "${c.id}": target link "${c.target}" is not in network "${network.id}"`);
      links[at] = upgradedLink(links[at], c);
    } else {
      const at = nodeAt.get(c.target);
      if (at === undefined) throw new InvalidArgumentError(`upgrade "${c.id}": target node "${c.target}" is not in network "${network.id}"`);
      nodes[at] = upgradedNode(nodes[at], c);
    }
  }
  return { ...network, nodes, links };
}

/**
 * The network with every new-link candidate added but off (`status: 'candidate'`), so that their ids are
 * known to the optimizer and `includeCandidates` can switch any subset on. Upgrades are not applied.
 */
export function withCandidateLinks(network: Network, candidates: readonly Candidate[]): Network {
  const known = new Set(network.links.map((l) => l.id));
  const added = candidates.filter((c) => c.kind === 'link' && !known.has(c.id)).map((c) => ({ ...(c as { link: NetworkLink }).link, status: 'candidate' as const }));
  return added.length ? { ...network, links: [...network.links, ...added] } : network;
}
