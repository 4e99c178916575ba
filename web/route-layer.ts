import * as L from 'leaflet';
import type { FeatureCollection, LineString } from 'geojson';
import type { FoundRoute } from './api-types.js';
import { toLatLng, type NetworkLayer } from './network-layer.js';
import { ALTERNATIVE_COLORS, modeColor } from './mode-colors.js';
import { el } from './dom.js';

export { ALTERNATIVE_COLORS } from './mode-colors.js';

/** Colour of alternative number `index` (0-based, the best route excluded). */
export function alternativeColor(index: number): string {
  return ALTERNATIVE_COLORS[index % ALTERNATIVE_COLORS.length];
}

/**
 * The route's lines as [lat, lon] runs with their mode: its `geometry` when the API sends it, else the
 * network's link geometries by `linkIds` (leg by leg).
 */
export function routeLines(route: FoundRoute, network: NetworkLayer | null): { mode: string; latlngs: L.LatLngTuple[] }[] {
  const geometry = route.geometry as FeatureCollection<LineString, { mode?: string }> | undefined;
  if (geometry?.features?.length) {
    return geometry.features.map((f, i) => ({
      mode: f.properties?.mode ?? route.legs[i]?.mode ?? '',
      latlngs: f.geometry.coordinates.map(toLatLng),
    }));
  }
  const out: { mode: string; latlngs: L.LatLngTuple[] }[] = [];
  for (const leg of route.legs) {
    for (const id of leg.linkIds) {
      const link = network?.links.get(id);
      if (link) out.push({ mode: leg.mode, latlngs: link.geometry.coordinates.map(toLatLng) });
    }
  }
  return out;
}

/** How a route is drawn. */
export type RouteStyle =
  | { kind: 'best' }
  | { kind: 'alternative'; color: string }
  | { kind: 'baseline' };

/**
 * Draw one route into `group`. The best route is thick, a dark casing under legs in their mode
 * colours; an alternative is a thinner line in its own colour; the baseline (the route before a
 * disruption) is a grey dashed line. Every path carries the class `route-line` and a
 * `data-route-drawn="true"` attribute, which the end-to-end test looks for.
 */
export function drawRoute(group: L.LayerGroup, route: FoundRoute, network: NetworkLayer | null, style: RouteStyle, tooltip: string): L.Polyline[] {
  const lines = routeLines(route, network);
  const drawn: L.Polyline[] = [];
  const add = (line: L.Polyline) => {
    line.addTo(group);
    line.getElement()?.setAttribute('data-route-drawn', 'true');
    drawn.push(line);
  };
  for (const { mode, latlngs } of lines) {
    if (style.kind === 'best') {
      add(L.polyline(latlngs, { pane: 'routes', color: '#111827', weight: 10, opacity: 0.9, className: 'route-line route-best-casing', interactive: false }));
      const top = L.polyline(latlngs, { pane: 'routes', color: modeColor(mode), weight: 6, opacity: 1, className: 'route-line route-best' });
      top.bindTooltip(el('span', { text: tooltip }), { sticky: true });
      add(top);
    } else if (style.kind === 'alternative') {
      const line = L.polyline(latlngs, { pane: 'routes', color: style.color, weight: 4, opacity: 0.9, className: 'route-line route-alternative' });
      line.bindTooltip(el('span', { text: tooltip }), { sticky: true });
      add(line);
    } else {
      const line = L.polyline(latlngs, { pane: 'routes', color: '#6b7280', weight: 5, opacity: 0.8, dashArray: '2 8', lineCap: 'round', className: 'route-line route-baseline' });
      line.bindTooltip(el('span', { text: tooltip }), { sticky: true });
      add(line);
    }
  }
  return drawn;
}
