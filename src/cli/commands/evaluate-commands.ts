import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadDemand, loadNetwork } from '../../network/index.js';
import { InvalidArgumentError, ValidationError, fmt, formatTable } from '../../shared/index.js';
import {
  candidatesFromNetwork,
  criticality,
  disrupt,
  evaluateCandidates,
  loadCandidates,
  portfolioBudgetSweep,
  sweepBudgets,
  type Candidate,
  type CandidateEvaluationReport,
  type CriticalityReport,
  type DisruptionReport,
  type PortfolioResult,
} from '../../evaluate/index.js';
import { OPTIMIZE_BACKENDS, SHARED_OPTIONS, type OptimizeBackend } from '../../assignment/index.js';
import { DEFAULT_OPTIMIZE_NETWORK, parseDerate } from './optimize-command.js';
import { runRobustEvaluate } from './resilience-command.js';
import { parseList, parseNumberInList, parseNumberOption, redisUrlOption, REDIS_OPTION_HELP, runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { addCostFlags, costOptions, type CostFlagValues } from './cost-flags.js';

const BACKENDS: readonly string[] = OPTIMIZE_BACKENDS;

interface CommonOptions extends CostFlagValues {
  network: string;
  demand: string;
  backend: string;
  top: number;
  json?: boolean;
}

/** The options every command of this group shares (network, demand, cost weights, backend, output). */
function commonOptions(cmd: Command, defaultTop = 15): Command {
  cmd
    .option('--network <id|file>', 'built-in network id or network GeoJSON file', DEFAULT_OPTIMIZE_NETWORK)
    .option('--demand <file|default>', 'demand CSV/JSON or "default" for the built-in scenario', 'default')
    .option(SHARED_OPTIONS.backend.flag, SHARED_OPTIONS.backend.cliHelp, 'auto');
  return addCostFlags(cmd, ['vot', 'carbonPrice', 'unservedPenalty', 'timeLimit'])
    .option('--top <n>', 'rows in each table', parseNumberOption('--top'), defaultTop)
    .option('--json', 'print the result as JSON');
}

function optimizeOptions(opts: CommonOptions) {
  return {
    backend: opts.backend as OptimizeBackend,
    ...costOptions(opts),
  };
}

function workersOption(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new ValidationError('option --workers', [{ path: '--workers', message: `must be an integer ≥ 0 (0 = no worker threads), got ${value}` }]);
  return value;
}

/**
 * A progress bar on stderr, only for humans: off with --json and when stderr is not a terminal.
 * Returns the progress callback and a function that stops the bar.
 */
function progressBar(io: CliIo, enabled: boolean, label: string): { onProgress: (done: number, total: number) => void; stop: () => void } {
  if (!enabled || !io.errIsTty) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} solves | {duration_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

const usd = (v: number | null) => (v === null ? '—' : `USD ${fmt(v)}`);
const num = (v: number | null, d = 0) => (v === null ? '—' : fmt(v, d));
const pct = (v: number | null) => (v === null ? '—' : `${fmt(v * 100, 1)}%`);
const top = (n: number) => Math.max(1, Math.floor(n));

interface EvaluateCommandOptions extends CommonOptions {
  candidates?: string;
  budget?: number;
  discountRate?: number;
  sweep?: boolean | number;
  sweepBudgets?: string[];
  mipBackend: string;
  workers?: number;
}

/** JSON of `corridor evaluate`. */
export interface EvaluateCommandJson extends CandidateEvaluationReport {
  portfolio: PortfolioResult;
  budgetSweep?: PortfolioResult[];
}

/**
 * `corridor evaluate`, `corridor disrupt` and `corridor criticality`: candidate appraisal and portfolio,
 * disruption scenarios and N-1 criticality.
 */
export function registerEvaluateCommands(program: Command, io: CliIo = processIo): void {
  commonOptions(
    program
      .command('evaluate')
      .description('appraise candidate links and upgrades (benefit, BCR, NPV, attracted TEU) and pick the best portfolio under a budget (MIP)'),
  )
    .option('--candidates <file>', "candidates GeoJSON/JSON (docs/candidates-format.md); default: the network's own candidate links")
    .option('--budget <usd>', 'capex budget of the portfolio, USD (default: no budget)', parseNumberOption('--budget'))
    .option('--discount-rate <rate>', 'real discount rate per year (0.06 = 6 %)', parseNumberOption('--discount-rate'), 0.06)
    .option('--sweep [steps]', 'also solve the portfolio for budgets from 0 to the total capex in this many steps (default 10)', parseNumberOption('--sweep'))
    .option('--sweep-budgets <list>', 'also solve the portfolio for these budgets, USD, comma-separated', parseList)
    .option('--mip-backend <name>', 'backend of the portfolio MIP: auto (GLPK for small MIPs, else a race of HiGHS and GLPK), race, highs, glpk, js-lp-solver', 'auto')
    .option('--workers <n>', 'worker threads for the per-candidate solves (0 = none; default: one per core when the solves take over 20 s in all, else none)', parseNumberOption('--workers'))
    .option('--redis <url>', REDIS_OPTION_HELP)
    .option('--scenarios <file|default>', 'robust portfolio over a scenario set (docs/scenario-set-format.md; "default" = the network\'s built-in set), chosen once for all scenarios')
    .option('--objective <name>', 'with --scenarios: expected (capex + probability-weighted cost), worst (min–max) or regret (min–max regret)', 'expected')
    .option('--relative-gap <gap>', 'with --scenarios: stop the decomposition at this relative optimality gap', parseNumberOption('--relative-gap'), 1e-6)
    .action((opts: EvaluateCommandOptions & { scenarios?: string; objective: string; relativeGap: number; redis?: string }) =>
      runCommand(io, opts, async () => {
        // Issue 14: a scenario set turns the single-future portfolio into a robust one (src/resilience/).
        if (opts.scenarios !== undefined) return runRobustEvaluate({ ...opts, scenarios: opts.scenarios }, io);
        const network = loadNetwork(opts.network);
        const demand = loadDemand(opts.demand, network);
        const candidates: Candidate[] = opts.candidates ? loadCandidates(opts.candidates, network) : candidatesFromNetwork(network);
        if (candidates.length === 0) throw new InvalidArgumentError(`network "${network.id}" has no candidate links; pass --candidates <file> (docs/candidates-format.md)`);
        const base = optimizeOptions(opts);
        const progress = progressBar(io, !opts.json, 'evaluating candidates');
        let report: CandidateEvaluationReport;
        try {
          report = await evaluateCandidates(network, demand, candidates, { ...base, paths: false, discountRate: opts.discountRate, workers: workersOption(opts.workers), redisUrl: await redisUrlOption(opts.redis), onProgress: progress.onProgress });
        } finally {
          progress.stop();
        }
        const sweep: number[] = [];
        if (opts.sweep !== undefined) sweep.push(...sweepBudgets(candidates, opts.sweep === true ? 10 : Number(opts.sweep)));
        for (const b of opts.sweepBudgets ?? []) {
          const v = parseNumberInList('--sweep-budgets', b);
          if (v < 0) throw new ValidationError('option --sweep-budgets', [{ path: '--sweep-budgets', message: `"${b}" is not a budget in USD ≥ 0` }]);
          sweep.push(v);
        }
        const budgets = [opts.budget ?? null, ...sweep];
        if (![...BACKENDS, 'race'].includes(opts.mipBackend)) throw new InvalidArgumentError(`--mip-backend: unknown backend "${opts.mipBackend}"; use one of ${[...BACKENDS, 'race'].join(', ')}`);
        const portfolios = await portfolioBudgetSweep(network, demand, candidates, budgets, { ...base, discountRate: opts.discountRate, mipBackend: opts.mipBackend as OptimizeBackend | 'race' });
        const json: EvaluateCommandJson = { ...report, portfolio: portfolios[0] };
        if (sweep.length) json.budgetSweep = portfolios.slice(1);
        if (portfolios.some((p) => p.status !== 'optimal') || report.candidates.some((c) => c.status !== 'optimal')) io.setExitCode(1);
        if (opts.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
        else io.out(`${formatEvaluation(json, network.name, top(opts.top))}\n`);
      }),
    );

  commonOptions(
    program
      .command('disrupt')
      .description('close or derate nodes and links (e.g. --close suez,alashankou) and report the added cost, rerouted and unserved TEU'),
  )
    .option('--close <list>', 'named disruptions (suez, malacca, bab-el-mandeb, alashankou, khorgos, three-gorges-locks), node or link ids, comma-separated', parseList)
    .option('--derate <list>', 'capacity factors id=factor, comma-separated (e.g. alashankou=0.5); names allowed', parseList)
    .action((opts: CommonOptions & { close?: string[]; derate?: string[] }) =>
      runCommand(io, opts, async () => {
        if (!opts.close?.length && !opts.derate?.length) throw new InvalidArgumentError('nothing to disrupt: give --close and/or --derate');
        const network = loadNetwork(opts.network);
        const demand = loadDemand(opts.demand, network);
        const report = await disrupt(network, demand, { close: opts.close ?? [], derate: parseDerate(opts.derate ?? []) }, { ...optimizeOptions(opts), top: top(opts.top) });
        if (report.base.status !== 'optimal' || report.disrupted.status !== 'optimal') io.setExitCode(1);
        if (opts.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
        else io.out(`${formatDisruption(report, network.name)}\n`);
      }),
    );

  commonOptions(
    program
      .command('criticality')
      .description('N-1: close each link and terminal alone, re-solve, and rank them by added cost and unserved demand (parallel)'),
    20,
  )
    .option('--elements <which>', 'links | terminals | all | a comma-separated list of node, link or named-disruption ids', 'all')
    .option('--workers <n>', 'worker threads (0 = none; default: one per core when the solves take over 20 s in all, else none)', parseNumberOption('--workers'))
    .option('--redis <url>', REDIS_OPTION_HELP)
    .option('--all-elements', 'also solve elements that carry no flow in the base case (their added cost is 0 by construction)')
    .option('--include-endpoints', 'also close terminals where demand starts or ends (closing one strands its demand, so they rank by the unserved penalty alone); default: the network\'s own links and terminals only')
    .option('--no-endpoints', 'leave out terminals where demand starts or ends (the default since issue 19; kept for old scripts)')
    .action((opts: CommonOptions & { elements: string; workers?: number; redis?: string; allElements?: boolean; endpoints: boolean; includeEndpoints?: boolean }) =>
      runCommand(io, opts, async () => {
        const network = loadNetwork(opts.network);
        const demand = loadDemand(opts.demand, network);
        const which = ['links', 'terminals', 'all'].includes(opts.elements) ? (opts.elements as 'links' | 'terminals' | 'all') : parseList(opts.elements);
        const progress = progressBar(io, !opts.json, 'N-1 criticality');
        let report: CriticalityReport;
        try {
          const redisUrl = await redisUrlOption(opts.redis);
          report = await criticality(network, demand, { ...optimizeOptions(opts), elements: which, workers: workersOption(opts.workers), redisUrl, skipUnused: !opts.allElements, endpoints: opts.includeEndpoints === true && opts.endpoints, onProgress: progress.onProgress });
        } finally {
          progress.stop();
        }
        if (report.base.status !== 'optimal' || report.entries.some((e) => e.status !== 'optimal')) io.setExitCode(1);
        const n = top(opts.top);
        if (opts.json) io.out(`${JSON.stringify({ ...report, entries: report.entries.slice(0, n) }, null, 2)}\n`);
        else io.out(`${formatCriticality(report, network.name, n)}\n`);
      }),
    );
}

/** Human-readable `corridor evaluate` output: one row per candidate, the portfolio and the budget sweep. */
export function formatEvaluation(r: EvaluateCommandJson, networkName: string, rows = 15): string {
  const out: string[] = [];
  out.push(`${networkName} (${r.networkId}): ${r.candidates.length} candidate${r.candidates.length === 1 ? '' : 's'} against the base case (${r.base.status}, objective ${usd(r.base.objectiveUsd)}/yr); discount rate ${fmt(r.discountRate * 100, 1)} %; ${fmt(r.wallSeconds, 1)} s on ${r.workers || 'no'} worker thread${r.workers === 1 ? '' : 's'}`);
  out.push('', 'Each candidate alone (benefit = base objective − objective with it, USD/yr; BCR = benefit / annualized capex)');
  out.push(
    formatTable([...r.candidates].sort((a, b) => (b.netAnnualBenefitUsd ?? -Infinity) - (a.netAnnualBenefitUsd ?? -Infinity)), [
      { header: 'candidate', value: (c) => (c.target ? `${c.id} (upgrade ${c.target})` : c.id) },
      { header: 'capex USD', value: (c) => fmt(c.capexUsd), align: 'right' },
      { header: 'yrs', value: (c) => fmt(c.lifetimeYears), align: 'right' },
      { header: 'benefit USD/yr', value: (c) => num(c.annualBenefitUsd), align: 'right' },
      { header: 'annualized capex', value: (c) => fmt(c.annualizedCapexUsd), align: 'right' },
      { header: 'BCR', value: (c) => num(c.bcr, 2), align: 'right' },
      { header: 'NPV USD', value: (c) => num(c.npvUsd), align: 'right' },
      { header: 'attracted TEU/yr', value: (c) => num(c.attractedTeu), align: 'right' },
      { header: 'mostly from', value: (c) => c.shiftedFrom.slice(0, 2).map((l) => `${l.id} ${fmt(l.deltaTeuPerYear)}`).join(', ') || (c.status === 'optimal' ? '—' : c.status) },
    ]),
  );
  const parts = r.candidates.filter((c) => c.benefitBreakdown && Math.abs(c.annualBenefitUsd ?? 0) > 0);
  if (parts.length) {
    out.push('', 'Benefit by part, USD/yr (money, time, CO2, unserved penalty)');
    out.push(formatTable(parts, [
      { header: 'candidate', value: (c) => c.id },
      { header: 'money', value: (c) => fmt(c.benefitBreakdown!.moneyUsd), align: 'right' },
      { header: 'time', value: (c) => fmt(c.benefitBreakdown!.timeUsd), align: 'right' },
      { header: 'CO2', value: (c) => fmt(c.benefitBreakdown!.carbonUsd), align: 'right' },
      { header: 'unserved', value: (c) => fmt(c.benefitBreakdown!.unservedPenaltyUsd), align: 'right' },
      { header: 'newly served TEU/yr', value: (c) => num(c.newlyServedTeu), align: 'right' },
    ]));
  }
  const p = r.portfolio;
  for (const c of r.candidates) for (const w of c.warnings ?? []) out.push(`warning: ${c.id}: ${w}`);
  out.push('', `Portfolio (${p.budgetUsd === null ? 'no budget' : `budget ${usd(p.budgetUsd)}`}), best subset solved jointly by MIP (${p.raced ? `${p.raced.join(' vs ')} raced, ${p.backend} first` : p.backend}, gap ${p.relativeMipGap}, ${fmt(p.solveSeconds, 2)} s, ${p.status}):`);
  out.push(p.chosen.length ? `  build ${p.chosen.join(', ')}` : '  build nothing: no subset pays for itself');
  out.push(`  capex ${usd(p.capexUsd)}; annual benefit ${usd(p.annualBenefitUsd)}/yr − annualized capex ${usd(p.annualizedCapexUsd)}/yr = net benefit ${usd(p.netBenefitUsd)}/yr`);
  if (r.budgetSweep?.length) {
    out.push('', 'Budget sweep (net benefit against budget)');
    out.push(formatTable(r.budgetSweep.slice(0, Math.max(rows, r.budgetSweep.length)), [
      { header: 'budget USD', value: (s) => fmt(s.budgetUsd ?? Infinity), align: 'right' },
      { header: 'capex USD', value: (s) => fmt(s.capexUsd), align: 'right' },
      { header: 'net benefit USD/yr', value: (s) => num(s.netBenefitUsd), align: 'right' },
      { header: 'chosen', value: (s) => s.chosen.join(', ') || '—' },
    ]));
  }
  return out.join('\n');
}

/** Human-readable `corridor disrupt` output. */
export function formatDisruption(r: DisruptionReport, networkName: string): string {
  const out: string[] = [];
  const derated = Object.entries(r.capacityMultipliers).map(([id, f]) => `${id} ×${fmt(f, 2)}`);
  out.push(`${networkName} (${r.networkId}): closed ${[...r.closedNodeIds, ...r.closedLinkIds].join(', ') || 'nothing'}${derated.length ? `; derated ${derated.join(', ')}` : ''}`);
  out.push(`base ${r.base.status}, objective ${usd(r.base.objectiveUsd)}/yr; disrupted ${r.disrupted.status}, objective ${usd(r.disrupted.objectiveUsd)}/yr`);
  const b = r.addedCostBreakdown;
  out.push('');
  out.push(`Added cost ${usd(r.addedCostUsd)}/yr${b ? ` = money ${usd(b.moneyUsd)} + time ${usd(b.timeUsd)} + CO2 ${usd(b.carbonUsd)} + unserved penalty ${usd(b.unservedPenaltyUsd)}` : ''}`);
  out.push(`Unserved ${num(r.unservedTeu)} TEU/yr (${r.addedUnservedTeu !== null && r.addedUnservedTeu >= 0 ? '+' : ''}${num(r.addedUnservedTeu)}); rerouted ${num(r.reroutedTeu)} TEU/yr (flow that left its base route and is still carried); link flow shift ½Σ|Δ| ${num(r.linkFlowShiftTeu)} TEU/yr`);
  if (r.links.length) {
    out.push('', 'Links whose flow changed most');
    out.push(formatTable(r.links, [
      { header: 'link', value: (l) => l.id },
      { header: 'direction', value: (l) => `${l.from} → ${l.to}` },
      { header: 'mode', value: (l) => l.mode },
      { header: 'base TEU/yr', value: (l) => fmt(l.baseTeuPerYear), align: 'right' },
      { header: 'disrupted', value: (l) => fmt(l.newTeuPerYear), align: 'right' },
      { header: 'change', value: (l) => fmt(l.deltaTeuPerYear), align: 'right' },
    ]));
  }
  if (r.terminals.length) {
    out.push('', 'Terminals whose throughput changed most (use and shadow price under the disruption)');
    out.push(formatTable(r.terminals, [
      { header: 'terminal', value: (t) => t.id },
      { header: 'base TEU/yr', value: (t) => fmt(t.baseTeuPerYear), align: 'right' },
      { header: 'disrupted', value: (t) => fmt(t.newTeuPerYear), align: 'right' },
      { header: 'change', value: (t) => fmt(t.deltaTeuPerYear), align: 'right' },
      { header: 'use', value: (t) => pct(t.utilization), align: 'right' },
      { header: 'shadow USD/TEU', value: (t) => (t.shadowPriceUsdPerTeu === null ? '—' : fmt(t.shadowPriceUsdPerTeu, 2)), align: 'right' },
    ]));
  }
  out.push('', 'Modes (TEU by main mode; TEU-km on every leg)');
  out.push(formatTable(r.modes, [
    { header: 'mode', value: (m) => m.mode },
    { header: 'base TEU/yr', value: (m) => fmt(m.baseTeuPerYear), align: 'right' },
    { header: 'disrupted', value: (m) => fmt(m.newTeuPerYear), align: 'right' },
    { header: 'change', value: (m) => fmt(m.deltaTeuPerYear), align: 'right' },
    { header: 'change TEU-km', value: (m) => fmt(m.deltaTeuKm), align: 'right' },
  ]));
  if (r.od.length) {
    out.push('', 'Flows hit hardest (mean generalized cost per served TEU; main route)');
    out.push(formatTable(r.od, [
      { header: 'flow', value: (o) => `${o.origin} → ${o.destination}` },
      { header: 'TEU/yr', value: (o) => fmt(o.demandTeuPerYear), align: 'right' },
      { header: 'USD/TEU before', value: (o) => num(o.baseCostUsdPerTeu), align: 'right' },
      { header: 'after', value: (o) => num(o.disruptedCostUsdPerTeu), align: 'right' },
      { header: '+unserved', value: (o) => fmt(o.addedUnservedTeu), align: 'right' },
      { header: 'route after', value: (o) => (o.disruptedRoute.join(' › ') === o.baseRoute.join(' › ') ? 'unchanged' : o.disruptedRoute.slice(1, -1).join(' › ') || '(unserved)') },
    ]));
  }
  if (r.bottlenecks.length) {
    out.push('', 'Binding capacities under the disruption');
    out.push(formatTable(r.bottlenecks, [
      { header: 'kind', value: (x) => x.kind },
      { header: 'id', value: (x) => (x.kind === 'link' ? `${x.id} (${x.from} → ${x.to})` : x.id) },
      { header: 'flow TEU/yr', value: (x) => fmt(x.flowTeuPerYear), align: 'right' },
      { header: 'capacity', value: (x) => fmt(x.capacityTeuPerYear), align: 'right' },
      { header: 'shadow USD/TEU', value: (x) => (x.shadowPriceUsdPerTeu === null ? '—' : fmt(x.shadowPriceUsdPerTeu, 2)), align: 'right' },
    ]));
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

/** Human-readable `corridor criticality` output. */
export function formatCriticality(r: CriticalityReport, networkName: string, rows = 20): string {
  const out: string[] = [];
  out.push(`${networkName} (${r.networkId}): N-1 over ${r.elementCount} elements (${r.solvedCount} solved, the rest carry no flow); base objective ${usd(r.base.objectiveUsd)}/yr; ${fmt(r.wallSeconds, 1)} s on ${r.workers || 'no'} worker thread${r.workers === 1 ? '' : 's'}`);
  const left = r.excludedEndpointIds ?? [];
  if (left.length) out.push(`Origins and destinations of demand left out (${left.length}: ${left.slice(0, 8).join(', ')}${left.length > 8 ? ', …' : ''}); --include-endpoints adds them`);
  out.push('', 'Most critical first (added cost includes the penalty of demand left unserved)');
  out.push(formatTable(r.entries.slice(0, rows), [
    { header: '#', value: (e) => e.rank, align: 'right' },
    { header: 'kind', value: (e) => (e.kind === 'link' ? `${e.kind} (${e.mode})` : e.kind) },
    { header: 'id', value: (e) => e.id },
    { header: 'base flow TEU/yr', value: (e) => fmt(e.baseFlowTeu), align: 'right' },
    { header: 'added cost USD/yr', value: (e) => num(e.addedCostUsd), align: 'right' },
    { header: '+unserved TEU/yr', value: (e) => num(e.addedUnservedTeu), align: 'right' },
    { header: 'rerouted TEU/yr', value: (e) => num(e.reroutedTeu), align: 'right' },
    { header: 'note', value: (e) => [e.endpoint ? 'origin/destination' : '', e.solved ? '' : 'no flow: not solved', e.status === 'optimal' ? '' : e.status].filter(Boolean).join('; ') },
  ]));
  if (r.entries.length > rows) out.push(`… ${r.entries.length - rows} more (--top, --json)`);
  return out.join('\n');
}
