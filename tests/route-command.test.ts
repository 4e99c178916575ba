import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from './support/run-cli-in-process.js';
import { tinyGeoJson } from './support/route-tiny-network.js';

const file = join(mkdtempSync(join(tmpdir(), 'corridor-route-')), 'tiny-corridor.geojson');
writeFileSync(file, JSON.stringify(tinyGeoJson()));

const cli = runCliInProcess;

afterEach(() => {
  process.exitCode = 0;
});

describe('corridor route', () => {
  it('--json has the agreed top-level fields; with --vot 0 --carbon-price 0 the cost is pure money', async () => {
    const { stdout, exitCode } = await cli('route', '--network', file, '--from', 'Chongqing', '--to', 'Singapore', '--vot', '0', '--carbon-price', '0', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    // A-P2 225 + transfer at P 50 + P-S 90 = 365 USD/TEU; 50 + 12 + 144 = 206 h; 4000 km; 450 + 190 kg.
    expect(r.totalCostUsd).toBeCloseTo(365, 9);
    expect(r.generalizedCostUsd).toBe(r.totalCostUsd);
    expect(r.totalHours).toBeCloseTo(206, 9);
    expect(r.totalKm).toBeCloseTo(4000, 9);
    expect(r.co2Kg).toBeCloseTo(640, 9);
    expect(r.alternatives).toEqual([]);
    expect(r.legs.map((l: Record<string, unknown>) => [l.mode, l.from, l.to, l.km, l.hours])).toEqual([
      ['rail', 'A', 'P', 1500, 50],
      ['sea', 'P', 'S', 2500, 144],
    ]);
    for (const leg of r.legs) expect(Object.keys(leg)).toEqual(expect.arrayContaining(['mode', 'from', 'to', 'km', 'hours', 'costUsd', 'co2Kg']));
  });

  it('passes --modes, --avoid, --via and --alternatives through', async () => {
    const viaR = JSON.parse((await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--via', 'Shanghai', '--json')).stdout);
    expect(viaR.nodeIds).toEqual(['A', 'R', 'S']);
    const noP = JSON.parse((await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--avoid', 'P,A-S', '--json')).stdout);
    expect(noP.linkIds).toEqual(['A-R', 'R-S']);
    const river = JSON.parse((await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--modes', 'inland_waterway,sea', '--json')).stdout);
    expect(river.modeChain).toEqual(['inland_waterway', 'sea']);
    const alts = JSON.parse((await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--alternatives', '--json')).stdout);
    expect(alts.alternatives.map((a: { modeChain: string[] }) => a.modeChain.join('+'))).toEqual(['rail+sea', 'inland_waterway+sea', 'road', 'rail+air']);
  });

  it('prints a readable table of legs and totals, and the comparison with --alternatives', async () => {
    const { stdout } = await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--alternatives');
    expect(stdout).toContain('Chongqing → Singapore');
    expect(stdout).toMatch(/rail\s+Chongqing\s+Qinzhou\s+1,500\s+2\.1\s+225\s+0\.45/);
    expect(stdout).toContain('transfer rail → sea at Qinzhou: USD 50, 12.0 h');
    expect(stdout).toContain('Total: USD 365/TEU, 8.6 days, 4,000 km, 0.64 t CO2/TEU; generalized cost USD 571/TEU');
    expect(stdout).toMatch(/\* best\s+rail \+ sea/);
    expect(stdout).toMatch(/river \+ sea\s+465/);
  });

  it('--geojson prints the route legs as a FeatureCollection', async () => {
    const fcol = JSON.parse((await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--geojson')).stdout);
    expect(fcol.type).toBe('FeatureCollection');
    expect(fcol.features.map((f: { geometry: { type: string }; properties: { mode: string } }) => [f.geometry.type, f.properties.mode])).toEqual([
      ['LineString', 'rail'],
      ['LineString', 'sea'],
    ]);
  });

  it('no route: prints the reason and exits 1', async () => {
    const human = await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--modes', 'sea');
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toContain('No route: no link of the allowed modes [sea] leaves Chongqing');
    const json = await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--modes', 'sea', '--json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ found: false, reason: expect.stringContaining('[sea]') });
  });

  it('unknown node and bad numbers: typed errors, exit 1', async () => {
    const unknown = await cli('route', '--network', file, '--from', 'Chongching', '--to', 'S', '--json');
    expect(unknown.exitCode).toBe(1);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ code: 'NOT_FOUND' });
    const human = await cli('route', '--network', file, '--from', 'Chongching', '--to', 'S');
    expect(human.stderr).toMatch(/unknown node "Chongching"; did you mean "A"/);
    const same = await cli('route', '--network', file, '--from', 'A', '--to', 'CQ', '--json');
    expect(JSON.parse(same.stdout).error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const badVot = await cli('route', '--network', file, '--from', 'A', '--to', 'S', '--vot', '-2', '--json');
    expect(JSON.parse(badVot.stdout).error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
