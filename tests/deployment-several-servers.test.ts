/**
 * The third deployment shape of issue 16: two real API processes on one PostgreSQL database, with their
 * jobs on a Redis queue and one real `corridor worker`. A job submitted through A shows its progress and
 * result through B, and B can cancel a job A accepted. Skips with a warning without the servers (fails
 * under CORRIDOR_REQUIRE_SERVERS=1).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemand } from '../src/network/demand.js';
import { criticality, type CriticalityReport } from '../src/evaluate/criticality.js';
import { loadNetwork } from '../src/network/load-network.js';
import { createTestDatabase, postgresAvailable } from './support/postgres.js';
import { redisTestsEnabled, startRedis, type RedisServer } from './support/redis-server.js';
import { expectSameCriticality } from './support/same-criticality.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';
import { spawnWorker, type WorkerProcess } from './support/worker-process.js';

const enabled = redisTestsEnabled('tests/deployment-several-servers.test.ts') && postgresAvailable;
const nelb = loadNetwork('eurasian-land-bridge');
const demand = loadDemand('default', nelb);
const TOTAL_TEU = demand.reduce((s, r) => s + r.teuPerYear, 0);
// GLPK's arc LP: ≈ 0.5 s a scenario, so the job runs long enough to watch and to cancel.
const SLOW = { backend: 'glpk' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe.skipIf(!enabled)('several API servers (PostgreSQL) with Redis workers', () => {
  const children = new Set<ChildProcess>();
  let redis: RedisServer;
  let db: { url: string; drop: () => Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;
  let worker: WorkerProcess;
  let elements: string[];

  beforeAll(async () => {
    redis = await startRedis({ persistent: true });
    db = await createTestDatabase('several_servers');
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_ADOPT_SECONDS: '1' };
    [a, b, worker] = await Promise.all([spawnServer(env, children).server, spawnServer(env, children).server, spawnWorker(redis.url, children)]);
    elements = nelb.links.filter((l) => l.status === 'existing' && l.mode === 'rail').slice(0, 8).map((l) => l.id);
  }, 180_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await sleep(200);
    await redis?.destroy();
    await db?.drop();
  });

  it('a job accepted by A: B shows its progress and its result, equal to the in-process run', async () => {
    const res = await post(`${a.url}/networks/eurasian-land-bridge/criticality`, { ...SLOW, elements, skipUnused: false });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const progress: number[] = [];
    let job: { status: string; progress: number; error: unknown; result?: CriticalityReport } = { status: 'queued', progress: 0, error: null };
    for (let i = 0; i < 1200 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
      await sleep(100);
      job = (await (await fetch(`${b.url}/jobs/${jobId}`)).json()) as typeof job;
      progress.push(job.progress);
    }
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    // Progress is stored by A (the process following the job) and read by B from the database.
    expect(progress.some((p) => p > 0 && p < 1), `progress through B: ${progress.filter((p, i) => i % 10 === 0).join(',')}`).toBe(true);
    const local = await criticality(nelb, demand, { ...SLOW, elements, skipUnused: false, workers: 0 });
    expectSameCriticality(job.result!, local, TOTAL_TEU);
  }, 240_000);

  it('B cancels a job that A accepted: it stops on the worker, and both servers answer cancelled', async () => {
    const res = await post(`${a.url}/networks/eurasian-land-bridge/criticality`, { ...SLOW, elements: nelb.links.filter((l) => l.status === 'existing').slice(0, 30).map((l) => l.id), skipUnused: false });
    const { jobId } = (await res.json()) as { jobId: string };
    await worker.waitForLog((l) => l.msg === 'job started' && l.jobId === jobId, 120_000);
    const cancelled = await fetch(`${b.url}/jobs/${jobId}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    await worker.waitForLog((l) => l.msg === 'job failed' && l.jobId === jobId && l.reason === 'CANCELLED', 30_000);
    await sleep(3000); // A's follower sees the failed job; its report must not overwrite the cancel.
    for (const s of [a, b]) expect(((await (await fetch(`${s.url}/jobs/${jobId}`)).json()) as { status: string }).status).toBe('cancelled');
  }, 240_000);

  it('A dies for good while its job runs: B adopts the job and stores its result', async () => {
    const res = await post(`${a.url}/networks/eurasian-land-bridge/criticality`, { ...SLOW, elements: elements.slice(0, 6), skipUnused: false });
    const { jobId } = (await res.json()) as { jobId: string };
    await worker.waitForLog((l) => l.msg === 'job started' && l.jobId === jobId, 120_000);
    a.proc.kill('SIGKILL');
    await a.exited;
    let job: { status: string; error: unknown; result?: CriticalityReport } = { status: 'running', error: null };
    for (let i = 0; i < 1200 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
      await sleep(100);
      job = (await (await fetch(`${b.url}/jobs/${jobId}`)).json()) as typeof job;
    }
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.result!.solvedCount).toBe(6);
    expect(b.logs.some((l) => String(l.msg).startsWith('queue jobs not followed by this process'))).toBe(true);
  }, 240_000);
});
