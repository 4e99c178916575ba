import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { tinyNetwork, tinyRoutesByHand } from './support/api-helpers.js';

describe('POST /networks/:id/plan (job kind plan)', () => {
  let app: CorridorApp;
  let net: string;
  const byHand = tinyRoutesByHand();

  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1 });
    net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
    const upgrade = { type: 'upgrade', target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 2000, capexUsd: 1e4, lifetimeYears: 30, source: 'test' };
    expect((await request(app).post(`/networks/${net}/candidates`).send(upgrade)).status).toBe(201);
  });
  afterAll(() => app.close());

  it('builds the upgrade when growth fills rail+sea, with the NPV worked out by hand', async () => {
    // A-P carries 800 TEU/yr. 2026: 800 TEU (fits: the upgrade saves nothing); 2030: 900 → 100 TEU off the road.
    const body = {
      demand: [{ origin: 'A', destination: 'S', teuPerYear: 800 }],
      horizon: [2026, 2030],
      endYear: 2034,
      growth: { baseYear: 2026, rules: [{ row: 1, teuByYear: { 2026: 800, 2030: 900 }, source: 'test' }] },
      constructionYears: 0,
      discountRate: 0,
      flows: true,
    };
    const res = await request(app).post(`/networks/${net}/plan?wait=true`).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body.result;
    expect(r.status).toBe('optimal');
    const [t] = r.timeline;
    expect(t).toMatchObject({ id: 'upgrade-A-P', decisionYear: 2030, openingYear: 2030 });
    // 4 years × 100 TEU × (road − rail+sea) − capex + residual (26 of 30 years left at 2034).
    const saving = 100 * (byHand.road.generalizedCostUsd - byHand.railSea.generalizedCostUsd);
    expect(r.npvUsd).toBeCloseTo(4 * saving - 1e4 + (1e4 * 26) / 30, 3);
    expect(r.growth.totalTeuByPeriod).toEqual([800, 900]);
    // 2030: the upgraded A-P carries all 900 TEU/yr.
    const ap = r.periods[1].flows.find((f: { id: string; direction: string }) => f.id === 'A-P' && f.direction === 'forward');
    expect(ap.flowTeuPerYear).toBeCloseTo(900, 6);
  });

  it('a decision year outside the horizon is a 400 naming the staging entry and field', async () => {
    const res = await request(app)
      .post(`/networks/${net}/plan`)
      .send({ demand: [{ origin: 'A', destination: 'S', teuPerYear: 800 }], horizon: [2026, 2030], growth: { baseYear: 2026, rules: [] }, staging: { candidates: [{ id: 'upgrade-A-P', earliestDecisionYear: 2050 }] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('candidates[0].earliestDecisionYear');
    expect(app.context.jobs.activeCount).toBe(0);
  });
});
