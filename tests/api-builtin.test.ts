import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { BUILTIN_NETWORKS, loadBuiltinNetwork } from '../networks/index.js';

/** The API on the built-in corridor networks (networks/*.geojson and the default demand scenarios). */

let app: CorridorApp;
beforeAll(() => {
  app = createApp({ databasePath: ':memory:', jobThreads: 1 });
});
afterAll(() => app.close());

const sum = (xs: { costUsd: number }[]) => xs.reduce((s, x) => s + x.costUsd, 0);
const sumHours = (xs: { hours: number }[]) => xs.reduce((s, x) => s + x.hours, 0);

describe('built-in networks', () => {
  it('GET /networks counts what the loader builds', async () => {
    const res = await request(app).get('/networks');
    for (const info of BUILTIN_NETWORKS) {
      const net = loadBuiltinNetwork(info.id);
      const row = res.body.networks.find((n: { id: string }) => n.id === info.id);
      expect(row).toMatchObject({ builtin: true, nodeCount: net.nodes.length, linkCount: net.links.length });
      expect(row.error).toBeUndefined();
    }
  });

  it('Chongqing → Singapore on the land–sea corridor: rail to a Beibu Gulf port, then sea; totals re-derived from the parts', async () => {
    const res = await request(app).get('/networks/land-sea-corridor/route').query({ from: 'chongqing', to: 'singapore', alternatives: 'true' });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.found).toBe(true);
    expect(r.modeChain).toEqual(['rail', 'sea']);
    expect(r.nodeIds.some((id: string) => ['qinzhou', 'beihai', 'fangchenggang'].includes(id))).toBe(true);
    expect(r.legs[0].from).toBe('chongqing');
    expect(r.legs[r.legs.length - 1].to).toBe('singapore');
    for (let i = 1; i < r.legs.length; i++) expect(r.legs[i].from).toBe(r.legs[i - 1].to);
    // Money = links + transfers + border crossings + gauge changes; time likewise.
    const events = [...r.transfers, ...r.borderCrossings, ...r.gaugeChanges];
    expect(r.totalCostUsd).toBeCloseTo(sum(r.legs) + sum(events), 6);
    expect(r.totalHours).toBeCloseTo(sumHours(r.legs) + sumHours(events), 6);
    const p = r.costParameters;
    expect(r.generalizedCostUsd).toBeCloseTo(r.totalCostUsd + p.valueOfTimeUsdPerTeuHour * r.totalHours + (p.carbonPriceUsdPerTonneCo2 * r.co2Kg) / 1000, 6);
    // The answer is the cheapest of the alternatives by generalized cost.
    for (const alt of r.alternatives) expect(alt.generalizedCostUsd).toBeGreaterThanOrEqual(r.generalizedCostUsd - 1e-6);
  });

  it('closing Suez cannot make Shanghai → Rotterdam cheaper, and the route avoids it', async () => {
    const open = (await request(app).get('/networks/china-eurasia/route').query({ from: 'shanghai', to: 'rotterdam' })).body;
    const closed = (await request(app).get('/networks/china-eurasia/route').query({ from: 'shanghai', to: 'rotterdam', avoid: 'suez' })).body;
    expect(open.found && closed.found).toBe(true);
    expect(closed.avoided.nodeIds).toEqual(['suez']);
    expect(closed.nodeIds).not.toContain('suez');
    expect(closed.generalizedCostUsd).toBeGreaterThanOrEqual(open.generalizedCostUsd - 1e-6);
  });

  it('an unknown node suggests the close names', async () => {
    const res = await request(app).get('/networks/china-eurasia/route').query({ from: 'chongqin', to: 'singapore' });
    expect(res.status).toBe(404);
    expect(res.body.suggestions[0]).toBe('chongqing');
  });

  it('optimize with the default demand: served + unserved = demand and the objective parts add up; a repeat is cached', async () => {
    const res = await request(app).post('/networks/china-eurasia/optimize?wait=true').send({});
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const r = res.body.result;
    expect(r.status).toBe('optimal');
    expect(r.servedTeu + r.unservedTeu).toBeCloseTo(r.totalDemandTeu, 3);
    const b = r.objectiveBreakdown;
    expect(b.moneyUsd + b.timeUsd + b.carbonUsd + b.unservedPenaltyUsd).toBeCloseTo(r.objectiveUsd, 0);
    for (const l of r.links) if (l.capacityTeuPerYear !== null) expect(l.flowTeuPerYear).toBeLessThanOrEqual(l.capacityTeuPerYear * (1 + 1e-9) + 1e-6);
    const again = await request(app).post('/networks/china-eurasia/optimize').send({});
    expect(again.body).toMatchObject({ status: 'succeeded', cached: true });
  });
});
