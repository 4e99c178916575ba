/**
 * Robust portfolio (src/resilience/): the Benders decomposition on warm path masters against the
 * extensive-form MIP (one arc-LP copy per scenario, shared build binaries) solved by HiGHS, GLPK and native
 * CBC (when `cbc` is installed), on china-eurasia with the built-in 12-scenario set and ≥ 30 candidates,
 * in one run so that the ratios are measured side by side on the same machine load.
 *
 *   npx tsx bench/resilience-bench.ts                  # objective expected, every backend
 *   OBJECTIVE=worst CAP=120 BACKENDS=highs,cbc npx tsx bench/resilience-bench.ts
 *
 * Candidates (bench only; figures are estimates, not in networks/): the 7 built-in candidates; a 1.5×
 * throughput upgrade of every other node with a throughput limit (capex estimate: USD 150 per TEU/yr added,
 * 25 years); a 10 % cheaper upgrade (costUsdPerTeuKm × 0.9: electrification / longer trains) of the 15
 * links with the most base-case TEU-km (capex estimate: USD 0.4 M per km, 30 years), or with MIX=lines a new
 * parallel line beside each of them, 10 % cheaper, 300,000 TEU/yr (USD 0.6 M per km). Budget: BUDGET_USD
 * (default 5e9). CAP seconds (default 240) limit each extensive-form MIP solve.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETWORKS_DIR, loadBuiltinNetwork } from '../networks/index.js';
import { writeMps } from '../solver/index.js';
import { loadDemand } from '../src/network/demand.js';
import { buildPortfolioMip, loadCandidates, parseCandidates, type Candidate } from '../src/evaluate/index.js';
import { optimize } from '../src/assignment/index.js';
import { extensiveFormPortfolio, loadScenarioSet, robustPortfolio, scenarioDemand, type RobustObjective } from '../src/resilience/index.js';

const CAP = Number(process.env.CAP ?? 240);
const OBJECTIVE = (process.env.OBJECTIVE ?? 'expected') as RobustObjective;
const BUDGET = Number(process.env.BUDGET_USD ?? 5e9);
const BACKENDS = (process.env.BACKENDS ?? 'highs,glpk,cbc').split(',');
/** The stated gap: the decomposition stops there and the extensive forms are solved to the same relative MIP gap. */
const GAP = Number(process.env.GAP ?? 1e-2);
/** upgrades: 10 % cheaper upgrades of unlimited links (a big-M switch each); lines: new capacity-limited parallel lines. */
const MIX = process.env.MIX ?? 'upgrades';

const network = loadBuiltinNetwork('china-eurasia');
const demand = loadDemand('default', network);
const set = loadScenarioSet('default', network);
const builtIn = [...loadCandidates(join(NETWORKS_DIR, 'candidates/eurasian-land-bridge.geojson'), network), ...loadCandidates(join(NETWORKS_DIR, 'candidates/land-sea-corridor.geojson'), network)];
const targeted = new Set(builtIn.flatMap((c) => (c.kind === 'upgrade' ? [c.target] : [])));
const base = await optimize(network, demand, { paths: false });
const teuKm = new Map<string, number>();
for (const l of base.links) teuKm.set(l.id, (teuKm.get(l.id) ?? 0) + l.flowTeuPerYear * l.lengthKm);
const busiest = [...teuKm.entries()].filter(([id]) => !targeted.has(id)).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([id]) => network.links.find((l) => l.id === id)!);
const generated = parseCandidates(
  [
    ...network.nodes
      .filter((n) => n.throughputTeuPerYear !== null && !targeted.has(n.id))
      .map((n) => ({ type: 'upgrade', id: `bench-${n.id}-x1.5`, target: n.id, throughputTeuPerYear: n.throughputTeuPerYear! * 1.5, capexUsd: 150 * n.throughputTeuPerYear! * 0.5, lifetimeYears: 25, source: 'estimate: bench only, USD 150 per TEU/yr of added throughput' })),
    ...(MIX === 'upgrades'
      ? busiest.map((l) => ({ type: 'upgrade', id: `bench-${l.id}-cheaper`, target: l.id, costUsdPerTeuKm: l.costUsdPerTeuKm * 0.9, capexUsd: 0.4e6 * l.lengthKm, lifetimeYears: 30, source: 'estimate: bench only, USD 0.4 M per km' }))
      : busiest.map((l) => ({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: l.coordinates },
          properties: { id: `bench-${l.id}-line`, from: l.from, to: l.to, mode: l.mode, ...(l.gauge ? { gauge: l.gauge } : {}), status: 'candidate', lengthKm: l.lengthKm, costUsdPerTeuKm: l.costUsdPerTeuKm * 0.9, hours: l.hours, co2KgPerTeuKm: l.co2KgPerTeuKm, capacityTeuPerYear: 300_000, capexUsd: 0.6e6 * l.lengthKm, lifetimeYears: 30, source: 'estimate: bench only, a new parallel line 10 % cheaper, 300,000 TEU/yr, USD 0.6 M per km' },
        }))),
  ],
  network,
);
const candidates: Candidate[] = [...builtIn, ...generated];

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; objective ${OBJECTIVE}; ${candidates.length} candidates × ${set.scenarios.length} scenarios; budget USD ${BUDGET.toExponential(2)}; stated relative gap ${GAP}; candidate mix ${MIX}; CAP ${CAP} s`);

// Decomposition first (its peak memory is the process's so far).
const t0 = performance.now();
const robust = await robustPortfolio(network, demand, candidates, set, {
  objective: OBJECTIVE,
  budgetUsd: BUDGET,
  relativeGap: GAP,
  // The single-future comparison is a second Benders run that the extensive form does not do: off here.
  baseScenarioId: null,
  onProgress: (p) => { if (process.env.VERBOSE) console.error(`${p.phase} ${p.scenarioId ?? ''} it ${p.iteration} lb ${p.lowerBoundUsd.toFixed(0)} ub ${p.upperBoundUsd.toFixed(0)} gap ${p.relativeGap.toExponential(2)} solves ${p.subproblemSolves} ${((performance.now() - t0) / 1000).toFixed(1)} s`); },
});
const robustSeconds = (performance.now() - t0) / 1000;
const robustMb = mb();
console.log(`benders: ${robustSeconds.toFixed(2)} s, status ${robust.status}, objective ${robust.objectiveUsd?.toFixed(0)}, gap ${robust.relativeGap?.toExponential(2)}, ${robust.iterations} iterations, ${robust.masterSolves} master MIPs, ${robust.subproblemSolves} warm solves, peak RSS ${robustMb} MB; chosen ${robust.chosen.join(', ')}`);

const rows: { backend: string; seconds: number; status: string; objective: number | null; note: string }[] = [];
for (const backend of BACKENDS) {
  if (backend === 'cbc') {
    if (spawnSync('cbc', ['-quit'], { stdio: 'ignore' }).error) {
      console.log('cbc: not installed, skipped');
      continue;
    }
    if (OBJECTIVE !== 'expected') {
      console.log('cbc: only the expected objective is written for cbc here (regret needs per-scenario MIPs first), skipped');
      continue;
    }
    // The same extensive form as extensiveFormPortfolio (expected): written as MPS, solved by cbc, timed as a process.
    const parts = set.scenarios.map((s) => buildPortfolioMip(network, scenarioDemand(demand, s), candidates, { closedNodeIds: s.closedNodeIds, closedLinkIds: s.closedLinkIds, capacityMultipliers: s.capacityMultipliers, budgetUsd: null }));
    const model = { sense: 'minimize' as const, columns: [] as import('../solver/lp-model.js').LpColumn[], rows: [] as import('../solver/lp-model.js').LpRow[] };
    candidates.forEach((c, i) => model.columns.push({ name: `y${i}`, lower: 0, upper: 1, cost: parts[0].annualizedCapexUsd[i], integer: true }));
    parts.forEach((mip, s) => {
      const isBuild = new Map(mip.buildColumns.map((col, c) => [col, c]));
      const map = mip.model.columns.map((col, j) => {
        const c = isBuild.get(j);
        if (c !== undefined) return c;
        model.columns.push({ ...col, name: `s${s}c${j}`, cost: col.cost * set.scenarios[s].probability });
        return model.columns.length - 1;
      });
      mip.model.rows.forEach((row, r) => {
        if (r !== mip.budgetRow) model.rows.push({ ...row, name: `s${s}r${r}`, indices: row.indices.map((j) => map[j]) });
      });
    });
    model.rows.push({ name: 'budget', lower: -Infinity, upper: BUDGET, indices: candidates.map((_, c) => c), values: candidates.map((c) => c.capexUsd) });
    const dir = mkdtempSync(join(tmpdir(), 'resilience-bench-'));
    writeFileSync(join(dir, 'ef.mps'), writeMps(model));
    const t = performance.now();
    let out: string;
    try {
      out = execFileSync('cbc', [join(dir, 'ef.mps'), 'ratioGap', String(GAP), 'sec', String(CAP), 'solve', 'solution', join(dir, 'sol.txt')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    const seconds = (performance.now() - t) / 1000;
    const first = (() => {
      try {
        return readFileSync(join(dir, 'sol.txt'), 'utf8').split('\n')[0];
      } catch {
        return '';
      }
    })();
    rmSync(dir, { recursive: true, force: true });
    const m = /objective value\s+([-0-9.eE+]+)/.exec(first);
    rows.push({ backend: 'cbc (native, MPS file)', seconds, status: first.split(' - ')[0]?.trim() || (/Stopped on time/.test(out) ? 'time limit' : 'unknown'), objective: m ? Number(m[1]) : null, note: `${model.columns.length} columns, ${model.rows.length} rows` });
    continue;
  }
  const t = performance.now();
  const ef = await extensiveFormPortfolio(network, demand, candidates, set, { objective: OBJECTIVE, budgetUsd: BUDGET, mipBackend: backend as 'highs' | 'glpk', mipTimeLimitSeconds: CAP, relativeMipGap: GAP });
  rows.push({ backend: `${backend} (extensive form)`, seconds: (performance.now() - t) / 1000, status: ef.status, objective: ef.objectiveUsd, note: `${ef.message ? `${ef.message}; ` : ""}${ef.columns} columns, ${ef.rows} rows, ${ef.nonzeros} nonzeros; chosen ${ef.chosen.join(", ")}` });
}
console.log('');
console.log(`| method | seconds | ratio benders / this | status | objective USD/yr | rel. diff vs benders | notes |`);
console.log(`|---|---:|---:|---|---:|---:|---|`);
console.log(`| Benders on warm path masters | ${robustSeconds.toFixed(2)} | 1 | ${robust.status} (gap ${robust.relativeGap?.toExponential(1)}) | ${robust.objectiveUsd?.toFixed(0)} | — | peak RSS ${robustMb} MB |`);
for (const r of rows) {
  const diff = r.objective !== null && robust.objectiveUsd !== null ? ((r.objective - robust.objectiveUsd) / robust.objectiveUsd).toExponential(1) : '—';
  const capped = r.status !== 'optimal' && !/optimal/i.test(r.status);
  console.log(`| ${r.backend} | ${r.seconds.toFixed(2)}${capped ? ' (capped)' : ''} | ${capped ? '≤ ' : ''}${(robustSeconds / r.seconds).toFixed(3)} | ${r.status} | ${r.objective?.toFixed(0) ?? '—'} | ${diff} | ${r.note} |`);
}
console.log(`peak RSS of the whole process ${mb()} MB`);
