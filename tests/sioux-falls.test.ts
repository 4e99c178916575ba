import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import type { DemandRow } from '../src/network/demand.js';
import { optimize } from '../src/assignment/index.js';
import { checkInvariants } from './support/check-invariants.js';

const repoRoot = join(import.meta.dirname, '..');
const dir = join(repoRoot, 'tests', 'fixtures', 'sioux-falls');

/**
 * Optimum of the capacitated Sioux Falls LP (cost per unit = free-flow time, hard capacity = 2 × the TNTP
 * capacity, demand = the trips table, all links oneway), from an independent formulation and solvers:
 * `npx tsx bench/sioux-falls-reference.ts` (run 2026-11-25) writes the LP with one commodity per OD pair
 * (528 commodities, 40,128 columns, 12,748 rows) straight from the TNTP files, without our code, and solves it with
 *  - GLPK `glpsol --lp` (GLPSOL 5.0, Debian glpk-utils 5.0-1): OPTIMAL, objective 3439373.874323 (raw solution file);
 *  - COIN-OR CLP 1.17.6 (Debian coinor-clp 1.17.6-3) on the MPS file: "Optimal objective 3439373.874".
 * 24 of the 76 capacity rows have a nonzero dual in CLP's solution, so capacities bind.
 */
const REFERENCE_OPTIMUM = 3439373.874323;

function siouxFalls() {
  const coords = new Map<string, [number, number]>();
  for (const line of readFileSync(join(dir, 'SiouxFalls_node.tntp'), 'utf8').split('\n').slice(1)) {
    const f = line.replace(';', '').trim().split(/\s+/);
    if (f.length >= 3) coords.set(f[0], [Number(f[1]), Number(f[2])]);
  }
  const features: object[] = [...coords].map(([id, c]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { id, kind: 'city' } }));
  for (const line of readFileSync(join(dir, 'SiouxFalls_net.tntp'), 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('<') || t.startsWith('~')) continue;
    const [from, to, capacity, , fft] = t.replace(/;$/, '').trim().split(/\s+/);
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [coords.get(from), coords.get(to)] },
      properties: {
        id: `${from}-${to}`, from, to, mode: 'road', oneway: true,
        // Cost per TEU = lengthKm × costUsdPerTeuKm = free-flow time; time and CO2 are not priced (vot 0, carbon 0).
        lengthKm: Number(fft), costUsdPerTeuKm: 1, hours: 0, co2KgPerTeuKm: 0,
        capacityTeuPerYear: 2 * Number(capacity),
      },
    });
  }
  const network = buildNetwork({ type: 'FeatureCollection', features }, { id: 'sioux-falls' });
  const demand: DemandRow[] = [];
  let origin = '';
  for (const line of readFileSync(join(dir, 'SiouxFalls_trips.tntp'), 'utf8').split('\n')) {
    const m = /^Origin\s+(\d+)/.exec(line.trim());
    if (m) origin = m[1];
    else for (const e of line.matchAll(/(\d+)\s*:\s*([\d.]+)\s*;/g)) {
      if (origin && e[1] !== origin && Number(e[2]) > 0) {
        demand.push({ origin, destination: e[1], teuPerYear: Number(e[2]), commodity: null, valueOfTimeUsdPerTeuHour: null, source: 'TNTP', row: demand.length + 1 });
      }
    }
  }
  return { network, demand };
}

describe('Sioux Falls (capacitated LP against glpsol / clp)', () => {
  // The arc LP is this file's subject; the path formulation (column generation) must reach the same optimum.
  for (const method of ['arc', 'paths'] as const) {
    it(`reaches the independently computed optimum with HiGHS (method ${method})`, async () => {
      const { network, demand } = siouxFalls();
      expect([network.nodes.length, network.links.length, demand.length]).toEqual([24, 76, 528]);
      expect(demand.reduce((s, d) => s + d.teuPerYear, 0)).toBe(360_600);
      const result = await optimize(network, demand, { vot: 0, carbonPrice: 0, backend: 'highs', method });
      expect(result.status).toBe('optimal');
      expect(result.backend).toBe('highs');
      if (method === 'arc') expect(result.lpSize.commodities).toBe(24);
      expect(result.unservedTeu).toBeLessThan(1e-6);
      expect(Math.abs(result.objectiveUsd! - REFERENCE_OPTIMUM) / REFERENCE_OPTIMUM).toBeLessThan(1e-6);
      expect(checkInvariants(result, network, demand).violations).toEqual([]);
      expect(result.bottlenecks.length).toBeGreaterThan(0);
    });
  }
});
