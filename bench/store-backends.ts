/**
 * SQLite (file, synchronous=FULL) against PostgreSQL (local server, synchronous_commit=on) behind the same
 * in-process app (createApp + supertest over loopback), side by side in one run, alternating rounds so load
 * changes hit both: candidate POST (a durable write and its checks), GET of an uploaded network (the
 * registry's per-use content-hash lookup), GET /networks/:id/candidates (a read of 50 rows). Reported as
 * PostgreSQL / SQLite ratios of the medians.
 *
 * Run: npx tsx bench/store-backends.ts [--rounds 5] [--per-round 40]
 * Needs PostgreSQL at CORRIDOR_TEST_DATABASE_URL (default postgres://corridor:corridor@127.0.0.1:5432/postgres).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import request from 'supertest';
import { createApp, type CorridorApp } from '../api/create-app.js';
import { seaCandidate, tinyNetwork } from '../tests/support/api-helpers.js';
import { createTestDatabase } from '../tests/support/postgres.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'per-round': { type: 'string', default: '40' } } });
const rounds = Number(values.rounds);
const perRound = Number(values['per-round']);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-store-'));
const pgDb = await createTestDatabase('bench');
const apps: Record<'sqlite' | 'postgres', CorridorApp> = {
  sqlite: createApp({ databasePath: join(dir, 'db.sqlite'), logLevel: 'silent' }),
  postgres: createApp({ databaseUrl: pgDb.url, logLevel: 'silent' }),
};
const samples: Record<string, Record<'sqlite' | 'postgres', number[]>> = { post: { sqlite: [], postgres: [] }, getNetwork: { sqlite: [], postgres: [] }, listCandidates: { sqlite: [], postgres: [] } };
try {
  const ids: Record<string, string> = {};
  for (const [name, app] of Object.entries(apps)) {
    await app.ready;
    ids[name] = (await request(app).post('/networks').send(tinyNetwork())).body.id;
  }
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    for (const name of ['sqlite', 'postgres'] as const) {
      const app = apps[name];
      const id = ids[name];
      for (let i = 0; i < perRound; i++) {
        const cid = `c-${r}-${i}-${n++}`;
        samples.post[name].push(
          await timed(async () => {
            const res = await request(app).post(`/networks/${id}/candidates`).send(seaCandidate(cid));
            if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
          }),
        );
        samples.getNetwork[name].push(await timed(() => request(app).get(`/networks/${id}`).expect(200)));
      }
      for (let i = 0; i < perRound; i++) samples.listCandidates[name].push(await timed(() => request(app).get(`/networks/${id}/candidates`).expect(200)));
    }
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${rounds} rounds × ${perRound} per backend`);
  console.log('| operation | SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms | PG / SQLite (p50) |');
  console.log('|---|---|---|---|');
  for (const [op, s] of Object.entries(samples)) {
    console.log(`| ${op} | ${median(s.sqlite).toFixed(2)} / ${p99(s.sqlite).toFixed(2)} | ${median(s.postgres).toFixed(2)} / ${p99(s.postgres).toFixed(2)} | ${(median(s.postgres) / median(s.sqlite)).toFixed(2)} |`);
  }
} finally {
  await Promise.all(Object.values(apps).map((a) => a.close()));
  await pgDb.drop();
  rmSync(dir, { recursive: true, force: true });
}
