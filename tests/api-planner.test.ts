import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { railUpgrade, roadCheaper, secondTrackFeature, twoRouteNetwork } from './support/evaluate-tiny-network.js';

// Issue 19, API: evaluate reaches the portfolio MIP (budget, sweep, sweepBudgets, mipBackend, as the CLI),
// candidates in the file format are accepted as is, `author` inside properties, avoid/close aliases, and
// a duplicate candidate id names the existing candidate.
//
// By hand (two-route network, VOT 0, carbon 0; see evaluate-tiny-network.ts): base 1,000 TEU rail at 200 +
// 2,000 road at 500 = 1,200,000 USD/yr. rail-2 and rail-cap each move 1,500 TEU road → rail: 450,000/yr;
// road-cheaper saves 0.1 × 1,000 × 2,000 = 200,000/yr. Capex 3 M, 2 M, 1 M.
let app: CorridorApp;
let net: string;
const demand = [{ origin: 'A', destination: 'B', teuPerYear: 3000 }];
const money = { demand, vot: 0, carbonPrice: 0 };

beforeAll(async () => {
  app = createApp({ databasePath: ':memory:', jobThreads: 1 });
  net = (await request(app).post('/networks').send(networkToGeoJson(twoRouteNetwork()))).body.id;
});
afterAll(() => app.close());

describe('candidates in the candidates-file format', () => {
  it('an upgrade Feature with geometry: null and target: "rail" is accepted as is (kind looked up)', async () => {
    const res = await request(app).post(`/networks/${net}/candidates`).send({ type: 'Feature', geometry: null, properties: { ...railUpgrade } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: 'rail-cap', kind: 'upgrade', submission: { type: 'upgrade', target: { kind: 'link', id: 'rail' } } });
    const bare = await request(app).post(`/networks/${net}/candidates`).send({ ...roadCheaper, author: 'bob' });
    expect(bare.status, JSON.stringify(bare.body)).toBe(201);
    expect(bare.body).toMatchObject({ id: 'road-cheaper', author: 'bob', submission: { target: { kind: 'link', id: 'road' } } });
  });

  it('author inside a candidate link\'s properties is accepted and stored as the author', async () => {
    const res = await request(app).post(`/networks/${net}/candidates`).send({ ...secondTrackFeature, properties: { ...secondTrackFeature.properties, author: 'alice' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: 'rail-2', author: 'alice' });
    expect(res.body.submission.properties.author).toBeUndefined();
  });

  it('a duplicate id names the existing candidate, its author and what to do', async () => {
    const res = await request(app).post(`/networks/${net}/candidates`).send(secondTrackFeature);
    expect(res.status).toBe(422);
    const message = res.body.problems.map((p: { message: string }) => p.message).join(' ');
    expect(message).toMatch(/already used by the link candidate "rail-2" by alice, submitted \d{4}-/);
    expect(message).toContain(`PATCH or DELETE /networks/${net}/candidates/rail-2`);
    expect(message).not.toMatch(/feature \d/);
  });
});

describe('POST evaluate: parity with corridor evaluate', () => {
  it('budget reaches the portfolio MIP: under USD 2.5 M only rail-cap', async () => {
    const res = await request(app).post(`/networks/${net}/evaluate?wait=true`).send({ ...money, budget: 2.5e6 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body.result;
    expect(r.candidates.map((c: { id: string; annualBenefitUsd: number }) => [c.id, Math.round(c.annualBenefitUsd)])).toEqual([['rail-cap', 450_000], ['road-cheaper', 200_000], ['rail-2', 450_000]]);
    expect(r.portfolio).toMatchObject({ budgetUsd: 2.5e6, status: 'optimal', chosen: ['rail-cap'] });
    expect(r.budgetSweep).toBeUndefined();
  });

  it('no budget: the best subset at any cost; sweep and sweepBudgets give budgetSweep[]; mipBackend is used', async () => {
    const res = await request(app).post(`/networks/${net}/evaluate?wait=true`).send({ ...money, sweep: 2, sweepBudgets: [1e6], mipBackend: 'glpk' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body.result;
    expect(r.portfolio.budgetUsd).toBeNull();
    expect(r.portfolio.backend).toBe('glpk');
    // Total capex 6 M: the sweep is 0, 3 M, 6 M, then the listed 1 M.
    expect(r.budgetSweep.map((p: { budgetUsd: number }) => p.budgetUsd)).toEqual([0, 3e6, 6e6, 1e6]);
    expect(r.budgetSweep[0].chosen).toEqual([]);
    expect(r.budgetSweep[3].chosen).toEqual(['road-cheaper']);
    expect((await request(app).post(`/networks/${net}/evaluate`).send({ ...money, budget: -1 })).status).toBe(400);
  });
});

describe('avoid and close: one name everywhere, the other kept as an alias', () => {
  it('optimize takes close like avoid; disrupt takes avoid like close (hand: all 3,000 TEU by road)', async () => {
    const avoid = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ ...money, avoid: ['rail'] });
    const close = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ ...money, close: ['rail'] });
    expect(avoid.status).toBe(200);
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    expect(avoid.body.result.objectiveUsd).toBeCloseTo(3000 * 500, 6);
    expect(close.body.result.objectiveUsd).toBeCloseTo(3000 * 500, 6);
    const d1 = await request(app).post(`/networks/${net}/disrupt?wait=true`).send({ ...money, close: ['rail'] });
    const d2 = await request(app).post(`/networks/${net}/disrupt?wait=true`).send({ ...money, avoid: ['rail'] });
    expect(d2.status, JSON.stringify(d2.body)).toBe(200);
    expect(d1.body.result.addedCostUsd).toBeCloseTo(3000 * 500 - 1_200_000, 6);
    expect(d2.body.result.addedCostUsd).toBeCloseTo(3000 * 500 - 1_200_000, 6);
    const ev = await request(app).post(`/networks/${net}/evaluate?wait=true`).send({ ...money, close: ['road'] });
    expect(ev.status, JSON.stringify(ev.body)).toBe(200);
    expect(ev.body.result.base.status).toBe('optimal');
  });
});
