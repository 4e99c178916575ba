import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Network } from './network.js';

/**
 * A network as format-v1 GeoJSON with every default resolved (lengths, costs, speeds, gauges), so a
 * GIS or a reviewer sees the values the model actually uses. Round-trips through buildNetwork.
 */
export function networkToGeoJson(network: Network): FeatureCollection<Point | LineString> {
  const features: Feature<Point | LineString>[] = [];
  for (const n of network.nodes) {
    const { lon, lat, featureIndex: _f, ...props } = n;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: dropNulls(props) });
  }
  for (const l of network.links) {
    const { coordinates, featureIndex: _f, defaulted: _d, ...props } = l;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: dropNulls(props) });
  }
  const fc: FeatureCollection<Point | LineString> & Record<string, unknown> = { type: 'FeatureCollection', features };
  fc.id = network.id;
  fc.name = network.name;
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
