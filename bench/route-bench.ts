/**
 * Route queries per second, ngraph.path aStar (zero heuristic = Dijkstra) vs nba, side by side.
 *
 *   npx tsx bench/route-bench.ts [--queries 300] [--rounds 5] [--nodes 5000]
 *
 * Networks: the built-in china-eurasia (skipped with a note if its data files are missing) and a generated
 * syntheticNetwork of --nodes nodes (seed 1). Both finders answer the same origin–destination pairs
 * (syntheticDemand, seed 2); rounds alternate aStar and nba so that machine noise hits both alike, and the
 * median round is reported. The graph build (expandNetwork + ngraph) is timed once, apart from queries.
 * Each pair is checked to give the same generalized cost with both finders.
 */
import { performance } from 'node:perf_hooks';
import { loadBuiltinNetwork } from '../networks/index.js';
import type { Network } from '../src/network/network.js';
import { route } from '../src/routing/route.js';
import { routeGraph, type PathFinderName } from '../src/routing/route-graph.js';
import { syntheticDemand, syntheticNetwork } from '../tests/support/synthetic-network.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const QUERIES = arg('queries', 300);
const ROUNDS = arg('rounds', 5);
const NODES = arg('nodes', 5000);
const FINDERS: PathFinderName[] = ['aStar', 'nba'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(label: string, network: Network, queries: number) {
  let t = performance.now();
  const rg = routeGraph(network);
  const buildMs = performance.now() - t;
  const pairs = syntheticDemand(network, { odPairs: Math.min(queries, network.nodes.length * (network.nodes.length - 1)), seed: 2 });
  // Same answers from both finders (and a warm-up for the JIT).
  let found = 0;
  for (const p of pairs) {
    const [a, b] = FINDERS.map((finder) => route(network, p.origin, p.destination, { finder }));
    if (a.found !== b.found || (a.found && b.found && Math.abs(a.generalizedCostUsd - b.generalizedCostUsd) > 1e-6 * a.generalizedCostUsd)) {
      throw new Error(`finders disagree on ${p.origin} → ${p.destination}`);
    }
    if (a.found) found++;
  }
  const qps: Record<PathFinderName, number[]> = { aStar: [], nba: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const finder of r % 2 ? [...FINDERS].reverse() : FINDERS) {
      t = performance.now();
      for (const p of pairs) route(network, p.origin, p.destination, { finder });
      qps[finder].push(pairs.length / ((performance.now() - t) / 1000));
    }
  }
  const a = median(qps.aStar);
  const n = median(qps.nba);
  console.log(
    `| ${label} | ${network.nodes.length} / ${network.links.length} | ${rg.expanded.vertexCount} / ${rg.expanded.arcCount} | ${buildMs.toFixed(0)} | ${pairs.length} (${found} found) | ${a.toFixed(1)} | ${n.toFixed(1)} | ${(n / a).toFixed(2)} |`,
  );
}

console.log(`route-bench: ${QUERIES} queries per round, ${ROUNDS} rounds, median queries/s of route() (full query: pricing, search, result)\n`);
console.log('| network | nodes / links | vertices / arcs | graph build ms | OD pairs | aStar q/s | nba q/s | nba / aStar |');
console.log('|---|---|---|---|---|---|---|---|');
try {
  bench('china-eurasia', loadBuiltinNetwork('china-eurasia'), QUERIES);
} catch (e) {
  console.log(`| china-eurasia | not available: ${(e as Error).message.split('\n')[0]} | | | | | | |`);
}
bench(`synthetic (seed 1)`, syntheticNetwork({ nodeCount: NODES, seed: 1 }), QUERIES);
