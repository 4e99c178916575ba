import { closestNames, InvalidArgumentError, NotFoundError } from '../shared/index.js';
import type { Network } from './network.js';

/**
 * Named closures: a short name → the node ids it closes. "Closing Suez" must be a one-line query.
 * A closed node cannot be passed, entered or left; the sea or rail routes around it stay open.
 */
export const NAMED_DISRUPTIONS: Readonly<Record<string, { description: string; nodeIds: string[] }>> = {
  suez: { description: 'Suez Canal closed', nodeIds: ['suez'] },
  malacca: { description: 'Strait of Malacca closed', nodeIds: ['malacca-strait'] },
  'bab-el-mandeb': { description: 'Bab el-Mandeb / Red Sea closed', nodeIds: ['bab-el-mandeb'] },
  alashankou: { description: 'Alashankou–Dostyk rail border crossing closed', nodeIds: ['alashankou'] },
  khorgos: { description: 'Khorgos–Altynkol rail border crossing closed', nodeIds: ['khorgos'] },
  'three-gorges-locks': { description: 'Three Gorges ship locks closed (e.g. maintenance)', nodeIds: ['three-gorges-locks'] },
};

/** The ids closed by a list of names and/or node or link ids, checked against the network. */
export function resolveClosures(network: Network, items: string[]): { nodeIds: string[]; linkIds: string[] } {
  const nodeIds = new Set<string>();
  const linkIds = new Set<string>();
  const nodes = new Set(network.nodes.map((n) => n.id));
  const links = new Set(network.links.map((l) => l.id));
  for (const raw of items) {
    const item = raw.trim();
    if (!item) continue;
    const named = NAMED_DISRUPTIONS[item.toLowerCase()];
    if (named) {
      const present = named.nodeIds.filter((id) => nodes.has(id));
      // A named closure that closes nothing would silently answer a different question.
      if (!present.length) {
        throw new InvalidArgumentError(`named disruption "${item}" closes ${named.nodeIds.map((id) => `node "${id}"`).join(', ')}, which network "${network.id}" does not have`);
      }
      for (const id of present) nodeIds.add(id);
      continue;
    }
    if (nodes.has(item)) nodeIds.add(item);
    else if (links.has(item)) linkIds.add(item);
    else throw new NotFoundError('node, link or named disruption', item, closestNames(item, [...Object.keys(NAMED_DISRUPTIONS), ...nodes, ...links], 5));
  }
  return { nodeIds: [...nodeIds], linkIds: [...linkIds] };
}
