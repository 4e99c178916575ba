import { matchScore, NotFoundError } from '../shared/index.js';
import type { Network, NetworkNode } from './network.js';

const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[’'`]/g, '').replace(/[\s_-]+/g, ' ').trim();

/**
 * Find a node by id, name or alias, case- and accent-insensitive ("xian", "Xi'an", "XI AN" all find xian).
 * An unknown name throws a NotFoundError listing the closest names.
 */
export function findNode(network: Network, query: string): NetworkNode {
  const q = norm(query);
  const byId = network.nodes.find((n) => n.id === query) ?? network.nodes.find((n) => norm(n.id) === q);
  if (byId) return byId;
  const exact = network.nodes.find((n) => norm(n.name) === q || n.aliases.some((a) => norm(a) === q));
  if (exact) return exact;
  // A name that starts with the query, when it is unambiguous ("Chongqing (Tuanjiecun …)").
  const prefixed = network.nodes.filter((n) => norm(n.name).startsWith(q));
  if (prefixed.length === 1) return prefixed[0];
  throw new NotFoundError('node', query, suggestNodes(network, query));
}

/**
 * Node ids whose id, name or alias is close to a query (see matchScore), best first, for error messages.
 * Empty when nothing is close (e.g. "ningbo" on a network without Ningbo).
 */
export function suggestNodes(network: Network, query: string, limit = 5): string[] {
  const q = norm(query);
  const scored: { id: string; best: number }[] = [];
  for (const n of network.nodes) {
    let best: number | null = null;
    for (const name of [n.id, n.name, ...n.aliases].map(norm)) {
      const s = matchScore(q, name);
      if (s !== null && (best === null || s < best)) best = s;
    }
    if (best !== null) scored.push({ id: n.id, best });
  }
  scored.sort((a, b) => a.best - b.best || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}
