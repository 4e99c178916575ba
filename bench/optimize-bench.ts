/**
 * LP corridor optimizer: solve time and memory against problem size, per backend, with Debian's native
 * `clp` on the same LP (written as MPS) as the side-by-side reference.
 *
 *   npx tsx bench/optimize-bench.ts                 # the default grid (takes a while)
 *   npx tsx bench/optimize-bench.ts 500x100 200x40  # chosen sizes, nodes x OD pairs
 *
 * Every (size, backend) runs in a fresh child process, so each backend is measured cold (a CLI run
 * solves once per process: HiGHS-WASM pays its WebAssembly compilation and tier-up there) and peak memory
 * (maxRSS) is that solve's alone. HiGHS is then solved a second time in the same process (`warm`).
 * Every backend solves the arc formulation (`method: 'arc'`); the `paths` row is optimize()'s default
 * path formulation by column generation (src/assignment/paths/, HiGHS), shown for comparison.
 * `clp (native)` is the `clp` executable on the MPS file of the same LP (wall time of the process), the
 * reference of issue 4 (native clp 1.8 s, HiGHS WASM 6.8 s at 500 nodes / 100 OD pairs; js-lp-solver
 * > 120 s at 200 / 40). js-lp-solver and glpk are skipped for the rest of the run once one size took more
 * than 60 s or failed (js-lp-solver's dense tableau runs out of memory).
 * Networks: syntheticNetwork({ nodeCount, seed: 1 }) with default capacity tightness; demand:
 * syntheticDemand({ odPairs, seed: 2 }) (500–5,000 TEU/yr per pair).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isClpAvailable, writeMps } from '../solver/index.js';
import type { DemandRow } from '../src/network/demand.js';
import { buildCorridorLp, optimize, type OptimizeBackend } from '../src/assignment/index.js';
import { syntheticDemand, syntheticNetwork } from '../tests/support/synthetic-network.js';

/** The arc LP on each backend, plus `paths` = optimize()'s path formulation (column generation, HiGHS) for context. */
type Bench = 'clp-native' | 'clp' | 'highs' | 'glpk' | 'js-lp-solver' | 'paths';
const BENCHES: Bench[] = ['clp-native', 'clp', 'highs', 'glpk', 'js-lp-solver', 'paths'];
const DEFAULT_SIZES = ['50x10', '100x20', '200x40', '500x10', '500x100', '1000x50', '1000x200'];
const TIMEOUT_SECONDS: Record<Bench, number> = { 'clp-native': 1800, clp: 1800, highs: 1800, glpk: 600, 'js-lp-solver': 300, paths: 1800 };
const SKIP_AFTER_SECONDS = 60;

interface Measurement {
  bench: Bench;
  status: string;
  message: string | null;
  objective: number | null;
  buildSeconds: number;
  solveSeconds: number;
  /**
   * CPU seconds of the solve: this process plus the child processes it waited for (clp); for the backends
   * run through optimize(), its CPU minus the LP build's; for `paths`, the whole optimize() call.
   */
  solveCpuSeconds: number;
  warmSolveSeconds: number | null;
  totalSeconds: number;
  maxRssMb: number;
  columns: number;
  rows: number;
  nonzeros: number;
}

function instance(nodes: number, pairs: number) {
  const network = syntheticNetwork({ nodeCount: nodes, seed: 1 });
  const demand: DemandRow[] = syntheticDemand(network, { odPairs: pairs, seed: 2 }).map((r, i) => ({
    ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2,
  }));
  return { network, demand };
}

/**
 * CPU seconds used so far by this process and its reaped children (utime + stime + cutime + cstime from
 * /proc/self/stat, in clock ticks of 1/100 s). Under a shared, loaded machine wall time is inflated; CPU
 * time is not, and it counts a native clp child too.
 */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) … cstime (17) are indices 11 … 14.
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

async function worker(bench: Bench, nodes: number, pairs: number): Promise<Measurement> {
  const { network, demand } = instance(nodes, pairs);
  const t0 = performance.now();
  const buildCpu0 = cpuSeconds();
  const { lp } = buildCorridorLp(network, demand);
  const buildSeconds = (performance.now() - t0) / 1000;
  const buildCpuSeconds = cpuSeconds() - buildCpu0;
  const size = { columns: lp.model.columns.length, rows: lp.model.rows.length, nonzeros: lp.model.rows.reduce((s, r) => s + r.indices.length, 0) };
  const rss = () => process.resourceUsage().maxRSS / 1024;
  if (bench === 'clp-native') {
    const dir = mkdtempSync(join(tmpdir(), 'optimize-bench-'));
    try {
      writeFileSync(join(dir, 'model.mps'), writeMps(lp.model, { names: 'generic' }));
      const t = performance.now();
      const cpu = cpuSeconds();
      let out = '';
      try {
        // The limit is enforced here, not by the parent, so that no orphaned clp keeps running.
        out = execFileSync('clp', ['model.mps', '-solve'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, timeout: TIMEOUT_SECONDS[bench] * 1000, killSignal: 'SIGKILL' });
      } catch {
        out = 'time limit';
      }
      const solveSeconds = (performance.now() - t) / 1000;
      const solveCpuSeconds = cpuSeconds() - cpu;
      const m = /Optimal objective\s+([-+0-9.eE]+)/.exec(out);
      return { bench, status: m ? 'optimal' : out === 'time limit' ? 'time_limit' : 'error', message: out === 'time limit' ? `killed after ${TIMEOUT_SECONDS[bench]} s` : null, objective: m ? Number(m[1]) : null, buildSeconds, solveSeconds, solveCpuSeconds, warmSolveSeconds: null, totalSeconds: buildSeconds + solveSeconds, maxRssMb: rss(), ...size };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const t1 = performance.now();
  // CPU of the solve ≈ CPU of optimize() minus the LP build measured above (the result assembly is small).
  const cpu0 = cpuSeconds();
  const how = bench === 'paths' ? ({ backend: 'highs', method: 'paths' } as const) : ({ backend: bench as OptimizeBackend, method: 'arc' } as const);
  const r = await optimize(network, demand, { ...how, timeLimitSeconds: TIMEOUT_SECONDS[bench] });
  const totalSeconds = (performance.now() - t1) / 1000;
  // For `paths` the whole optimize() call counts: column generation builds no arc LP.
  const solveCpuSeconds = bench === 'paths' ? cpuSeconds() - cpu0 : Math.max(0, cpuSeconds() - cpu0 - buildCpuSeconds);
  let warmSolveSeconds: number | null = null;
  if ((bench === 'highs' || bench === 'paths') && r.status === 'optimal') warmSolveSeconds = (await optimize(network, demand, how)).solveSeconds;
  return { bench, status: r.status, message: r.message, objective: r.objectiveUsd, buildSeconds, solveSeconds: r.solveSeconds, solveCpuSeconds, warmSolveSeconds, totalSeconds, maxRssMb: rss(), ...size };
}

function runChild(bench: Bench, nodes: number, pairs: number): Measurement | { bench: Bench; status: 'timeout' | 'crashed'; seconds: number; detail: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', bench, String(nodes), String(pairs)], {
    encoding: 'utf8',
    // Backstop only (js-lp-solver cannot be interrupted); the worker enforces the limit itself.
    timeout: (TIMEOUT_SECONDS[bench] + 300) * 1000,
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.error || r.signal) return { bench, status: 'timeout', seconds, detail: `killed after ${TIMEOUT_SECONDS[bench] + 300} s` };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Measurement;
  } catch {
    return { bench, status: 'crashed', seconds, detail: (r.stderr || r.stdout).slice(-300) };
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    const m = await worker(args[1] as Bench, Number(args[2]), Number(args[3]));
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const sizes = (args.length ? args : DEFAULT_SIZES).map((s) => s.split('x').map(Number) as [number, number]);
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`# optimize-bench: ${cpu}, nproc ${execFileSync('nproc', { encoding: 'utf8' }).trim()}, node ${process.version}, clp ${isClpAvailable() ? 'available' : 'missing'}`);
  console.log('| nodes | OD pairs | LP columns × rows (nonzeros) | backend | status | solve s | solve CPU s | total s | warm solve s | max RSS MB | CPU × native clp | objective rel. diff |');
  console.log('|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  const skip = new Set<Bench>();
  for (const [nodes, pairs] of sizes) {
    let reference: Measurement | null = null;
    for (const bench of BENCHES) {
      if (bench.startsWith('clp') && !isClpAvailable()) continue;
      if (skip.has(bench)) {
        console.log(`| ${nodes} | ${pairs} | | ${bench} | skipped (> ${SKIP_AFTER_SECONDS} s or failed at a smaller size) | | | | | | | |`);
        continue;
      }
      const m = runChild(bench, nodes, pairs);
      if (!('objective' in m)) {
        console.log(`| ${nodes} | ${pairs} | | ${bench} | ${m.status}: ${m.detail.replace(/\|/g, '/').replace(/\n/g, ' ')} | > ${m.seconds.toFixed(0)} | | | | | | |`);
        if (bench !== 'clp-native') skip.add(bench);
        continue;
      }
      if (bench === 'clp-native') reference = m;
      // Ratio of CPU seconds: robust to the load of a shared machine, and it counts clp's own process.
      const ratio = reference && reference.solveCpuSeconds > 0 ? (m.solveCpuSeconds / reference.solveCpuSeconds).toFixed(1) : '';
      const diff = reference?.objective && m.objective !== null ? ((m.objective - reference.objective) / reference.objective).toExponential(1) : '';
      console.log(
        `| ${nodes} | ${pairs} | ${m.columns.toLocaleString('en-US')} × ${m.rows.toLocaleString('en-US')} (${m.nonzeros.toLocaleString('en-US')}) | ${bench === 'clp-native' ? 'clp (native, MPS)' : bench} | ${m.status === 'optimal' ? m.status : `${m.status}: ${(m.message ?? '').slice(0, 80).replace(/\|/g, '/')}`} | ${m.solveSeconds.toFixed(2)} | ${m.solveCpuSeconds.toFixed(2)} | ${m.totalSeconds.toFixed(2)} | ${m.warmSolveSeconds?.toFixed(2) ?? ''} | ${m.maxRssMb.toFixed(0)} | ${ratio} | ${bench === 'clp-native' ? '' : diff} |`,
      );
      if ((m.solveSeconds > SKIP_AFTER_SECONDS || m.status === 'error') && (bench === 'js-lp-solver' || bench === 'glpk')) skip.add(bench);
    }
  }
}

await main();
