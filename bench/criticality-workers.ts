/**
 * N-1 criticality wall time against the number of worker threads (piscina), on a built-in corridor.
 *
 *   npx tsx bench/criticality-workers.ts                           # eurasian-land-bridge, workers 0,1,2
 *   NETWORK=china-eurasia WORKERS=1,2 npx tsx bench/criticality-workers.ts
 *
 * `0` solves in the main thread (no pool), the reference. Each run solves the same scenarios (elements
 * that carry flow in the base case; the others are skipped by construction), and the rankings must agree.
 * Worker start-up (loading tsx and HiGHS-WASM in each thread) is part of the wall time, as in the CLI.
 */
import { availableParallelism, cpus } from 'node:os';
import { loadDemand } from '../src/network/demand.js';
import { criticality } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';

const networkId = process.env.NETWORK ?? 'eurasian-land-bridge';
const workerCounts = (process.env.WORKERS ?? '0,1,2').split(',').map(Number);
const network = loadNetwork(networkId);
const demand = loadDemand('default', network);
console.log(`${networkId}: ${network.nodes.length} nodes, ${network.links.length} links; ${availableParallelism()} cores (${cpus()[0]?.model}); node ${process.version}`);
console.log('| workers | elements | solved | wall s | s per solve | top 5 |');
console.log('|---|---|---|---|---|---|');
let reference: string | null = null;
for (const workers of workerCounts) {
  const r = await criticality(network, demand, { workers });
  const top = r.entries.slice(0, 5).map((e) => e.id).join(', ');
  const ranking = r.entries.map((e) => `${e.id}:${Math.round(e.addedCostUsd ?? NaN)}`).join();
  if (reference === null) reference = ranking;
  else if (ranking !== reference) console.log(`(ranking differs from the first run: ${workers} workers)`);
  console.log(`| ${workers} | ${r.elementCount} | ${r.solvedCount} | ${r.wallSeconds.toFixed(1)} | ${(r.wallSeconds / (r.solvedCount + 1)).toFixed(2)} | ${top} |`);
}
