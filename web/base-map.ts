import * as L from 'leaflet';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { unwrapAntimeridian } from './unwrap-antimeridian.js';

/**
 * Leaflet panes from bottom to top, so flows never hide a route and nodes stay clickable; the few
 * markers (bottleneck ◆, candidate ends) sit above the nodes, offset so they do not cover them.
 */
export const PANES = { countries: 250, network: 400, flows: 420, routes: 450, nodes: 500, markers: 550 } as const;
export type PaneName = keyof typeof PANES;

/**
 * A Leaflet map with no tile server: a plain sea-coloured background and the world-atlas country
 * outlines (served by the app under `countriesUrl`) as an SVG GeoJSON layer, so the page works offline.
 * Resolves once the outlines are drawn.
 * @example const map = await createBaseMap(byId('map'), '/map-assets/countries-50m.json')
 */
export async function createBaseMap(container: HTMLElement, countriesUrl: string): Promise<L.Map> {
  const map = L.map(container, {
    center: [30, 80],
    zoom: 3,
    minZoom: 2,
    maxZoom: 10,
    zoomSnap: 0.25,
    preferCanvas: false,
    worldCopyJump: false,
    maxBounds: [[-85, -240], [85, 240]],
    attributionControl: true,
  });
  for (const [name, zIndex] of Object.entries(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Country outlines: Natural Earth via world-atlas');
  const res = await fetch(countriesUrl);
  if (!res.ok) throw new Error(`country outlines: ${res.status} ${res.statusText}`);
  const topology = (await res.json()) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries);
  // Rings crossing ±180° (Fiji, Chukotka) would draw a line across the map at their latitude.
  for (const f of countries.features) if (f.geometry) f.geometry = unwrapAntimeridian(f.geometry) as typeof f.geometry;
  L.geoJSON(countries, {
    pane: 'countries',
    interactive: false,
    style: { color: '#9aa5b1', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1 },
  }).addTo(map);
  return map;
}
