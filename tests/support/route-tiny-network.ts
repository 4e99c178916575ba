import { buildNetwork } from '../../src/network/build-network.js';
import type { Network } from '../../src/network/network.js';

/**
 * A hand-sized corridor for route tests (every figure given, nothing defaulted, so the answers can be
 * checked by hand). Link money = lengthKm × costUsdPerTeuKm, CO2 = lengthKm × co2KgPerTeuKm:
 *
 *   A-P   rail 1435  1450 km × 0.20 = 290 USD, 48 h, × 0.10 = 145 kg
 *   A-P2  rail 1435  1500 km × 0.15 = 225 USD, 50 h, × 0.30 = 450 kg   (parallel to A-P: multigraph)
 *   P-S   sea        2500 km × 0.036 = 90 USD, 144 h, × 0.076 = 190 kg
 *   A-R   river      2400 km × 0.12 = 288 USD, 180 h, × 0.35 = 840 kg
 *   R-S   sea        3800 km × 0.036 = 136.8 USD, 150 h, × 0.076 = 288.8 kg
 *   A-S   road oneway A→S  3000 km × 0.6 = 1800 USD, 60 h, × 0.6 = 1800 kg
 *   A-B   rail 1435  3000 km × 0.2 = 600 USD, 100 h, × 0.1 = 300 kg
 *   B-E   rail 1520  6000 km × 0.2 = 1200 USD, 200 h, × 0.1 = 600 kg
 *   A-Z   road oneway A→Z  500 km × 0.6 = 300 USD, 10 h, × 0.6 = 300 kg
 *   Y1-W  road 100 km × 1 = 100 USD, 2 h;  Y1-Y2 road oneway Y1→Y2 100 km × 1 = 100 USD, 2 h;  Y2-V road 100 km, same
 *   S-E   air        10000 km × 2.9 = 29000 USD, 15 h, × 6.3 = 63000 kg
 *   A-W   road candidate 1000 km × 1 = 1000 USD, 20 h
 *
 * Node charges: A transfer 30 USD / 6 h; P transfer 50 USD / 12 h; R transfer 40 USD / 10 h;
 * B border 100 USD / 30 h and gauge change 40 USD / 5 h.
 */
export const TINY_NODES: Record<string, { lonLat: [number, number]; props: Record<string, unknown> }> = {
  A: { lonLat: [106.55, 29.56], props: { name: 'Chongqing', aliases: ['CQ'], kind: 'rail_terminal', transferUsdPerTeu: 30, transferHours: 6 } },
  P: { lonLat: [108.62, 21.68], props: { name: 'Qinzhou', kind: 'seaport', transferUsdPerTeu: 50, transferHours: 12 } },
  S: { lonLat: [103.8, 1.27], props: { name: 'Singapore', kind: 'seaport' } },
  R: { lonLat: [121.5, 31.2], props: { name: 'Shanghai', kind: 'seaport', transferUsdPerTeu: 40, transferHours: 10 } },
  B: { lonLat: [82.57, 45.17], props: { name: 'Alashankou', kind: 'border_crossing', borderCrossingUsdPerTeu: 100, borderCrossingHours: 30, gaugeChangeUsdPerTeu: 40, gaugeChangeHours: 5 } },
  E: { lonLat: [6.76, 51.43], props: { name: 'Duisburg', kind: 'rail_terminal' } },
  Z: { lonLat: [90, 30], props: { name: 'Lhasa' } },
  Y1: { lonLat: [70, 40], props: { name: 'Y one' } },
  Y2: { lonLat: [70.5, 40], props: { name: 'Y two' } },
  W: { lonLat: [69.5, 40], props: { name: 'W' } },
  V: { lonLat: [71, 40], props: { name: 'V' } },
};

type LinkRow = [id: string, from: string, to: string, mode: string, lengthKm: number, costUsdPerTeuKm: number, hours: number, co2KgPerTeuKm: number, extra?: Record<string, unknown>];

export const TINY_LINKS: LinkRow[] = [
  ['A-P', 'A', 'P', 'rail', 1450, 0.2, 48, 0.1],
  ['A-P2', 'A', 'P', 'rail', 1500, 0.15, 50, 0.3],
  ['P-S', 'P', 'S', 'sea', 2500, 0.036, 144, 0.076],
  ['A-R', 'A', 'R', 'inland_waterway', 2400, 0.12, 180, 0.35],
  ['R-S', 'R', 'S', 'sea', 3800, 0.036, 150, 0.076],
  ['A-S', 'A', 'S', 'road', 3000, 0.6, 60, 0.6, { oneway: true }],
  ['A-B', 'A', 'B', 'rail', 3000, 0.2, 100, 0.1, { gauge: 1435 }],
  ['B-E', 'B', 'E', 'rail', 6000, 0.2, 200, 0.1, { gauge: 1520 }],
  ['A-Z', 'A', 'Z', 'road', 500, 0.6, 10, 0.6, { oneway: true }],
  ['Y1-W', 'Y1', 'W', 'road', 100, 1, 2, 0.6],
  ['Y1-Y2', 'Y1', 'Y2', 'road', 100, 1, 2, 0.6, { oneway: true }],
  ['Y2-V', 'Y2', 'V', 'road', 100, 1, 2, 0.6],
  ['S-E', 'S', 'E', 'air', 10000, 2.9, 15, 6.3],
  ['A-W', 'A', 'W', 'road', 1000, 1, 20, 0.6, { status: 'candidate', capexUsd: 1e9, lifetimeYears: 30 }],
];

/** The tiny corridor as GeoJSON, optionally without some links. */
export function tinyGeoJson(options: { withoutLinks?: string[] } = {}): unknown {
  const nodes = Object.entries(TINY_NODES).map(([id, n]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: n.lonLat },
    properties: { id, ...n.props },
  }));
  const links = TINY_LINKS.filter((l) => !options.withoutLinks?.includes(l[0])).map(([id, from, to, mode, lengthKm, costUsdPerTeuKm, hours, co2KgPerTeuKm, extra]) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [TINY_NODES[from].lonLat, TINY_NODES[to].lonLat] },
    properties: { id, from, to, mode, lengthKm, costUsdPerTeuKm, hours, co2KgPerTeuKm, source: 'hand-made test network', ...extra },
  }));
  return { type: 'FeatureCollection', name: 'tiny corridor', features: [...nodes, ...links] };
}

/** The tiny corridor as a validated network. */
export function tinyNetwork(options: { withoutLinks?: string[] } = {}): Network {
  return buildNetwork(tinyGeoJson(options), { id: 'tiny-corridor' });
}
