import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig } from '../api/config.js';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { openStore } from '../api/open-store.js';
import { MIGRATIONS, type SqliteStore } from '../api/sqlite-store.js';
import { buildNetwork } from '../src/network/build-network.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { FIXTURES, seaCandidate, tinyNetwork, tinyRoutesByHand } from './support/api-helpers.js';

const PROBLEM = /^application\/problem\+json/;

/** Assert a problem+json answer with the given status and type slug; returns the body. */
function expectProblem(res: request.Response, status: number, slug: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({ type: `/problems/${slug}`, status });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  return res.body;
}

let app: CorridorApp;
let tinyId: string;

beforeAll(async () => {
  app = createApp({ databasePath: ':memory:' });
  const res = await request(app).post('/networks').send(tinyNetwork());
  expect(res.status).toBe(201);
  tinyId = res.body.id;
});
afterAll(() => app.close());

describe('meta', () => {
  it('GET /health', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', jobs: { active: 0, max: 16 } });
  });

  it('sends helmet headers with a CSP that allows only self, and blob: for workers', async () => {
    const res = await request(app).get('/health');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('GET /openapi.json is OpenAPI 3.1 generated from the request schemas', async () => {
    const res = await request(app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const want of ['listNetworks', 'getNetwork', 'uploadNetwork', 'deleteNetwork', 'route', 'submitCandidate', 'listCandidates', 'getCandidate', 'updateCandidate', 'deleteCandidate', 'optimize', 'evaluate', 'disrupt', 'criticality', 'getJob', 'cancelJob', 'health']) {
      expect(ids).toContain(want);
    }
    const route = doc.paths['/networks/{id}/route'].get;
    const param = (name: string) => route.parameters.find((p: any) => p.name === name);
    expect(param('id')).toMatchObject({ in: 'path', required: true });
    expect(param('from')).toMatchObject({ in: 'query', required: true });
    expect(param('vot')).toMatchObject({ in: 'query', required: false });
    // The candidate body is the discriminated union of the zod schema: a link Feature or an upgrade.
    const body = doc.paths['/networks/{id}/candidates'].post.requestBody.content['application/json'].schema;
    const variants = (body.oneOf ?? body.anyOf) as any[];
    expect(variants.map((v) => v.properties.type.const).sort()).toEqual(['Feature', 'upgrade']);
    const link = variants.find((v) => v.properties.type.const === 'Feature');
    expect(link.properties.properties.properties.capexUsd.maximum).toBe(1e13);
    expect(link.properties.properties.additionalProperties).toBe(false);
    // Writes carry the bearer security requirement; reads do not.
    for (const o of ops) expect(Boolean(o.op.security)).toBe(o.method !== 'get');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('GET /docs is an offline page that reads /openapi.json with its own script', async () => {
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('src="/docs/docs.js"');
    expect(page.text).not.toMatch(/https?:\/\//);
    const js = await request(app).get('/docs/docs.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toContain("fetch('/openapi.json')");
    expect((await request(app).get('/docs/docs.css')).status).toBe(200);
  });

  it('problem types are documented at their type URI', async () => {
    const res = await request(app).get('/problems/too-many-jobs');
    expect(res.body).toMatchObject({ type: '/problems/too-many-jobs', status: 429 });
    expectProblem(await request(app).get('/problems/nope'), 404, 'not-found');
  });

  it('an unknown path is a 404 problem; a known path with another method is a 405 with Allow', async () => {
    expectProblem(await request(app).get('/nope'), 404, 'not-found');
    const put = expectProblem(await request(app).put('/networks'), 405, 'method-not-allowed');
    expect(put.detail).toContain('POST');
    expect((await request(app).patch(`/networks/${tinyId}`)).headers.allow).toBe('GET, HEAD, DELETE');
  });
});

describe('networks', () => {
  it('lists the built-in networks and the upload, with counts', async () => {
    const res = await request(app).get('/networks');
    expect(res.status).toBe(200);
    const ids = res.body.networks.map((n: { id: string }) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['land-sea-corridor', 'eurasian-land-bridge', 'china-eurasia', tinyId]));
    const tiny = res.body.networks.find((n: { id: string }) => n.id === tinyId);
    // The fixture has 4 Points and 5 LineStrings, one of them with status "candidate".
    expect(tiny).toMatchObject({ builtin: false, name: 'tiny multimodal', nodeCount: 4, linkCount: 5, candidateLinkCount: 1 });
  });

  it('GET /networks/:id answers the resolved GeoJSON', async () => {
    const res = await request(app).get(`/networks/${tinyId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const expected = networkToGeoJson(buildNetwork(tinyNetwork(), { id: tinyId }));
    expect(JSON.parse(res.text).features).toEqual(expected.features);
  });

  it('unknown network → 404 with the closest ids', async () => {
    const body = expectProblem(await request(app).get('/networks/china-eurasya'), 404, 'not-found');
    expect(body.suggestions[0]).toBe('china-eurasia');
  });

  it('an invalid network → 422 listing every problem with its path', async () => {
    const invalid = JSON.parse(readFileSync(join(FIXTURES, 'invalid', 'unknown-node.geojson'), 'utf8'));
    const body = expectProblem(await request(app).post('/networks').send(invalid), 422, 'inconsistent-network');
    expect(body.problems.length).toBeGreaterThan(0);
    for (const p of body.problems) expect(p.path).toMatch(/^body\.features\[\d+\]/);
  });

  it('a body that is not a FeatureCollection → 400', async () => {
    const body = expectProblem(await request(app).post('/networks').send({ type: 'Feature' }), 400, 'invalid-request');
    expect(body.problems.map((p: { path: string }) => p.path)).toContain('body.type');
  });

  it('built-in networks cannot be deleted (403); an upload can (204), then it is gone (404)', async () => {
    expectProblem(await request(app).delete('/networks/china-eurasia'), 403, 'forbidden');
    const up = await request(app).post('/networks').send(tinyNetwork());
    expect(up.status).toBe(201);
    expect(up.headers.location).toBe(`/networks/${up.body.id}`);
    expect((await request(app).post(`/networks/${up.body.id}/candidates`).send(seaCandidate('gone-with-it'))).status).toBe(201);
    expect((await request(app).delete(`/networks/${up.body.id}`)).status).toBe(204);
    expectProblem(await request(app).get(`/networks/${up.body.id}`), 404, 'not-found');
    expect(await app.context.store.countCandidates(up.body.id)).toBe(0);
  });
});

describe('GET /networks/:id/route', () => {
  const byHand = tinyRoutesByHand();

  it('finds the rail + sea route with the totals computed by hand', async () => {
    const res = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'alpha', to: 'S' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ found: true, from: 'A', to: 'S', modeChain: ['rail', 'sea'] });
    expect(res.body.totalCostUsd).toBeCloseTo(byHand.railSea.costUsd, 9);
    expect(res.body.totalHours).toBeCloseTo(byHand.railSea.hours, 9);
    expect(res.body.totalKm).toBeCloseTo(byHand.railSea.km, 9);
    expect(res.body.co2Kg).toBeCloseTo(byHand.railSea.co2Kg, 9);
    expect(res.body.generalizedCostUsd).toBeCloseTo(byHand.railSea.generalizedCostUsd, 9);
    expect(res.body.geometry.type).toBe('FeatureCollection');
  });

  it('passes vot and carbonPrice, avoid and alternatives through', async () => {
    const noTime = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', vot: '0', carbonPrice: '0' });
    expect(noTime.body.generalizedCostUsd).toBeCloseTo(byHand.railSea.costUsd, 9);

    // Closing the port leaves the road, whose figures are the road defaults over the geodesic length.
    const avoid = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', avoid: 'P' });
    expect(avoid.body).toMatchObject({ found: true, modeChain: ['road'], avoided: { nodeIds: ['P'], linkIds: [] } });
    expect(avoid.body.totalCostUsd).toBeCloseTo(byHand.road.costUsd, 6);
    expect(avoid.body.totalHours).toBeCloseTo(byHand.road.hours, 6);

    const alts = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', alternatives: 'true' });
    const road = alts.body.alternatives.find((a: { modeChain: string[] }) => a.modeChain.join() === 'road');
    expect(road.generalizedCostUsd).toBeCloseTo(byHand.road.generalizedCostUsd, 6);
    expect(alts.body.alternatives.find((a: { best: boolean }) => a.best).modeChain).toEqual(['rail', 'sea']);
  });

  it('no route → 200 with found: false and the reason', async () => {
    const res = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', modes: 'air' });
    expect(res.status).toBe(200);
    expect(res.body.found).toBe(false);
    expect(res.body.reason.length).toBeGreaterThan(10);
  });

  it('unknown node → 404 with the closest node names', async () => {
    const body = expectProblem(await request(app).get(`/networks/${tinyId}/route`).query({ from: 'Alpah', to: 'S' }), 404, 'not-found');
    expect(body).toMatchObject({ kind: 'node', query: 'Alpah' });
    expect(body.suggestions).toContain('A');
  });

  it('format=geojson answers the legs as a FeatureCollection with the totals', async () => {
    const res = await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', format: 'geojson' });
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = JSON.parse(res.text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: any) => f.properties.mode)).toEqual(['rail', 'sea']);
    expect(fc.route.totalCostUsd).toBeCloseTo(byHand.railSea.costUsd, 9);
  });

  it.each([
    ['vot', 'NaN'],
    ['vot', 'Infinity'],
    ['vot', '-1'],
    ['vot', '1e400'],
    ['carbonPrice', '0x10'],
    ['carbonPrice', ''],
    ['modes', 'rail,hovercraft'],
    ['alternatives', 'maybe'],
    ['bogus', '1'],
  ])('bad query %s=%s → 400 naming the parameter', async (key, value) => {
    const body = expectProblem(await request(app).get(`/networks/${tinyId}/route`).query({ from: 'A', to: 'S', [key]: value }), 400, 'invalid-request');
    expect(body.problems.some((p: { path: string }) => p.path.startsWith(`query`))).toBe(true);
  });

  it('a repeated query key (an array) → 400', async () => {
    expectProblem(await request(app).get(`/networks/${tinyId}/route?from=A&from=B&to=S`), 400, 'invalid-request');
  });
});

describe('candidates', () => {
  it('stores a candidate link and lists, reads, patches and deletes it', async () => {
    const post = await request(app).post(`/networks/${tinyId}/candidates`).send(seaCandidate('P-S-2'));
    expect(post.status).toBe(201);
    expect(post.headers.location).toBe(`/networks/${tinyId}/candidates/P-S-2`);
    expect(post.body).toMatchObject({ id: 'P-S-2', networkId: tinyId, kind: 'link', author: 'planner@test', notes: 'second sea service' });
    expect(post.body.submission.properties.capexUsd).toBe(1e8);
    expect(post.body.createdAt).toBe(post.body.updatedAt);

    const list = await request(app).get(`/networks/${tinyId}/candidates`);
    expect(list.body.candidates.map((c: { id: string }) => c.id)).toContain('P-S-2');
    expect((await request(app).get(`/networks/${tinyId}/candidates/P-S-2`)).body.submission).toEqual(post.body.submission);

    const patch = await request(app)
      .patch(`/networks/${tinyId}/candidates/P-S-2`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ properties: { capexUsd: 2.5e8, hours: null }, notes: 'revised estimate' }));
    expect(patch.status).toBe(200);
    expect(patch.body.submission.properties.capexUsd).toBe(2.5e8);
    expect(patch.body.submission.properties.hours).toBeUndefined();
    expect(patch.body.notes).toBe('revised estimate');
    expect(patch.body.author).toBe('planner@test');
    expect(patch.body.updatedAt >= patch.body.createdAt).toBe(true);

    expectProblem(await request(app).patch(`/networks/${tinyId}/candidates/P-S-2`).send({ properties: { capexUsd: -1 } }), 400, 'invalid-request');
    expectProblem(await request(app).patch(`/networks/${tinyId}/candidates/P-S-2`).send({ properties: { id: 'renamed' } }), 400, 'invalid-request');
    expectProblem(await request(app).patch(`/networks/${tinyId}/candidates/P-S-2`).send({ properties: { to: 'Q' } }), 422, 'inconsistent-network');

    expect((await request(app).delete(`/networks/${tinyId}/candidates/P-S-2`)).status).toBe(204);
    expectProblem(await request(app).get(`/networks/${tinyId}/candidates/P-S-2`), 404, 'not-found');
    expectProblem(await request(app).delete(`/networks/${tinyId}/candidates/P-S-2`), 404, 'not-found');
  });

  it('a candidate link that does not fit the network → 422 with the problems', async () => {
    const unknownNode = expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(seaCandidate('X-1', { to: 'SS' })), 422, 'inconsistent-network');
    expect(unknownNode.problems.map((p: { path: string }) => p.path)).toContain('body.properties.to');
    expect(unknownNode.problems.find((p: { path: string }) => p.path === 'body.properties.to').message).toContain('S');

    // Same id as a link of the network.
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(seaCandidate('A-P')), 422, 'inconsistent-network');
    // Same id twice.
    expect((await request(app).post(`/networks/${tinyId}/candidates`).send(seaCandidate('twice'))).status).toBe(201);
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(seaCandidate('twice')), 422, 'inconsistent-network');
    // Geometry far from its nodes (the network's 50 km rule).
    const far = seaCandidate('far');
    far.geometry.coordinates[1] = [90, 1.27];
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(far), 422, 'inconsistent-network');
    await request(app).delete(`/networks/${tinyId}/candidates/twice`);
  });

  it('a candidate link that breaks the schema → 400 with every path', async () => {
    const bad = seaCandidate('bad', { status: 'existing', capexUsd: 2e13, modee: 'sea' });
    const body = expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(bad), 400, 'invalid-request');
    const paths = body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['body.properties.status', 'body.properties.capexUsd']));
    expect(JSON.stringify(body.problems)).toContain('modee');
  });

  it('stores an upgrade with its default id; a second upgrade of the same target → 422', async () => {
    const upgrade = { type: 'upgrade', target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 2000, capexUsd: 5e7, lifetimeYears: 30, source: 'test', author: 'ops' };
    const post = await request(app).post(`/networks/${tinyId}/candidates`).send(upgrade);
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ id: 'upgrade-A-P', kind: 'upgrade', author: 'ops', notes: null });
    expect(post.body.submission).toMatchObject({ type: 'upgrade', id: 'upgrade-A-P', target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 2000 });
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send({ ...upgrade, id: 'other' }), 422, 'inconsistent-network');
    await request(app).delete(`/networks/${tinyId}/candidates/upgrade-A-P`);
  });

  it.each([
    ['an unknown target', { target: { kind: 'link', id: 'A-X' }, capacityTeuPerYear: 2000 }, 422],
    ['less capacity than today', { target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 500 }, 422],
    ['the wrong kind of target', { target: { kind: 'node', id: 'A-P' }, throughputTeuPerYear: 5000 }, 422],
    ['a node field on a link', { target: { kind: 'link', id: 'A-P' }, throughputTeuPerYear: 5000 }, 400],
    ['no improvement', { target: { kind: 'node', id: 'P' } }, 400],
  ])('an upgrade with %s → %i', async (_what, fields, status) => {
    const res = await request(app).post(`/networks/${tinyId}/candidates`).send({ type: 'upgrade', capexUsd: 1e6, lifetimeYears: 20, source: 'test', ...fields });
    expectProblem(res, status, status === 400 ? 'invalid-request' : 'inconsistent-network');
  });

  it('a node upgrade is accepted', async () => {
    const res = await request(app).post(`/networks/${tinyId}/candidates`).send({ type: 'upgrade', id: 'port-expansion', target: { kind: 'node', id: 'P' }, throughputTeuPerYear: 5000, capexUsd: 1e6, lifetimeYears: 20, source: 'test' });
    expect(res.status).toBe(201);
    expect((await request(app).delete(`/networks/${tinyId}/candidates/port-expansion`)).status).toBe(204);
  });

  it('candidates of an unknown network → 404', async () => {
    expectProblem(await request(app).post('/networks/nope/candidates').send(seaCandidate('x')), 404, 'not-found');
  });
});

describe('bad input never crashes and is a 4xx problem', () => {
  it('malformed JSON → 400', async () => {
    const res = await request(app).post('/networks').set('Content-Type', 'application/json').send('{"type": "FeatureCollection", ');
    expectProblem(res, 400, 'malformed-json');
  });

  it('no body where one is needed → 400 saying so', async () => {
    const body = expectProblem(await request(app).post('/networks'), 400, 'invalid-request');
    expect(body.detail).toMatch(/needs a JSON body/);
  });

  it('a JSON scalar body → 400 (only objects and arrays are accepted)', async () => {
    expectProblem(await request(app).post('/networks').set('Content-Type', 'application/json').send('42'), 400, 'malformed-json');
  });

  it('a non-JSON media type → 415', async () => {
    expectProblem(await request(app).post('/networks').set('Content-Type', 'text/plain').send('hello'), 415, 'unsupported-media-type');
  });

  it('prototype-pollution keys anywhere → 400, and nothing is polluted', async () => {
    const texts = [
      '{"__proto__": {"polluted": true}, "type": "FeatureCollection", "features": [1]}',
      '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"constructor": {"prototype": {"polluted": true}}}}]}',
      '{"type": "upgrade", "target": {"kind": "node", "id": "P", "prototype": 1}}',
    ];
    for (const text of texts) {
      const body = expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).set('Content-Type', 'application/json').send(text), 400, 'invalid-request');
      expect(body.problems[0].message).toMatch(/is not allowed/);
    }
    const patch = await request(app).patch(`/networks/${tinyId}/candidates/x`).set('Content-Type', 'application/json').send('{"properties": {"__proto__": {"polluted": true}}}');
    expectProblem(patch, 400, 'invalid-request');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting → 400 with the depth named', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const body = expectProblem(await request(app).post('/networks').set('Content-Type', 'application/json').send(`{"type":"FeatureCollection","features":${deep}}`), 400, 'invalid-request');
    expect(body.detail).toMatch(/nested deeper/);
  });

  it('huge and non-finite numbers → 400', async () => {
    const overflow = JSON.stringify(seaCandidate('big')).replace('"capexUsd":100000000', '"capexUsd":1e999');
    expect(overflow).toContain('1e999');
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).set('Content-Type', 'application/json').send(overflow), 400, 'invalid-request');
    const huge = seaCandidate('big', { capacityTeuPerYear: 1e300 });
    expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(huge), 400, 'invalid-request');
    const tooBig = seaCandidate('big', { capacityTeuPerYear: 2e12 });
    const body = expectProblem(await request(app).post(`/networks/${tinyId}/candidates`).send(tooBig), 400, 'invalid-request');
    expect(body.problems[0]).toMatchObject({ path: 'body.properties.capacityTeuPerYear' });
  });

  it('a body over the limit → 413; a network over the node limit → 413', async () => {
    const small = createApp({ databasePath: ':memory:', bodyLimitBytes: 2048, maxNetworkNodes: 3 });
    try {
      expectProblem(await request(small).post('/networks').send({ type: 'FeatureCollection', features: [], pad: 'x'.repeat(4096) }), 413, 'payload-too-large');
      const tooMany = await request(small).post('/networks').send(tinyNetwork());
      expectProblem(tooMany, 413, 'payload-too-large');
      expect(tooMany.body).toMatchObject({ nodeCount: 4, maxNetworkNodes: 3 });
    } finally {
      await small.close();
    }
    const one = createApp({ databasePath: ':memory:', maxUploadedNetworks: 1 });
    try {
      expect((await request(one).post('/networks').send(tinyNetwork())).status).toBe(201);
      expectProblem(await request(one).post('/networks').send(tinyNetwork()), 409, 'conflict');
    } finally {
      await one.close();
    }
  });
});

describe('auth on writes', () => {
  let secured: CorridorApp;
  beforeAll(() => {
    secured = createApp({ databasePath: ':memory:', apiToken: 's3cret-token' });
  });
  afterAll(() => secured.close());

  it('writes need the bearer token (401 problem otherwise); reads are open', async () => {
    const none = expectProblem(await request(secured).post('/networks').send(tinyNetwork()), 401, 'unauthorized');
    expect(none.detail).toMatch(/Bearer/);
    const wrong = await request(secured).post('/networks').set('Authorization', 'Bearer nope').send(tinyNetwork());
    expectProblem(wrong, 401, 'unauthorized');
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
    const ok = await request(secured).post('/networks').set('Authorization', 'Bearer s3cret-token').send(tinyNetwork());
    expect(ok.status).toBe(201);
    expect((await request(secured).get(`/networks/${ok.body.id}`)).status).toBe(200);
    expectProblem(await request(secured).delete(`/networks/${ok.body.id}`), 401, 'unauthorized');
    expectProblem(await request(secured).delete('/jobs/job-x'), 401, 'unauthorized');
    expect((await request(secured).delete(`/networks/${ok.body.id}`).set('Authorization', 'bearer s3cret-token')).status).toBe(204);
  });
});

describe('configuration from the environment', () => {
  it('keeps the defaults when unset, converts seconds to ms, and refuses malformed values', () => {
    const d = defaultConfig();
    const c = configFromEnv({});
    expect(c).toMatchObject({ databasePath: './data/corridor.db', apiToken: null, bodyLimitBytes: 5 * 1024 * 1024, jobTimeLimitMs: d.jobTimeLimitMs, waitCapMs: d.waitCapMs });
    expect(c.jobTimeLimitMs).toBe(300_000);
    const e = configFromEnv({ DATABASE: '/tmp/x.db', API_TOKEN: 't', JOB_TIME_LIMIT_SECONDS: '2.5', JOB_WAIT_CAP_SECONDS: '1', MAX_JOBS: '3', LOG_LEVEL: 'warn' });
    expect(e).toMatchObject({ databasePath: '/tmp/x.db', apiToken: 't', jobTimeLimitMs: 2500, waitCapMs: 1000, maxActiveJobs: 3, logLevel: 'warn' });
    expect(() => configFromEnv({ MAX_JOBS: 'lots' })).toThrow(/MAX_JOBS/);
    expect(() => configFromEnv({ JOB_TIME_LIMIT_SECONDS: 'NaN' })).toThrow(/JOB_TIME_LIMIT_SECONDS/);
    expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('store', () => {
  it('creates the folder and the file, migrates once, runs WAL with synchronous=FULL, and keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-store-'));
    const path = join(dir, 'nested', 'corridor.db');
    try {
      const first = createApp({ databasePath: path });
      const up = await request(first).post('/networks').send(tinyNetwork());
      expect((await request(first).post(`/networks/${up.body.id}/candidates`).send(seaCandidate('kept'))).status).toBe(201);
      expect((first.context.store as SqliteStore).db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect((first.context.store as SqliteStore).db.pragma('synchronous', { simple: true })).toBe(2);
      await first.close();

      const second = createApp({ databasePath: path });
      expect(await second.context.store.appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
      const got = await request(second).get(`/networks/${up.body.id}/candidates/kept`);
      expect(got.status).toBe(200);
      expect(got.body.submission.properties.id).toBe('kept');
      await second.close();

      const raw = openStore(path);
      expect(raw.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
      await raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
