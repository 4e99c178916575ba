import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

// The hand-solved two-scenario case of tests/resilience-robust.test.ts, through the HTTP API.
describe('robust-portfolio and resilience jobs', () => {
  let app: CorridorApp;
  let net: string;
  const demand = [{ origin: 'A', destination: 'B', teuPerYear: 3000 }];
  const scenarios = { scenarios: [{ id: 'base', name: 'base', probability: 0.7 }, { id: 'rail-closed', name: 'rail closed', probability: 0.3, close: ['rail'] }] };

  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1 });
    const created = await request(app).post('/networks').send({ ...networkToGeoJson(twoRouteNetwork()), id: 'two-routes-api' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    net = created.body.id;
    const upgrade = await request(app).post(`/networks/${net}/candidates`).send({ type: 'upgrade', id: 'rail-cap', target: { kind: 'link', id: 'rail' }, capacityTeuPerYear: 2500, capexUsd: 1e6, lifetimeYears: 10, source: 'test figures' });
    expect(upgrade.status, JSON.stringify(upgrade.body)).toBe(201);
    const track = await request(app).post(`/networks/${net}/candidates`).send({ ...secondTrackFeature, properties: { ...secondTrackFeature.properties, capexUsd: 2e6, lifetimeYears: 10 } });
    expect(track.status, JSON.stringify(track.body)).toBe(201);
  });
  afterAll(() => app.close());

  it('robust-portfolio: rail-2 at 1,040,000 USD/yr expected, progress 1', async () => {
    const res = await request(app).post(`/networks/${net}/robust-portfolio?wait=true`).send({ demand, vot: 0, carbonPrice: 0, scenarios, budgetUsd: 2e6, discountRate: 0 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ kind: 'robust-portfolio', status: 'succeeded', progress: 1 });
    expect(res.body.result.chosen).toEqual(['rail-2']);
    expect(res.body.result.objectiveUsd).toBeCloseTo(1_040_000, 0);
  });

  it('resilience: the rail link binds and its traffic goes by road', async () => {
    const res = await request(app).post(`/networks/${net}/resilience?wait=true`).send({ demand, vot: 0, carbonPrice: 0, scenarios });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.backupCapacity[0].id).toBe('rail');
    expect(res.body.result.od[0].worstExtraCostUsdPerTeu).toBeCloseTo(100, 6);
  });

  it('a scenario set with an unknown id is a 4xx naming the scenario index and the closest id', async () => {
    const bad = { scenarios: [{ id: 'x', name: 'x', probability: 1, close: ['rial'] }] };
    const res = await request(app).post(`/networks/${net}/robust-portfolio`).send({ demand, scenarios: bad });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.problems[0]).toMatchObject({ path: 'scenarios[0].close[0]', featureIndex: 0 });
    expect(res.body.problems[0].message).toMatch(/did you mean .*"rail"/);
  });
});
