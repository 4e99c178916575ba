import { isDeepStrictEqual } from 'node:util';
import { InconsistentNetworkError, type Problem } from '../shared/index.js';
import type { Network, NetworkLink, NetworkNode } from './network.js';

const comparable = <T extends NetworkNode | NetworkLink>(f: T) => ({ ...f, featureIndex: 0 });

/**
 * Union of networks that share some nodes or links (e.g. Chongqing, Xi'an, Lanzhou are in both
 * corridors). A feature present in several inputs must be identical in each; otherwise the merge
 * fails with every conflict listed, since silently picking one would change costs.
 */
export function mergeNetworks(id: string, name: string, parts: Network[], description: string | null = null): Network {
  const nodes = new Map<string, NetworkNode>();
  const links = new Map<string, NetworkLink>();
  const origin = new Map<string, string>();
  const problems: Problem[] = [];
  for (const part of parts) {
    for (const n of part.nodes) {
      const prev = nodes.get(n.id);
      if (!prev) {
        nodes.set(n.id, { ...n, featureIndex: -1 });
        origin.set(n.id, part.id);
      } else if (!isDeepStrictEqual(comparable(prev), comparable(n))) {
        problems.push({ path: `${part.id}: node ${n.id}`, id: n.id, message: `node "${n.id}" differs between "${origin.get(n.id)}" and "${part.id}"` });
      }
    }
    for (const l of part.links) {
      const prev = links.get(l.id);
      if (!prev) {
        if (nodes.has(l.id) || origin.has(`link:${l.id}`)) {
          problems.push({ path: `${part.id}: link ${l.id}`, id: l.id, message: `link id "${l.id}" is also a node id` });
        }
        links.set(l.id, { ...l, featureIndex: -1 });
        origin.set(`link:${l.id}`, part.id);
      } else if (!isDeepStrictEqual(comparable(prev), comparable(l))) {
        problems.push({ path: `${part.id}: link ${l.id}`, id: l.id, message: `link "${l.id}" differs between "${origin.get(`link:${l.id}`)}" and "${part.id}"` });
      }
    }
  }
  if (problems.length) throw new InconsistentNetworkError(`cannot merge into "${id}": ${problems.map((p) => p.message).join('; ')}`, problems);
  return { id, name, description, nodes: [...nodes.values()], links: [...links.values()], warnings: parts.flatMap((p) => p.warnings) };
}
