import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { openStore } from '../api/open-store.js';
import { DEFAULT_UNSERVED_PENALTY_USD_PER_TEU } from '../src/assignment/optimize-options.js';
import { gridDemand, gridNetwork, tinyNetwork, tinyRoutesByHand } from './support/api-helpers.js';

type Job = { jobId: string; status: string; progress: number; cached: boolean; error: any; result?: any; statusUrl: string };

/** Poll GET /jobs/:id until `done(job)` (or fail after `ms`). */
async function pollJob(app: CorridorApp, id: string, done: (j: Job) => boolean, ms = 60_000): Promise<Job> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await request(app).get(`/jobs/${id}`);
    expect(res.status).toBe(200);
    if (done(res.body)) return res.body;
    if (Date.now() > until) throw new Error(`job ${id} still ${res.body.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ended = (j: Job) => ['succeeded', 'failed', 'cancelled'].includes(j.status);

describe('optimize and evaluate jobs on the tiny network', () => {
  let app: CorridorApp;
  let net: string;
  const byHand = tinyRoutesByHand();
  // 900 TEU/yr A→S: rail+sea carries 800 (the capacity of A-P), the road the other 100.
  const demand = [{ origin: 'A', destination: 'S', teuPerYear: 900 }];

  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1 });
    net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
  });
  afterAll(() => app.close());

  it('?wait=true answers 200 with the finished job and the numbers computed by hand', async () => {
    const res = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ demand });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.location).toBe(`/jobs/${res.body.jobId}`);
    expect(res.body).toMatchObject({ kind: 'optimize', networkId: net, status: 'succeeded', progress: 1, cached: false, error: null });
    const r = res.body.result;
    expect(r.status).toBe('optimal');
    expect(r.commodities).toBeUndefined();
    expect(r.objectiveUsd).toBeCloseTo(800 * byHand.railSea.generalizedCostUsd + 100 * byHand.road.generalizedCostUsd, 3);
    const ap = r.links.find((l: any) => l.id === 'A-P' && l.direction === 'forward');
    expect(ap.flowTeuPerYear).toBeCloseTo(800, 6);
    // One more TEU/yr of A-P capacity moves one TEU from the road to rail+sea.
    expect(ap.shadowPriceUsdPerTeu).toBeCloseTo(byHand.road.generalizedCostUsd - byHand.railSea.generalizedCostUsd, 3);
  });

  it('the same request again is served from the store (cached: true), a different one is not', async () => {
    const again = await request(app).post(`/networks/${net}/optimize`).send({ demand });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'succeeded', cached: true });
    expect(again.body.result.objectiveUsd).toBeCloseTo(800 * byHand.railSea.generalizedCostUsd + 100 * byHand.road.generalizedCostUsd, 3);
    const other = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ demand, vot: 0 });
    expect(other.body.cached).toBe(false);
  });

  it('without wait: 202 with Location, then GET /jobs/:id until it ends', async () => {
    const res = await request(app).post(`/networks/${net}/optimize`).send({ demand: [{ origin: 'A', destination: 'S', teuPerYear: 100 }] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ jobId: expect.stringMatching(/^job-/), status: 'queued', statusUrl: `/jobs/${res.body.jobId}`, cached: false });
    expect(res.headers.location).toBe(res.body.statusUrl);
    const job = await pollJob(app, res.body.jobId, ended);
    expect(job.status).toBe('succeeded');
    // 100 TEU fit on rail+sea: the objective is 100 × its generalized cost.
    expect(job.result.objectiveUsd).toBeCloseTo(100 * byHand.railSea.generalizedCostUsd, 3);
  });

  it('evaluate appraises the submitted upgrade: benefit = 100 TEU moved off the road', async () => {
    const upgrade = { type: 'upgrade', target: { kind: 'link', id: 'A-P' }, capacityTeuPerYear: 2000, capexUsd: 5e7, lifetimeYears: 30, source: 'test' };
    expect((await request(app).post(`/networks/${net}/candidates`).send(upgrade)).status).toBe(201);
    const res = await request(app).post(`/networks/${net}/evaluate?wait=true`).send({ demand, discountRate: 0.06 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('succeeded');
    const [c] = res.body.result.candidates;
    expect(c).toMatchObject({ id: 'upgrade-A-P', kind: 'upgrade', target: 'A-P', status: 'optimal' });
    expect(c.annualBenefitUsd).toBeCloseTo(100 * (byHand.road.generalizedCostUsd - byHand.railSea.generalizedCostUsd), 3);
    const growth = 1.06 ** 30;
    expect(c.annualizedCapexUsd).toBeCloseTo((5e7 * 0.06 * growth) / (growth - 1), 3);
    // A changed candidate changes the cache key.
    await request(app).patch(`/networks/${net}/candidates/upgrade-A-P`).send({ capexUsd: 6e7 });
    const again = await request(app).post(`/networks/${net}/evaluate?wait=true`).send({ demand, discountRate: 0.06 });
    expect(again.body.cached).toBe(false);
    expect(again.body.result.candidates[0].capexUsd).toBe(6e7);
  });

  it('bad job input is a 4xx at once, before any job starts', async () => {
    const unknown = await request(app).post(`/networks/${net}/optimize`).send({ demand: [{ origin: 'Alpah', destination: 'S', teuPerYear: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0].message).toContain('"A"');
    // A job start must say Content-Type: application/json, even without a body (issue 20: a cross-site
    // no-cors fetch cannot); the empty request {} is the default demand, which an upload does not have.
    const bare = await request(app).post(`/networks/${net}/optimize`);
    expect(bare.status).toBe(415);
    expect(bare.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await request(app).post(`/networks/${net}/optimize`).set('Content-Type', 'text/plain').send('{}')).status).toBe(415);
    const noScenario = await request(app).post(`/networks/${net}/optimize`).set('Content-Type', 'application/json');
    expect(noScenario.status).toBe(400);
    expect(noScenario.body.detail).toMatch(/no built-in demand scenario/);
    const both = await request(app).post(`/networks/${net}/optimize`).send({ demand, demandCsv: 'origin,destination,teuPerYear\nA,S,1' });
    expect(both.status).toBe(400);
    const closure = await request(app).post(`/networks/${net}/optimize`).send({ demand, avoid: ['Q'] });
    expect(closure.status).toBe(404);
    expect((await request(app).post(`/networks/${net}/evaluate`).send({ demand, candidateIds: ['nope'] })).status).toBe(400);
    expect(app.context.jobs.activeCount).toBe(0);
  });

  it('demand as CSV text works like the JSON rows', async () => {
    const res = await request(app).post(`/networks/${net}/optimize?wait=true`).send({ demandCsv: 'origin,destination,teuPerYear\nA,S,900\n' });
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.objectiveUsd).toBeCloseTo(800 * byHand.railSea.generalizedCostUsd + 100 * byHand.road.generalizedCostUsd, 3);
  });

  it('disrupt: closing the port sends all 900 TEU by road; the added cost is 800 × the road premium', async () => {
    const res = await request(app).post(`/networks/${net}/disrupt?wait=true`).send({ demand, close: ['P'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body.result;
    expect(r.closedNodeIds).toEqual(['P']);
    expect(r.base.objectiveUsd).toBeCloseTo(800 * byHand.railSea.generalizedCostUsd + 100 * byHand.road.generalizedCostUsd, 3);
    expect(r.disrupted.objectiveUsd).toBeCloseTo(900 * byHand.road.generalizedCostUsd, 3);
    expect(r.addedCostUsd).toBeCloseTo(800 * (byHand.road.generalizedCostUsd - byHand.railSea.generalizedCostUsd), 3);
    expect((await request(app).post(`/networks/${net}/disrupt`).send({ demand })).status).toBe(400);
    expect((await request(app).post(`/networks/${net}/disrupt`).send({ demand, close: ['atlantis'] })).status).toBe(404);
  });

  it('criticality ranks the road first: closing it strands 100 TEU at the unserved penalty', async () => {
    const res = await request(app).post(`/networks/${net}/criticality?wait=true`).send({ demand, elements: ['A-P', 'A-S-road'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [first, second] = res.body.result.entries;
    expect(first).toMatchObject({ rank: 1, id: 'A-S-road', kind: 'link' });
    expect(first.addedCostUsd).toBeCloseTo(100 * (DEFAULT_UNSERVED_PENALTY_USD_PER_TEU - byHand.road.generalizedCostUsd), 3);
    expect(first.addedUnservedTeu).toBeCloseTo(100, 6);
    expect(second).toMatchObject({ rank: 2, id: 'A-P' });
    expect(second.addedCostUsd).toBeCloseTo(800 * (byHand.road.generalizedCostUsd - byHand.railSea.generalizedCostUsd), 3);
    expect(res.body.progress).toBe(1);
    expect((await request(app).post(`/networks/${net}/criticality`).send({ demand, elements: ['A-Q'] })).status).toBe(404);
  });

  it('unknown job → 404', async () => {
    expect((await request(app).get('/jobs/job-nope')).status).toBe(404);
    expect((await request(app).delete('/jobs/job-nope')).status).toBe(404);
  });
});

describe('a slow job: cancellation, queue limit, wait cap, time limit, shutdown', () => {
  const n = 16;
  let app: CorridorApp;
  let net: string;

  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1, maxActiveJobs: 2, waitCapMs: 500 });
    const up = await request(app).post('/networks').send(gridNetwork(n));
    expect(up.status).toBe(201);
    net = up.body.id;
  });
  afterAll(() => app.close());

  it('runs off the event loop, dedupes, refuses a third job with 429, and cancels queued and running jobs', async () => {
    const body = { demand: gridDemand(n) };
    const first = await request(app).post(`/networks/${net}/optimize?wait=true`).send(body);
    // The wait cap (500 ms) ends the wait; the job goes on.
    expect(first.status).toBe(202);
    const running = await pollJob(app, first.body.jobId, (j) => j.status === 'running');
    expect(running.progress).toBeGreaterThanOrEqual(0);
    // The event loop stays free while the LP solves: health answers at once.
    expect((await request(app).get('/health')).body.jobs.active).toBe(1);

    const same = await request(app).post(`/networks/${net}/optimize`).send(body);
    expect(same.body.jobId).toBe(first.body.jobId);

    const second = await request(app).post(`/networks/${net}/optimize`).send({ demand: gridDemand(n, n, 2500) });
    expect(second.status).toBe(202);
    expect(second.body.status).toBe('queued');

    const third = await request(app).post(`/networks/${net}/optimize`).send({ demand: gridDemand(n, n, 2000) });
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['retry-after']).toBe('5');
    expect(third.body).toMatchObject({ type: '/problems/too-many-jobs', maxActiveJobs: 2 });

    const cancelQueued = await request(app).delete(`/jobs/${second.body.jobId}`);
    expect(cancelQueued.status).toBe(200);
    expect(cancelQueued.body.status).toBe('cancelled');
    const cancelRunning = await request(app).delete(`/jobs/${first.body.jobId}`);
    expect(cancelRunning.status).toBe(200);
    expect(cancelRunning.body).toMatchObject({ status: 'cancelled', error: null });
    expect(cancelRunning.body.result).toBeUndefined();
    expect((await request(app).delete(`/jobs/${first.body.jobId}`)).status).toBe(409);
    expect(app.context.jobs.activeCount).toBe(0);

    // The pool replaced the terminated worker: a small job still runs.
    const tiny = (await request(app).post('/networks').send(tinyNetwork())).body.id;
    const after = await request(app).post(`/networks/${tiny}/optimize`).send({ demand: [{ origin: 'A', destination: 'S', teuPerYear: 10 }] });
    expect((await pollJob(app, after.body.jobId, ended)).status).toBe('succeeded');
  });

  it('a job over the time limit fails with TIME_LIMIT and is not cached', async () => {
    const limited = createApp({ databasePath: ':memory:', jobThreads: 1, jobTimeLimitMs: 1500 });
    try {
      const id = (await request(limited).post('/networks').send(gridNetwork(n))).body.id;
      const res = await request(limited).post(`/networks/${id}/optimize`).send({ demand: gridDemand(n) });
      const job = await pollJob(limited, res.body.jobId, ended);
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'TIME_LIMIT', title: 'Time limit exceeded' });
      expect(await limited.context.store.getResult(((await limited.context.store.getJob(res.body.jobId)) ?? { inputHash: '' }).inputHash)).toBeUndefined();
    } finally {
      await limited.close();
    }
  });

  it('shutdown stops running jobs (failed: interrupted); a restart fails jobs a killed process left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-jobs-'));
    const path = join(dir, 'db.sqlite');
    try {
      const first = createApp({ databasePath: path, jobThreads: 1 });
      const id = (await request(first).post('/networks').send(gridNetwork(n))).body.id;
      const res = await request(first).post(`/networks/${id}/optimize`).send({ demand: gridDemand(n) });
      await pollJob(first, res.body.jobId, (j) => j.status === 'running');
      await first.close();
      const store = openStore(path);
      expect(await store.getJob(res.body.jobId)).toMatchObject({ status: 'failed' });
      expect(JSON.parse((await store.getJob(res.body.jobId))!.error!).code).toBe('INTERRUPTED');
      // A job row left 'running' by a process that was killed (no shutdown ran).
      await store.insertJob({ id: 'job-orphan', kind: 'optimize', networkId: id, inputHash: 'x', request: '{}', status: 'running', progress: 0.3, cached: false, error: null, createdAt: new Date().toISOString(), startedAt: new Date().toISOString(), finishedAt: null });
      await store.close();

      const second = createApp({ databasePath: path, jobThreads: 1 });
      const orphan = await request(second).get('/jobs/job-orphan');
      expect(orphan.body).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
