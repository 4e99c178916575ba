import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildNetwork } from './build-network.js';
import { NotFoundError } from '../shared/index.js';
import type { Network } from './network.js';
import { mergeNetworks } from './merge-networks.js';

export { mergeNetworks } from './merge-networks.js';

/**
 * Folder of the built-in data files (networks/ at the repo root, from src and from dist). The loaders live
 * in src/ and the data in networks/, so src never imports networks/ (which holds only data and the scripts
 * that generate it) and the two do not import each other.
 */
export const NETWORKS_DIR = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  // This module is src/network/ (dist/src/network/ when compiled); the data files stay in networks/.
  return here.includes(join('dist', 'src')) ? join(here, '..', '..', '..', 'networks') : join(here, '..', '..', 'networks');
})();

export interface BuiltinNetworkInfo {
  id: string;
  name: string;
  description: string;
  /** GeoJSON files it is built from (merged when more than one). */
  files: string[];
  /** Default demand scenario CSV, relative to networks/. */
  demandFile: string;
}

/** The built-in corridor networks. */
export const BUILTIN_NETWORKS: readonly BuiltinNetworkInfo[] = [
  {
    id: 'land-sea-corridor',
    name: 'New International Land–Sea Trade Corridor (ILSTC)',
    description: 'Chongqing/Chengdu/Guiyang/Kunming by rail to the Beibu Gulf ports and by sea to Singapore; China–Laos Railway; links to Vietnam; the competing Yangtze route via Shanghai.',
    files: ['land-sea-corridor.geojson'],
    demandFile: 'demand/land-sea-corridor.csv',
  },
  {
    id: 'eurasian-land-bridge',
    name: 'New Eurasian Land Bridge (NELB)',
    description: 'Lianyungang–Zhengzhou–Xi’an–Lanzhou–Urumqi–Alashankou/Khorgos–Kazakhstan–Russia/Belarus or the Caspian–Poland–Duisburg/Hamburg/Rotterdam; the competing sea route via Suez or the Cape; air.',
    files: ['eurasian-land-bridge.geojson'],
    demandFile: 'demand/eurasian-land-bridge.csv',
  },
  {
    id: 'china-eurasia',
    name: 'China–Eurasia (ILSTC + NELB merged)',
    description: 'Both corridors merged on their shared nodes (Chongqing, Chengdu, Xi’an, Lanzhou, …), so one query can compare them.',
    files: ['land-sea-corridor.geojson', 'eurasian-land-bridge.geojson'],
    demandFile: 'demand/china-eurasia.csv',
  },
];

const cache = new Map<string, Network>();

/** Is this the id of a built-in network? */
export function isBuiltinNetwork(id: string): boolean {
  return BUILTIN_NETWORKS.some((n) => n.id === id);
}

/**
 * Load a built-in network by id (cached; treat the result as read-only).
 * @example loadBuiltinNetwork('china-eurasia').nodes.length
 */
export function loadBuiltinNetwork(id: string): Network {
  const hit = cache.get(id);
  if (hit) return hit;
  const info = BUILTIN_NETWORKS.find((n) => n.id === id);
  if (!info) throw new NotFoundError('network', id, BUILTIN_NETWORKS.map((n) => n.id));
  const parts = info.files.map((file) => {
    const partId = file.replace(/\.geojson$/, '');
    return buildNetwork(JSON.parse(readFileSync(join(NETWORKS_DIR, file), 'utf8')), { id: partId });
  });
  const network =
    parts.length === 1
      ? { ...parts[0], id: info.id, name: info.name, description: info.description }
      : mergeNetworks(info.id, info.name, parts, info.description);
  cache.set(id, network);
  return network;
}

/** Path of the default demand CSV of a built-in network. */
export function builtinDemandPath(id: string): string {
  const info = BUILTIN_NETWORKS.find((n) => n.id === id);
  if (!info) throw new NotFoundError('network', id, BUILTIN_NETWORKS.map((n) => n.id));
  return join(NETWORKS_DIR, info.demandFile);
}
