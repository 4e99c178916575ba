import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { runCliInProcess } from './support/run-cli-in-process.js';

// These tests check what the command prints, not how the process behaves, so they run the real commander
// program in-process (no node start and tsx transform per call); bin/corridor.js itself is covered by
// tests/cli-networks.test.ts.
const corridor = runCliInProcess;

// The hand-solved network of tests/optimize.test.ts: via port P (throughput 700) 350 USD/TEU, road 600 USD/TEU.
const dir = mkdtempSync(join(tmpdir(), 'optimize-cli-'));
const networkFile = join(dir, 'hand.geojson');
const pt = (id: string, c: number[], props: object = {}) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { id, ...props } });
const ln = (id: string, from: string, to: string, a: number[], b: number[], props: object) => ({
  type: 'Feature', geometry: { type: 'LineString', coordinates: [a, b] }, properties: { id, from, to, ...props },
});
writeFileSync(networkFile, JSON.stringify({
  type: 'FeatureCollection',
  features: [
    pt('A', [100, 30], { name: 'Inland' }),
    pt('P', [108, 22], { name: 'Port', kind: 'seaport', throughputTeuPerYear: 700, transferUsdPerTeu: 50, transferHours: 12 }),
    pt('C', [104, 1], { name: 'Coast', kind: 'seaport' }),
    ln('A-P', 'A', 'P', [100, 30], [108, 22], { mode: 'rail', lengthKm: 1000, costUsdPerTeuKm: 0.2, hours: 48, capacityTeuPerYear: 800 }),
    ln('P-C', 'P', 'C', [108, 22], [104, 1], { mode: 'sea', lengthKm: 2000, costUsdPerTeuKm: 0.05, hours: 100 }),
    ln('A-C', 'A', 'C', [100, 30], [104, 1], { mode: 'road', lengthKm: 1000, costUsdPerTeuKm: 0.6, hours: 20 }),
  ],
}));
const demandFile = join(dir, 'demand.csv');
writeFileSync(demandFile, 'origin,destination,teuPerYear,commodity,source\nInland,Coast,1000,"machinery, parts","survey, 2024"\n');

describe('corridor optimize', () => {
  it('prints status, objective breakdown, modal split and the binding port with its shadow price', async () => {
    const r = await corridor('optimize', '--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0', '--backend', 'glpk');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('optimal — glpk');
    expect(r.stdout).toContain('Objective USD 425,000/yr = money USD 425,000 + time USD 0 + carbon USD 0 + unserved penalty USD 0');
    expect(r.stdout).toContain('unserved 0 (0.0%)');
    expect(r.stdout).toMatch(/terminal\s+P\s+Port\s+700\s+700\s+100\.0%\s+250\.00/);
    expect(r.stdout).toContain('Busiest links');
  });

  it('--json has status, objectiveUsd (money only with --vot 0 --carbon-price 0), unservedTeu and links', async () => {
    const r = await corridor('optimize', '--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0', '--json');
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.status).toBe('optimal');
    expect(body.objectiveUsd).toBeCloseTo(425_000, 4);
    expect(body.objectiveBreakdown.moneyUsd).toBeCloseTo(body.objectiveUsd, 4);
    expect(body.unservedTeu).toBe(0);
    expect(body.links.map((l: { id: string; direction: string }) => `${l.id}:${l.direction}`).sort()).toEqual(
      ['A-C:forward', 'A-C:reverse', 'A-P:forward', 'A-P:reverse', 'P-C:forward', 'P-C:reverse'],
    );
    expect(body.od[0]).toMatchObject({ commodity: 'machinery, parts', demandTeuPerYear: 1000 });
    expect(body).not.toHaveProperty('commodities');
  });

  it('--unserved-penalty and --close make unserved demand visible in the objective', async () => {
    const r = await corridor('optimize', '--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0', '--close', 'A-C', '--unserved-penalty', '10000', '--json');
    const body = JSON.parse(r.stdout);
    expect(body.unservedTeu).toBeCloseTo(300, 6);
    expect(body.objectiveUsd).toBeCloseTo(700 * 350 + 300 * 10_000, 3);
  });

  it('--geojson puts flow and utilization of both directions on each link', async () => {
    const r = await corridor('optimize', '--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0', '--geojson');
    expect(r.exitCode).toBe(0);
    const fc = JSON.parse(r.stdout);
    expect(fc.type).toBe('FeatureCollection');
    const rail = fc.features.find((f: { properties: { id: string } }) => f.properties.id === 'A-P').properties;
    expect(rail.flowForwardTeuPerYear).toBeCloseTo(700, 6);
    expect(rail.flowReverseTeuPerYear).toBe(0);
    expect(rail.utilization).toBeCloseTo(0.875, 9);
    expect(rail).toHaveProperty('utilizationReverse', 0);
  });

  it('exits 1 and names row and column of every bad demand row', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'origin,destination,teuPerYear\nInland,Atlantis,10\nInland,Coast,-4\n');
    const r = await corridor('optimize', '--network', networkFile, '--demand', bad);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('row 2, column destination: unknown node "Atlantis"');
    expect(r.stderr).toContain('row 3, column teuPerYear: must be ≥ 0');
    const j = await corridor('optimize', '--network', networkFile, '--demand', bad, '--json');
    expect(JSON.parse(j.stdout).error.problems.map((p: { row: number; property: string }) => [p.row, p.property])).toEqual([[2, 'destination'], [3, 'teuPerYear']]);
  });
});
