/**
 * Loopback load test of the HTTP API with autocannon (127.0.0.1 only; bounded in time and in requests).
 *
 * 1. Route queries per second as a ratio to a trivial endpoint (GET /health) on the same server.
 * 2. p99 latency of route queries while a long solver job (N-1 criticality on china-eurasia) runs, as a
 *    ratio to p99 with no job. On a small machine the solver thread takes a core from the server, so the
 *    control is the same solver load in a separate process (outside the server): if the job's p99 matches
 *    the control's, the job costs the server only CPU, never its event loop.
 *
 * Run: npx tsx bench/api-load.ts [--seconds 8] [--connections 8]
 * The server is the real entry point (`node --import tsx api/server.ts`) in its own process, with a fresh
 * temporary database, LOG_LEVEL=warn and JOB_THREADS=1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort, waitFor } from './http-helpers.js';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The part of autocannon's result this script reads (autocannon ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds > 0 && seconds <= 60) || !(connections >= 1 && connections <= 64)) throw new Error('--seconds in (0, 60], --connections in [1, 64]');
/** Hard cap on requests per run, whatever the speed of the machine. */
const MAX_REQUESTS = 200_000;

const ROOT = join(import.meta.dirname, '..');
const NETWORK = 'china-eurasia';
/** Route queries cycled by each connection: corridor pairs of both built-in corridors. */
const ROUTES = [
  'from=chongqing&to=singapore',
  'from=shanghai&to=rotterdam',
  'from=xian&to=duisburg',
  'from=chengdu&to=hamburg&avoid=alashankou',
  'from=lianyungang&to=rotterdam&alternatives=true',
];

async function cannon(base: string, paths: string[]): Promise<CannonResult> {
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    maxOverallRequests: MAX_REQUESTS,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`load run had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
  return r;
}

const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE: join(dir, 'bench.db'), LOG_LEVEL: 'warn', JOB_THREADS: '1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const serverExit = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));

try {
  await waitFor(`${base}/health`, 120_000);
  const routePaths = ROUTES.map((q) => `/networks/${NETWORK}/route?${q}`);
  // Warm-up: load the network, build the route graph, JIT the handlers.
  for (const p of routePaths) if (!(await fetch(base + p)).ok) throw new Error(`warm-up ${p} failed`);
  await cannon(base, ['/health']);

  const health = await cannon(base, ['/health']);
  const routeIdle = await cannon(base, routePaths);

  // A long job: N-1 criticality of every element of china-eurasia, endpoints included and unused ones not
  // skipped, as cold arc LPs on glpk (≈ 440 s on one thread, measured 2026-12-03). The default criticality
  // is a warm column-generation sweep of ≈ 1 s, which ends before the measurement does.
  const LONG_JOB = { backend: 'glpk', skipUnused: false, includeEndpoints: true };
  const start = await fetch(`${base}/networks/${NETWORK}/criticality`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(LONG_JOB) });
  if (start.status !== 202) throw new Error(`criticality did not start: ${start.status} ${await start.text()}`);
  const { jobId } = (await start.json()) as { jobId: string };
  const status = async () => ((await (await fetch(`${base}/jobs/${jobId}`)).json()) as { status: string; progress: number; error: unknown });
  for (let i = 0; (await status()).status !== 'running'; i++) {
    if (i > 600) throw new Error('job did not start running');
    await new Promise((r) => setTimeout(r, 100));
  }
  const before = await status();
  const routeBusy = await cannon(base, routePaths);
  const after = await status();
  await fetch(`${base}/jobs/${jobId}`, { method: 'DELETE' });
  if (after.status !== 'running') throw new Error(`the job ended (${after.status}: ${JSON.stringify(after.error)}) during the measurement; nothing was measured under load`);

  // Control: the same criticality run in another process, the server idle.
  const solverScript = `
    const { loadBuiltinNetwork } = await import(${JSON.stringify(join(ROOT, 'networks/index.ts'))});
    const { loadDemand } = await import(${JSON.stringify(join(ROOT, 'src/network/demand.ts'))});
    const { criticality } = await import(${JSON.stringify(join(ROOT, 'src/evaluate/criticality.ts'))});
    const net = loadBuiltinNetwork('${NETWORK}');
    console.log('solving');
    await criticality(net, loadDemand('default', net), { workers: 0, backend: 'glpk', skipUnused: false, endpoints: true });`;
  const solver = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', solverScript], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    solver.stdout!.on('data', (d) => String(d).includes('solving') && resolve());
    solver.on('exit', (code) => reject(new Error(`control solver exited early (${code})`)));
  });
  await new Promise((r) => setTimeout(r, 1000));
  const routeControl = await cannon(base, routePaths);
  solver.kill('SIGKILL');

  const row = (name: string, r: CannonResult) =>
    `| ${name} | ${r.requests.total} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} |`;
  console.log(`\nMachine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${connections} connections, ${seconds} s per run\n`);
  console.log('| run | requests | req/s | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('GET /health', health));
  console.log(row(`GET /networks/${NETWORK}/route (${ROUTES.length} pairs), idle`, routeIdle));
  console.log(row(`same, while a criticality job runs in the server (progress ${before.progress.toFixed(2)}→${after.progress.toFixed(2)})`, routeBusy));
  console.log(row('same, control: the criticality runs in another process', routeControl));
  console.log(`\nroute / health throughput: ${(routeIdle.requests.average / health.requests.average).toFixed(3)}`);
  console.log(`route p99 with a job / idle: ${(routeBusy.latency.p99 / routeIdle.latency.p99).toFixed(2)} (${routeBusy.latency.p99} vs ${routeIdle.latency.p99} ms)`);
  console.log(`route throughput with a job / idle: ${(routeBusy.requests.average / routeIdle.requests.average).toFixed(3)}`);
  console.log(`route p99 with a job / control: ${(routeBusy.latency.p99 / routeControl.latency.p99).toFixed(2)}; throughput with a job / control: ${(routeBusy.requests.average / routeControl.requests.average).toFixed(3)}`);
} finally {
  server.kill('SIGTERM');
  const code = await serverExit;
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) console.error(`server exited with ${code}`);
}
