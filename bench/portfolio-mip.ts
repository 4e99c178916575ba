/**
 * Portfolio MIP (src/evaluate/portfolio.ts): solve time per backend, exact (relative gap 0), on the
 * built-in corridors with their example candidates and on synthetic networks with many candidates.
 * Sets `choosePortfolioBackend` (GLPK while the MIP is small, HiGHS above).
 *
 *   npx tsx bench/portfolio-mip.ts                     # every case, every backend
 *   CASES=synthetic-100x30 BACKENDS=glpk,highs npx tsx bench/portfolio-mip.ts
 *
 * Each (case, backend) runs in a fresh child process capped at CAP seconds (default 300). In it, the
 * backend first solves a 2-binary MIP (so WebAssembly compilation is not counted), then the portfolio MIP
 * three times; the median is reported. The objectives of all backends must agree (exact MIP).
 */
import { spawnSync } from 'node:child_process';
import { getBackend } from '../solver/index.js';
import type { BackendName } from '../solver/lp-model.js';
import { loadDemand, type DemandRow } from '../src/network/demand.js';
import { buildPortfolioMip, loadCandidates, MipRace, parseCandidates, PORTFOLIO_MIP_GAP, type Candidate } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import type { Network } from '../src/network/network.js';
import { seededRandom, syntheticDemand, syntheticNetwork } from '../tests/support/synthetic-network.js';

const CAP = Number(process.env.CAP ?? 300);
const BACKENDS = (process.env.BACKENDS ?? 'glpk,highs,race,js-lp-solver').split(',') as (BackendName | 'race')[];
const ALL_CASES = ['eurasian-land-bridge', 'china-eurasia', 'synthetic-30x8', 'synthetic-100x30', 'synthetic-200x30'];

interface Instance {
  network: Network;
  demand: DemandRow[];
  candidates: Candidate[];
  budgetUsd: number;
}

/**
 * Synthetic instance: `candidateCount` candidates on a syntheticNetwork — a third capacity upgrades (×2) of
 * capacitated links, a third throughput upgrades (×2) of capacitated nodes, a third new links parallel to
 * existing links; capex uniform in USD 0.5–6 M over 30 years (the order of the benefits, so that the budget
 * binds and branch and bound has work; CAPEX_USD=lo-hi changes the range); budget = a third of the total capex.
 */
function synthetic(nodes: number, candidateCount: number): Instance {
  const network = syntheticNetwork({ nodeCount: nodes, seed: 1, capacityTightness: 0.6 });
  const demand: DemandRow[] = syntheticDemand(network, { odPairs: Math.round(nodes * 0.4), seed: 2, teuPerYear: [2_000, 20_000] }).map((r, i) => ({
    ...r, commodity: null, valueOfTimeUsdPerTeuHour: null, source: null, row: i + 2,
  }));
  const rnd = seededRandom(3);
  const [capexLo, capexHi] = (process.env.CAPEX_USD ?? '0.5e6-6e6').split('-').map(Number);
  const capex = () => Math.round(capexLo + rnd() * (capexHi - capexLo));
  const items: unknown[] = [];
  const per = Math.ceil(candidateCount / 3);
  network.links.filter((l) => l.capacityTeuPerYear !== null).slice(0, per).forEach((l) =>
    items.push({ type: 'upgrade', id: `up-${l.id}`, target: l.id, capacityTeuPerYear: l.capacityTeuPerYear! * 2, capexUsd: capex(), lifetimeYears: 30, source: 'bench' }));
  network.nodes.filter((n) => n.throughputTeuPerYear !== null).slice(0, per).forEach((n) =>
    items.push({ type: 'upgrade', id: `up-${n.id}`, target: n.id, throughputTeuPerYear: n.throughputTeuPerYear! * 2, capexUsd: capex(), lifetimeYears: 30, source: 'bench' }));
  network.links.filter((l) => l.mode === 'rail' || l.mode === 'road').slice(0, candidateCount - items.length).forEach((l) =>
    items.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: l.coordinates },
      properties: { id: `new-${l.id}`, from: l.from, to: l.to, mode: l.mode, gauge: l.gauge, status: 'candidate', lengthKm: l.lengthKm * 0.9, costUsdPerTeuKm: l.costUsdPerTeuKm, speedKmh: (l.speedKmh ?? 30) * 1.2, capacityTeuPerYear: 20_000, capexUsd: capex(), lifetimeYears: 30, source: 'bench' },
    }));
  const candidates = parseCandidates(items.slice(0, candidateCount), network);
  return { network, demand, candidates, budgetUsd: candidates.reduce((s, c) => s + c.capexUsd, 0) / 3 };
}

function instance(name: string): Instance {
  const m = /^synthetic-(\d+)x(\d+)$/.exec(name);
  if (m) return synthetic(Number(m[1]), Number(m[2]));
  const network = loadNetwork(name);
  const files = name === 'china-eurasia' ? ['eurasian-land-bridge', 'land-sea-corridor'] : [name];
  const candidates = files.flatMap((f) => loadCandidates(`networks/candidates/${f}.geojson`, network));
  return { network, demand: loadDemand('default', network), candidates, budgetUsd: 1e9 };
}

async function worker(name: string, backendName: BackendName | 'race'): Promise<void> {
  const inst = instance(name);
  const { model, buildColumns } = buildPortfolioMip(inst.network, inst.demand, inst.candidates, { budgetUsd: inst.budgetUsd });
  // 'race': HiGHS and GLPK on two worker threads, first proven optimum wins (choosePortfolioBackend above GLPK_MIP_MAX_SIZE).
  const race = backendName === 'race' ? new MipRace(['highs', 'glpk']) : null;
  const backend = race ?? getBackend(backendName as BackendName);
  // Warm-up: a 2-binary knapsack, so that module loading and WebAssembly compilation are not timed.
  await backend.solve({ sense: 'maximize', columns: [{ name: 'a', lower: 0, upper: 1, cost: 3, integer: true }, { name: 'b', lower: 0, upper: 1, cost: 2, integer: true }], rows: [{ name: 'w', lower: -Infinity, upper: 1, indices: [0, 1], values: [1, 1] }] });
  const times: number[] = [];
  let last = null;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    last = await backend.solve(model, { relativeMipGap: PORTFOLIO_MIP_GAP, timeLimitSeconds: CAP });
    times.push((performance.now() - t) / 1000);
    if (times[i] > CAP / 6) break;
  }
  await race?.close();
  times.sort((a, b) => a - b);
  const chosen = last!.columnValues ? inst.candidates.filter((_, i) => last!.columnValues![buildColumns[i]] > 0.5).map((c) => c.id) : [];
  const nnz = model.rows.reduce((s, r) => s + r.indices.length, 0);
  process.stdout.write(`${JSON.stringify({ winner: last!.backend, status: last!.status, objective: last!.objective, seconds: times[Math.floor(times.length / 2)], runs: times.length, columns: model.columns.length, rows: model.rows.length, nnz, binaries: buildColumns.length, chosen: chosen.length })}\n`);
}

async function main(): Promise<void> {
  const cases = (process.env.CASES ?? ALL_CASES.join(',')).split(',');
  const rows: string[] = ['| case | MIP size (cols + nnz) | binaries | backend | status | median solve s | objective USD/yr | chosen |', '|---|---|---|---|---|---|---|---|'];
  for (const name of cases) {
    for (const b of BACKENDS) {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/portfolio-mip.ts', '--worker', name, b], { encoding: 'utf8', timeout: (CAP + 60) * 1000, maxBuffer: 1 << 24 });
      const line = res.stdout.trim().split('\n').pop() ?? '';
      let r: Record<string, number | string> | null;
      try {
        r = JSON.parse(line);
      } catch {
        r = null;
      }
      const cell = r
        ? `| ${name} | ${(Number(r.columns) + Number(r.nnz)).toLocaleString('en')} | ${r.binaries} | ${b === 'race' ? `race (${r.winner} won)` : b} | ${r.status} | ${Number(r.seconds).toFixed(3)} | ${r.objective === null ? '—' : Math.round(Number(r.objective)).toLocaleString('en')} | ${r.chosen} |`
        : `| ${name} | | | ${b} | ${res.signal ? `killed after ${CAP + 60} s` : `failed: ${res.stderr.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l)).slice(-4).join(' / ')}`} | | | |`;
      console.error(cell);
      rows.push(cell);
    }
  }
  console.log(rows.join('\n'));
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4] as BackendName | 'race');
else await main();
