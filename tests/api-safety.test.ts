/**
 * Issue 20, safe defaults and start-up checks that need no load: the bind choice, Content-Type on job
 * starts, auth before the body is parsed, encoded Location headers, the database checks at start
 * (quick_check, one-line errors), the single-instance lock, and result retention.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../api/config.js';
import { createApp } from '../api/create-app.js';
import { chooseBind } from '../api/http-server.js';
import { openStore } from '../api/open-store.js';
import { StoreOpenError } from '../api/store.js';
import { seaCandidate, tinyNetwork } from './support/api-helpers.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'corridor-safety-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('safe defaults', () => {
  it('without API_TOKEN binds 127.0.0.1 and warns; another HOST must be explicit and still warns; a token keeps all interfaces', () => {
    const open = chooseBind(configFromEnv({}));
    expect(open.host).toBe('127.0.0.1');
    expect(open.warning).toMatch(/API_TOKEN is not set/);
    const exposed = chooseBind(configFromEnv({ HOST: '0.0.0.0' }));
    expect(exposed.host).toBe('0.0.0.0');
    expect(exposed.warning).toMatch(/anyone who reaches this port/);
    expect(chooseBind(configFromEnv({ HOST: '::1' })).warning).toBeNull();
    expect(chooseBind(configFromEnv({ API_TOKEN: 't' }))).toEqual({ host: undefined, warning: null });
    expect(chooseBind(configFromEnv({ API_TOKEN: 't', HOST: '10.0.0.5' }))).toEqual({ host: '10.0.0.5', warning: null });
  });

  it('reads the new limits from the environment and refuses malformed ones', () => {
    const c = configFromEnv({ HEADERS_TIMEOUT_SECONDS: '2', REQUEST_TIMEOUT_SECONDS: '5', NETWORK_CACHE_MB: '64', RESULTS_MAX_MB: '10', RESULT_RETENTION_DAYS: '1', MAX_JOBS_PER_KIND: '2', ROUTE_WORKER_MIN_LINKS: '0' });
    expect(c).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, networkCacheBytes: 64 * 1024 * 1024, resultsMaxBytes: 10 * 1024 * 1024, resultRetentionMs: 86_400_000, maxJobsPerKind: 2, routeWorkerMinLinks: 0 });
    expect(() => configFromEnv({ WORKER_HEAP_MB: '1' })).toThrow(/WORKER_HEAP_MB/);
    expect(() => configFromEnv({ ROUTE_CACHE_MB: 'x' })).toThrow(/ROUTE_CACHE_MB/);
  });

  it('a job start needs Content-Type: application/json (415 problem+json), with or without a body', async () => {
    const app = createApp({ databasePath: ':memory:' });
    try {
      const bare = await request(app).post('/networks/china-eurasia/optimize');
      expect(bare.status).toBe(415);
      expect(bare.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bare.body).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
      // What a cross-site no-cors fetch can send: text/plain and form bodies.
      expect((await request(app).post('/networks/china-eurasia/criticality').set('Content-Type', 'text/plain').send('{}')).status).toBe(415);
      expect((await request(app).post('/networks/china-eurasia/disrupt').type('form').send('close=suez')).status).toBe(415);
      expect(app.context.jobs.activeCount).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('checks the token before it reads the body: a wrong token with malformed JSON is 401, not 400', async () => {
    const app = createApp({ databasePath: ':memory:', apiToken: 's3cret' });
    try {
      const wrong = await request(app).post('/networks').set('Authorization', 'Bearer nope').set('Content-Type', 'application/json').send('{"type": "FeatureCollection", "features": [');
      expect(wrong.status).toBe(401);
      const right = await request(app).post('/networks').set('Authorization', 'Bearer s3cret').set('Content-Type', 'application/json').send('{"type": "FeatureCollection", "features": [');
      expect(right.status).toBe(400);
      expect(right.body.type).toBe('/problems/malformed-json');
      // Reads stay open and still pass the input guard on their query.
      expect((await request(app).get('/networks/china-eurasia/route?from=a&to=b&__proto__=1')).status).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('encodes ids in the Location it writes: a candidate id "../../../x?y=1#z" stays under its network', async () => {
    const app = createApp({ databasePath: ':memory:' });
    try {
      const net = (await request(app).post('/networks').send(tinyNetwork())).body.id as string;
      const evil = '../../../x?y=1#z';
      const res = await request(app).post(`/networks/${net}/candidates`).send(seaCandidate(evil));
      expect(res.status).toBe(201);
      const loc = res.headers.location as string;
      expect(loc).toBe(`/networks/${net}/candidates/..%2F..%2F..%2Fx%3Fy%3D1%23z`);
      const resolved = new URL(loc, 'http://h.example/');
      expect(resolved.pathname.startsWith(`/networks/${net}/candidates/`)).toBe(true);
      expect(resolved.search).toBe('');
      expect(resolved.hash).toBe('');
      const got = await request(app).get(loc);
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(evil);
    } finally {
      await app.close();
    }
  });
});

describe('database checks at start', () => {
  const expectOneLine = (fn: () => unknown, path: string, pattern: RegExp) => {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    const message = (error as Error).message;
    expect(message.startsWith(`DATABASE=${path}: `)).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).toMatch(pattern);
  };

  it('a file that is not a database, a corrupt one and a truncated one each fail with one line naming DATABASE', async () => {
    const dir = tempDir();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not sqlite '.repeat(500));
    expectOneLine(() => openStore(garbage), garbage, /not a SQLite database/);

    // A real store, filled, then damaged: bytes overwritten in the middle (corrupt) or cut short (truncated).
    const good = join(dir, 'good.db');
    const store = openStore(good);
    const app = { store };
    for (let i = 0; i < 300; i++) {
      await app.store.insertNetwork({ id: `n${i}`, name: `n${i}`, description: null, geojson: JSON.stringify({ pad: 'x'.repeat(2000), i }), contentHash: 'h', nodeCount: 1, linkCount: 1, candidateLinkCount: 0, createdAt: new Date().toISOString() });
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    const bytes = readFileSync(good);
    expect(bytes.length).toBeGreaterThan(100_000);

    const corrupt = join(dir, 'corrupt.db');
    const damaged = Buffer.from(bytes);
    // Page 2 onwards (page size 4096): b-tree pages overwritten with noise; the header (page 1) is intact.
    for (let i = 4096 * 2; i < 4096 * 12; i++) damaged[i] = (i * 131) % 251;
    writeFileSync(corrupt, damaged);
    expectOneLine(() => openStore(corrupt), corrupt, /corrupt|quick_check/);

    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, bytes);
    truncateSync(truncated, Math.floor(bytes.length / 2));
    expectOneLine(() => openStore(truncated), truncated, /quick_check|corrupt|not a SQLite database/);

    // createApp passes the same error on (api/server.ts prints it as one line and exits 1).
    expect(() => createApp({ databasePath: corrupt })).toThrow(StoreOpenError);
  });

  it('a path that cannot be created fails with one line naming DATABASE', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const path = join(file, 'sub', 'corridor.db');
    expectOneLine(() => openStore(path), path, /.+/);
  });

  it('a file another program holds a write lock on (e.g. the sqlite3 shell) fails after the busy wait with one line', async () => {
    const path = join(tempDir(), 'locked.db');
    await openStore(path).close();
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      expectOneLine(() => openStore(path), path, /locked by another process/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await openStore(path).close();
  }, 30_000);

  it('one server per file: a second store on the same file fails at once with a clear message, and succeeds once the first closes', async () => {
    const path = join(tempDir(), 'one.db');
    const first = openStore(path);
    expectOneLine(() => openStore(path), path, /another corridor server is using this database/);
    // The second attempt touched nothing: the first store still works.
    await first.insertNetwork({ id: 'kept', name: 'kept', description: null, geojson: '{}', contentHash: 'h', nodeCount: 0, linkCount: 0, candidateLinkCount: 0, createdAt: new Date().toISOString() });
    await first.close();
    const again = openStore(path);
    expect(await again.networkIds()).toEqual(['kept']);
    await again.close();
  });
});

describe('result retention', () => {
  it('deletes results by age, then the oldest until the rest fit the size budget, with their jobs; keeps the newest', async () => {
    const store = openStore(':memory:');
    const day = 86_400_000;
    const now = Date.parse('2026-06-01T00:00:00Z');
    const job = (id: string, hash: string, finishedAt: string) =>
      store.insertJob({ id, kind: 'optimize', networkId: 'n', inputHash: hash, request: '{}', status: 'succeeded', progress: 1, cached: false, error: null, createdAt: finishedAt, startedAt: finishedAt, finishedAt });
    // Four results of 1,000 / 2,000 / 3,000 / 4,000 bytes, 40, 3, 2 and 1 days old.
    const ages = [40, 3, 2, 1];
    for (const [i, age] of ages.entries()) {
      const at = new Date(now - age * day).toISOString();
      const id = `job-${i}`;
      await job(id, `h${i}`, at);
      await store.finishJob(id, 'succeeded', at, null, { inputHash: `h${i}`, kind: 'optimize', json: JSON.stringify('x'.repeat((i + 1) * 1000 - 2)), durationMs: 1 });
    }
    expect(await store.resultBytes()).toBe(10_000);
    // An old failed job with no result, past the job retention.
    await job('job-old-failed', 'hx', new Date(now - 50 * day).toISOString());
    // 30 days: h0 goes by age. 5,000 bytes: of the 9,000 left, h1 (2,000) and h2 (3,000) go, oldest first.
    const pruned = await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 5_000, jobMaxAgeMs: 30 * day }, now);
    expect(pruned).toEqual({ results: 3, jobs: 4, bytes: 6_000 });
    expect(await store.resultBytes()).toBe(4_000);
    expect(await store.hasResult('h3')).toBe(true);
    expect((await store.getJob('job-3'))?.status).toBe('succeeded');
    for (const id of ['job-0', 'job-1', 'job-2', 'job-old-failed']) expect(await store.getJob(id)).toBeUndefined();
    // A budget smaller than the newest result keeps the one just stored.
    expect((await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 1, jobMaxAgeMs: 30 * day }, now, 'h3')).results).toBe(0);
    expect((await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 1, jobMaxAgeMs: 30 * day }, now)).results).toBe(1);
    await store.close();
  });
});
