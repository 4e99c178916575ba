import { buildNetwork } from '../../src/network/build-network.js';
import type { DemandRow } from '../../src/network/demand.js';
import type { Network } from '../../src/network/network.js';

/**
 * Two parallel routes from A to B, solvable by hand (with VOT 0 and carbon price 0 the cost is money only):
 * - `rail`: 1,000 km × 0.2 USD/TEU-km = 200 USD/TEU, capacity 1,000 TEU/yr per direction;
 * - `road`: 1,000 km × 0.5 USD/TEU-km = 500 USD/TEU, unlimited.
 * Demand A → B 3,000 TEU/yr: 1,000 go by rail, 2,000 by road; objective 200,000 + 1,000,000 = 1,200,000 USD/yr.
 * Node C hangs off B by a `spur` (100 km road) with no demand: an element whose closure changes nothing.
 */
export function twoRouteNetwork(options: { throughputB?: number } = {}): Network {
  const point = (id: string, lon: number, lat: number, extra: Record<string, unknown> = {}) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { id, ...extra },
  });
  const line = (props: Record<string, unknown>, coords: number[][]) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props });
  return buildNetwork(
    {
      type: 'FeatureCollection',
      features: [
        point('A', 0, 0),
        point('B', 1, 0, options.throughputB === undefined ? {} : { throughputTeuPerYear: options.throughputB }),
        point('C', 1, 0.5),
        line({ id: 'rail', from: 'A', to: 'B', mode: 'rail', lengthKm: 1000, costUsdPerTeuKm: 0.2, hours: 40, co2KgPerTeuKm: 0.1, capacityTeuPerYear: 1000 }, [[0, 0], [1, 0]]),
        line({ id: 'road', from: 'A', to: 'B', mode: 'road', lengthKm: 1000, costUsdPerTeuKm: 0.5, hours: 20, co2KgPerTeuKm: 0.6 }, [[0, 0], [0.5, 0.1], [1, 0]]),
        line({ id: 'spur', from: 'B', to: 'C', mode: 'road', lengthKm: 100, costUsdPerTeuKm: 0.5, hours: 2 }, [[1, 0], [1, 0.5]]),
      ],
    },
    { id: 'two-routes' },
  );
}

/** Demand A → B, TEU per year. */
export function demandAB(teuPerYear = 3000): DemandRow[] {
  return [{ origin: 'A', destination: 'B', teuPerYear, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: 2 }];
}

/** A second rail track A–B: 1,000 km × 0.2 USD/TEU-km, 1,500 TEU/yr per direction, USD 3 M, 30 years. */
export const secondTrackFeature = {
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: [[0, 0], [0.5, -0.05], [1, 0]] },
  properties: {
    id: 'rail-2', from: 'A', to: 'B', mode: 'rail', status: 'candidate', lengthKm: 1000, costUsdPerTeuKm: 0.2, hours: 40,
    co2KgPerTeuKm: 0.1, capacityTeuPerYear: 1500, capexUsd: 3e6, lifetimeYears: 30, source: 'test figures',
  },
};

/** Rail capacity 1,000 → 2,500 TEU/yr, USD 2 M, 30 years. */
export const railUpgrade = { type: 'upgrade', id: 'rail-cap', target: 'rail', capacityTeuPerYear: 2500, capexUsd: 2e6, lifetimeYears: 30, source: 'test figures' };
/** Road 0.5 → 0.4 USD/TEU-km, USD 1 M, 20 years. */
export const roadCheaper = { type: 'upgrade', id: 'road-cheaper', target: 'road', costUsdPerTeuKm: 0.4, capexUsd: 1e6, lifetimeYears: 20, source: 'test figures' };
/** Rail 40 h → 25 h, USD 1.5 M, 25 years. */
export const railFaster = { type: 'upgrade', id: 'rail-faster', target: 'rail', hours: 25, capexUsd: 1.5e6, lifetimeYears: 25, source: 'test figures' };
/** Node B throughput → 3,500 TEU/yr, USD 0.8 M, 15 years (only meaningful with throughputB set). */
export const terminalB = { type: 'upgrade', id: 'terminal-b', target: 'B', throughputTeuPerYear: 3500, capexUsd: 0.8e6, lifetimeYears: 15, source: 'test figures' };
