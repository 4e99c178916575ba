/**
 * Candidate evaluation, warm against cold, side by side in one process (workers: 0, one thread):
 *
 *   npx tsx bench/evaluate-warm-bench.ts                    # the built-in candidate files
 *   SYNTHETIC=300 CANDIDATES=12 ARC=0 npx tsx bench/evaluate-warm-bench.ts   # also a synthetic network of 300 nodes
 *
 * - warm: `evaluateCandidates` with the default method (paths): one master for the base and every candidate;
 * - cold paths: the base and each candidate by `optimize(applyCandidates(net, [c]), demand)` (what evaluation did
 *   before: a fresh path master per candidate);
 * - cold arc: `evaluateCandidates` with `method: 'arc'` (backend auto: native clp when installed); ARC=0 skips it
 *   on the synthetic network (300 nodes: 1,110 s against 8.5 s for cold paths).
 * Median wall seconds of RUNS (default 3) runs each, after one untimed solve that compiles HiGHS-WASM. The
 * benefits of the three must agree to 1e-6 of the base objective.
 */
import { cpus } from 'node:os';
import { loadBuiltinNetwork } from '../networks/index.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { applyCandidates, evaluateCandidates, loadCandidates, parseCandidates, type Candidate } from '../src/evaluate/index.js';
import type { Network } from '../src/network/network.js';
import { optimize } from '../src/assignment/index.js';
import { seededRandom, syntheticDemand, syntheticNetwork } from '../tests/support/synthetic-network.js';

const runs = Number(process.env.RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Instance {
  label: string;
  network: Network;
  demand: DemandRow[];
  candidates: Candidate[];
}

const instances: Instance[] = ['eurasian-land-bridge', 'land-sea-corridor'].map((id) => {
  const network = loadBuiltinNetwork(id);
  return { label: id, network, demand: loadDemand('default', network), candidates: loadCandidates(`networks/candidates/${id}.geojson`, network) };
});

/** Synthetic: capacity upgrades of capacitated links, cost upgrades of others, and new rail links, at random. */
if (process.env.SYNTHETIC) {
  const nodeCount = Number(process.env.SYNTHETIC);
  const count = Number(process.env.CANDIDATES ?? 12);
  const network = syntheticNetwork({ nodeCount, seed: 1, capacityTightness: 1 });
  const demand = syntheticDemand(network, { odPairs: Math.round(nodeCount / 4), seed: 2, teuPerYear: [5_000, 30_000] }).map((r, i) => ({
    ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2,
  }));
  const rnd = seededRandom(3);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const money = { capexUsd: 1e8, lifetimeYears: 30, source: 'bench figures' };
  const items: unknown[] = [];
  const targets = new Set<string>();
  for (let i = 0; items.length < count; i++) {
    const kind = i % 3;
    if (kind === 2) {
      const a = pick(network.nodes);
      const b = pick(network.nodes);
      if (a.id === b.id || Math.hypot(a.lon - b.lon, a.lat - b.lat) > 8) continue;
      items.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] }, properties: { id: `new-${i}`, from: a.id, to: b.id, mode: 'rail', status: 'candidate', capacityTeuPerYear: 30_000, ...money } });
      continue;
    }
    const l = pick(network.links);
    if (targets.has(l.id) || (kind === 0 && l.capacityTeuPerYear === null)) continue;
    targets.add(l.id);
    items.push(kind === 0 ? { type: 'upgrade', id: `cap-${i}`, target: l.id, capacityTeuPerYear: l.capacityTeuPerYear! * 2, ...money } : { type: 'upgrade', id: `fast-${i}`, target: l.id, costUsdPerTeuKm: l.costUsdPerTeuKm * 0.7, hours: l.hours * 0.7, ...money });
  }
  instances.push({ label: `synthetic ${nodeCount} nodes, ${demand.length} OD pairs`, network, demand, candidates: parseCandidates(items, network) });
}

console.log(`${cpus().length} cores (${cpus()[0]?.model}); node ${process.version}; median of ${runs}`);
await optimize(instances[0].network, instances[0].demand, {});
console.log('| instance | candidates | warm s | cold paths s | cold arc s | cold paths / warm | max benefit difference / base objective |');
console.log('|---|---|---|---|---|---|---|');
for (const { label, network, demand, candidates } of instances) {
  const warmTimes: number[] = [];
  const coldTimes: number[] = [];
  const arcTimes: number[] = [];
  let warmBenefit: number[] = [];
  let coldBenefit: number[] = [];
  let arcBenefit: number[] = [];
  let baseObjective = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    const warm = await evaluateCandidates(network, demand, candidates, { workers: 0 });
    warmTimes.push((performance.now() - t) / 1000);
    warmBenefit = warm.candidates.map((c) => c.annualBenefitUsd ?? NaN);
    baseObjective = warm.base.objectiveUsd!;

    t = performance.now();
    const base = await optimize(network, demand, { paths: true });
    coldBenefit = [];
    for (const c of candidates) coldBenefit.push(base.objectiveUsd! - (await optimize(applyCandidates(network, [c]), demand, {})).objectiveUsd!);
    coldTimes.push((performance.now() - t) / 1000);

    if (process.env.ARC === '0' && label.startsWith('synthetic')) continue;
    t = performance.now();
    const arc = await evaluateCandidates(network, demand, candidates, { workers: 0, method: 'arc' });
    arcTimes.push((performance.now() - t) / 1000);
    arcBenefit = arc.candidates.map((c) => c.annualBenefitUsd ?? NaN);
  }
  const diff = Math.max(...warmBenefit.map((b, i) => Math.max(Math.abs(b - coldBenefit[i]), arcBenefit.length ? Math.abs(b - arcBenefit[i]) : 0))) / baseObjective;
  const [w, c] = [median(warmTimes), median(coldTimes)];
  const a = arcTimes.length ? median(arcTimes).toFixed(2) : '—';
  console.log(`| ${label} | ${candidates.length} | ${w.toFixed(2)} | ${c.toFixed(2)} | ${a} | ${(c / w).toFixed(1)}× | ${diff.toExponential(1)} |`);
}
