/**
 * Shared by the tests/api*.test.ts files: the tiny fixture network, figures of its routes computed by
 * hand from the fixture and the mode defaults, and a generated grid network whose LP is slow enough
 * (tens of seconds) to test cancellation, queue limits and time limits with a real job.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODE_DEFAULTS } from '../../src/network/mode-defaults.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** tests/fixtures/in/tiny-multimodal.geojson, parsed fresh. */
export const tinyNetwork = (): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, 'in', 'tiny-multimodal.geojson'), 'utf8'));

/** Great-circle km with turf's earth radius (6371.0088 km), written out here as an independent check. */
export function haversineKm([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/**
 * A→S in the tiny network, by hand. Rail+sea: A-P rail 1450 km at 0.2 USD/TEU-km in 48 h, transfer at P
 * (50 USD, 12 h), P-S sea 2500 km in 144 h at the sea defaults. Road: A-S-road at the road defaults over
 * the geodesic length of its two-point geometry. Generalized cost = USD + vot × h + carbon × kg / 1000.
 */
export function tinyRoutesByHand(vot = 1, carbonPriceUsdPerTonne = 0) {
  const sea = MODE_DEFAULTS.sea;
  const road = MODE_DEFAULTS.road;
  const rail = MODE_DEFAULTS.rail;
  const railSea = {
    costUsd: 1450 * 0.2 + 50 + 2500 * sea.costUsdPerTeuKm.value,
    hours: 48 + 12 + 144,
    km: 1450 + 2500,
    co2Kg: 1450 * rail.co2KgPerTeuKm.value + 2500 * sea.co2KgPerTeuKm.value,
  };
  const roadKm = haversineKm([106.55, 29.56], [103.8, 1.27]);
  const roadOnly = {
    costUsd: roadKm * road.costUsdPerTeuKm.value,
    hours: roadKm / road.speedKmh.value,
    km: roadKm,
    co2Kg: roadKm * road.co2KgPerTeuKm.value,
  };
  const gen = (r: typeof railSea) => r.costUsd + vot * r.hours + (carbonPriceUsdPerTonne * r.co2Kg) / 1000;
  return { railSea: { ...railSea, generalizedCostUsd: gen(railSea) }, road: { ...roadOnly, generalizedCostUsd: gen(roadOnly) } };
}

/** A candidate link P→S (a second sea service) in the submission format of the API. */
export function seaCandidate(id: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[108.62, 21.68], [103.8, 1.27]] },
    properties: { id, from: 'P', to: 'S', mode: 'sea', status: 'candidate', lengthKm: 2400, hours: 130, capexUsd: 1e8, lifetimeYears: 25, capacityTeuPerYear: 5000, source: 'test: hand-made', ...extra },
    author: 'planner@test',
    notes: 'second sea service',
  };
}

/**
 * An n × n grid of nodes 0.2° apart, rail links east–west and road links north–south, capacities a bit
 * uneven so the LP has many binding rows; with n origins at the west edge each sending 3,000 TEU/yr to
 * the east edge, optimize() takes tens of seconds at n = 16 on a small machine.
 */
export function gridNetwork(n: number) {
  const features: unknown[] = [];
  const id = (i: number, j: number) => `n${i}_${j}`;
  const at = (i: number, j: number): [number, number] => [100 + i * 0.2, 20 + j * 0.2];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at(i, j) }, properties: { id: id(i, j) } });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i + 1 < n) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [at(i, j), at(i + 1, j)] }, properties: { id: `h${i}_${j}`, from: id(i, j), to: id(i + 1, j), mode: 'rail', capacityTeuPerYear: 1000 + ((i * 7 + j * 13) % 50) * 10 } });
      if (j + 1 < n) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [at(i, j), at(i, j + 1)] }, properties: { id: `v${i}_${j}`, from: id(i, j), to: id(i, j + 1), mode: 'road', capacityTeuPerYear: 1000 + ((i * 11 + j * 3) % 50) * 10 } });
    }
  }
  return { type: 'FeatureCollection', name: `grid ${n}x${n}`, features };
}

/** Demand for the grid: `count` rows west edge → east edge (distinct rows for distinct `teuPerYear`). */
export function gridDemand(n: number, count = n, teuPerYear = 3000) {
  return Array.from({ length: count }, (_, a) => ({ origin: `n0_${a % n}`, destination: `n${n - 1}_${n - 1 - (a % n)}`, teuPerYear }));
}
