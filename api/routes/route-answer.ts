import type { Network } from '../../src/network/index.js';
import { routeDefaultValueOfTime, route } from '../../src/routing/index.js';
import type { RouteQuery } from '../schemas.js';

/** A finished route answer: the bytes to send and their media type (always status 200). */
export interface RouteAnswer {
  contentType: 'application/json' | 'application/geo+json';
  text: string;
}

/**
 * Compute and serialise one route answer (GET /networks/:id/route), on the main thread or in a route
 * worker: the same function, so both give the same bytes. Unknown nodes and bad arguments throw the typed
 * errors of src/route (the caller maps them to problems).
 */
export function routeAnswer(network: Network, query: RouteQuery): RouteAnswer {
  const { from, to, format, ...options } = query;
  // Without vot or cargo, weigh time as the network's demand scenario does (as the CLI does).
  const result = route(network, from, to, { ...options, defaultValueOfTime: routeDefaultValueOfTime(network, from, to) });
  if (format !== 'geojson') return { contentType: 'application/json', text: JSON.stringify(result) };
  const { geometry, ...summary } = result.found ? result : { ...result, geometry: { type: 'FeatureCollection' as const, features: [] } };
  return { contentType: 'application/geo+json', text: JSON.stringify({ ...geometry, route: summary }) };
}
