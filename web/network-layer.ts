import * as L from 'leaflet';
import type { LinkFeature, NetworkGeoJson, NodeFeature } from './api-types.js';
import { el, formatNumber } from './dom.js';
import { modeColor, modeLabel } from './mode-colors.js';

/** A network drawn on the map, with lookups the panels share. */
export interface NetworkLayer {
  group: L.LayerGroup;
  nodes: Map<string, NodeFeature>;
  links: Map<string, LinkFeature>;
  /** Fade the network (while flows or a route are the subject) or bring it back. */
  setDimmed(dimmed: boolean): void;
  /** Map bounds of all nodes. */
  bounds(): L.LatLngBounds | null;
}

/** Zoom from which every node is labelled (below it only the hubs). */
export const LABEL_ALL_ZOOM = 5;

/** [lat, lon] of a GeoJSON [lon, lat] position. */
export function toLatLng(position: number[]): L.LatLngTuple {
  return [position[1], position[0]];
}

function linkTooltip(p: LinkFeature['properties']): HTMLElement {
  const lines = [
    el('strong', { text: p.name ?? p.id }),
    el('div', { text: `${modeLabel(p.mode)} · ${p.from} → ${p.to}` }),
  ];
  if (p.lengthKm !== undefined) lines.push(el('div', { text: `${formatNumber(p.lengthKm)} km` }));
  if (p.capacityTeuPerYear !== undefined) lines.push(el('div', { text: `capacity ${formatNumber(p.capacityTeuPerYear)} TEU/yr per direction` }));
  if (p.status === 'candidate') {
    lines.push(el('div', { class: 'candidate-note', text: `candidate · capex ${formatNumber(p.capexUsd)} USD · ${formatNumber(p.lifetimeYears)} yr` }));
  }
  return el('div', {}, lines);
}

/**
 * Draw a network: links coloured by mode (candidates dashed), nodes as small circles with their name
 * as tooltip. `onNodeClick` receives the node feature (route or candidate picking).
 */
export function drawNetwork(map: L.Map, geojson: NetworkGeoJson, onNodeClick: (node: NodeFeature, latlng: L.LatLng) => void): NetworkLayer {
  const group = L.layerGroup().addTo(map);
  const nodes = new Map<string, NodeFeature>();
  const links = new Map<string, LinkFeature>();
  const linkLines: L.Polyline[] = [];
  for (const f of geojson.features) {
    if (f.geometry.type === 'LineString') {
      const link = f as LinkFeature;
      links.set(link.properties.id, link);
      const candidate = link.properties.status === 'candidate';
      const line = L.polyline(link.geometry.coordinates.map(toLatLng), {
        pane: 'network',
        color: modeColor(link.properties.mode),
        weight: candidate ? 2.5 : 2,
        opacity: 0.85,
        dashArray: candidate ? '6 5' : undefined,
        className: candidate ? 'network-link candidate-link' : 'network-link',
      });
      line.bindTooltip(linkTooltip(link.properties), { sticky: true });
      line.addTo(group);
      line.getElement()?.setAttribute('data-link-id', link.properties.id);
      linkLines.push(line);
    }
  }
  // Labels: the hubs (three or more links) at the default zoom, every other node from LABEL_ALL_ZOOM on.
  const degree = new Map<string, number>();
  for (const l of links.values()) for (const end of [l.properties.from, l.properties.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const updateLabels = () => map.getContainer().classList.toggle('labels-all', map.getZoom() >= LABEL_ALL_ZOOM);
  map.on('zoomend', updateLabels);
  updateLabels();
  for (const f of geojson.features) {
    if (f.geometry.type === 'Point') {
      const node = f as NodeFeature;
      nodes.set(node.properties.id, node);
      const marker = L.circleMarker(toLatLng(node.geometry.coordinates), {
        pane: 'nodes',
        radius: node.properties.kind === 'waypoint' ? 2.5 : 4,
        color: '#1f2933',
        weight: 1,
        fillColor: '#ffffff',
        fillOpacity: 1,
        className: `network-node node-${node.properties.kind}`,
      });
      const label = node.properties.name === node.properties.id ? node.properties.name : `${node.properties.name} (${node.properties.id})`;
      marker.bindTooltip(el('span', { text: label }), { direction: 'top', offset: [0, -4] });
      marker.on('click', (e: L.LeafletMouseEvent) => onNodeClick(node, e.latlng));
      marker.addTo(group);
      marker.getElement()?.setAttribute('data-node-id', node.properties.id);
      if (node.properties.kind !== 'waypoint') {
        const hub = (degree.get(node.properties.id) ?? 0) >= 3;
        L.tooltip({ permanent: true, direction: 'right', offset: [5, 0], interactive: false, className: `node-label ${hub ? 'node-label-hub' : 'node-label-minor'}` })
          .setLatLng(toLatLng(node.geometry.coordinates))
          .setContent(node.properties.name.split(' (')[0].split(' / ')[0])
          .addTo(group);
      }
    }
  }
  return {
    group,
    nodes,
    links,
    setDimmed(dimmed) {
      for (const line of linkLines) line.setStyle({ opacity: dimmed ? 0.25 : 0.85 });
    },
    bounds() {
      if (nodes.size === 0) return null;
      return L.latLngBounds([...nodes.values()].map((n) => toLatLng(n.geometry.coordinates)));
    },
  };
}
