/**
 * Route API throughput at 200 connections, side by side in one run (issues 20 and 13.4), loopback only:
 *
 * - a bare Express JSON endpoint (`res.json({status: 'ok'})`, nothing else) in its own process: the
 *   ceiling of any Express handler on this machine;
 * - GET /health of the corridor server (the real entry point, `node --import tsx api/server.ts`);
 * - a mix of five corridor queries on china-eurasia, each with and without alternatives (10 paths), on that
 *   server (the route answer cache on, the default);
 * - the same mix on a second server with the answer cache off (ROUTE_CACHE_MB=0), every request a search;
 * - the bare Express endpoint again, to show how much the machine drifted during the run.
 *
 * Then, in this process, where the time of one uncached route request goes: route() itself and
 * JSON.stringify of its answer, per query (the rest is Express, validation, logging and the socket).
 *
 * Run: npx tsx bench/route-throughput.ts [--seconds 8] [--connections 200] [--log-level warn]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort, waitFor } from './http-helpers.js';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBuiltinNetwork } from '../networks/index.js';
import { route } from '../src/routing/route.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '200' }, 'log-level': { type: 'string', default: 'warn' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const logLevel = values['log-level']!;
if (!(seconds > 0 && seconds <= 60) || !(connections >= 1 && connections <= 1000)) throw new Error('--seconds in (0, 60], --connections in [1, 1000]');
/** Hard cap on requests per run, whatever the speed of the machine. */
const MAX_REQUESTS = 300_000;

const ROOT = join(import.meta.dirname, '..');
const NETWORK = 'china-eurasia';
/** Five corridor queries of both built-in corridors (the set of bench/api-load.ts). */
const QUERIES: { q: string; from: string; to: string; avoid?: string[] }[] = [
  { q: 'from=chongqing&to=singapore', from: 'chongqing', to: 'singapore' },
  { q: 'from=shanghai&to=rotterdam', from: 'shanghai', to: 'rotterdam' },
  { q: 'from=xian&to=duisburg', from: 'xian', to: 'duisburg' },
  { q: 'from=chengdu&to=hamburg&avoid=alashankou', from: 'chengdu', to: 'hamburg', avoid: ['alashankou'] },
  { q: 'from=lianyungang&to=rotterdam', from: 'lianyungang', to: 'rotterdam' },
];
const PATHS = QUERIES.flatMap(({ q }) => [`/networks/${NETWORK}/route?${q}`, `/networks/${NETWORK}/route?${q}&alternatives=true`]);

async function cannon(base: string, paths: string[]): Promise<CannonResult> {
  const r = await autocannon({ url: base, connections, duration: seconds, maxOverallRequests: MAX_REQUESTS, requests: paths.map((path) => ({ method: 'GET', path })) });
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`load run had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
  return r;
}

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'corridor-route-bench-'));

/** The corridor server with extra environment; resolves with its base URL once /health answers. */
async function corridorServer(name: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE: join(dir, `${name}.db`), LOG_LEVEL: logLevel, JOB_THREADS: '1', ...env },
    // The request log (LOG_LEVEL=info) goes nowhere: writing it is the server's cost, reading it is not ours.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(proc);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health`, 120_000);
  return base;
}

/** A bare Express app: one JSON endpoint, no middleware. */
async function bareExpress(): Promise<string> {
  const port = await freePort();
  const script = `
    const express = (await import('express')).default;
    const app = express();
    app.get('/json', (_req, res) => res.json({ status: 'ok' }));
    app.listen(${port}, '127.0.0.1');`;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(proc);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/json`, 60_000);
  return base;
}

try {
  const bare = await bareExpress();
  const cached = await corridorServer('cached', {});
  const uncached = await corridorServer('uncached', { ROUTE_CACHE_MB: '0' });
  // Warm-up: load the network, build the route graph, JIT the handlers (and fill the answer cache).
  for (const base of [cached, uncached]) for (const p of PATHS) if (!(await fetch(base + p)).ok) throw new Error(`warm-up ${p} failed`);
  await cannon(bare, ['/json']);
  await cannon(cached, ['/health']);
  await cannon(uncached, PATHS);

  const load0 = loadavg()[0];
  const bare1 = await cannon(bare, ['/json']);
  const health = await cannon(cached, ['/health']);
  const routeCached = await cannon(cached, PATHS);
  const routeUncached = await cannon(uncached, PATHS);
  const bare2 = await cannon(bare, ['/json']);
  const load1 = loadavg()[0];

  const row = (name: string, r: CannonResult) =>
    `| ${name} | ${r.requests.total} | ${r.requests.average.toFixed(0)} | ${(r.throughput.average / 1e6).toFixed(1)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} |`;
  console.log(`\nMachine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, Node ${process.version}; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; ${connections} connections, ${seconds} s per run, LOG_LEVEL=${logLevel}\n`);
  console.log('| run | requests | req/s | MB/s | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('bare Express `res.json({status:"ok"})` (own process)', bare1));
  console.log(row('corridor GET /health', health));
  console.log(row(`corridor route mix (${PATHS.length} paths), answer cache on (default)`, routeCached));
  console.log(row('corridor route mix, answer cache off (ROUTE_CACHE_MB=0)', routeUncached));
  console.log(row('bare Express again (drift)', bare2));
  const bareMean = (bare1.requests.average + bare2.requests.average) / 2;
  console.log(`\nroute (cache on) / bare Express: ${(routeCached.requests.average / bareMean).toFixed(3)}; / health: ${(routeCached.requests.average / health.requests.average).toFixed(3)}`);
  console.log(`route (cache off) / bare Express: ${(routeUncached.requests.average / bareMean).toFixed(3)}; / health: ${(routeUncached.requests.average / health.requests.average).toFixed(3)}`);
  console.log(`health / bare Express: ${(health.requests.average / bareMean).toFixed(3)}`);

  // Where the time of an uncached route request goes: the search and the serialisation, in this process.
  const network = loadBuiltinNetwork(NETWORK);
  let searchMs = 0;
  let stringifyMs = 0;
  let bytes = 0;
  console.log('\n| query | alternatives | route() ms | JSON.stringify ms | answer KB |');
  console.log('|---|---|---|---|---|');
  for (const q of QUERIES) {
    for (const alternatives of [false, true]) {
      const options = { ...(q.avoid ? { avoid: q.avoid } : {}), alternatives };
      route(network, q.from, q.to, options);
      const n = 30;
      let t0 = performance.now();
      let result: unknown;
      for (let i = 0; i < n; i++) result = route(network, q.from, q.to, options);
      const s = (performance.now() - t0) / n;
      t0 = performance.now();
      let text = '';
      for (let i = 0; i < n; i++) text = JSON.stringify(result);
      const j = (performance.now() - t0) / n;
      searchMs += s / PATHS.length;
      stringifyMs += j / PATHS.length;
      bytes += text.length / PATHS.length;
      console.log(`| ${q.q} | ${alternatives} | ${s.toFixed(2)} | ${j.toFixed(3)} | ${(text.length / 1024).toFixed(1)} |`);
    }
  }
  const perUncachedMs = 1000 / routeUncached.requests.average;
  const perHealthMs = 1000 / health.requests.average;
  console.log(`\nper request, averaged over the mix: route() ${searchMs.toFixed(2)} ms + JSON.stringify ${stringifyMs.toFixed(3)} ms; answer ${(bytes / 1024).toFixed(1)} KB`);
  console.log(`server time per request (1 / throughput): /health ${perHealthMs.toFixed(3)} ms, uncached route ${perUncachedMs.toFixed(3)} ms, cached route ${(1000 / routeCached.requests.average).toFixed(3)} ms`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
