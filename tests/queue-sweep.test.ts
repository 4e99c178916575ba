/**
 * Issue 16.1: sweeps and API jobs on BullMQ workers, against a real redis-server and real
 * `corridor worker` processes. Every remote result is compared with the same run in this process.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/create-app.js';
import { loadDemand } from '../src/network/demand.js';
import { criticality, type CriticalityReport } from '../src/evaluate/criticality.js';
import { evaluateCandidates, loadCandidates } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import { batchSize, createQueueScenarioRunner } from '../src/queue/queue-scenario-runner.js';
import { runCliInProcess } from './support/run-cli-in-process.js';
import { expectSameCriticality } from './support/same-criticality.js';
import { redisTestsEnabled } from './support/redis-server.js';
import { useRedisWorkers } from './support/redis-workers.js';

const enabled = redisTestsEnabled('tests/queue-sweep.test.ts');
const nelb = loadNetwork('eurasian-land-bridge');
const demand = loadDemand('default', nelb);
const TOTAL_TEU = demand.reduce((s, r) => s + r.teuPerYear, 0);

describe.skipIf(!enabled)('sweeps and jobs on corridor worker processes (real redis-server)', () => {
  const env = useRedisWorkers(2);

  it('N-1 criticality of the NELB on two workers equals the in-process run, and both workers solve', async () => {
    const local = await criticality(nelb, demand, { workers: 0 });
    const remote = await criticality(nelb, demand, { redisUrl: env.redis.url });
    expect(remote.workers).toBe(2);
    expect(remote.solvedCount).toBeGreaterThan(20);
    expectSameCriticality(remote, local, TOTAL_TEU);
    // The sweep was shared: each worker process logged tasks of it.
    for (const w of env.workers) expect(w.logs.filter((l) => l.msg === 'task started').length, `worker ${w.proc.pid}`).toBeGreaterThan(0);
  }, 180_000);

  it('candidate evaluation on the workers equals the in-process run', async () => {
    const candidates = loadCandidates('networks/candidates/eurasian-land-bridge.geojson', nelb);
    const local = await evaluateCandidates(nelb, demand, candidates, { workers: 0 });
    const remote = await evaluateCandidates(nelb, demand, candidates, { redisUrl: env.redis.url });
    expect(remote.candidates.map((c) => c.id)).toEqual(local.candidates.map((c) => c.id));
    const tol = 1e-9 * Math.abs(local.base.objectiveUsd!);
    remote.candidates.forEach((c, i) => {
      expect(Math.abs(c.annualBenefitUsd! - local.candidates[i].annualBenefitUsd!), c.id).toBeLessThanOrEqual(tol);
      expect(c.bcr, c.id).toBeCloseTo(local.candidates[i].bcr!, 9);
    });
  }, 180_000);

  it('corridor criticality --redis: the same JSON as the threads-here run; a bad URL is one line naming the flag', async () => {
    const remote = await runCliInProcess('criticality', '--network', 'eurasian-land-bridge', '--elements', 'links', '--redis', env.redis.url, '--top', '100', '--json');
    const here = await runCliInProcess('criticality', '--network', 'eurasian-land-bridge', '--elements', 'links', '--workers', '0', '--top', '100', '--json');
    expect(remote.exitCode, remote.stderr).toBe(0);
    expectSameCriticality(JSON.parse(remote.stdout), JSON.parse(here.stdout), TOTAL_TEU);
    const bad = await runCliInProcess('criticality', '--network', 'eurasian-land-bridge', '--redis', 'http://localhost:6379');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/--redis must start with redis:\/\/ or rediss:\/\//);
  }, 120_000);

  it('a typed error in a task comes back typed, not as a crash, and is not retried', async () => {
    const runner = await createQueueScenarioRunner({ network: nelb, demand, candidates: [], options: {} }, { redisUrl: env.redis.url });
    try {
      await expect(runner.run({ id: 'bad', candidateIds: ['no-such-candidate'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('no-such-candidate') });
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('an API with REDIS_URL runs a criticality job on the workers: same result as the embedded API, progress on the way', async () => {
    const queued = createApp({ databasePath: ':memory:', redisUrl: env.redis.url });
    const embedded = createApp({ databasePath: ':memory:' });
    try {
      const body = { elements: 'links' };
      const a = await request(queued).post('/networks/eurasian-land-bridge/criticality').send(body).expect(202);
      const seen: number[] = [];
      let job = { ...a.body, id: a.body.jobId };
      for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await request(queued).get(`/jobs/${a.body.jobId}`)).body;
        seen.push(job.progress);
      }
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      expect(seen.some((p) => p > 0 && p < 1), `progress seen: ${seen.slice(0, 20).join(',')}`).toBe(true);
      const remote = job.result as CriticalityReport;
      const b = await request(embedded).post('/networks/eurasian-land-bridge/criticality?wait=true').send(body).expect(200);
      expect(b.body.status).toBe('succeeded');
      expectSameCriticality(remote, b.body.result as CriticalityReport, TOTAL_TEU);
    } finally {
      await Promise.all([queued.close(), embedded.close()]);
    }
  }, 180_000);
});

describe('corridor worker: bad settings are one line naming them', () => {
  it('no Redis URL, or one that is not redis://, is exit 1 naming the flag or the variable', async () => {
    const env = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const none = await runCliInProcess('worker');
      expect(none.exitCode).toBe(1);
      expect(none.stderr).toMatch(/pass --redis <url> or set REDIS_URL/);
      const bad = await runCliInProcess('worker', '--redis', 'http://127.0.0.1:6379');
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr).toMatch(/--redis must start with redis:\/\/ or rediss:\/\//);
      // A usage error is commander's own: one line naming the flag, exit code 1 (captured in-process too).
      const zero = await runCliInProcess('worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0');
      expect(zero.exitCode).toBe(1);
      expect(zero.stderr).toMatch(/--concurrency expects a whole number ≥ 1/);
    } finally {
      if (env !== undefined) process.env.REDIS_URL = env;
    }
  });
});

describe('batchSize: scenarios per queue task', () => {
  it('one per task when scenarios are expensive or their cost unknown; else ≈ 0.25 s a task, at least 4 tasks per worker', () => {
    expect(batchSize(1000, 2, undefined)).toBe(1);
    expect(batchSize(1000, 2, 0.3)).toBe(1);
    // 7.5 ms a scenario: floor(0.25 / 0.0075) = 33; 1000 scenarios on 2 workers allow ceil(1000 / 8) = 125.
    expect(batchSize(1000, 2, 0.0075)).toBe(33);
    // 200 scenarios on 16 workers: at most ceil(200 / 64) = 4 a task, so every worker gets ≥ 4 tasks.
    expect(batchSize(200, 16, 0.001)).toBe(4);
    expect(batchSize(3, 4, 0.001)).toBe(1);
  });
});
