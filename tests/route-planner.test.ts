import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { runCliInProcess } from './support/run-cli-in-process.js';

// Issue 19, route: the value of time used is said and matches the demand, --cargo classes, --via
// without double-back, mode aliases, and the itinerary rows (intermediate nodes, borders, gauge changes).
const cli = runCliInProcess;
afterEach(() => {
  process.exitCode = 0;
});

/** TEU-weighted value of time of the demand CSV rows of one pair, either direction, read here from the file itself. */
function demandVot(a: string, b: string): number {
  const lines = readFileSync(join(import.meta.dirname, '..', 'networks', 'demand', 'china-eurasia.csv'), 'utf8').trim().split('\n').slice(1);
  let teu = 0;
  let sum = 0;
  for (const line of lines) {
    const [o, d, t, , vot] = line.split(',');
    if ((o === a && d === b) || (o === b && d === a)) {
      teu += Number(t);
      sum += Number(t) * Number(vot);
    }
  }
  return sum / teu;
}

describe('corridor route: value of time', () => {
  it("Xi'an → Duisburg weighs time as the demand does (7.3, not 1) and is rail, not sea", async () => {
    const expected = demandVot('xian', 'duisburg');
    expect(expected).toBeCloseTo(7.3, 9);
    const r = JSON.parse((await cli('route', '--from', "Xi'an", '--to', 'Duisburg', '--json')).stdout);
    expect(r.valueOfTime).toMatchObject({ basis: 'demand', cargo: null });
    expect(r.valueOfTime.usdPerTeuHour).toBeCloseTo(expected, 9);
    expect(r.costParameters.valueOfTimeUsdPerTeuHour).toBeCloseTo(expected, 9);
    expect(r.modeChain).toEqual(['rail']);
    const text = (await cli('route', '--from', "Xi'an", '--to', 'Duisburg')).stdout;
    expect(text).toMatch(/Value of time: USD 7\.30\/TEU-h, from the demand scenario/);
  });

  it('--cargo picks the cost model class; --vot wins over it; an unknown class is a clear error', async () => {
    const bulk = JSON.parse((await cli('route', '--from', "Xi'an", '--to', 'Duisburg', '--cargo', 'bulk', '--json')).stdout);
    expect(bulk.valueOfTime).toMatchObject({ basis: 'cargo', cargo: 'bulk', usdPerTeuHour: 0.4 });
    const high = JSON.parse((await cli('route', '--from', 'Chongqing', '--to', 'Singapore', '--cargo', 'high-value', '--json')).stdout);
    expect(high.valueOfTime).toMatchObject({ basis: 'cargo', usdPerTeuHour: 7.3 });
    const standard = (await cli('route', '--from', 'Chongqing', '--to', 'Singapore', '--cargo', 'standard')).stdout;
    expect(standard).toMatch(/Value of time: USD 1\.00\/TEU-h, standard cargo \(--cargo\)/);
    const both = JSON.parse((await cli('route', '--from', 'Chongqing', '--to', 'Singapore', '--cargo', 'bulk', '--vot', '3', '--json')).stdout);
    expect(both.valueOfTime).toMatchObject({ basis: 'option', usdPerTeuHour: 3 });
    const bad = await cli('route', '--from', 'Chongqing', '--to', 'Singapore', '--cargo', 'gold');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/unknown cargo class "gold"; use one of high-value, standard, bulk/);
  });

  it('a pair the demand does not hold takes its destination\'s flows (Chengdu → Duisburg: 7.3)', async () => {
    const r = JSON.parse((await cli('route', '--from', 'Chengdu', '--to', 'Duisburg', '--json')).stdout);
    expect(r.valueOfTime.basis).toBe('demand');
    expect(r.valueOfTime.usdPerTeuHour).toBeCloseTo(7.3, 9);
  });
});

describe('corridor route: --via, --modes aliases and the itinerary', () => {
  it("--via Aktau does not double back: each node once, far below the 34,026 km out-and-back, and says so", async () => {
    const r = JSON.parse((await cli('route', '--from', "Xi'an", '--to', 'Duisburg', '--via', 'Aktau', '--vot', '1', '--json')).stdout);
    expect(new Set(r.nodeIds).size).toBe(r.nodeIds.length);
    expect(r.nodeIds).toContain('aktau');
    expect(r.totalKm).toBeLessThan(20_000);
    expect(r.viaDoubleBack).toMatchObject({ avoided: true });
    expect(r.viaDoubleBack.doubleBackKm).toBeCloseTo(34_026, -1);
    expect(r.warnings[0]).toMatch(/doubles back/);
    const text = (await cli('route', '--from', "Xi'an", '--to', 'Duisburg', '--via', 'Aktau', '--vot', '1')).stdout;
    expect(text).toMatch(/warning: the cheapest route through Aktau doubles back/);
    const old = JSON.parse((await cli('route', '--from', "Xi'an", '--to', 'Duisburg', '--via', 'Aktau', '--vot', '1', '--allow-double-back', '--json')).stdout);
    expect(old.totalKm).toBeCloseTo(34_026, -1);
  });

  it('--modes river is inland_waterway, as the tables print it', async () => {
    const a = JSON.parse((await cli('route', '--from', 'chongqing-guoyuan', '--to', 'shanghai', '--modes', 'river', '--json')).stdout);
    const b = JSON.parse((await cli('route', '--from', 'chongqing-guoyuan', '--to', 'shanghai', '--modes', 'inland_waterway', '--json')).stdout);
    expect(a.found).toBe(true);
    expect(a.allowedModes).toEqual(['inland_waterway']);
    expect(a.linkIds).toEqual(b.linkIds);
  });

  it('the table lists intermediate nodes, borders and gauge changes of a long rail leg, and the steps add up', async () => {
    const r = JSON.parse((await cli('route', '--from', 'Chengdu', '--to', 'Duisburg', '--json')).stdout);
    const links = r.steps.filter((s: { kind: string }) => s.kind === 'link');
    expect(links.map((s: { linkId: string }) => s.linkId)).toEqual(r.linkIds);
    expect(links.reduce((t: number, s: { km: number }) => t + s.km, 0)).toBeCloseTo(r.totalKm, 6);
    const all = r.steps.reduce((t: number, s: { costUsd: number }) => t + s.costUsd, 0);
    expect(all).toBeCloseTo(r.totalCostUsd, 6);
    expect(r.steps.filter((s: { kind: string }) => s.kind === 'gauge')).toHaveLength(r.gaugeChanges.length);
    expect(r.steps.filter((s: { kind: string }) => s.kind === 'border')).toHaveLength(r.borderCrossings.length);
    const text = (await cli('route', '--from', 'Chengdu', '--to', 'Duisburg')).stdout;
    for (const id of r.nodeIds.slice(1, -1)) {
      const name = r.steps.find((s: { kind: string; to: string }) => s.kind === 'link' && s.to === id).toName;
      expect(text).toContain(`› ${name}`);
    }
    for (const g of r.gaugeChanges) expect(text).toMatch(new RegExp(`gauge\\s+${g.nodeName}\\s+${g.fromGaugeMm} → ${g.toGaugeMm} mm`));
    for (const b of r.borderCrossings) expect(text).toMatch(new RegExp(`border\\s+${b.nodeName}`));
  });
});

describe('GET /networks/:id/route, the same defaults', () => {
  let app: CorridorApp;
  beforeAll(() => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1 });
  });
  afterAll(() => app.close());

  it("Xi'an → Duisburg: the demand's value of time and rail; cargo=bulk; modes=river", async () => {
    const res = await request(app).get('/networks/china-eurasia/route').query({ from: 'xian', to: 'duisburg' });
    expect(res.status).toBe(200);
    expect(res.body.valueOfTime.basis).toBe('demand');
    expect(res.body.valueOfTime.usdPerTeuHour).toBeCloseTo(demandVot('xian', 'duisburg'), 9);
    expect(res.body.modeChain).toEqual(['rail']);
    const bulk = await request(app).get('/networks/china-eurasia/route').query({ from: 'xian', to: 'duisburg', cargo: 'bulk' });
    expect(bulk.body.valueOfTime).toMatchObject({ basis: 'cargo', usdPerTeuHour: 0.4 });
    const river = await request(app).get('/networks/china-eurasia/route').query({ from: 'chongqing-guoyuan', to: 'shanghai', modes: 'river' });
    expect(river.status, JSON.stringify(river.body)).toBe(200);
    expect(river.body.allowedModes).toEqual(['inland_waterway']);
    const bad = await request(app).get('/networks/china-eurasia/route').query({ from: 'xian', to: 'duisburg', modes: 'teleport' });
    expect(bad.status).toBe(400);
  });
});
