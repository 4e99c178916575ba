/** GET /networks/:id/corridors (issue 19): corridor membership, additive to the network GeoJSON. */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/create-app.js';

const api = createApp({ databasePath: ':memory:', jobThreads: 1, logLevel: 'silent' });
afterAll(() => api.close());

/** Link ids of a corridor file, read here rather than through the code under test. */
const linkIds = (file: string) =>
  (JSON.parse(readFileSync(`networks/${file}`, 'utf8')) as { features: { geometry: { type: string }; properties: { id: string } }[] }).features
    .filter((f) => f.geometry.type === 'LineString')
    .map((f) => f.properties.id);

describe('GET /networks/:id/corridors', () => {
  it('lists both corridors of the merged network; a shared link is in both, every link in at least one', async () => {
    const res = await request(api).get('/networks/china-eurasia/corridors').expect(200);
    const [ilstc, nelb] = res.body.corridors as { id: string; shortName: string; linkIds: string[] }[];
    expect([ilstc.id, ilstc.shortName, nelb.id, nelb.shortName]).toEqual(['land-sea-corridor', 'ILSTC', 'eurasian-land-bridge', 'NELB']);
    expect(new Set(ilstc.linkIds)).toEqual(new Set(linkIds('land-sea-corridor.geojson')));
    expect(new Set(nelb.linkIds)).toEqual(new Set(linkIds('eurasian-land-bridge.geojson')));
    expect(ilstc.linkIds).toContain('xian-lanzhou-rail');
    expect(nelb.linkIds).toContain('xian-lanzhou-rail');
    const network = (await request(api).get('/networks/china-eurasia').expect(200)).body as { features: { geometry: { type: string }; properties: { id: string } }[] };
    const all = network.features.filter((f) => f.geometry.type === 'LineString').map((f) => f.properties.id);
    const covered = new Set([...ilstc.linkIds, ...nelb.linkIds]);
    expect(all.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('a single-corridor network has one corridor; an unknown id is 404 with suggestions', async () => {
    const one = await request(api).get('/networks/land-sea-corridor/corridors').expect(200);
    expect(one.body.corridors.map((c: { shortName: string }) => c.shortName)).toEqual(['ILSTC']);
    const missing = await request(api).get('/networks/china-eurasi/corridors').expect(404);
    expect(missing.body.suggestions).toContain('china-eurasia');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(api).get('/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(doc.paths['/networks/{id}/corridors']).toBeDefined();
  });
});
