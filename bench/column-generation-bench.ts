/**
 * Column generation (method 'paths') against native CLP on the arc LP, end to end, side by side.
 *
 *   npx tsx bench/column-generation-bench.ts [--sizes 200,500,1000,5000] [--generators std,hard]
 *       [--hard-sizes 200,500,1000] [--clp-cap 600] [--clp-max-nodes 1000] [--paths-cap 900]
 *       [--skip-sweep] [--skip-pricing] [--only-sweep]
 *       [--parallel-sizes 1000,3000,5000] [--master-size 4000] [--only-extra]
 *
 * 1. For each size N (K = N/5 OD pairs) and generator, a synthetic network and demand are written to files
 *    (.bench-tmp/cg/). `corridor optimize --method paths --json` runs as a child process, timed from spawn to
 *    exit (process start, loading, solve, JSON), under /usr/bin/time -v for the peak RSS. The arc LP of the
 *    same instance is written as MPS (not timed) and `clp model.mps -solve -quit` runs as a child process,
 *    timed the same way and killed at --clp-cap seconds. Objectives are compared.
 *    Generators: std = syntheticNetwork defaults (30 % of links and nodes capacitated), 500–5,000 TEU/yr per
 *    pair; hard = every link and node capacitated, 2,000–20,000 TEU/yr per pair (capacity binds widely and
 *    demand goes unserved).
 * 2. Pricing searches on the 5,000-node expanded graph: ngraph.path nba one-to-one queries (the router's
 *    finder) against ShortestPathTree one-to-all trees (Dijkstra) and A* with landmark bounds, per OD pair.
 * 3. N-1 criticality over every existing link of china-eurasia with its default demand (no skipping), warm
 *    (one path master for the whole sweep, this thread) against scenarios × one cold solve, after a discarded
 *    warm-up of each (so that both sides run compiled code).
 * 4. (--parallel-sizes) Parallel pricing: the same end-to-end run with `--pricing-workers 0` (one thread) and
 *    with the default (PricingPool), one after the other on each std instance; results must be identical.
 * 5. (--master-size) The final restricted master LP of one std instance (PathsSolver.masterModel), solved
 *    cold by HiGHS-WASM in this process and by native `clp` (dual simplex, primal simplex, barrier) as child
 *    processes: is the master's time the WebAssembly build's or the LP's own?
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinNetwork } from '../networks/index.js';
import { HighsSession, writeMps } from '../solver/index.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { criticality } from '../src/evaluate/criticality.js';
import { arcGeneralizedCosts } from '../src/graph/generalized-cost.js';
import { networkToGeoJson } from '../src/network/network-geojson.js';
import type { Network } from '../src/network/network.js';
import { buildCorridorLp, optimize, createPathsSolver, LandmarkBounds, TargetBounds } from '../src/assignment/index.js';
import { ShortestPathTree } from '../src/graph/index.js';
import { routeGraph } from '../src/routing/route-graph.js';
import { syntheticDemand, syntheticNetwork } from '../tests/support/synthetic-network.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = join(ROOT, '.bench-tmp', 'cg');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '200,500,1000,5000').split(',').map(Number);
const GENERATORS = arg('generators', 'std,hard').split(',') as ('std' | 'hard')[];
const CLP_CAP = Number(arg('clp-cap', '600'));
const CLP_MAX_NODES = Number(arg('clp-max-nodes', '1000'));
const PATHS_CAP = Number(arg('paths-cap', '900'));
// The bench times the solve against clp, so it leaves out the alternative-optima probes that `optimize` runs by
// default (one more arc LP solve; ≈ 2 s and 190 MB at 200 nodes, skipped anyway above 300,000 arc-LP columns).
const NO_PROBES = ['--no-alternative-optima'];
/** Sizes run with the hard generator (default: the same as --sizes). */
const HARD_SIZES = arg('hard-sizes', SIZES.join(',')).split(',').map(Number);

interface Timed {
  seconds: number;
  maxRssMb: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
  code: number | null;
}

/** Run a command under /usr/bin/time -v, wall-clock timed from spawn to exit, killed after capSeconds. */
function timed(command: string, args: string[], capSeconds: number): Promise<Timed> {
  return new Promise((resolve) => {
    const started = performance.now();
    // Own process group, so that the cap kills time and the measured process together.
    const child = spawn('/usr/bin/time', ['-v', command, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, capSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ seconds: (performance.now() - started) / 1000, maxRssMb: rss ? Number(rss[1]) / 1024 : null, stdout, stderr, killed, code });
    });
  });
}

const rows = (list: { origin: string; destination: string; teuPerYear: number }[]): DemandRow[] =>
  list.map((r, i) => ({ ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2 }));

/** Write the std/hard instance of size n as GeoJSON + CSV (for the CLI); returns the file names. */
function instanceFiles(n: number, generator: 'std' | 'hard', network: Network, demand: readonly DemandRow[]): { netFile: string; demandFile: string } {
  mkdirSync(TMP, { recursive: true });
  const netFile = join(TMP, `${generator}-${n}.geojson`);
  const demandFile = join(TMP, `${generator}-${n}.csv`);
  writeFileSync(netFile, JSON.stringify(networkToGeoJson(network)));
  writeFileSync(demandFile, `origin,destination,teuPerYear\n${demand.map((r) => `${r.origin},${r.destination},${r.teuPerYear}`).join('\n')}\n`);
  return { netFile, demandFile };
}

function instance(n: number, generator: 'std' | 'hard'): { network: Network; demand: DemandRow[] } {
  const network = syntheticNetwork({ nodeCount: n, seed: 1, capacityTightness: generator === 'hard' ? 1 : 0.3 });
  const demand = rows(syntheticDemand(network, { odPairs: n / 5, seed: 2, teuPerYear: generator === 'hard' ? [2_000, 20_000] : [500, 5_000] }));
  return { network, demand };
}

const fmtS = (s: number | null) => (s === null ? '—' : s < 10 ? s.toFixed(2) : s.toFixed(1));

async function endToEnd(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  console.log('## End to end: `corridor optimize --method paths --json` vs native `clp` on the arc LP\n');
  console.log('| generator | N / K | expanded vertices / arcs | arc LP columns × rows | clp s | paths s (end to end) | ratio paths / clp | paths max RSS MB | objective rel. diff | CG: master solves / pricing rounds / trees / columns / capacity rows | paths in-process solve s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const generator of GENERATORS) {
    for (const n of generator === 'hard' ? HARD_SIZES : SIZES) {
      const { network, demand } = instance(n, generator);
      const { netFile, demandFile } = instanceFiles(n, generator, network, demand);

      const paths = await timed(process.execPath, [join(ROOT, 'bin/corridor.js'), 'optimize', '--network', netFile, '--demand', demandFile, '--method', 'paths', '--json', ...NO_PROBES], PATHS_CAP);
      let pathsObjective: number | null = null;
      let cg: string;
      let inProcess: number | null = null;
      let graphSize: string;
      try {
        const r = JSON.parse(paths.stdout) as { objectiveUsd: number; totalSeconds: number; columnGeneration: Record<string, number> };
        pathsObjective = r.objectiveUsd;
        inProcess = r.totalSeconds;
        const s = r.columnGeneration;
        cg = `${s.masterSolves} / ${s.pricingRounds} / ${s.trees} / ${s.columnsTotal} / ${s.capacityRowsTotal}`;
      } catch {
        cg = `failed (${paths.killed ? 'killed' : `exit ${paths.code}`}): ${paths.stderr.split('\n')[0]}`;
      }

      let clpSeconds: number | null = null;
      let clpObjective: number | null = null;
      let lpSize: string;
      let clpNote = '';
      if (n <= CLP_MAX_NODES) {
        const { graph, lp } = buildCorridorLp(network, demand, {});
        graphSize = `${graph.vertexCount} / ${graph.arcCount}`;
        lpSize = `${lp.model.columns.length.toLocaleString('en')} × ${lp.model.rows.length.toLocaleString('en')}`;
        const mps = join(TMP, `${generator}-${n}.mps`);
        writeFileSync(mps, writeMps(lp.model));
        const clp = await timed('clp', [mps, '-solve', '-quit'], CLP_CAP);
        if (clp.killed) clpNote = ` (killed at ${CLP_CAP} s)`;
        else {
          clpSeconds = clp.seconds;
          const m = /Optimal objective\s+([-+0-9.eE]+)/.exec(clp.stdout);
          clpObjective = m ? Number(m[1]) : null;
        }
        if (clp.killed) clpSeconds = null;
      } else {
        clpNote = 'skipped';
        const { expandNetwork } = await import('../src/graph/expanded-graph.js');
        const g = expandNetwork(network);
        graphSize = `${g.vertexCount} / ${g.arcCount}`;
        lpSize = `≈ ${(demand.length * g.arcCount).toExponential(1)} columns (not built)`;
      }
      const ratio = clpSeconds !== null ? (paths.seconds / clpSeconds).toFixed(3) : clpNote.includes('killed') ? `< ${(paths.seconds / CLP_CAP).toFixed(3)}` : '—';
      const diff = pathsObjective !== null && clpObjective !== null ? (Math.abs(pathsObjective - clpObjective) / Math.abs(clpObjective)).toExponential(1) : '—';
      console.log(
        `| ${generator} | ${n} / ${demand.length} | ${graphSize} | ${lpSize} | ${clpSeconds === null ? clpNote || '—' : fmtS(clpSeconds)} | ${fmtS(paths.seconds)} | ${ratio} | ${paths.maxRssMb?.toFixed(0) ?? '—'} | ${diff} | ${cg} | ${fmtS(inProcess)} |`,
      );
    }
  }
}

function pricingSearches(): void {
  const n = 5000;
  const { network, demand } = instance(n, 'std');
  const rg = routeGraph(network);
  const g = rg.expanded;
  const weights = arcGeneralizedCosts(g, { valueOfTimeUsdPerTeuHour: 1, carbonPriceUsdPerTonneCo2: 0 });
  const open = new Uint8Array(g.arcCount).fill(1);
  // Capacity prices as pricing sees them: USD 200–2,200 per TEU on a random 3 % of the arcs.
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const priced = Float64Array.from(weights, (c) => (rnd() < 0.03 ? c + 200 + 2000 * rnd() : c));
  const blocked = new Uint8Array(g.arcCount);
  const pairs = demand.slice(0, 300).map((r) => [g.originVertex[g.nodeIndex.get(r.origin)!], g.destinationVertex[g.nodeIndex.get(r.destination)!]]);
  const tree = new ShortestPathTree(g);
  let t = performance.now();
  const landmarks = new LandmarkBounds(g, weights, 16);
  const landmarkSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const targetBounds = new TargetBounds(g, weights);
  for (const [, d] of pairs) targetBounds.distancesTo(d);
  const targetMsPerTree = (performance.now() - t) / targetBounds.trees;
  // Every answer on the same costs must agree: one check array per cost set.
  const checks = new Map<string, Float64Array>();
  const run = (label: string, query: (o: number, d: number, i: number) => number) => {
    for (let i = 0; i < 20; i++) query(pairs[i][0], pairs[i][1], i); // warm-up
    t = performance.now();
    pairs.forEach(([o, d], i) => {
      const dist = query(o, d, i);
      const key = label.includes('capacity prices') ? 'priced' : 'base';
      if (!checks.has(key)) checks.set(key, new Float64Array(pairs.length));
      const check = checks.get(key)!;
      if (check[i] === 0) check[i] = dist;
      else if (Math.abs(dist - check[i]) > 1e-6 * check[i]) throw new Error(`${label}: pair ${i} distance ${dist} ≠ ${check[i]}`);
    });
    return { label, msPerQuery: (performance.now() - t) / pairs.length };
  };
  const results = [
    run('ngraph.path nba, one-to-one', (o, d) => rg.findArcPath(o, d, weights, blocked, 'nba')!.weight),
    run('ShortestPathTree, Dijkstra to the destination', (o, d) => {
      tree.grow(o, weights, open, [d]);
      return tree.settledDistance(d);
    }),
    run('ShortestPathTree, full one-to-all tree', (o, d) => {
      tree.grow(o, weights, open);
      return tree.settledDistance(d);
    }),
    run('ShortestPathTree, A* with 16 landmarks', (o, d) => {
      landmarks.setTargets([d], o);
      tree.grow(o, weights, open, [d], Infinity, landmarks);
      return tree.settledDistance(d);
    }),
    run('ShortestPathTree, A* with exact target bounds (TargetBounds)', (o, d) => {
      targetBounds.setTargets([d], o);
      tree.grow(o, weights, open, [d], Infinity, targetBounds);
      return tree.settledDistance(d);
    }),
    run('ShortestPathTree, A* with exact target bounds, capacity prices on 3 % of arcs', (o, d) => {
      targetBounds.setTargets([d], o);
      tree.grow(o, priced, open, [d], Infinity, targetBounds);
      return tree.settledDistance(d);
    }),
    run('ShortestPathTree, A* with 16 landmarks, capacity prices on 3 % of arcs', (o, d) => {
      landmarks.setTargets([d], o);
      tree.grow(o, priced, open, [d], Infinity, landmarks);
      return tree.settledDistance(d);
    }),
  ];
  console.log(`\n## Pricing searches on the 5,000-node expanded graph (${g.vertexCount} vertices, ${g.arcCount} arcs), ${pairs.length} OD pairs\n`);
  console.log(`Landmark placement (16 landmarks, 32 trees) once: ${landmarkSeconds.toFixed(2)} s. Target bounds: one backward tree per destination, ${targetMsPerTree.toFixed(2)} ms each.\n`);
  console.log('| search | ms per OD pair | vs ngraph nba |');
  console.log('|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.msPerQuery.toFixed(3)} | ${(r.msPerQuery / results[0].msPerQuery).toFixed(2)} |`);
}

async function sweep(): Promise<void> {
  const network = loadBuiltinNetwork('china-eurasia');
  const demand = loadDemand('default', network);
  const links = network.links.filter((l) => l.status === 'existing').length;
  const cold = async (method: 'arc' | 'paths') => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await optimize(network, demand, { method });
      times.push((performance.now() - t) / 1000);
    }
    return times.sort((a, b) => a - b)[2];
  };
  // Warm-up, discarded: one cold solve of each method and one sweep, so that every timed run below (cold and
  // warm alike) runs compiled code; without it the cold medians swung 20–45 ms between runs.
  await optimize(network, demand, { method: 'paths' });
  await optimize(network, demand, { method: 'arc' });
  await criticality(network, demand, { elements: 'links', workers: 0, skipUnused: false, method: 'paths' });
  const coldPaths = await cold('paths');
  const coldArc = await cold('arc');
  // Median of 3 sweeps, like the median of 5 cold solves: both sides measured with the code already compiled.
  const sweeps: { seconds: number; report: Awaited<ReturnType<typeof criticality>> }[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const report = await criticality(network, demand, { elements: 'links', workers: 0, skipUnused: false, method: 'paths' });
    sweeps.push({ seconds: (performance.now() - started) / 1000, report });
  }
  const firstSweepSeconds = sweeps[0].seconds;
  sweeps.sort((a, b) => a.seconds - b.seconds);
  const warm = sweeps[1].report;
  const warmSeconds = sweeps[1].seconds;
  const t = performance.now();
  const arcSweep = await criticality(network, demand, { elements: 'links', workers: 0, skipUnused: false, method: 'arc' });
  const arcSweepSeconds = (performance.now() - t) / 1000;
  let maxDiff = 0;
  const arcById = new Map(arcSweep.entries.map((e) => [e.id, e.addedCostUsd ?? 0]));
  for (const e of warm.entries) maxDiff = Math.max(maxDiff, Math.abs((e.addedCostUsd ?? 0) - (arcById.get(e.id) ?? 0)) / Math.abs(warm.base.objectiveUsd ?? 1));
  const scenarios = warm.solvedCount + 1;
  console.log(`\n## N-1 criticality sweep, china-eurasia, default demand: ${links} links, ${scenarios} solves (base + one per link), this thread\n`);
  console.log('| | seconds | per scenario ms |');
  console.log('|---|---|---|');
  console.log(`| one cold solve, method paths (median of 5) | ${coldPaths.toFixed(3)} | ${(coldPaths * 1000).toFixed(1)} |`);
  console.log(`| one cold solve, method arc, default backend (median of 5) | ${coldArc.toFixed(3)} | ${(coldArc * 1000).toFixed(1)} |`);
  console.log(`| warm sweep, method paths (median of 3) | ${warmSeconds.toFixed(2)} | ${((warmSeconds / scenarios) * 1000).toFixed(1)} |`);
  console.log(`| warm sweep, method paths, first of the 3 (after the warm-up sweep) | ${firstSweepSeconds.toFixed(2)} | ${((firstSweepSeconds / scenarios) * 1000).toFixed(1)} |`);
  console.log(`| sweep, method arc (cold solves) | ${arcSweepSeconds.toFixed(2)} | ${((arcSweepSeconds / scenarios) * 1000).toFixed(1)} |`);
  console.log(`\nRatio warm sweep / (${scenarios} × one cold paths solve) = ${(warmSeconds / (scenarios * coldPaths)).toFixed(3)}; / (${scenarios} × one cold arc solve) = ${(warmSeconds / (scenarios * coldArc)).toFixed(3)}. Largest |added cost paths − arc| / base objective: ${maxDiff.toExponential(1)}.`);
}

/** Section 4: `--pricing-workers 0` against the default, end to end, on the std instances. */
async function parallelPricing(sizes: number[]): Promise<void> {
  console.log(`\n## Parallel pricing: \`corridor optimize --method paths --json\` with \`--pricing-workers 0\` against the default (${availableParallelism()} cores)\n`);
  console.log('| N / K | default pricing workers | one thread: end to end s (pricing / master) | default: end to end s (pricing / master) | end to end default / one thread | pricing default / one thread | same objective, iterations, searches |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of sizes) {
    const { network, demand } = instance(n, 'std');
    const { netFile, demandFile } = instanceFiles(n, 'std', network, demand);
    const run = async (workers: string[]) => {
      const t = await timed(process.execPath, [join(ROOT, 'bin/corridor.js'), 'optimize', '--network', netFile, '--demand', demandFile, '--method', 'paths', '--json', ...NO_PROBES, ...workers], PATHS_CAP);
      const r = JSON.parse(t.stdout) as { objectiveUsd: number; columnGeneration: Record<string, number> };
      return { seconds: t.seconds, objective: r.objectiveUsd, cg: r.columnGeneration };
    };
    const one = await run(['--pricing-workers', '0']);
    const pool = await run([]);
    const same = one.objective === pool.objective && one.cg.simplexIterations === pool.cg.simplexIterations && one.cg.trees === pool.cg.trees;
    const fmt = (r: typeof one) => `${fmtS(r.seconds)} (${fmtS(r.cg.pricingSeconds)} / ${fmtS(r.cg.masterSeconds)})`;
    console.log(
      `| ${n} / ${demand.length} | ${pool.cg.pricingWorkers} | ${fmt(one)} | ${fmt(pool)} | ${(pool.seconds / one.seconds).toFixed(2)} | ${(pool.cg.pricingSeconds / one.cg.pricingSeconds).toFixed(2)} | ${same ? 'yes' : 'NO'} |`,
    );
  }
}

/** Section 5: the final restricted master of the std instance of size n, cold, in HiGHS-WASM and native clp. */
async function masterSolvers(n: number): Promise<void> {
  const { network, demand } = instance(n, 'std');
  const solver = await createPathsSolver(network, demand, {});
  let model;
  try {
    await solver.solve();
    model = solver.masterModel();
  } finally {
    solver.dispose();
  }
  const mps = join(TMP, `master-std-${n}.mps`);
  mkdirSync(TMP, { recursive: true });
  writeFileSync(mps, writeMps(model));
  const nonzeros = model.rows.reduce((sum, r) => sum + r.indices.length, 0);
  console.log(`\n## The final restricted master of std ${n} / ${n / 5}, solved cold: ${model.rows.length} rows, ${model.columns.length} columns, ${nonzeros} nonzeros\n`);
  console.log('| solver | seconds | iterations | ms per iteration | objective |');
  console.log('|---|---|---|---|---|');
  const started = performance.now();
  const session = await HighsSession.create(model);
  const sol = await session.solve();
  const highsSeconds = (performance.now() - started) / 1000;
  session.dispose();
  console.log(`| HiGHS-WASM (this process, dual simplex, session create + solve) | ${highsSeconds.toFixed(2)} | ${sol.iterations} | ${((highsSeconds * 1000) / (sol.iterations ?? 1)).toFixed(3)} | ${sol.objective} |`);
  for (const [label, flag] of [['dual simplex', '-dualS'], ['primal simplex', '-primalS'], ['barrier', '-barrier']]) {
    const t = await timed('clp', [mps, flag, '-quit'], CLP_CAP);
    const m = /Optimal objective\s+([-+0-9.eE]+)\s+-\s+(\d+) iterations time ([0-9.]+)/.exec(t.stdout);
    const iterations = m ? Number(m[2]) : NaN;
    console.log(`| native clp ${label} (child process; clp's own time ${m ? m[3] : '—'} s) | ${t.seconds.toFixed(2)} | ${m ? iterations : '—'} | ${m ? ((Number(m[3]) * 1000) / iterations).toFixed(3) : '—'} | ${m ? m[1] : 'failed'} |`);
  }
}

console.log(`column-generation-bench: sizes ${SIZES.join(', ')}, generators ${GENERATORS.join(', ')}, clp cap ${CLP_CAP} s, clp up to ${CLP_MAX_NODES} nodes\n`);
const PARALLEL_SIZES = process.argv.includes('--parallel-sizes') ? arg('parallel-sizes', '').split(',').map(Number) : [];
const MASTER_SIZE = process.argv.includes('--master-size') ? Number(arg('master-size', '4000')) : null;
if (PARALLEL_SIZES.length > 0) await parallelPricing(PARALLEL_SIZES);
if (MASTER_SIZE !== null) await masterSolvers(MASTER_SIZE);
if (process.argv.includes('--only-extra')) process.exit(0);
if (!process.argv.includes('--only-sweep')) {
  await endToEnd();
  if (!process.argv.includes('--skip-pricing')) pricingSearches();
}
if (!process.argv.includes('--skip-sweep')) await sweep();
