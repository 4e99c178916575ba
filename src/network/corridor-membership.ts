import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_NETWORKS, NETWORKS_DIR } from './builtin-networks.js';

/** One corridor a network's links belong to (issue 19: the map marks ILSTC and NELB lines). */
export interface CorridorMembership {
  /** Id of the single-corridor built-in network that defines it, e.g. `land-sea-corridor`. */
  id: string;
  /** Short label for the map, e.g. `ILSTC`. */
  shortName: string;
  name: string;
  /** Ids of the links of this network that the corridor's GeoJSON file contains (a shared link is in both). */
  linkIds: string[];
}

/** Short labels of the corridors (the acronyms the README and the reference use). */
const SHORT_NAMES: Record<string, string> = { 'land-sea-corridor': 'ILSTC', 'eurasian-land-bridge': 'NELB' };

const cache = new Map<string, CorridorMembership[]>();

/**
 * Which corridor each link of a built-in network belongs to. A corridor is a built-in made of one GeoJSON
 * file; a link id present in that file belongs to it. The merged `china-eurasia` therefore has two
 * corridors, a single-corridor network one, and an uploaded network (not built-in: null) none.
 */
export function corridorMembership(networkId: string): CorridorMembership[] | null {
  const hit = cache.get(networkId);
  if (hit) return hit;
  const info = BUILTIN_NETWORKS.find((n) => n.id === networkId);
  if (!info) return null;
  const out: CorridorMembership[] = [];
  for (const file of info.files) {
    const corridor = BUILTIN_NETWORKS.find((n) => n.files.length === 1 && n.files[0] === file);
    if (!corridor) continue;
    const geojson = JSON.parse(readFileSync(join(NETWORKS_DIR, file), 'utf8')) as { features: { geometry?: { type?: string }; properties?: { id?: unknown } }[] };
    const linkIds = geojson.features
      .filter((f) => f.geometry?.type === 'LineString' && typeof f.properties?.id === 'string')
      .map((f) => f.properties!.id as string);
    out.push({ id: corridor.id, shortName: SHORT_NAMES[corridor.id] ?? corridor.id, name: corridor.name, linkIds });
  }
  cache.set(networkId, out);
  return out;
}
