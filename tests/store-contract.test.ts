/**
 * One contract for both stores: every Store method, run against the embedded SQLite store and against a
 * real PostgreSQL server (tests/support/postgres.ts: a fresh database for this file, dropped afterwards).
 * Expected values are worked out by hand in the comments, never read back from the code under test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../api/open-store.js';
import { PgStore } from '../api/pg-store.js';
import type { SqliteStore } from '../api/sqlite-store.js';
import type { Store, StoredCandidate, StoredJob, StoredNetwork } from '../api/store.js';
import { createTestDatabase, postgresAvailable } from './support/postgres.js';

interface Backend {
  name: string;
  available: boolean;
  /** An empty store (after the first call, the same database emptied). */
  fresh(): Promise<Store>;
  /** Set an instance's heartbeat `ageMs` into the past (as if it stopped writing it then). */
  ageHeartbeat(store: Store, instanceId: string, ageMs: number): Promise<void>;
  teardown(): Promise<void>;
}

let pgDrop: (() => Promise<void>) | null = null;
let pgUrl = '';
const opened: Store[] = [];

const sqlite: Backend = {
  name: 'SQLite',
  available: true,
  fresh: async () => {
    const s = openStore(':memory:');
    opened.push(s);
    return s;
  },
  ageHeartbeat: async (store, id, ageMs) => {
    (store as SqliteStore).db.prepare('UPDATE instances SET heartbeat_at = ? WHERE id = ?').run(new Date(Date.now() - ageMs).toISOString(), id);
  },
  teardown: async () => {},
};

const postgres: Backend = {
  name: 'PostgreSQL',
  available: postgresAvailable,
  fresh: async () => {
    const s = new PgStore(pgUrl, { max: 4 });
    opened.push(s);
    await s.ready();
    await s.pool.query('TRUNCATE networks, candidates, jobs, results, instances');
    return s;
  },
  ageHeartbeat: async (store, id, ageMs) => {
    await (store as PgStore).pool.query("UPDATE instances SET heartbeat_at = now() - make_interval(secs => $1) WHERE id = $2", [ageMs / 1000, id]);
  },
  teardown: async () => {
    await pgDrop?.();
  },
};

beforeAll(async () => {
  if (!postgresAvailable) return;
  const db = await createTestDatabase('contract');
  pgUrl = db.url;
  pgDrop = db.drop;
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => {})));
  await postgres.teardown();
});

const network = (id: string, createdAt: string, extra: Partial<StoredNetwork> = {}): StoredNetwork => ({
  id,
  name: `name ${id}`,
  description: null,
  geojson: JSON.stringify({ type: 'FeatureCollection', features: [], id }),
  contentHash: `hash-${id}`,
  nodeCount: 3,
  linkCount: 2,
  candidateLinkCount: 1,
  createdAt,
  ...extra,
});
const candidate = (networkId: string, id: string, createdAt: string, submission: object, kind: 'link' | 'upgrade' = 'upgrade'): StoredCandidate => ({
  id,
  networkId,
  kind,
  submission: JSON.stringify(submission),
  author: 'alice',
  notes: null,
  createdAt,
  updatedAt: createdAt,
});
const job = (id: string, extra: Partial<StoredJob> = {}): StoredJob => ({
  id,
  kind: 'optimize',
  networkId: 'n',
  inputHash: `in-${id}`,
  request: '{"a":1}',
  status: 'queued',
  progress: 0,
  cached: false,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...extra,
});

describe.each([sqlite, postgres])('store contract: $name', (backend) => {
  const suite = backend.available ? describe : describe.skip;
  if (!backend.available) console.warn(`SKIPPING store contract on ${backend.name}: server not reachable (see the warning above)`);

  suite('', () => {
    let store: Store;
    beforeEach(async () => {
      store = await backend.fresh();
    });

    it('records the three migrations, and answers a ping', async () => {
      expect(await store.appliedVersions()).toEqual([1, 2, 3]);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('networks: insert, get, content hash, list without GeoJSON (oldest first), ids, delete with its candidates', async () => {
      await store.insertNetwork(network('b', '2026-01-02T00:00:00.000Z', { description: 'Ünïcode — 北京' }));
      await store.insertNetwork(network('a', '2026-01-03T00:00:00.000Z'));
      expect(await store.getNetwork('b')).toEqual(network('b', '2026-01-02T00:00:00.000Z', { description: 'Ünïcode — 北京' }));
      expect(await store.getNetwork('nope')).toBeUndefined();
      expect(await store.networkContentHash('a')).toBe('hash-a');
      expect(await store.networkContentHash('nope')).toBeUndefined();
      const listed = await store.listNetworks();
      expect(listed.map((n) => n.id)).toEqual(['b', 'a']);
      expect(listed[0]).not.toHaveProperty('geojson');
      expect(listed[1]).toMatchObject({ name: 'name a', nodeCount: 3, linkCount: 2, candidateLinkCount: 1, contentHash: 'hash-a' });
      expect((await store.networkIds()).sort()).toEqual(['a', 'b']);

      await store.insertCandidate(candidate('a', 'c1', '2026-01-04T00:00:00.000Z', { target: { id: 'x' } }));
      await store.insertCandidate(candidate('b', 'c2', '2026-01-04T00:00:00.000Z', { target: { id: 'x' } }));
      expect(await store.deleteNetwork('a')).toBe(true);
      expect(await store.deleteNetwork('a')).toBe(false);
      expect(await store.getNetwork('a')).toBeUndefined();
      expect(await store.countCandidates('a')).toBe(0);
      // Another network's candidates stay.
      expect(await store.countCandidates('b')).toBe(1);
    });

    it('candidates: ids, bytes in UTF-8, get, list oldest first, count, update, delete', async () => {
      // "Łódź" is 4 characters and 7 bytes (Ł 2, ó 2, d 1, ź 2): {"n":""} is 8 bytes, so {"n":"Łódź"} is 15.
      await store.insertCandidate(candidate('n', 'late', '2026-01-05T00:00:00.000Z', { n: 'Łódź' }, 'link'));
      await store.insertCandidate(candidate('n', 'early', '2026-01-01T00:00:00.000Z', { n: 'ab' }, 'link'));
      await store.insertCandidate(candidate('other', 'x', '2026-01-01T00:00:00.000Z', { n: 'zz' }, 'link'));
      expect((await store.candidateIds('n')).sort()).toEqual(['early', 'late']);
      // {"n":"ab"} is 10 bytes.
      expect(await store.candidateBytes('n')).toBe(15 + 10);
      expect(await store.candidateBytes('empty')).toBe(0);
      expect(await store.getCandidate('n', 'late')).toEqual(candidate('n', 'late', '2026-01-05T00:00:00.000Z', { n: 'Łódź' }, 'link'));
      expect(await store.getCandidate('other', 'late')).toBeUndefined();
      expect((await store.listCandidates('n')).map((c) => c.id)).toEqual(['early', 'late']);
      expect(await store.countCandidates('n')).toBe(2);

      const changed: StoredCandidate = { ...candidate('n', 'late', '2026-01-05T00:00:00.000Z', { n: 'x' }, 'link'), notes: 'revised', updatedAt: '2026-02-01T00:00:00.000Z' };
      await store.updateCandidate(changed);
      expect(await store.getCandidate('n', 'late')).toEqual(changed);
      // {"n":"x"} is 9 bytes.
      expect(await store.candidateBytes('n')).toBe(9 + 10);
      expect(await store.deleteCandidate('n', 'late')).toBe(true);
      expect(await store.deleteCandidate('n', 'late')).toBe(false);
      expect(await store.candidateIds('n')).toEqual(['early']);
    });

    it('upgradeOf: the oldest other upgrade of a target in the network (not links, not the excepted id, not other networks)', async () => {
      await store.insertCandidate(candidate('n', 'up-new', '2026-01-03T00:00:00.000Z', { type: 'upgrade', target: { kind: 'link', id: 'L1' } }));
      await store.insertCandidate(candidate('n', 'up-old', '2026-01-02T00:00:00.000Z', { type: 'upgrade', target: { kind: 'link', id: 'L1' } }));
      await store.insertCandidate(candidate('n', 'link-L1', '2026-01-01T00:00:00.000Z', { type: 'Feature', target: { id: 'L1' } }, 'link'));
      await store.insertCandidate(candidate('m', 'up-m', '2026-01-01T00:00:00.000Z', { type: 'upgrade', target: { kind: 'node', id: 'N9' } }));
      expect(await store.upgradeOf('n', 'L1', null)).toBe('up-old');
      expect(await store.upgradeOf('n', 'L1', 'up-old')).toBe('up-new');
      expect(await store.upgradeOf('n', 'L2', null)).toBeUndefined();
      expect(await store.upgradeOf('n', 'N9', null)).toBeUndefined();
      expect(await store.upgradeOf('m', 'N9', null)).toBe('up-m');
      expect(await store.upgradeOf('m', 'N9', 'up-m')).toBeUndefined();
    });

    it('jobs: insert, get, running only from queued, progress, finish with its result', async () => {
      await store.insertJob(job('j1', { owner: 'api-x' }));
      expect(await store.getJob('j1')).toEqual(job('j1', { owner: 'api-x' }));
      expect(await store.getJob('nope')).toBeUndefined();
      await store.markJobRunning('j1', '2026-01-01T00:00:01.000Z');
      await store.setJobProgress('j1', 0.375);
      expect(await store.getJob('j1')).toMatchObject({ status: 'running', startedAt: '2026-01-01T00:00:01.000Z', progress: 0.375 });
      await store.finishJob('j1', 'succeeded', '2026-01-01T00:00:02.000Z', null, { inputHash: 'in-j1', kind: 'optimize', json: '{"objectiveUsd":12.5}', durationMs: 1234.5 });
      expect(await store.getJob('j1')).toEqual(job('j1', { owner: 'api-x', status: 'succeeded', progress: 1, startedAt: '2026-01-01T00:00:01.000Z', finishedAt: '2026-01-01T00:00:02.000Z' }));
      expect(await store.getResult('in-j1')).toEqual({ json: '{"objectiveUsd":12.5}', durationMs: 1234.5 });
      expect(await store.hasResult('in-j1')).toBe(true);
      expect(await store.hasResult('in-none')).toBe(false);
      // A finished job is not made running again.
      await store.markJobRunning('j1', '2026-01-01T00:00:09.000Z');
      expect((await store.getJob('j1'))?.status).toBe('succeeded');

      await store.insertJob(job('j2', { status: 'running', progress: 0.5, cached: true }));
      await store.finishJob('j2', 'failed', '2026-01-01T00:00:03.000Z', '{"code":"X"}');
      // Failed keeps its progress; cached stays a boolean.
      expect(await store.getJob('j2')).toMatchObject({ status: 'failed', progress: 0.5, cached: true, error: '{"code":"X"}', owner: null });
      // A finished job stays as it finished: a later report (a second follower, a lost task) changes nothing.
      await store.finishJob('j2', 'cancelled', '2026-01-01T00:00:09.000Z', null);
      expect(await store.getJob('j2')).toMatchObject({ status: 'failed', finishedAt: '2026-01-01T00:00:03.000Z' });
      // Unfinished jobs, oldest first: only the queued and running ones.
      await store.insertJob(job('q-new', { createdAt: '2026-01-03T00:00:00.000Z' }));
      await store.insertJob(job('q-old', { status: 'running', createdAt: '2026-01-02T00:00:00.000Z', owner: 'queue' }));
      expect((await store.unfinishedJobs()).map((j) => [j.id, j.owner])).toEqual([
        ['q-old', 'queue'],
        ['q-new', null],
      ]);
      // A second result under the same input hash replaces the first.
      await store.insertJob(job('j3', { inputHash: 'in-j1' }));
      await store.finishJob('j3', 'succeeded', '2026-01-01T00:00:04.000Z', null, { inputHash: 'in-j1', kind: 'optimize', json: '{"objectiveUsd":1}', durationMs: 2 });
      expect(await store.getResult('in-j1')).toEqual({ json: '{"objectiveUsd":1}', durationMs: 2 });
    });

    it('finishJob is one transaction: a job update that fails leaves no result behind', async () => {
      await store.insertJob(job('t1', { status: 'running' }));
      // 'bogus' breaks the status CHECK constraint, after the result row was written in the same transaction.
      await expect(store.finishJob('t1', 'bogus' as 'failed', '2026-01-01T00:00:02.000Z', null, { inputHash: 'in-t1', kind: 'optimize', json: '{}', durationMs: 1 })).rejects.toThrow();
      expect(await store.hasResult('in-t1')).toBe(false);
      expect((await store.getJob('t1'))?.status).toBe('running');
    });

    it('getResultBytes returns the exact UTF-8 bytes of a non-ASCII result; resultBytes sums them', async () => {
      const text = JSON.stringify({ route: 'Zürich → Łódź → 北京', ship: '🚢', note: 'é'.repeat(3) });
      // By hand: ü 2, → 3 (×2), Ł 2, ó 2, ź 2, 北 3, 京 3, 🚢 4, é 2 (×3); the rest ASCII.
      const ascii = [...text].filter((ch) => ch.charCodeAt(0) < 0x80).length;
      const expected = ascii + 2 + 3 * 2 + 2 + 2 + 2 + 3 + 3 + 4 + 2 * 3;
      await store.insertJob(job('u1', { status: 'running' }));
      await store.finishJob('u1', 'succeeded', '2026-01-01T00:00:02.000Z', null, { inputHash: 'in-u1', kind: 'optimize', json: text, durationMs: 1 });
      const bytes = await store.getResultBytes('in-u1');
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(bytes!.length).toBe(expected);
      expect(bytes!.equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(bytes!.toString('utf8')).toBe(text);
      expect(await store.getResultBytes('in-none')).toBeUndefined();
      expect(await store.resultBytes()).toBe(expected);
    });

    it('prune: by age, then oldest first to the byte budget, with their finished jobs; never the kept hash', async () => {
      const day = 86_400_000;
      const now = Date.parse('2026-06-01T00:00:00Z');
      const ages = [40, 3, 2, 1];
      for (const [i, age] of ages.entries()) {
        const at = new Date(now - age * day).toISOString();
        await store.insertJob(job(`p${i}`, { inputHash: `h${i}`, status: 'running', createdAt: at }));
        // JSON.stringify of k×"x" is k + 2 bytes: results of 1,000, 2,000, 3,000 and 4,000 bytes.
        await store.finishJob(`p${i}`, 'succeeded', at, null, { inputHash: `h${i}`, kind: 'optimize', json: JSON.stringify('x'.repeat((i + 1) * 1000 - 2)), durationMs: 1 });
      }
      // A running job on h1 is not deleted with its result (only finished ones are).
      await store.insertJob(job('p-running', { inputHash: 'h1', status: 'running' }));
      const old = new Date(now - 50 * day).toISOString();
      await store.insertJob(job('p-old-failed', { inputHash: 'hx', status: 'failed', createdAt: old, finishedAt: old }));
      expect(await store.resultBytes()).toBe(10_000);
      // 30 days: h0 goes by age (1,000). Of the 9,000 left, 5,000 allowed: h1 (2,000) and h2 (3,000) go.
      const pruned = await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 5_000, jobMaxAgeMs: 30 * day }, now);
      expect(pruned).toEqual({ results: 3, jobs: 4, bytes: 6_000 });
      expect(await store.resultBytes()).toBe(4_000);
      expect(await store.hasResult('h3')).toBe(true);
      expect((await store.getJob('p3'))?.status).toBe('succeeded');
      expect((await store.getJob('p-running'))?.status).toBe('running');
      for (const id of ['p0', 'p1', 'p2', 'p-old-failed']) expect(await store.getJob(id)).toBeUndefined();
      expect((await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 1, jobMaxAgeMs: 30 * day }, now, 'h3')).results).toBe(0);
      expect(await store.prune({ resultMaxAgeMs: 30 * day, resultsMaxBytes: 1, jobMaxAgeMs: 30 * day }, now)).toEqual({ results: 1, jobs: 1, bytes: 4_000 });
    });

    it('interrupted jobs: owners without a fresh heartbeat (or none) are failed; self, live instances, the queue and finished jobs are not', async () => {
      await store.heartbeat('api-self');
      await store.heartbeat('api-live');
      await store.heartbeat('api-dead');
      await backend.ageHeartbeat(store, 'api-dead', 120_000);
      const rows: [string, string | null, StoredJob['status']][] = [
        ['self', 'api-self', 'running'],
        ['live', 'api-live', 'running'],
        ['live-queued', 'api-live', 'queued'],
        ['dead', 'api-dead', 'running'],
        ['dead-queued', 'api-dead', 'queued'],
        ['gone', 'api-never-heartbeated', 'running'],
        ['legacy', null, 'running'],
        ['queue', 'queue', 'running'],
        ['dead-finished', 'api-dead', 'succeeded'],
      ];
      for (const [id, owner, status] of rows) await store.insertJob(job(id, { owner, status }));
      const detail = 'the server stopped while the job was queued or running; submit it again';
      // Shared database: 30 s without a heartbeat is dead.
      expect(await store.failInterruptedJobs(detail, { selfInstanceId: 'api-self', staleAfterMs: 30_000 })).toBe(4);
      const status = async (id: string) => (await store.getJob(id))!;
      for (const id of ['dead', 'dead-queued', 'gone', 'legacy']) {
        const j = await status(id);
        expect(j.status).toBe('failed');
        expect(JSON.parse(j.error!)).toEqual({ code: 'INTERRUPTED', title: 'Job interrupted', detail });
        expect(j.finishedAt).not.toBeNull();
      }
      for (const id of ['self', 'live', 'queue']) expect((await status(id)).status).toBe('running');
      expect((await status('live-queued')).status).toBe('queued');
      expect((await status('dead-finished')).status).toBe('succeeded');
      // The live instance stops heartbeating: the next sweep fails its two jobs.
      await backend.ageHeartbeat(store, 'api-live', 31_000);
      expect(await store.failInterruptedJobs(detail, { selfInstanceId: 'api-self', staleAfterMs: 30_000 })).toBe(2);
      // Exclusive (one process per database): every job but this instance's and the queue's.
      await store.insertJob(job('other', { owner: 'api-other', status: 'running' }));
      await store.heartbeat('api-other');
      expect(await store.failInterruptedJobs(detail, { selfInstanceId: 'api-self' })).toBe(1);
      expect((await status('self')).status).toBe('running');
      expect((await status('queue')).status).toBe('running');
      // No self at all: this process's jobs are not spared either (the queue's still are).
      expect(await store.failInterruptedJobs(detail)).toBe(1);
      expect((await status('queue')).status).toBe('running');
      await store.forgetInstance('api-self');
      await store.insertJob(job('self-2', { owner: 'api-self', status: 'running' }));
      expect(await store.failInterruptedJobs(detail, { selfInstanceId: 'api-x', staleAfterMs: 30_000 })).toBe(1);
    });
  });
});

describe.skipIf(!postgresAvailable)('PostgreSQL open', () => {
  it('three stores opening a fresh database at once apply each migration once (advisory lock)', async () => {
    const db = await createTestDatabase('race');
    const stores = [0, 1, 2].map(() => new PgStore(db.url, { max: 2 }));
    try {
      await Promise.all(stores.map((s) => s.ready()));
      const rows = (await stores[0].pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
      expect(rows).toEqual([1, 2, 3]);
      for (const s of stores) expect(await s.appliedVersions()).toEqual([1, 2, 3]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('a missing database, a refused login and an unreachable server each fail with one line naming the URL without its password', async () => {
    const base = new URL(pgUrl);
    const missing = new URL(base);
    missing.pathname = '/corridor_no_such_database';
    const badPassword = new URL(base);
    badPassword.password = 'wrong-secret';
    const nowhere = new URL(base);
    nowhere.port = '1'; // nothing listens on port 1
    const cases: [URL, RegExp][] = [
      [missing, /database "corridor_no_such_database" does not exist.*createdb/],
      [badPassword, /refused the login of user "corridor"/],
      [nowhere, /cannot reach the PostgreSQL server/],
    ];
    for (const [url, pattern] of cases) {
      const s = new PgStore(url.toString());
      const err = await s.ready().then(
        () => null,
        (e: unknown) => e as Error,
      );
      await s.close();
      expect(err?.name).toBe('StoreOpenError');
      const message = err!.message;
      expect(message).not.toContain('\n');
      expect(message).not.toContain('wrong-secret');
      expect(message).not.toContain(`:${base.password}@`);
      expect(message.startsWith('DATABASE_URL=postgres')).toBe(true);
      expect(message).toMatch(pattern);
      // Every method reports the same error.
      await expect(s.getJob('x')).rejects.toThrow(pattern);
    }
  }, 60_000);
});
