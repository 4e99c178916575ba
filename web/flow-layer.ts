import * as L from 'leaflet';
import type { LinkFlow, OptimizeResult } from './api-types.js';
import { toLatLng, type NetworkLayer } from './network-layer.js';
import { el, formatCompact, formatNumber } from './dom.js';
import { modeLabel } from './mode-colors.js';
import { UNCAPACITATED_COLOR, utilizationColor } from './utilization-color.js';

/** Both directions of one link, as the map draws them (one line per physical link). */
export interface LinkFlowPair {
  id: string;
  mode: string;
  directions: LinkFlow[];
  /** Sum of both directions, TEU/yr. */
  totalFlowTeuPerYear: number;
  /** Highest utilization of the two directions; null when no direction has a finite capacity. */
  maxUtilization: number | null;
  /** Highest shadow price of the two directions (USD/yr per extra TEU/yr); null without duals. */
  maxShadowPriceUsdPerTeu: number | null;
}

/** Group the directed flows of an optimize result by link id. */
export function pairLinkFlows(links: readonly LinkFlow[]): LinkFlowPair[] {
  const byId = new Map<string, LinkFlowPair>();
  for (const f of links) {
    let pair = byId.get(f.id);
    if (!pair) {
      pair = { id: f.id, mode: f.mode, directions: [], totalFlowTeuPerYear: 0, maxUtilization: null, maxShadowPriceUsdPerTeu: null };
      byId.set(f.id, pair);
    }
    pair.directions.push(f);
    pair.totalFlowTeuPerYear += f.flowTeuPerYear;
    if (f.utilization !== null) pair.maxUtilization = Math.max(pair.maxUtilization ?? 0, f.utilization);
    if (f.shadowPriceUsdPerTeu !== null && f.shadowPriceUsdPerTeu !== undefined) {
      pair.maxShadowPriceUsdPerTeu = Math.max(pair.maxShadowPriceUsdPerTeu ?? 0, f.shadowPriceUsdPerTeu);
    }
  }
  return [...byId.values()];
}

/**
 * Line width in pixels for a flow: 2 px for a trickle up to 14 px for the largest flow, by square
 * root so that a ten-times smaller flow is still visible.
 */
export function flowWidthPx(flowTeuPerYear: number, maxFlowTeuPerYear: number): number {
  if (maxFlowTeuPerYear <= 0 || flowTeuPerYear <= 0) return 0;
  return 2 + 12 * Math.sqrt(flowTeuPerYear / maxFlowTeuPerYear);
}

/** Shadow price as label text: "142 USD/TEU" (per year per extra TEU/yr of capacity). */
export function shadowPriceText(usdPerTeu: number | null): string {
  return usdPerTeu === null ? 'no dual' : `${formatNumber(usdPerTeu)} USD/TEU`;
}

function flowPopup(pair: LinkFlowPair, name: string): HTMLElement {
  const rows = pair.directions.map((d) =>
    el('tr', {}, [
      el('td', { text: `${d.from} → ${d.to}` }),
      el('td', { class: 'num', text: formatNumber(d.flowTeuPerYear) }),
      el('td', { class: 'num', text: d.capacityTeuPerYear === null ? '∞' : formatNumber(d.capacityTeuPerYear) }),
      el('td', { class: 'num', text: d.utilization === null ? '—' : `${(d.utilization * 100).toFixed(0)} %` }),
      el('td', { class: 'num', text: d.shadowPriceUsdPerTeu === null ? '—' : formatNumber(d.shadowPriceUsdPerTeu) }),
    ]),
  );
  return el('div', { class: 'flow-popup' }, [
    el('strong', { text: name }),
    el('div', { text: `${modeLabel(pair.mode)} · ${pair.id}` }),
    el('table', {}, [
      el('thead', {}, [el('tr', {}, ['direction', 'TEU/yr', 'capacity', 'util.', 'shadow USD/TEU'].map((h) => el('th', { text: h })))]),
      el('tbody', {}, rows),
    ]),
    el('div', { class: 'hint', text: 'Shadow price: USD a year saved per extra TEU/yr of capacity.' }),
  ]);
}

/**
 * Draw an optimize result: each link with flow as a line whose width is its flow (both directions)
 * and whose colour is its utilization (green → red; slate for unlimited capacity), each terminal with
 * a throughput limit as a ring coloured by its utilization, and each binding capacity as a ◆ marker
 * labelled with its shadow price. Returns the bounds of what was drawn (invalid when nothing flows).
 */
export function drawFlows(group: L.LayerGroup, result: OptimizeResult, network: NetworkLayer, bottleneckMarkers?: { marker: L.Marker; nodeIds: string[]; linkId: string | null }[]): L.LatLngBounds {
  const bounds = L.latLngBounds([]);
  const pairs = pairLinkFlows(result.links).filter((p) => p.totalFlowTeuPerYear > 0);
  const maxFlow = Math.max(0, ...pairs.map((p) => p.totalFlowTeuPerYear));
  // Thin flows on top of thick ones, so a small flow on a shared corridor stays clickable.
  pairs.sort((a, b) => b.totalFlowTeuPerYear - a.totalFlowTeuPerYear);
  for (const pair of pairs) {
    const link = network.links.get(pair.id);
    if (!link) continue;
    const color = pair.maxUtilization === null ? UNCAPACITATED_COLOR : utilizationColor(pair.maxUtilization);
    const line = L.polyline(link.geometry.coordinates.map(toLatLng), {
      pane: 'flows',
      color,
      weight: flowWidthPx(pair.totalFlowTeuPerYear, maxFlow),
      opacity: 0.85,
      lineCap: 'butt',
      className: 'flow-line',
    });
    line.bindTooltip(el('span', { text: `${formatCompact(pair.totalFlowTeuPerYear)} TEU/yr${pair.maxUtilization === null ? '' : ` · ${(pair.maxUtilization * 100).toFixed(0)} %`}` }), { sticky: true });
    line.bindPopup(flowPopup(pair, link.properties.name ?? link.properties.id), { maxWidth: 420 });
    line.addTo(group);
    bounds.extend(line.getBounds());
  }
  // Terminals with a throughput limit: a ring sized by throughput, coloured by utilization.
  const limited = (result.terminals ?? []).filter((t) => t.capacityTeuPerYear !== null && t.throughputTeuPerYear > 0);
  const maxThroughput = Math.max(0, ...limited.map((t) => t.throughputTeuPerYear));
  for (const t of limited) {
    const node = network.nodes.get(t.id);
    if (!node) continue;
    const ring = L.circleMarker(toLatLng(node.geometry.coordinates), {
      pane: 'flows', // under the node, which stays clickable
      radius: 4 + 8 * Math.sqrt(t.throughputTeuPerYear / maxThroughput),
      color: t.utilization === null ? UNCAPACITATED_COLOR : utilizationColor(t.utilization),
      weight: 3,
      fillColor: '#ffffff',
      fillOpacity: 0.6,
      className: 'terminal-flow',
    });
    ring.bindTooltip(
      el('span', { text: `${t.name}: ${formatCompact(t.throughputTeuPerYear)} of ${formatCompact(t.capacityTeuPerYear ?? 0)} TEU/yr${t.utilization === null ? '' : ` (${(t.utilization * 100).toFixed(0)} %)`}` }),
    );
    ring.addTo(group);
  }
  for (const b of result.bottlenecks ?? []) {
    let latlng: L.LatLngTuple | null = null;
    if (b.kind === 'terminal') {
      const node = network.nodes.get(b.id);
      if (node) latlng = toLatLng(node.geometry.coordinates);
    } else {
      const link = network.links.get(b.id);
      if (link) {
        const coords = link.geometry.coordinates;
        // The middle vertex, or the midpoint of a straight two-point link.
        latlng = coords.length === 2 ? [(coords[0][1] + coords[1][1]) / 2, (coords[0][0] + coords[1][0]) / 2] : toLatLng(coords[Math.floor(coords.length / 2)]);
      }
    }
    if (!latlng) continue;
    const label = b.kind === 'terminal' ? b.name ?? b.id : `${b.name ?? b.id}${b.from ? ` (${b.from} → ${b.to})` : ''}`;
    const marker = L.marker(latlng, {
      pane: 'markers',
      // Up and right of the point, so the node under it stays clickable.
      icon: L.divIcon({ className: 'bottleneck-icon', html: '◆', iconSize: [16, 16], iconAnchor: [-3, 19] }),
      title: label,
    });
    const shortName = (b.name ?? b.id).split(' (')[0]; // "Alashankou (Alataw Pass)" → "Alashankou"
    marker.bindTooltip(el('span', { class: 'bottleneck-label', text: `${shortName}: ${shadowPriceText(b.shadowPriceUsdPerTeu)}` }), {
      permanent: true,
      direction: 'right',
      offset: [16, -11],
      className: 'bottleneck-tooltip',
    });
    marker.bindPopup(
      el('div', {}, [
        el('strong', { text: `Bottleneck: ${label}` }),
        el('div', { text: `${formatNumber(b.flowTeuPerYear)} of ${formatNumber(b.capacityTeuPerYear)} TEU/yr${b.utilization === null ? '' : ` (${(b.utilization * 100).toFixed(0)} %)`}` }),
        el('div', { text: `Shadow price ${shadowPriceText(b.shadowPriceUsdPerTeu)}: one more TEU/yr of capacity here saves that much a year.` }),
      ]),
    );
    marker.addTo(group);
    // Leaflet makes a new icon element each time the marker is added again, so tag it on every add.
    const tag = () => marker.getElement()?.setAttribute('data-bottleneck-id', b.id);
    marker.on('add', tag);
    tag();
    bottleneckMarkers?.push({ marker, nodeIds: b.kind === 'terminal' ? [b.id] : [b.from, b.to].filter((x): x is string => Boolean(x)), linkId: b.kind === 'link' ? b.id : null });
  }
  return bounds;
}
