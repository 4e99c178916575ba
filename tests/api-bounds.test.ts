/**
 * Issue 20, bounds and CPU off the main thread, in process: route searches on the worker pool answer the
 * same bytes as the main thread; the answer cache; 429 + Retry-After per kind (route workers, jobs of one
 * kind, ?wait waiters); the parsed-network LRU keeps its budget and rebuilds what it dropped; a job worker
 * past its heap limit fails with OUT_OF_MEMORY.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { JobQueue } from '../api/jobs/job-queue.js';
import type { JobInputs } from '../api/jobs/job-kinds.js';
import { NETWORK_BYTES_PER_TEXT_CHAR } from '../api/network-registry.js';
import { openStore } from '../api/open-store.js';
import { buildNetwork } from '../src/network/build-network.js';
import { gridDemand, gridNetwork, tinyNetwork } from './support/api-helpers.js';

const QUERIES = [
  'from=A&to=S',
  'from=A&to=S&alternatives=true',
  'from=A&to=S&modes=rail,sea&vot=3',
  'from=S&to=A&format=geojson',
  'from=A&to=S&avoid=P-S&carbonPrice=80',
  'from=A&to=Nowhere',
  'from=A&to=A',
];
const BUILTIN_QUERIES = ['from=chongqing&to=singapore&alternatives=true', 'from=lianyungang&to=duisburg', 'from=chengdu&to=duisburg&avoid=suez&alternatives=true'];

describe('route searches on the workers', () => {
  let main: CorridorApp;
  let workers: CorridorApp;
  let mainNet: string;
  let workerNet: string;
  beforeAll(async () => {
    // Reference: every search on the main thread, no cache. Under test: every search on the workers.
    main = createApp({ databasePath: ':memory:', routeWorkerMinLinks: 1e9, routeCacheBytes: 0 });
    workers = createApp({ databasePath: ':memory:', routeWorkerMinLinks: 0, routeCacheBytes: 0 });
    mainNet = (await request(main).post('/networks').send(tinyNetwork())).body.id;
    workerNet = (await request(workers).post('/networks').send(tinyNetwork())).body.id;
  });
  afterAll(async () => {
    await main.close();
    await workers.close();
  });

  it('answer the same status, media type and bytes as the main thread (uploads and built-ins, errors too)', async () => {
    const pairs: [string, string][] = [
      ...QUERIES.map((q): [string, string] => [`/networks/${mainNet}/route?${q}`, `/networks/${workerNet}/route?${q}`]),
      ...BUILTIN_QUERIES.map((q): [string, string] => [`/networks/china-eurasia/route?${q}`, `/networks/china-eurasia/route?${q}`]),
    ];
    for (const [a, b] of pairs) {
      const ra = await request(main).get(a);
      const rb = await request(workers).get(b);
      expect(rb.status, b).toBe(ra.status);
      expect(rb.headers['content-type']).toBe(ra.headers['content-type']);
      // The uploads got different ids; everything else is the same text.
      expect(rb.text.replaceAll(workerNet, 'NET')).toBe(ra.text.replaceAll(mainNet, 'NET'));
    }
    expect(workers.context.routes.queuedOnWorkers).toBe(0);
    expect(workers.context.routes.workerSearches).toBe(pairs.length);
    expect(main.context.routes.workerSearches).toBe(0);
  }, 120_000);

  it('more searches in flight than MAX_ROUTE_QUEUE get 429 with Retry-After; identical ones share one search', async () => {
    const app = createApp({ databasePath: ':memory:', routeWorkerMinLinks: 0, maxRouteQueue: 2, routeCacheBytes: 0 });
    try {
      const net = (await request(app).post('/networks').send(tinyNetwork())).body.id;
      // Five distinct searches at once: the cold worker takes long enough to start that all five arrive together.
      const distinct = await Promise.all([1, 2, 3, 4, 5].map((v) => request(app).get(`/networks/${net}/route?from=A&to=S&vot=${v}`)));
      const refused = distinct.filter((r) => r.status === 429);
      expect(distinct.filter((r) => r.status === 200).length).toBe(2);
      expect(refused.length).toBe(3);
      expect(refused[0].headers['retry-after']).toBe('1');
      expect(refused[0].body).toMatchObject({ type: '/problems/too-many-requests', maxRouteQueue: 2 });
      // Ten identical searches count once.
      const same = await Promise.all(Array.from({ length: 10 }, () => request(app).get(`/networks/${net}/route?from=S&to=A`)));
      expect(same.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(same.map((r) => r.text)).size).toBe(1);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('the answer cache serves a repeat from memory and keeps its budget', async () => {
    const app = createApp({ databasePath: ':memory:', routeCacheBytes: 200_000 });
    try {
      const first = await request(app).get('/networks/china-eurasia/route?from=chongqing&to=singapore&alternatives=true');
      const stats = app.context.routes.cacheStats();
      expect(stats.answers).toBe(1);
      const again = await request(app).get('/networks/china-eurasia/route?alternatives=true&to=singapore&from=chongqing');
      expect(again.text).toBe(first.text);
      expect(app.context.routes.cacheStats()).toEqual(stats);
      for (const v of [1, 2, 3, 4, 5, 6, 7, 8]) await request(app).get(`/networks/china-eurasia/route?from=chongqing&to=duisburg&alternatives=true&vot=${v}`);
      expect(app.context.routes.cacheStats().bytes).toBeLessThanOrEqual(200_000);
    } finally {
      await app.close();
    }
  });
});

describe('the parsed-network LRU', () => {
  it('keeps its memory budget; a dropped network is rebuilt from the store and answers the same', async () => {
    const probe = createApp({ databasePath: ':memory:' });
    const id = (await request(probe).post('/networks').send(tinyNetwork())).body.id;
    const perNetwork = (await probe.context.registry.get(id)).geojsonText.length * NETWORK_BYTES_PER_TEXT_CHAR;
    await probe.close();
    // Room for two tiny networks (and no built-in: china-eurasia is far larger than the budget).
    const app = createApp({ databasePath: ':memory:', networkCacheBytes: Math.floor(perNetwork * 2.5), routeCacheBytes: 0 });
    try {
      const ids: string[] = [];
      const firstAnswers: string[] = [];
      for (let i = 0; i < 5; i++) {
        const up = await request(app).post('/networks').send({ ...tinyNetwork(), name: `tiny ${i}` });
        ids.push(up.body.id);
        firstAnswers.push((await request(app).get(`/networks/${up.body.id}/route?from=A&to=S`)).text);
        const stats = app.context.registry.cacheStats();
        expect(stats.bytes).toBeLessThanOrEqual(stats.budgetBytes);
        expect(stats.networks).toBeLessThanOrEqual(2);
      }
      for (let i = 0; i < 5; i++) {
        const again = await request(app).get(`/networks/${ids[i]}/route?from=A&to=S`);
        expect(again.text).toBe(firstAnswers[i]);
      }
      expect((await request(app).get('/networks')).body.networks.length).toBeGreaterThanOrEqual(6);
    } finally {
      await app.close();
    }
  });
});

describe('concurrency per kind', () => {
  const n = 16;
  let app: CorridorApp;
  let grid: string;
  beforeAll(async () => {
    app = createApp({ databasePath: ':memory:', jobThreads: 1, maxActiveJobs: 10, maxJobsPerKind: 1, maxJobWaiters: 1, waitCapMs: 3_000 });
    grid = (await request(app).post('/networks').send(gridNetwork(n))).body.id;
  });
  afterAll(() => app.close());

  it('a second job of one kind is 429 with Retry-After while another kind is accepted; extra waiters get 429 (GET) or 202 (POST)', async () => {
    const first = await request(app).post(`/networks/${grid}/optimize`).send({ demand: gridDemand(n) });
    expect(first.status).toBe(202);
    const second = await request(app).post(`/networks/${grid}/optimize`).send({ demand: gridDemand(n, n, 2500) });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('5');
    expect(second.body).toMatchObject({ type: '/problems/too-many-jobs', kind: 'optimize', maxJobsPerKind: 1 });
    const other = await request(app).post(`/networks/${grid}/disrupt`).send({ demand: gridDemand(n), close: ['h0_0'] });
    expect(other.status).toBe(202);

    // One waiter allowed: the first GET ?wait=true holds the slot for up to 3 s, the second is refused at once.
    const waiting = request(app).get(`/jobs/${first.body.jobId}?wait=true`).then((r) => r);
    await new Promise((r) => setTimeout(r, 200));
    const refused = await request(app).get(`/jobs/${first.body.jobId}?wait=true`);
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('/problems/too-many-requests');
    expect(refused.headers['retry-after']).toBe('2');
    // A job start with ?wait=true while the slot is taken answers 202 (the job is started; poll it).
    const started = await request(app).post(`/networks/${grid}/criticality?wait=true`).send({ demand: gridDemand(n), elements: ['h0_0'] });
    expect(started.status).toBe(202);
    expect((await waiting).status).toBe(200);
    for (const id of [first.body.jobId, other.body.jobId, started.body.jobId]) await request(app).delete(`/jobs/${id}`);
    expect(app.context.jobs.activeCount).toBe(0);
  }, 120_000);
});

describe('worker heap limit', () => {
  it('a job past WORKER_HEAP_MB fails with OUT_OF_MEMORY; the server process does not grow and the pool recovers', async () => {
    const store = openStore(':memory:');
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const queue = new JobQueue(
      store,
      { threads: 1, maxActiveJobs: 2, timeLimitMs: 60_000, workerHeapMb: 64, workerFile: { filename: pathToFileURL(join(import.meta.dirname, 'fixtures/scripts/greedy-job-worker.ts')).href, execArgv: ['--import', tsx] } },
      pino({ level: 'silent' }),
    );
    try {
      const rss0 = process.memoryUsage().rss;
      const job = await queue.submit({ kind: 'optimize', networkId: 'tiny', inputHash: 'h-greedy', request: {}, network: buildNetwork(tinyNetwork(), { id: 'tiny' }), input: {} as JobInputs['optimize'] /* the greedy fixture worker ignores its input */ });
      await queue.waitFor(job.id, 60_000);
      const done = (await queue.get(job.id))!;
      expect(done.status).toBe('failed');
      expect(JSON.parse(done.error!)).toMatchObject({ code: 'OUT_OF_MEMORY', title: 'Out of memory' });
      expect(JSON.parse(done.error!).detail).toContain('64 MB');
      // The thread's heap was bounded: this process did not take the hoard (an unbounded run grows by GBs).
      expect((process.memoryUsage().rss - rss0) / 2 ** 20).toBeLessThan(400);
      expect(await store.hasResult('h-greedy')).toBe(false);
    } finally {
      await queue.close();
      await store.close();
    }
  }, 120_000);
});
