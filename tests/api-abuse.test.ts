/**
 * Issue 20, the load and abuse suite: each abuse runs against the real server process on loopback while
 * /health is probed; its p99 must stay under healthBound(). Bounded: a few hundred requests per
 * abuse, seconds each. The figures of a run are printed (`[abuse] …`) and recorded in BENCHMARKS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../api/open-store.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import { syntheticNetwork } from './support/synthetic-network.js';
import { gridDemand, gridNetwork, seaCandidate } from './support/api-helpers.js';
import { probeHealth, rssMb, spawnServer, type HealthLatency, type ServerProcess } from './support/server-process.js';

/**
 * The target is a /health p99 under 100 ms while each abuse runs; the figures measured are in
 * BENCHMARKS.md. The assertion is generous so that a loaded machine (e.g. `npm test` running every file in
 * parallel on 2 cores) does not fail it by chance: 250 ms (ABUSE_HEALTH_P99_MS), 4× the p99 or 2× the
 * maximum of /health probed for 2 s with no abuse right after it, whichever is largest. Before issue 20 the same abuses
 * stalled /health for 3–42 s, so a regression still fails it.
 */
const HEALTH_P99_FLOOR_MS = Number(process.env.ABUSE_HEALTH_P99_MS ?? 250);
async function healthBound(url: string, floorMs = HEALTH_P99_FLOOR_MS): Promise<number> {
  const idle = await probeHealth(url, new Promise((r) => setTimeout(r, 2_000)));
  // A few abuses give only 20–30 probes, so their p99 is their maximum; compare with the idle maximum too.
  return Math.max(floorMs, 4 * idle.p99, 2 * idle.max);
}

/**
 * Candidate POSTs are durable: the 201 is sent after SQLite's fsync (synchronous=FULL), and better-sqlite3
 * runs it on the main thread. On this shared VM disk one insert measured p50 3.6 ms but p99 340 ms under load,
 * and /health waits for it. So the candidate abuse gets a floor of 1 s. That is still far under what the
 * old O(N) check cost per POST at these counts (1.85 s at #200). BENCHMARKS.md has the figures.
 */
const FSYNC_FLOOR_MS = Math.max(HEALTH_P99_FLOOR_MS, 1_000);

/**
 * The wrong-token abuse has this test process push 98 MB through loopback at once, on the same two cores as
 * the server. Inside a full `npm test` its 20 probes measured up to 540 ms (BENCHMARKS.md), so it gets the
 * same 1 s floor. Parsing the bodies took 4.8 s before issue 20, so a regression still fails it. Its main
 * checks are that every answer is a 401 and that the server's memory stays flat.
 */
const UPLOAD_FLOOR_MS = FSYNC_FLOOR_MS;

/**
 * The large-result abuse has this test process read 150 × 12 MB (1.8 GB) through loopback while the server
 * writes it, on the same two cores, and the server's heap holds the 12 MB result: inside a full `npm test` on
 * 2026-12-06 one of its 78 probes took 832 ms (the rest: p50 4.2 ms). Floor 2 s: before issue 20 the same abuse
 * stalled /health for 5.5 s and 42 s and grew the server to 3.5 GB (BENCHMARKS.md), so a regression still fails
 * it, as it fails the memory check beside it.
 */
const STREAM_FLOOR_MS = Math.max(HEALTH_P99_FLOOR_MS, 2_000);

const children = new Set<ChildProcess>();
const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-abuse-'));
  dirs.push(dir);
  return join(dir, 'corridor.db');
};
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const report = (what: string, h: HealthLatency, extra: Record<string, unknown> = {}): void => console.log(`[abuse] ${what}: /health p50 ${h.p50} ms, p99 ${h.p99} ms, max ${h.max} ms over ${h.count} probes`, JSON.stringify(extra));
const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('abuse against one anonymous server (loopback)', () => {
  let server: ServerProcess;
  let big: string;
  let bigNodes: string[];
  let coords: Map<string, [number, number]>;
  const database = tempDb();
  const resultJobId = 'job-large-result';

  beforeAll(async () => {
    // A stored 12 MB result (the size of the optimize result), written before the server starts.
    const store = openStore(database);
    const now = new Date().toISOString();
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ link: `L${i}`, flowTeuPerYear: i * 1.5, shadowPriceUsdPerTeu: (i % 97) / 7, mode: 'rail', note: 'x'.repeat(120) }));
    const resultJson = JSON.stringify({ objectiveUsd: 123.5, links: rows });
    await store.insertJob({ id: resultJobId, kind: 'optimize', networkId: 'china-eurasia', inputHash: 'h-large', request: '{}', status: 'running', progress: 0, cached: false, error: null, createdAt: now, startedAt: now, finishedAt: null });
    await store.finishJob(resultJobId, 'succeeded', now, null, { inputHash: 'h-large', kind: 'optimize', json: resultJson, durationMs: 1 });
    await store.close();
    expect(resultJson.length).toBeGreaterThan(10_000_000);

    server = await spawnServer({ DATABASE: database, BODY_LIMIT_BYTES: String(16 * 1024 * 1024), MAX_ROUTE_QUEUE: '6', MAX_JOB_WAITERS: '64' }, children).server;
    // A 4,000-node / ~21,000-link network (the route abuse used 4,000 / 25,000).
    const network = syntheticNetwork({ nodeCount: 4000, seed: 7, linksPerNode: 6 });
    bigNodes = network.nodes.map((n) => n.id);
    coords = new Map(network.nodes.map((n) => [n.id, [n.lon, n.lat]]));
    const up = await fetch(`${server.url}/networks`, json(networkToGeoJson(network)));
    expect(up.status).toBe(201);
    big = ((await up.json()) as { id: string }).id;
  }, 180_000);

  it('binds 127.0.0.1 without API_TOKEN and logs a warning', () => {
    expect(server.logs.find((l) => l.msg === 'listening')).toMatchObject({ host: '127.0.0.1', auth: false });
    expect(server.logs.some((l) => l.level === 40 && String(l.msg).includes('API_TOKEN is not set'))).toBe(true);
  });

  it('40 parallel route searches with alternatives on the large network: workers, 429 past the queue, /health free', async () => {
    const t0 = performance.now();
    // 10 distinct destinations × 4 identical requests: identical ones share a search; past 6 in flight → 429.
    const abuse = Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const to = bigNodes[bigNodes.length - 1 - (i % 10) * 37];
        const res = await fetch(`${server.url}/networks/${big}/route?from=${bigNodes[0]}&to=${to}&alternatives=true`);
        await res.arrayBuffer();
        return { status: res.status, retryAfter: res.headers.get('retry-after') };
      }),
    );
    const health = await probeHealth(server.url, abuse);
    const bound = await healthBound(server.url);
    const answers = await abuse;
    const ms = Math.round(performance.now() - t0);
    report('route ×40 (alternatives, 21k links)', health, { ms, statuses: answers.map((a) => a.status).join('') });
    expect(answers.every((a) => a.status === 200 || (a.status === 429 && a.retryAfter === '1'))).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(24);
    expect(health.p99, `bound ${bound} ms`).toBeLessThan(bound);
  }, 120_000);

  it('300 candidate POSTs to the large network: the last ones cost no more than the first ones, /health free', async () => {
    const times: number[] = [];
    const post = async (i: number) => {
      const t = performance.now();
      const res = await fetch(`${server.url}/networks/${big}/candidates`, json(candidateBetween(i)));
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`candidate ${i}: ${res.status}`);
      times.push(performance.now() - t);
    };
    const abuse = (async () => {
      for (let i = 0; i < 300; i += 4) await Promise.all([post(i), post(i + 1), post(i + 2), post(i + 3)]);
    })();
    const health = await probeHealth(server.url, abuse);
    const bound = await healthBound(server.url, FSYNC_FLOOR_MS);
    await abuse;
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const first = mean(times.slice(0, 40));
    const last = mean(times.slice(-40));
    report('candidate POST ×300 (4 at a time)', health, { firstMeanMs: Math.round(first), lastMeanMs: Math.round(last) });
    // Quadratic growth would make the last 40 about 7× the first 40 (positions ~280 vs ~20, after warm-up).
    expect(last).toBeLessThan(first * 3 + 20);
    expect(health.p99, `bound ${bound} ms`).toBeLessThan(bound);
  }, 180_000);

  it('50 parallel GETs and 100 ?wait=true waiters on a 12 MB result: bytes streamed, memory bounded, /health free', async () => {
    const rss0 = rssMb(server.proc.pid!);
    let bytes = 0;
    const get = async (wait: boolean) => {
      const res = await fetch(`${server.url}/jobs/${resultJobId}${wait ? '?wait=true' : ''}`);
      if (res.status !== 200) throw new Error(`GET job: ${res.status}`);
      // Count the bytes as they arrive (150 bodies of 12 MB are not kept in this process).
      let n = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.byteLength;
      bytes = n;
      expect(Number(res.headers.get('content-length'))).toBe(n);
    };
    const abuse = (async () => {
      await Promise.all(Array.from({ length: 50 }, () => get(false)));
      await Promise.all(Array.from({ length: 100 }, () => get(true)));
    })();
    const health = await probeHealth(server.url, abuse);
    const bound = await healthBound(server.url, STREAM_FLOOR_MS);
    await abuse;
    const rss1 = rssMb(server.proc.pid!);
    report('GET 12 MB result ×50, then ×100 ?wait=true', health, { resultMb: Math.round(bytes / 1e5) / 10, rssMbBefore: Math.round(rss0), rssMbAfter: Math.round(rss1) });
    // The answer is valid JSON carrying the stored result as it was written.
    const one = (await (await fetch(`${server.url}/jobs/${resultJobId}`)).json()) as { status: string; result: { links: unknown[]; objectiveUsd: number } };
    expect(one).toMatchObject({ status: 'succeeded', result: { objectiveUsd: 123.5 } });
    expect(one.result.links.length).toBe(60_000);
    // 150 copies would be 1.8 GB; one shared copy plus socket buffers is far less.
    expect(rss1 - rss0).toBeLessThan(600);
    expect(health.p99, `bound ${bound} ms`).toBeLessThan(bound);
  }, 180_000);

  /** A road candidate link between two nodes of the large network, on their coordinates. */
  function candidateBetween(i: number) {
    const from = bigNodes[i % 500];
    const to = bigNodes[(i * 7 + 1) % 4000];
    const base = seaCandidate(`cand-${i}`);
    const { lengthKm: _km, hours: _h, ...props } = base.properties;
    return { ...base, geometry: { type: 'LineString', coordinates: [coords.get(from), coords.get(to)] }, properties: { ...props, from, to, mode: 'road' } };
  }
});

describe('abuse against a server with API_TOKEN (loopback)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await spawnServer({ DATABASE: tempDb(), API_TOKEN: 's3cret-token', HOST: '127.0.0.1' }, children).server;
  }, 120_000);

  it('20 wrong-token 4.9 MB POSTs are refused before the body is read: 401s, /health free, memory flat', async () => {
    const body = JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 25_000 }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [100 + (i % 100) / 10, 20 + i / 2500] }, properties: { id: `n${i}`, name: `node ${i} ${'x'.repeat(80)}` } })) });
    expect(body.length).toBeGreaterThan(4_500_000);
    expect(body.length).toBeLessThan(5 * 1024 * 1024);
    const rss0 = rssMb(server.proc.pid!);
    const abuse = Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(`${server.url}/networks`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong' }, body }).catch((e: unknown) => ({ status: `error: ${String((e as Error).cause ?? e)}` }));
        if ('arrayBuffer' in res) await res.arrayBuffer();
        return res.status;
      }),
    );
    const health = await probeHealth(server.url, abuse);
    const bound = await healthBound(server.url, UPLOAD_FLOOR_MS);
    const statuses = await abuse;
    const rss1 = rssMb(server.proc.pid!);
    report('wrong-token 4.9 MB POST ×20', health, { rssMbBefore: Math.round(rss0), rssMbAfter: Math.round(rss1) });
    expect(statuses.join(',')).toBe(Array(20).fill(401).join(','));
    // Parsing 20 × 4.9 MB of JSON added 400 MB before issue 20.
    expect(rss1 - rss0).toBeLessThan(150);
    expect(health.p99, `bound ${bound} ms`).toBeLessThan(bound);
  }, 120_000);

  it('a lying Content-Length loses its socket after REQUEST_TIMEOUT_SECONDS, not after 300 s', async () => {
    // Its own server with short timeouts: under load, the 4.9 MB uploads above can take longer than 2 s.
    const timed = await spawnServer({ DATABASE: tempDb(), API_TOKEN: 's3cret-token', HOST: '127.0.0.1', REQUEST_TIMEOUT_SECONDS: '2', HEADERS_TIMEOUT_SECONDS: '1' }, children).server;
    const { port } = new URL(timed.url);
    const t0 = performance.now();
    const answer = await new Promise<{ text: string; ms: number }>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /networks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret-token\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":`);
      });
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('close', () => resolve({ text, ms: performance.now() - t0 }));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the socket was still open after 30 s')), 30_000).unref();
    });
    console.log(`[abuse] lying Content-Length: socket closed after ${Math.round(answer.ms)} ms (REQUEST_TIMEOUT_SECONDS=2); answer: ${answer.text.split('\r\n')[0] || '(none)'}`);
    expect(answer.ms).toBeGreaterThan(1_500);
    expect(answer.ms).toBeLessThan(10_000);
    // Node answers 408 when it can.
    if (answer.text) expect(answer.text).toMatch(/^HTTP\/1\.1 408/);
    // A silent client that sends no headers at all is cut too.
    const t1 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
      socket.on('data', () => {});
      socket.on('close', () => resolve());
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the header-less socket was still open after 30 s')), 30_000).unref();
    });
    expect(performance.now() - t1).toBeLessThan(10_000);
  }, 150_000);
});

describe('one server per database file, and the start-up checks (real processes)', () => {
  it('a second server on the same file exits 1 with one line; the first keeps its running job', async () => {
    const database = tempDb();
    const first = await spawnServer({ DATABASE: database, JOB_TIME_LIMIT_SECONDS: '120' }, children).server;
    const up = await fetch(`${first.url}/networks`, json(gridNetwork(16)));
    const net = ((await up.json()) as { id: string }).id;
    const started = await fetch(`${first.url}/networks/${net}/optimize`, json({ demand: gridDemand(16) }));
    expect(started.status).toBe(202);
    const jobId = ((await started.json()) as { jobId: string }).jobId;

    const second = spawnServer({ DATABASE: database }, children);
    const { code } = await second.exited;
    expect(code).toBe(1);
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`corridor: DATABASE=${database}: another corridor server is using this database (it holds ${database}.lock); stop it first, or give this server its own DATABASE`);

    const job = (await (await fetch(`${first.url}/jobs/${jobId}`)).json()) as { status: string; error: unknown };
    expect(['queued', 'running']).toContain(job.status);
    expect(job.error).toBeNull();
    expect((await fetch(`${first.url}/jobs/${jobId}`, { method: 'DELETE' })).status).toBe(200);
    first.proc.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    // Once the first is gone, a server starts on the file (the lock went with the process).
    const third = await spawnServer({ DATABASE: database }, children).server;
    expect((await fetch(`${third.url}/health`)).status).toBe(200);
    third.proc.kill('SIGKILL');
    await third.exited;
    // SIGKILL released the lock too.
    const fourth = await spawnServer({ DATABASE: database }, children).server;
    fourth.proc.kill('SIGTERM');
    expect((await fourth.exited).code).toBe(0);
  }, 240_000);

  it('a corrupt database file stops the start with one line naming DATABASE (no stack), exit code 1', async () => {
    const database = tempDb();
    writeFileSync(database, 'SQLite format 3\u0000'.padEnd(8192, 'garbage'));
    const run = spawnServer({ DATABASE: database }, children);
    expect((await run.exited).code).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^corridor: DATABASE=${database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(lines[0]).not.toMatch(/at .*\.ts:\d+/);
  }, 120_000);
});
