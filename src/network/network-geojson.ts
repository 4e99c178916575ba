import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Network, NetworkLink, NetworkNode } from './network.js';

/** `T` with its nullable fields made optional and non-null: networkToGeoJson drops nulls (and empty lists). */
type NullsDropped<T> = { [K in keyof T as null extends T[K] ? never : K]: T[K] } & { [K in keyof T as null extends T[K] ? K : never]?: Exclude<T[K], null> };

/** Properties of a node Point feature as networkToGeoJson writes them (docs/network-format.md). */
export type NodeFeatureProperties = NullsDropped<Omit<NetworkNode, 'lon' | 'lat' | 'featureIndex'>>;
/** Properties of a link LineString feature as networkToGeoJson writes them (docs/network-format.md). */
export type LinkFeatureProperties = NullsDropped<Omit<NetworkLink, 'coordinates' | 'featureIndex' | 'defaulted'>>;
/** A node feature of the format-v1 GeoJSON. */
export type NodeFeature = Feature<Point, NodeFeatureProperties>;
/** A link feature of the format-v1 GeoJSON. */
export type LinkFeature = Feature<LineString, LinkFeatureProperties>;
/** The format-v1 GeoJSON of a network with every default resolved: what `GET /networks/:id` serves. */
export interface NetworkGeoJson extends FeatureCollection<Point | LineString, NodeFeatureProperties | LinkFeatureProperties> {
  id: string;
  name: string;
  description?: string;
}

/**
 * A network as format-v1 GeoJSON with every default resolved (lengths, costs, speeds, gauges), so a
 * GIS or a reviewer sees the values the model actually uses. Round-trips through buildNetwork.
 */
export function networkToGeoJson(network: Network): NetworkGeoJson {
  const features: NetworkGeoJson['features'] = [];
  for (const n of network.nodes) {
    const { lon, lat, featureIndex: _f, ...props } = n;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: dropNulls(props) as NodeFeatureProperties });
  }
  for (const l of network.links) {
    const { coordinates, featureIndex: _f, defaulted: _d, ...props } = l;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: dropNulls(props) as LinkFeatureProperties });
  }
  const fc: NetworkGeoJson = { type: 'FeatureCollection', features, id: network.id, name: network.name };
  if (network.description) fc.description = network.description;
  return fc;
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null) continue;
    if (Array.isArray(v) && v.length === 0 && (k === 'estimated' || k === 'aliases')) continue;
    out[k] = v;
  }
  return out;
}
