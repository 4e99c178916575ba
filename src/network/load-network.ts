import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildNetwork } from './build-network.js';
import { NotFoundError, ValidationError } from '../shared/index.js';
import type { Network } from './network.js';
import { BUILTIN_NETWORKS, isBuiltinNetwork, loadBuiltinNetwork } from './builtin-networks.js';

/**
 * Resolve `--network`: a built-in id or a path to a network GeoJSON file.
 * @example loadNetwork('china-eurasia'); loadNetwork('./my-network.geojson')
 */
export function loadNetwork(idOrPath: string): Network {
  if (isBuiltinNetwork(idOrPath)) return loadBuiltinNetwork(idOrPath);
  if (!existsSync(idOrPath)) {
    throw new NotFoundError('network (built-in id or file path)', idOrPath, BUILTIN_NETWORKS.map((n) => n.id));
  }
  return loadNetworkFile(idOrPath);
}

/** Read and build a network GeoJSON file; a JSON syntax error is reported as a validation problem. */
export function loadNetworkFile(path: string): Network {
  const id = basename(path).replace(/\.(geo)?json$/i, '');
  return buildNetwork(readJsonFile(path), { id });
}

/** Parse a JSON file, turning a syntax error into a ValidationError that names the file. */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`${path} is not valid JSON`, [{ path: '(file)', message: (e as Error).message }]);
  }
}
