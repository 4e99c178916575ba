/**
 * Several real API processes (`node --import tsx api/server.ts`) on one real PostgreSQL database
 * (DATABASE_URL): what one acknowledges, the others serve, through SIGKILLs and restarts; a restarting
 * process does not fail the jobs another live process is running; a killed process's jobs are failed
 * (INTERRUPTED) once its heartbeat is stale. Skips with a warning without a server (fails in CI).
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridDemand, gridNetwork, seaCandidate, tinyNetwork } from './support/api-helpers.js';
import { createTestDatabase, postgresAvailable } from './support/postgres.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

const children = new Set<ChildProcess>();
let db: { url: string; drop: () => Promise<void> } | null = null;

const start = (): Promise<ServerProcess> => spawnServer({ DATABASE_URL: db!.url }, children).server;
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
async function kill(s: ServerProcess): Promise<void> {
  s.proc.kill('SIGKILL');
  expect((await s.exited).signal).toBe('SIGKILL');
}

beforeAll(async () => {
  if (postgresAvailable) db = await createTestDatabase('processes');
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  await db?.drop();
});

describe.skipIf(!postgresAvailable)('two API processes on one PostgreSQL database', () => {
  it('a network and candidates written through A are served by B, through SIGKILLs of A and of B and restarts', async () => {
    // Both start at once on an empty database: the migrations are applied once (advisory lock).
    let [a, b] = await Promise.all([start(), start()]);
    const up = await post(`${a.url}/networks`, tinyNetwork());
    expect(up.status).toBe(201);
    const networkId = (await json<{ id: string }>(up)).id;
    // B never saw the upload: it reads the store on the miss.
    expect((await fetch(`${b.url}/networks/${networkId}`)).status).toBe(200);
    expect((await json(await fetch(`${b.url}/networks`))).networks.map((n: { id: string }) => n.id)).toContain(networkId);

    const c1 = await post(`${a.url}/networks/${networkId}/candidates`, seaCandidate('from-a'));
    expect(c1.status).toBe(201);
    // Killed right after its 201: the write was committed before the answer.
    await kill(a);
    const viaB = await fetch(`${b.url}/networks/${networkId}/candidates/from-a`);
    expect(viaB.status).toBe(200);
    expect((await json(viaB)).submission.properties.id).toBe('from-a');
    a = await start();
    expect((await fetch(`${a.url}/networks/${networkId}/candidates/from-a`)).status).toBe(200);

    // A stream of submissions to B, SIGKILLed mid-way: every acknowledged one is served by A.
    const acknowledged: string[] = [];
    let killed = false;
    const client = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const id = `b-${w}-${i}`;
        try {
          const res = await post(`${b.url}/networks/${networkId}/candidates`, seaCandidate(id));
          if (res.status === 201) acknowledged.push(id);
          else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        } catch (e) {
          if (!killed) throw e;
          return;
        }
        if (acknowledged.length >= 20 && !killed) {
          killed = true;
          b.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2].map(client));
    expect((await b.exited).signal).toBe('SIGKILL');
    const listed = new Set((await json(await fetch(`${a.url}/networks/${networkId}/candidates`))).candidates.map((c: { id: string }) => c.id));
    for (const id of acknowledged) expect(listed.has(id), id).toBe(true);
    b = await start();
    expect((await json(await fetch(`${b.url}/networks/${networkId}/candidates`))).candidates.length).toBe(listed.size);

    // A caches the parsed network; B deletes it: A answers 404 at once, not its cached copy.
    expect((await fetch(`${a.url}/networks/${networkId}`)).status).toBe(200);
    expect((await fetch(`${b.url}/networks/${networkId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${a.url}/networks/${networkId}`)).status).toBe(404);
    expect((await fetch(`${a.url}/networks/${networkId}/candidates/from-a`)).status).toBe(404);
    await Promise.all([kill(a), kill(b)]);
  }, 240_000);

  it("A restarting does not fail B's running job; once B is killed and its heartbeat is stale, A fails it (INTERRUPTED), on start and by its periodic sweep", async () => {
    let a = await start();
    const b = await start();
    const bInstance = b.logs.find((l) => l.msg === 'listening')!.instance as string;
    expect(bInstance).toMatch(/^api-/);
    const n = 22; // ≈ 2 minutes of LP on one thread here: still running when A has restarted.
    const networkId = (await json<{ id: string }>(await post(`${b.url}/networks`, gridNetwork(n)))).id;
    const started = await post(`${b.url}/networks/${networkId}/optimize`, { demand: gridDemand(n) });
    expect(started.status).toBe(202);
    const jobId = (await json<{ jobId: string }>(started)).jobId;
    for (let t = 0; (await json(await fetch(`${b.url}/jobs/${jobId}`))).status !== 'running'; t++) {
      if (t > 600) throw new Error('the job never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    // A is killed and restarts: its start-up sweep sees B's fresh heartbeat and leaves the job alone.
    await kill(a);
    a = await start();
    expect(a.logs.some((l) => l.msg === 'marked jobs of a previous run as failed (interrupted)')).toBe(false);
    const seenByA = await json(await fetch(`${a.url}/jobs/${jobId}`));
    expect(seenByA.status).toBe('running');
    expect((await json(await fetch(`${b.url}/jobs/${jobId}`))).status).toBe('running');
    // The API's job JSON does not grow an owner field.
    expect(seenByA).not.toHaveProperty('owner');
    // Only B can stop it; A says so (409) and the job goes on.
    const cancelViaA = await fetch(`${a.url}/jobs/${jobId}`, { method: 'DELETE' });
    expect(cancelViaA.status).toBe(409);
    expect((await json(cancelViaA)).detail).toContain('another API process');
    expect((await json(await fetch(`${b.url}/jobs/${jobId}`))).status).toBe('running');

    // B is killed mid-job. Its heartbeat is made 2 minutes old (as if that much time had passed) so the
    // next start of A sees B as dead without this test waiting for the 30 s staleness.
    await kill(b);
    const admin = new pg.Client({ connectionString: db!.url });
    await admin.connect();
    try {
      await admin.query("UPDATE instances SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1", [bInstance]);
    } finally {
      await admin.end();
    }
    await kill(a);
    a = await start();
    const failed = await json(await fetch(`${a.url}/jobs/${jobId}`));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    expect(a.logs.find((l) => l.msg === 'marked jobs of a previous run as failed (interrupted)')).toMatchObject({ jobs: 1 });

    // While A runs, a job appears whose owner never heartbeated (a process that died before its first
    // heartbeat): A's periodic sweep (every 30 s) fails it, without a restart.
    const orphan = new pg.Client({ connectionString: db!.url });
    await orphan.connect();
    try {
      const now = new Date().toISOString();
      await orphan.query("INSERT INTO jobs (id, kind, network_id, input_hash, request, status, progress, cached, created_at, started_at, owner) VALUES ('job-orphan', 'optimize', $1, 'h-orphan', '{}', 'running', 0.2, 0, $2, $2, 'api-vanished')", [networkId, now]);
    } finally {
      await orphan.end();
    }
    expect((await json(await fetch(`${a.url}/jobs/job-orphan`))).status).toBe('running');
    let swept: { status: string; error: { code: string } | null } = { status: 'running', error: null };
    for (let t = 0; t < 900 && swept.status === 'running'; t++) {
      await new Promise((r) => setTimeout(r, 100));
      swept = await json(await fetch(`${a.url}/jobs/job-orphan`));
    }
    expect(swept).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    await kill(a);
  }, 300_000);
});

if (!postgresAvailable) {
  describe('two API processes on one PostgreSQL database', () => {
    it.skip('skipped: PostgreSQL is not reachable (see the warning above)', () => {});
  });
}
