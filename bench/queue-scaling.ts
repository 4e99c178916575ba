/**
 * Issue 16.5: the N-1 sweep on BullMQ workers against the in-process pool, as ratios measured in one run.
 *
 * For each case, the same criticality sweep runs:
 *   - in this process: 0 threads (the reference), then the piscina pool with 1 and 2 threads;
 *   - on the Redis queue: 1, 2 and 4 `corridor worker` processes (concurrency 1 each), started before the
 *     timing and warm (their tsx, modules and HiGHS loaded; each sweep still loads its context once per worker).
 * Cases: `china-eurasia` every link and terminal (endpoints included, unused elements solved too: the whole
 * N-1), with the default warm path master; and `nelb-glpk`, 40 elements of the NELB solved cold on GLPK's arc
 * LP, a stand-in for heavy tasks (≈ 0.5 s each).
 *
 * Also measured: Redis commands per task (INFO commandstats before and after a sweep), the queue overhead
 * per task ((queue 1 worker − pool 1 thread) / tasks), and the payload sizes (context blobs, task data,
 * result blobs). A real redis-server is started on a free loopback port.
 *
 * Run: npx tsx bench/queue-scaling.ts [--cases china-eurasia,nelb-glpk] [--workers 1,2,4]
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadDemand } from '../src/network/demand.js';
import { criticality, type CriticalityOptions, type CriticalityReport } from '../src/evaluate/criticality.js';
import { runScenario } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import type { Network } from '../src/network/network.js';
import { redisTestsEnabled, startRedis } from '../tests/support/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../tests/support/worker-process.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: 'china-eurasia,nelb-glpk' }, workers: { type: 'string', default: '1,2,4' } } });
if (!redisTestsEnabled('bench/queue-scaling.ts')) process.exit(1);

interface Case {
  name: string;
  network: Network;
  options: CriticalityOptions;
}
function caseOf(name: string): Case {
  if (name === 'china-eurasia') return { name, network: loadNetwork('china-eurasia'), options: { elements: 'all', endpoints: true, skipUnused: false } };
  if (name === 'nelb-glpk') {
    const network = loadNetwork('eurasian-land-bridge');
    return { name, network, options: { backend: 'glpk', elements: network.links.filter((l) => l.status === 'existing').slice(0, 40).map((l) => l.id), skipUnused: false } };
  }
  throw new Error(`unknown case ${name}`);
}

async function commandCount(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

const redisServer = await startRedis();
const admin = new Redis(redisServer.url);
const children = new Set<ChildProcess>();
const workerCounts = values.workers.split(',').map(Number);
const rows: string[] = [];
try {
  console.log(`machine: ${cpus().length} × ${cpus()[0].model}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const name of values.cases.split(',')) {
    const c = caseOf(name);
    const demand = loadDemand('default', c.network);
    const time = async (label: string, opts: CriticalityOptions): Promise<{ label: string; s: number; report: CriticalityReport }> => {
      const t0 = performance.now();
      const report = await criticality(c.network, demand, { ...c.options, ...opts });
      return { label, s: (performance.now() - t0) / 1000, report };
    };
    const runs: { label: string; s: number; report: CriticalityReport; commands?: number }[] = [];
    runs.push(await time('in-process, 0 threads (reference)', { workers: 0 }));
    for (const t of [1, 2]) runs.push(await time(`in-process pool, ${t} thread${t > 1 ? 's' : ''}`, { workers: t }));
    for (const n of workerCounts) {
      // Fresh workers for each count, started (and warm) before the clock starts, stopped after.
      const pool: WorkerProcess[] = await Promise.all(Array.from({ length: n }, () => spawnWorker(redisServer.url, children, ['--log-level', 'info'])));
      const before = await commandCount(admin);
      const r = await time(`Redis queue, ${n} worker process${n > 1 ? 'es' : ''}`, { redisUrl: redisServer.url });
      runs.push({ ...r, commands: (await commandCount(admin)) - before });
      for (const w of pool) w.proc.kill('SIGTERM');
      await Promise.all(pool.map((w) => w.exited));
    }
    const tasks = runs[0].report.solvedCount;
    const ref = runs[0].s;
    const same = runs.every((r) => r.report.entries.map((e) => e.id).join() === runs[0].report.entries.map((e) => e.id).join());
    const ctx = { network: serialize(c.network).length, demand: serialize(demand).length };
    // The size of one task's result blob: a scenario result as a worker stores it (v8-serialised).
    const firstLink = c.network.links.find((l) => l.status === 'existing')!.id;
    const resultBytes = serialize((await runScenario({ network: c.network, demand, candidates: [], options: c.options.backend ? { backend: c.options.backend } : {} }, { id: 'size', closedLinkIds: [firstLink] })).result).length;
    rows.push(`\n### ${name}: ${tasks} scenario solves + 1 base (rankings identical in every run: ${same})\n`);
    rows.push('| run | wall s | × reference (0 threads) | tasks/s | Redis commands per task |');
    rows.push('|---|---:|---:|---:|---:|');
    for (const r of runs) rows.push(`| ${r.label} | ${r.s.toFixed(2)} | ${(ref / r.s).toFixed(2)} | ${(tasks / r.s).toFixed(1)} | ${r.commands === undefined ? '—' : (r.commands / tasks).toFixed(1)} |`);
    const pool1 = runs.find((r) => r.label.startsWith('in-process pool, 1'))!.s;
    const queue1 = runs.find((r) => r.label.startsWith('Redis queue, 1 '))?.s;
    rows.push('');
    if (queue1 !== undefined) rows.push(`- queue overhead per task, (queue 1 worker − pool 1 thread) / tasks: ${(((queue1 - pool1) / tasks) * 1000).toFixed(1)} ms (solve time per task in the 0-thread reference: ${((ref / (tasks + 1)) * 1000).toFixed(1)} ms)`);
    rows.push(`- payloads: network blob ${(ctx.network / 1024).toFixed(0)} KB and demand blob ${(ctx.demand / 1024).toFixed(1)} KB (once per sweep per worker), task data ≈ ${JSON.stringify({ sweepId: 'x'.repeat(36), contextHash: 'x'.repeat(64), spec: { id: 'link:xxxxxxxxxxxxxxxx', closedLinkIds: ['xxxxxxxxxxxxxxxx'] } }).length} B, result blob ${(resultBytes / 1024).toFixed(0)} KB per task (a full scenario result, v8-serialised)`);
  }
  console.log(rows.join('\n'));
} finally {
  for (const c of children) c.kill('SIGKILL');
  admin.disconnect();
  await redisServer.destroy();
}
