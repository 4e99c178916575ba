import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { networkToGeoJson } from '../src/network-geojson.js';
import { runCliInProcess } from './run-cli-in-process.js';
import { twoRouteNetwork } from './evaluate-tiny-network.js';

// Issue 19, reports a planner reads: criticality ranks the network itself first, in the CLI and the API.
const cli = runCliInProcess;
afterEach(() => {
  process.exitCode = 0;
});

const dir = mkdtempSync(join(tmpdir(), 'corridor-reports-'));
const networkFile = join(dir, 'two-routes.geojson');
const demandFile = join(dir, 'demand.csv');
writeFileSync(networkFile, JSON.stringify(networkToGeoJson(twoRouteNetwork())));
writeFileSync(demandFile, 'origin,destination,teuPerYear\nA,B,3000\n');
const common = ['--network', networkFile, '--demand', demandFile, '--vot', '1', '--carbon-price', '0', '--unserved-penalty', '10000', '--workers', '0'];

// By hand (VOT 1): rail 200 + 40 h = 240 USD/TEU, capacity 1,000; road 500 + 20 = 520, unlimited; 3,000 TEU A→B.
// Closing road strands 2,000 TEU: 2,000 × (10,000 − 520) = 18,960,000 USD/yr. Closing rail moves 1,000 TEU to
// road: 1,000 × (520 − 240) = 280,000. Closing A or B (origin, destination) strands all 3,000.
describe('criticality: the network first, endpoints on request', () => {
  it('CLI: --top ranks links and terminals of the network by default; --include-endpoints adds A and B', async () => {
    const plain = JSON.parse((await cli('criticality', ...common, '--top', '2', '--json')).stdout);
    expect(plain.entries.map((e: { id: string }) => e.id)).toEqual(['road', 'rail']);
    expect(plain.entries[0].addedCostUsd).toBeCloseTo(2000 * (10_000 - 520), 3);
    expect(plain.entries[1].addedCostUsd).toBeCloseTo(1000 * (520 - 240), 3);
    expect(plain).toMatchObject({ endpointsIncluded: false, excludedEndpointIds: ['A', 'B'] });
    const text = (await cli('criticality', ...common)).stdout;
    expect(text).toMatch(/Origins and destinations of demand left out \(2: A, B\); --include-endpoints adds them/);
    const all = JSON.parse((await cli('criticality', ...common, '--top', '3', '--include-endpoints', '--json')).stdout);
    expect(all.entries.map((e: { id: string }) => e.id)).toEqual(['A', 'B', 'road']);
    expect(all.entries[0].addedCostUsd).toBeCloseTo(3000 * 10_000 - (1000 * 240 + 2000 * 520), 3);
  });

  describe('API', () => {
    let app: CorridorApp;
    let net: string;
    const demand = [{ origin: 'A', destination: 'B', teuPerYear: 3000 }];
    const body = { demand, vot: 1, carbonPrice: 0, unservedPenaltyUsdPerTeu: 10_000 };
    beforeAll(async () => {
      app = createApp({ databasePath: ':memory:', jobThreads: 1 });
      net = (await request(app).post('/networks').send(networkToGeoJson(twoRouteNetwork()))).body.id;
    });
    afterAll(() => app.close());

    it('POST criticality ranks the same way; includeEndpoints: true adds the endpoints', async () => {
      const res = await request(app).post(`/networks/${net}/criticality?wait=true`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.result.entries.map((e: { id: string }) => e.id)).toEqual(['road', 'rail', 'C', 'spur']);
      expect(res.body.result.excludedEndpointIds).toEqual(['A', 'B']);
      const all = await request(app).post(`/networks/${net}/criticality?wait=true`).send({ ...body, includeEndpoints: true });
      expect(all.status).toBe(200);
      expect(all.body.result.entries.slice(0, 3).map((e: { id: string }) => e.id)).toEqual(['A', 'B', 'road']);
    });
  });
});
