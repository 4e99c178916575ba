import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from './support/run-cli-in-process.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-evaluate-'));
const networkFile = join(dir, 'two-routes.geojson');
const demandFile = join(dir, 'demand.csv');
const candidatesFile = join(dir, 'candidates.geojson');
const badCandidatesFile = join(dir, 'bad.json');
writeFileSync(networkFile, JSON.stringify(networkToGeoJson(twoRouteNetwork())));
writeFileSync(demandFile, 'origin,destination,teuPerYear\nA,B,3000\n');
writeFileSync(candidatesFile, JSON.stringify({ type: 'FeatureCollection', features: [secondTrackFeature, { type: 'Feature', geometry: null, properties: railUpgrade }, { type: 'Feature', geometry: null, properties: roadCheaper }] }));
writeFileSync(badCandidatesFile, JSON.stringify([{ ...railUpgrade, target: 'rial' }]));
const common = ['--network', networkFile, '--demand', demandFile, '--vot', '0', '--carbon-price', '0'];

const cli = runCliInProcess;

afterEach(() => {
  process.exitCode = 0;
});

describe('corridor evaluate', () => {
  it('--json has candidates[], portfolio{} and, with --sweep, budgetSweep[]', async () => {
    const { stdout, exitCode } = await cli('evaluate', ...common, '--candidates', candidatesFile, '--budget', '2500000', '--sweep', '2', '--workers', '0', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.candidates.map((c: { id: string }) => c.id)).toEqual(['rail-2', 'rail-cap', 'road-cheaper']);
    for (const c of r.candidates) {
      for (const key of ['id', 'annualBenefitUsd', 'annualizedCapexUsd', 'bcr', 'npvUsd', 'attractedTeu', 'benefitBreakdown', 'shiftedFrom']) expect(c).toHaveProperty(key);
    }
    // Hand values (see evaluate-candidates.test.ts): 450,000, 450,000 and 200,000 USD/yr.
    expect(r.candidates.map((c: { annualBenefitUsd: number }) => Math.round(c.annualBenefitUsd))).toEqual([450_000, 450_000, 200_000]);
    expect(r.portfolio).toMatchObject({ budgetUsd: 2_500_000, status: 'optimal', relativeMipGap: 0 });
    // Under USD 2.5 M only rail-cap (2 M) or road-cheaper (1 M) fit, not both: rail-cap nets 450,000 − 145,298 more.
    expect(r.portfolio.chosen).toEqual(['rail-cap']);
    expect(r.portfolio.netBenefitUsd).toBeCloseTo(450_000 - 2e6 * 0.0726489115, 0);
    expect(r.budgetSweep.map((s: { budgetUsd: number }) => s.budgetUsd)).toEqual([0, 3e6, 6e6]);
  });

  it('prints readable tables', async () => {
    const { stdout, exitCode } = await cli('evaluate', ...common, '--candidates', candidatesFile, '--workers', '0');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/benefit USD\/yr/);
    expect(stdout).toMatch(/Portfolio \(no budget\)/);
    expect(stdout).toMatch(/rail-2/);
  });

  it('reports every problem of a bad candidates file and exits 1', async () => {
    const { stdout, exitCode } = await cli('evaluate', ...common, '--candidates', badCandidatesFile, '--json');
    expect(exitCode).toBe(1);
    const r = JSON.parse(stdout);
    expect(r.error.code).toBe('VALIDATION_ERROR');
    expect(r.error.problems[0]).toMatchObject({ featureIndex: 0, id: 'rail-cap', property: 'target' });
  });

  it('needs candidates when the network has none', async () => {
    const { stderr, exitCode } = await cli('evaluate', ...common);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/no candidate links; pass --candidates/);
  });
});

describe('corridor disrupt and criticality', () => {
  it('disrupt --close rail --json: added cost, rerouted and unserved TEU', async () => {
    const { stdout, exitCode } = await cli('disrupt', ...common, '--close', 'rail', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.closedLinkIds).toEqual(['rail']);
    expect(r.addedCostUsd).toBeCloseTo(300_000, 3);
    expect(r.reroutedTeu).toBeCloseTo(1000, 6);
    expect(r.unservedTeu).toBeCloseTo(0, 6);
  });

  it('disrupt --derate takes id=factor and prints tables', async () => {
    const { stdout, exitCode } = await cli('disrupt', ...common, '--derate', 'rail=0.5');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Added cost USD 150,000\/yr/);
    expect(stdout).toMatch(/Links whose flow changed most/);
  });

  it('disrupt without anything to disrupt is an error', async () => {
    expect((await cli('disrupt', ...common)).exitCode).toBe(1);
  });

  it('criticality --json ranks the elements; --top limits the list', async () => {
    // --include-endpoints: origins and destinations are left out by default since issue 19.
    const { stdout, exitCode } = await cli('criticality', ...common, '--unserved-penalty', '10000', '--workers', '0', '--top', '3', '--include-endpoints', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.elementCount).toBe(6);
    expect(r.entries.map((e: { id: string }) => e.id)).toEqual(['A', 'B', 'road']);
    expect(r.entries[0]).toMatchObject({ rank: 1, kind: 'terminal', endpoint: true });
  });

  it('criticality --elements links prints a table', async () => {
    const { stdout, exitCode } = await cli('criticality', ...common, '--elements', 'links', '--workers', '0');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/N-1 over 3 elements/);
    expect(stdout).toMatch(/added cost USD\/yr/);
  });
});
