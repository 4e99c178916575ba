import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { runCliInProcess } from './support/run-cli-in-process.js';
import { closestNames, typoDistance } from '../src/shared/closest-names.js';
import { NotFoundError } from '../src/shared/errors.js';
import { findNode, suggestNodes } from '../src/network/find-node.js';
import { twoRouteNetwork } from './support/evaluate-tiny-network.js';
import { tinyGeoJson, tinyNetwork } from './support/route-tiny-network.js';

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
const tinyFile = join(dir, 'tiny-corridor.geojson');
writeFileSync(tinyFile, JSON.stringify(tinyGeoJson()));
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

describe('validate lists every problem in one run', () => {
  it('schema problems, unknown references and geometry together; no false "not a node id" for a node with a bad property', async () => {
    // The fixture, by construction: B has a negative transfer charge; l3 has mode "spaceship"; l3 is used
    // twice; l4 has lengthKm −1 *and* starts at (5, 5), ~786 km from A; l2 goes to Q, which does not exist;
    // l1 goes to B, which exists (with a bad property) — so l1 itself has no problem.
    const { stdout, exitCode } = await cli('validate', join(import.meta.dirname, 'fixtures', 'invalid', 'many-problems.geojson'), '--json');
    expect(exitCode).toBe(1);
    const r = JSON.parse(stdout);
    const got = r.problems.map((p: { featureIndex: number; property: string }) => `${p.featureIndex}:${p.property}`).sort();
    expect(got).toEqual(['1:transferUsdPerTeu', '4:to', '5:mode', '6:id', '7:geometry', '7:lengthKm']);
    const l4 = r.problems.find((p: { featureIndex: number; property: string }) => p.featureIndex === 7 && p.property === 'geometry');
    // Haversine (5°E, 5°N) to (0, 0) on the 6371.0088 km sphere ≈ 785.8 km.
    expect(l4.message).toMatch(/starts 785\.\d km from node "A"/);
  });
});

describe('"did you mean" suggests only close names, and says when there is none', () => {
  it('typoDistance counts a swap as one edit (hand values)', () => {
    expect(typoDistance('rial', 'rail')).toBe(1);
    expect(typoDistance('ningbo', 'jinghe')).toBe(3); // n→j, b→h, o→e
    expect(typoDistance('kitten', 'sitting')).toBe(3);
    expect(typoDistance('', 'abc')).toBe(3);
  });

  it('Ningbo on a network without it: no suggestion, and the message says nothing is close', () => {
    const net = tinyNetwork();
    let err: NotFoundError | undefined;
    try {
      findNode(net, 'Ningbo');
    } catch (e) {
      err = e as NotFoundError;
    }
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err!.suggestions).toEqual([]);
    expect(err!.message).toBe('unknown node "Ningbo"; no known node is close to that name');
    expect(suggestNodes(net, 'Singapur')).toEqual(['S']);
    expect(suggestNodes(net, 'shang')).toEqual(['R']);
    expect(closestNames('alashnkou', ['alashankou', 'almaty', 'jinghe'])).toEqual(['alashankou']);
    expect(closestNames('ningbo', ['jinghe', 'chengdu', 'lianyungang'])).toEqual([]);
  });

  it('the CLI prints the one-line answer', async () => {
    const r = await cli('route', '--network', tinyFile, '--from', 'Ningbo', '--to', 'S');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('error: unknown node "Ningbo"; no known node is close to that name');
  });
});

describe('modal split by mode chain beside the TEU-km split', () => {
  it('rail–sea traffic is "sea" by main mode but "rail + sea" by chain', async () => {
    const demand = join(dir, 'tiny-demand.csv');
    writeFileSync(demand, 'origin,destination,teuPerYear\nA,S,100\n');
    // By hand (VOT 0, carbon 0): A-P2 rail 225 + transfer at P 50 + P-S sea 90 = 365 USD/TEU is the cheapest
    // (A-P 290 + 50 + 90 = 430; river + sea 288 + 40 + 136.8 = 464.8; road 1,800). Rail 1,500 km < sea 2,500 km.
    const { stdout, exitCode } = await cli('optimize', '--network', tinyFile, '--demand', demand, '--vot', '0', '--carbon-price', '0', '--json');
    expect(exitCode).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.objectiveUsd).toBeCloseTo(100 * 365, 6);
    expect(r.modalSplit.find((m: { mode: string }) => m.mode === 'sea').teuPerYear).toBeCloseTo(100, 6);
    expect(r.modeChainSplit).toEqual([{ modeChain: ['rail', 'sea'], label: 'rail + sea', teuPerYear: expect.closeTo(100, 6), shareOfServedTeu: expect.closeTo(1, 9) }]);
    const text = (await cli('optimize', '--network', tinyFile, '--demand', demand, '--vot', '0', '--carbon-price', '0')).stdout;
    expect(text).toMatch(/Mode chains[^\n]*\n[^\n]*\n[^\n]*\nrail \+ sea\s+100\s+100\.0%/);
  });
});
