/**
 * Staged plan (src/plan/): the decomposition over warm path masters against the extensive-form MIP
 * (HiGHS), side by side in one process, on china-eurasia with 4 periods × 20 candidates.
 *
 *   npx tsx bench/plan-bench.ts            # CAP=300 s for the extensive MIP; CANDIDATES=20
 *
 * Candidates: the 7 of networks/candidates/*.geojson plus throughput upgrades (×1.5, USD 300 M, 30 years —
 * bench figures, not data) of the terminals with the highest utilization in the 2040 do-nothing solve,
 * then faster links (hours × 0.8, USD 300 M) on the links with the most flow, up to CANDIDATES. Growth: the built-in assumptions. Budget: USD 1.5 bn per period.
 * Reports wall seconds of each method (the extensive MIP's build + solve, and the decomposition's flow
 * solves + staged MIPs), their ratio, and the PV cost of each schedule re-solved (the gap).
 */
import { loadDemand } from '../src/network/demand.js';
import { loadCandidates, parseCandidates, type Candidate } from '../src/evaluate/index.js';
import { loadNetwork } from '../src/network/load-network.js';
import { optimize } from '../src/assignment/index.js';
import { applyGrowth, buildExtensiveMip, loadGrowth, makeHorizon, PeriodSolver, planProblem, schedulePvCost, solveByDecomposition, solveStagedMip, stageCandidates } from '../src/plan/index.js';
import { modelSize } from '../solver/index.js';

const CAP = Number(process.env.CAP ?? 300);
const COUNT = Number(process.env.CANDIDATES ?? 20);

const network = loadNetwork('china-eurasia');
const horizon = makeHorizon([2026, 2030, 2035, 2040]);
const grown = applyGrowth(loadDemand('default', network), loadGrowth('default'), horizon, network);
const fileCandidates: Candidate[] = [...loadCandidates('networks/candidates/eurasian-land-bridge.geojson', network), ...loadCandidates('networks/candidates/land-sea-corridor.geojson', network)];
const taken = new Set(fileCandidates.flatMap((c) => (c.kind === 'upgrade' ? [c.target] : [c.id])));
const base2040 = await optimize(network, grown.demandByPeriod[3], { paths: false });
const used = new Map<string, number>();
for (const t of base2040.terminals) used.set(t.id, t.throughputTeuPerYear);
const extra = network.nodes
  .filter((n) => n.throughputTeuPerYear !== null && !taken.has(n.id) && (used.get(n.id) ?? 0) > 0)
  .sort((a, b) => (used.get(b.id) ?? 0) / b.throughputTeuPerYear! - (used.get(a.id) ?? 0) / a.throughputTeuPerYear!)
  .slice(0, Math.max(0, COUNT - fileCandidates.length))
  .map((n) => ({ type: 'upgrade', id: `bench-${n.id}`, target: n.id, throughputTeuPerYear: Math.round(n.throughputTeuPerYear! * 1.5), capexUsd: 3e8, lifetimeYears: 30, source: 'estimate: bench figures' }));
// Then faster links (hours × 0.8) on the links with the most flow, until COUNT.
const flowOf = new Map<string, number>();
for (const l of base2040.links) flowOf.set(l.id, (flowOf.get(l.id) ?? 0) + l.flowTeuPerYear);
const faster = network.links
  .filter((l) => l.status === 'existing' && !taken.has(l.id) && (flowOf.get(l.id) ?? 0) > 0)
  .sort((a, b) => (flowOf.get(b.id) ?? 0) - (flowOf.get(a.id) ?? 0))
  .slice(0, Math.max(0, COUNT - fileCandidates.length - extra.length))
  .map((l) => ({ type: 'upgrade', id: `bench-fast-${l.id}`, target: l.id, hours: l.hours * 0.8, capexUsd: 3e8, lifetimeYears: 30, source: 'estimate: bench figures' }));
const candidates = [...fileCandidates, ...parseCandidates([...extra, ...faster], network)];
const staged = stageCandidates(candidates, horizon);
const problem = planProblem({ network, horizon, demandByPeriod: grown.demandByPeriod, staged, budgetPerPeriodUsd: 1.5e9, optimizeOptions: { paths: false } });
console.log(`china-eurasia: ${horizon.years.join(',')} × ${candidates.length} candidates; ${network.nodes.length} nodes, ${network.links.length} links, ${grown.demandByPeriod[0].length} OD rows`);

// Decomposition (warm path masters per period).
let t0 = performance.now();
const warm = new PeriodSolver(problem, 'warm');
const dec = await solveByDecomposition(problem, warm, {});
const decSeconds = (performance.now() - t0) / 1000;
console.log(`decomposition: ${decSeconds.toFixed(1)} s (${warm.solves} warm flow LPs ${warm.seconds.toFixed(1)} s, ${dec.stats.rounds} rounds, MIP ${dec.stats.mipSeconds.toFixed(2)} s, verified ${dec.stats.verified}, ${dec.stats.pairTerms} pair / ${dec.stats.setTerms} set terms)`);

// Extensive form, HiGHS.
t0 = performance.now();
const ext = buildExtensiveMip(problem);
const buildSeconds = (performance.now() - t0) / 1000;
const sol = await solveStagedMip(ext.model, 'highs', CAP);
const extSeconds = (performance.now() - t0) / 1000;
console.log(`extensive MIP (HiGHS): size ${modelSize(ext.model)}, ${ext.model.columns.length} columns; build ${buildSeconds.toFixed(1)} s, total ${extSeconds.toFixed(1)} s, ${sol.status}, objective ${sol.objective}`);

// Both schedules re-solved cold (arc LP), the same evaluation for both.
const cold = new PeriodSolver(problem, 'cold');
const pvDec = await schedulePvCost(problem, dec.schedule, (s, b) => cold.cost(s, b));
const extSchedule = sol.columnValues ? ext.binaries.columns.map((cols, c) => { const k = cols.findIndex((col) => sol.columnValues![col] > 0.5); return k < 0 ? null : problem.options[c][k].period; }) : null;
const pvExt = extSchedule ? await schedulePvCost(problem, extSchedule, (s, b) => cold.cost(s, b)) : null;
warm.close();
const name = (sch: (number | null)[]) => sch.map((t, c) => (t === null ? null : `${candidates[c].id}@${horizon.years[t]}`)).filter(Boolean).join(', ');
console.log(`decomposition schedule: ${name(dec.schedule)}\n  PV cost ${pvDec}`);
if (extSchedule) console.log(`extensive schedule:     ${name(extSchedule)}\n  PV cost ${pvExt}`);
console.log(`ratio decomposition / extensive = ${(decSeconds / extSeconds).toFixed(3)}; PV gap (decomposition − extensive) = ${pvDec !== null && pvExt !== null ? (pvDec - pvExt).toFixed(0) : '—'} USD (${pvDec !== null && pvExt !== null ? (((pvDec - pvExt) / pvExt) * 100).toExponential(2) : '—'} %)`);
