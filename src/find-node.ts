import { editDistance } from './closest-names.js';
import { NotFoundError } from './errors.js';
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

/** Closest node ids to a query, for error messages. */
export function suggestNodes(network: Network, query: string, limit = 5): string[] {
  const q = norm(query);
  const scored = network.nodes.map((n) => {
    const names = [n.id, n.name, ...n.aliases].map(norm);
    let best = Infinity;
    for (const name of names) {
      let s = editDistance(q, name.slice(0, Math.max(q.length, 1) + 2));
      if (name.startsWith(q)) s -= 100;
      else if (name.includes(q)) s -= 50;
      best = Math.min(best, s);
    }
    return { id: n.id, best };
  });
  scored.sort((a, b) => a.best - b.best || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}
