import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { railUpgrade, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';
import { runCliInProcess as cli } from './support/run-cli-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-resilience-'));
const networkFile = join(dir, 'two-routes.geojson');
const demandFile = join(dir, 'demand.csv');
const candidatesFile = join(dir, 'candidates.json');
const scenariosFile = join(dir, 'scenarios.json');
const badScenariosFile = join(dir, 'bad-scenarios.json');
writeFileSync(networkFile, JSON.stringify(networkToGeoJson(twoRouteNetwork())));
writeFileSync(demandFile, 'origin,destination,teuPerYear\nA,B,3000\n');
// The hand-solved case of tests/resilience-robust.test.ts: budget for one of rail-cap (1 M) and rail-2 (2 M).
writeFileSync(candidatesFile, JSON.stringify([{ ...railUpgrade, capexUsd: 1e6, lifetimeYears: 10 }, { ...secondTrackFeature, properties: { ...secondTrackFeature.properties, capexUsd: 2e6, lifetimeYears: 10 } }]));
writeFileSync(scenariosFile, JSON.stringify({ scenarios: [{ id: 'base', name: 'base', probability: 0.7 }, { id: 'rail-closed', name: 'rail closed', probability: 0.3, close: ['rail'] }] }));
writeFileSync(badScenariosFile, JSON.stringify({ scenarios: [{ id: 'base', name: 'base', probability: 0.7 }, { id: 'x', name: 'x', probability: 0.3, close: ['rial'] }] }));
const common = ['--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0'];

afterEach(() => {
  process.exitCode = 0;
});

describe('corridor evaluate --scenarios', () => {
  it('--objective expected --json: the robust portfolio (hand value 1,040,000) beside the single-future one', async () => {
    const { stdout, exitCode } = await cli('evaluate', ...common, '--candidates', candidatesFile, '--budget', '2e6', '--discount-rate', '0', '--scenarios', scenariosFile, '--objective', 'expected', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ objective: 'expected', status: 'optimal', chosen: ['rail-2'] });
    expect(r.objectiveUsd).toBeCloseTo(1_040_000, 0);
    expect(r.singleFuture.chosen).toEqual(['rail-cap']);
    for (const key of ['lowerBoundUsd', 'relativeGap', 'iterations', 'subproblemSolves', 'history', 'scenarios']) expect(r).toHaveProperty(key);
  });

  it('text: tables with units; --objective worst', async () => {
    const { stdout, exitCode } = await cli('evaluate', ...common, '--candidates', candidatesFile, '--budget', '2e6', '--discount-rate', '0', '--scenarios', scenariosFile, '--objective', 'worst');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('build rail-2');
    expect(stdout).toMatch(/objective USD 1,250,000\/yr/);
    expect(stdout).toMatch(/cost USD\/yr/);
  });

  it('a bad objective and a scenario file with an unknown id are clear errors', async () => {
    const bad = await cli('evaluate', ...common, '--candidates', candidatesFile, '--scenarios', scenariosFile, '--objective', 'best');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/--objective: unknown objective "best"/);
    const unknown = await cli('evaluate', ...common, '--candidates', candidatesFile, '--scenarios', badScenariosFile, '--json');
    expect(unknown.exitCode).toBe(1);
    const e = JSON.parse(unknown.stdout).error;
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.problems[0]).toMatchObject({ path: 'scenarios[1].close[0]', featureIndex: 1 });
    expect(e.problems[0].message).toContain('"rail"');
  });
});

describe('corridor resilience', () => {
  it('text, --json and --geojson', async () => {
    const text = await cli('resilience', ...common, '--scenarios', scenariosFile, '--candidates', candidatesFile);
    expect(text.exitCode).toBe(0);
    for (const heading of ['Redundancy by OD pair', 'Backup capacity', 'Concentration', 'Candidates as backup']) expect(text.stdout).toContain(heading);
    const json = JSON.parse((await cli('resilience', ...common, '--scenarios', scenariosFile, '--json')).stdout);
    expect(json.backupCapacity[0].id).toBe('rail');
    expect(json.od[0].worstExtraCostUsdPerTeu).toBeCloseTo(100, 6);
    const geo = JSON.parse((await cli('resilience', ...common, '--scenarios', scenariosFile, '--geojson')).stdout);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.find((f: { properties: { id: string } }) => f.properties.id === 'road').properties.redundancy).toBeCloseTo(1, 9);
  });

  it('smoke: the built-in china-eurasia set runs (numbers not asserted: the data is changing)', async () => {
    const r = await cli('resilience', '--scenarios', 'default', '--binding', '3', '--json');
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.scenarios.length).toBeGreaterThanOrEqual(10);
    expect(json.concentration.map((c: { category: string }) => c.category)).toEqual(['border-crossings', 'ports', 'sea-chokepoints']);
    for (const c of json.concentration) expect(c.hhi).toBeGreaterThan(0);
  }, 120_000);
});
