import type { Feature, FeatureCollection, LineString } from 'geojson';
import { generalizedCost, type ExpandedGraph, type CostParameters } from '../graph/index.js';
import { modeOfKey, type GaugeMm, type Mode, type NetworkNode } from '../network/index.js';

/** Consecutive link arcs of one mode, merged. Money, time and CO2 of the links only (node charges are events). */
export interface RouteLeg {
  mode: Mode;
  /** Node ids where the leg starts and ends. */
  from: string;
  to: string;
  fromName: string;
  toName: string;
  km: number;
  hours: number;
  /** USD per TEU: Σ lengthKm × costUsdPerTeuKm of the leg's links. */
  costUsd: number;
  /** kg CO2 per TEU. */
  co2Kg: number;
  linkIds: string[];
}

/** A change of mode at a node: the node's transfer charge (a border charge there is listed separately). */
export interface TransferEvent {
  node: string;
  nodeName: string;
  fromMode: Mode;
  toMode: Mode;
  /** USD per TEU. */
  costUsd: number;
  hours: number;
}

/** Flow passing a node that charges a border crossing (or a node of kind border_crossing). */
export interface BorderCrossingEvent {
  node: string;
  nodeName: string;
  /** USD per TEU. */
  costUsd: number;
  hours: number;
}

/** A change of rail gauge at a node: the node's gauge-change charge. */
export interface GaugeChangeEvent {
  node: string;
  nodeName: string;
  fromGaugeMm: GaugeMm;
  toGaugeMm: GaugeMm;
  /** USD per TEU. */
  costUsd: number;
  hours: number;
}

/**
 * One row of a route's itinerary, in travel order: each physical link, and each node event (transfer,
 * border crossing, gauge change) where it happens. `legIndex` is the leg the link belongs to (for an
 * event: the leg it follows). Money USD/TEU, hours, km, kg CO2/TEU.
 */
export type RouteStep =
  | { kind: 'link'; legIndex: number; mode: Mode; linkId: string; from: string; to: string; fromName: string; toName: string; km: number; hours: number; costUsd: number; co2Kg: number }
  | { kind: 'transfer' | 'border' | 'gauge'; legIndex: number; node: string; nodeName: string; detail: string; costUsd: number; hours: number };

/** Properties of each leg feature in `geometry`: the leg and its position in the route. */
export type LegFeatureProperties = RouteLeg & { legIndex: number };

/** Everything a route is, read off its arc path. All money per TEU. */
export interface RoutePath {
  /** Money only: Σ link costs + Σ node charges (transfer, border, gauge), USD per TEU. */
  totalCostUsd: number;
  totalHours: number;
  totalDays: number;
  totalKm: number;
  /** kg CO2 per TEU. */
  co2Kg: number;
  /** totalCostUsd + VOT × totalHours + carbon price × co2Kg / 1000, USD per TEU. */
  generalizedCostUsd: number;
  legs: RouteLeg[];
  transfers: TransferEvent[];
  borderCrossings: BorderCrossingEvent[];
  gaugeChanges: GaugeChangeEvent[];
  /** The itinerary: every link and node event in travel order (intermediate nodes, borders, gauge changes). */
  steps: RouteStep[];
  /** Mode of each leg, e.g. ["rail", "sea"]. */
  modeChain: Mode[];
  /** Physical links in travel order. */
  linkIds: string[];
  /** Physical nodes in travel order (origin, every node passed, destination). */
  nodeIds: string[];
  /** The legs as LineStrings in travel order, for a GIS. */
  geometry: FeatureCollection<LineString, LegFeatureProperties>;
}

const gaugeOfKey = (key: string) => Number(key.slice('rail-'.length)) as GaugeMm;

/** Border formalities apply where the node charges them, or where it is a border crossing at all. */
const isBorder = (n: NetworkNode) => n.kind === 'border_crossing' || n.borderCrossingUsdPerTeu > 0 || n.borderCrossingHours > 0;

/**
 * Describe an arc path (origin connector … destination connector) of the expanded graph: totals, legs,
 * node events, mode chain and GeoJSON geometry. Totals are sums over the arcs, so they include every node
 * charge; the events split a node arc's charge back into its transfer/gauge part and its border part,
 * exactly as expandNetwork added them.
 * @example describeArcPath(g, found.arcs, costParameters({})).totalCostUsd
 */
export function describeArcPath(g: ExpandedGraph, arcs: readonly number[], p: CostParameters): RoutePath {
  const { nodes, links } = g.network;
  let totalCostUsd = 0;
  let totalHours = 0;
  let totalKm = 0;
  let co2Kg = 0;
  const legs: RouteLeg[] = [];
  const legCoords: [number, number][][] = [];
  const transfers: TransferEvent[] = [];
  const borderCrossings: BorderCrossingEvent[] = [];
  const gaugeChanges: GaugeChangeEvent[] = [];
  const linkIds: string[] = [];
  const nodeIds: string[] = [];
  const steps: RouteStep[] = [];
  let legOpen = false; // false after a transfer: the next link arc starts a new leg even in the same mode

  const visit = (nodeIndex: number) => {
    const id = nodes[nodeIndex].id;
    if (nodeIds[nodeIds.length - 1] !== id) nodeIds.push(id);
  };

  for (const a of arcs) {
    totalCostUsd += g.arcCostUsd[a];
    totalHours += g.arcHours[a];
    totalKm += g.arcKm[a];
    co2Kg += g.arcCo2Kg[a];
    const kind = g.arcKind[a];
    if (kind === 'link') {
      const link = links[g.arcLink[a]];
      const reverse = g.arcReverse[a] === 1;
      const fromNode = nodes[g.vertexNode[g.arcFrom[a]]];
      const toNode = nodes[g.vertexNode[g.arcTo[a]]];
      visit(g.vertexNode[g.arcFrom[a]]);
      visit(g.vertexNode[g.arcTo[a]]);
      linkIds.push(link.id);
      const coords = reverse ? [...link.coordinates].reverse() : link.coordinates;
      const last = legs[legs.length - 1];
      const extendsLeg = legOpen && last !== undefined && last.mode === link.mode;
      steps.push({
        kind: 'link', legIndex: extendsLeg ? legs.length - 1 : legs.length, mode: link.mode, linkId: link.id,
        from: fromNode.id, to: toNode.id, fromName: fromNode.name, toName: toNode.name,
        km: g.arcKm[a], hours: g.arcHours[a], costUsd: g.arcCostUsd[a], co2Kg: g.arcCo2Kg[a],
      });
      if (extendsLeg) {
        last.to = toNode.id;
        last.toName = toNode.name;
        last.km += g.arcKm[a];
        last.hours += g.arcHours[a];
        last.costUsd += g.arcCostUsd[a];
        last.co2Kg += g.arcCo2Kg[a];
        last.linkIds.push(link.id);
        const line = legCoords[legCoords.length - 1];
        const joint = line[line.length - 1];
        line.push(...(joint[0] === coords[0][0] && joint[1] === coords[0][1] ? coords.slice(1) : coords));
      } else {
        legs.push({
          mode: link.mode, from: fromNode.id, to: toNode.id, fromName: fromNode.name, toName: toNode.name,
          km: g.arcKm[a], hours: g.arcHours[a], costUsd: g.arcCostUsd[a], co2Kg: g.arcCo2Kg[a], linkIds: [link.id],
        });
        legCoords.push(coords.map((c) => [c[0], c[1]] as [number, number]));
      }
      legOpen = true;
      continue;
    }
    const n = g.arcNode[a];
    const node = nodes[n];
    visit(n);
    if (kind === 'origin' || kind === 'destination') continue;
    const inKey = g.vertexModeKey[g.arcFrom[a]];
    const outKey = g.vertexModeKey[g.arcTo[a]];
    if (kind === 'transfer') {
      transfers.push({
        node: node.id, nodeName: node.name, fromMode: modeOfKey(inKey), toMode: modeOfKey(outKey),
        costUsd: node.transferUsdPerTeu, hours: node.transferHours,
      });
      steps.push({ kind: 'transfer', legIndex: legs.length - 1, node: node.id, nodeName: node.name, detail: `${modeOfKey(inKey)} → ${modeOfKey(outKey)}`, costUsd: node.transferUsdPerTeu, hours: node.transferHours });
      legOpen = false;
    } else if (kind === 'gauge') {
      gaugeChanges.push({
        node: node.id, nodeName: node.name, fromGaugeMm: gaugeOfKey(inKey), toGaugeMm: gaugeOfKey(outKey),
        costUsd: node.gaugeChangeUsdPerTeu, hours: node.gaugeChangeHours,
      });
      steps.push({ kind: 'gauge', legIndex: legs.length - 1, node: node.id, nodeName: node.name, detail: `${gaugeOfKey(inKey)} → ${gaugeOfKey(outKey)} mm`, costUsd: node.gaugeChangeUsdPerTeu, hours: node.gaugeChangeHours });
    }
    if (isBorder(node)) {
      borderCrossings.push({ node: node.id, nodeName: node.name, costUsd: node.borderCrossingUsdPerTeu, hours: node.borderCrossingHours });
      steps.push({ kind: 'border', legIndex: legs.length - 1, node: node.id, nodeName: node.name, detail: 'border crossing', costUsd: node.borderCrossingUsdPerTeu, hours: node.borderCrossingHours });
    }
  }

  const features: Feature<LineString, LegFeatureProperties>[] = legs.map((leg, legIndex) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: legCoords[legIndex] },
    properties: { legIndex, ...leg, linkIds: [...leg.linkIds] },
  }));
  return {
    totalCostUsd,
    totalHours,
    totalDays: totalHours / 24,
    totalKm,
    co2Kg,
    generalizedCostUsd: generalizedCost(totalCostUsd, totalHours, co2Kg, p),
    legs,
    transfers,
    borderCrossings,
    gaugeChanges,
    steps,
    modeChain: legs.map((l) => l.mode),
    linkIds,
    nodeIds,
    geometry: { type: 'FeatureCollection', features },
  };
}
