import type { Command } from 'commander';
import { loadDemand, loadNetwork, type Network } from '../../network/index.js';
import { InvalidArgumentError, fmt, formatTable } from '../../shared/index.js';
import { candidatesFromNetwork, loadCandidates, type Candidate } from '../../evaluate/index.js';
import {
  loadScenarioSet,
  resilienceMeasures,
  resilienceToGeoJson,
  robustPortfolio,
  ROBUST_OBJECTIVES,
  type ResilienceReport,
  type RobustObjective,
  type RobustPortfolioResult,
} from '../../resilience/index.js';
import { DEFAULT_OPTIMIZE_NETWORK } from './optimize-command.js';
import { parseNumberOption, redisUrlOption, REDIS_OPTION_HELP, runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { addCostFlags, costOptions, type CostFlagValues } from './cost-flags.js';

const usd = (v: number | null) => (v === null ? '—' : `USD ${fmt(v)}`);
const num = (v: number | null, d = 0) => (v === null ? '—' : fmt(v, d));
const pct = (v: number | null) => (v === null ? '—' : `${fmt(v * 100, 1)}%`);

/** Options that `corridor resilience` and `corridor evaluate --scenarios` share. */
interface ResilienceCliOptions extends CostFlagValues {
  network: string;
  demand: string;
  scenarios: string;
  candidates?: string;
  top: number;
  json?: boolean;
  redis?: string;
}

/** Robust evaluate options (from `corridor evaluate`). */
export interface RobustEvaluateCliOptions extends ResilienceCliOptions {
  objective?: string;
  budget?: number;
  discountRate?: number;
  relativeGap?: number;
  maxIterations?: number;
}


/** A one-line progress report on stderr, for humans only (off with --json or when stderr is not a terminal). */
function progressLine(io: CliIo, enabled: boolean): { write: (text: string) => void; stop: () => void } {
  if (!enabled || !io.errIsTty) return { write: () => {}, stop: () => {} };
  let shown = false;
  return {
    write: (text) => {
      io.err(`\r\x1b[K${text}`);
      shown = true;
    },
    stop: () => {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

function candidatesOf(network: Network, file: string | undefined, required: boolean): Candidate[] {
  const list = file ? loadCandidates(file, network) : candidatesFromNetwork(network);
  if (required && !list.length) throw new InvalidArgumentError(`network "${network.id}" has no candidate links; pass --candidates <file> (docs/candidates-format.md)`);
  return list;
}

/**
 * `corridor evaluate --scenarios <file|default> --objective expected|worst|regret`: the robust portfolio
 * (src/resilience/robust-portfolio.ts). Called by the evaluate command when --scenarios is given.
 */
export async function runRobustEvaluate(opts: RobustEvaluateCliOptions, io: CliIo = processIo): Promise<void> {
  const objective = (opts.objective ?? 'expected') as RobustObjective;
  if (!ROBUST_OBJECTIVES.includes(objective)) throw new InvalidArgumentError(`--objective: unknown objective "${opts.objective}"; use one of ${ROBUST_OBJECTIVES.join(', ')}`);
  const network = loadNetwork(opts.network);
  const demand = loadDemand(opts.demand, network);
  const set = loadScenarioSet(opts.scenarios, network);
  const candidates = candidatesOf(network, opts.candidates, true);
  const progress = progressLine(io, !opts.json);
  let r: RobustPortfolioResult;
  try {
    r = await robustPortfolio(network, demand, candidates, set, {
      ...costOptions(opts),
      redisUrl: await redisUrlOption(opts.redis),
      objective,
      budgetUsd: opts.budget ?? null,
      discountRate: opts.discountRate,
      relativeGap: opts.relativeGap,
      maxIterations: opts.maxIterations,
      onProgress: (p) => progress.write(`${p.phase === 'robust' ? 'robust portfolio' : `best for ${p.scenarioId}`}: iteration ${p.iteration}, gap ${p.relativeGap.toExponential(2)}, ${p.subproblemSolves} scenario solves`),
    });
  } finally {
    progress.stop();
  }
  if (r.status !== 'optimal') io.setExitCode(1);
  if (opts.json) io.out(`${JSON.stringify(r, null, 2)}\n`);
  else io.out(`${formatRobustPortfolio(r, network.name, set.name)}\n`);
}

const OBJECTIVE_WORDS: Record<RobustObjective, string> = {
  expected: 'expected yearly cost: annualized capex + Σ probability × scenario cost',
  worst: 'worst-case yearly cost: annualized capex + the dearest scenario',
  regret: 'largest regret: capex + scenario cost − that scenario’s own best portfolio',
};

/** Human-readable robust portfolio. */
export function formatRobustPortfolio(r: RobustPortfolioResult, networkName: string, setName: string): string {
  const out: string[] = [];
  out.push(`Robust portfolio on ${networkName}: ${r.scenarios.length} scenarios ("${setName}"), objective ${r.objective} (${OBJECTIVE_WORDS[r.objective]}), ${r.budgetUsd === null ? 'no budget' : `budget ${usd(r.budgetUsd)}`}`);
  out.push(`status ${r.status}${r.message ? ` (${r.message})` : ''}; gap ${r.relativeGap === null ? '—' : r.relativeGap.toExponential(2)} (target ${r.relativeGapTarget.toExponential(0)}); ${r.iterations} Benders iterations, ${r.masterSolves} master MIP solves, ${r.subproblemSolves} warm scenario solves, ${fmt(r.seconds, 1)} s`);
  out.push('');
  out.push(r.chosen.length ? `build ${r.chosen.join(', ')}` : 'build nothing');
  out.push(`capex ${usd(r.capexUsd)} (annualized ${usd(r.annualizedCapexUsd)}/yr); objective ${usd(r.objectiveUsd)}/yr, proven lower bound ${usd(r.lowerBoundUsd)}/yr`);
  if (r.score) out.push(`scored: expected ${usd(r.score.expectedUsd)}/yr, worst ${usd(r.score.worstUsd)}/yr${r.score.regretUsd !== null ? `, largest regret ${usd(r.score.regretUsd)}/yr` : ''}`);
  if (r.singleFuture) {
    const s = r.singleFuture;
    out.push('');
    out.push(`single-future portfolio (best for scenario "${s.scenarioId}" alone): ${s.chosen.length ? s.chosen.join(', ') : 'nothing'}; capex ${usd(s.capexUsd)}`);
    out.push(`  scored: expected ${usd(s.expectedUsd)}/yr, worst ${usd(s.worstUsd)}/yr${s.regretUsd !== null ? `, largest regret ${usd(s.regretUsd)}/yr` : ''}`);
    out.push(`  planning for that one future costs ${usd(r.valueOfRobustnessUsd)}/yr more under the ${r.objective} objective`);
  }
  out.push('');
  out.push(
    formatTable(r.scenarios, [
      { header: 'scenario', value: (s) => s.id },
      { header: 'probability', value: (s) => fmt(s.probability, 3), align: 'right' },
      { header: 'cost USD/yr', value: (s) => num(s.objectiveUsd), align: 'right' },
      { header: 'nothing built USD/yr', value: (s) => num(s.nothingBuiltObjectiveUsd), align: 'right' },
      { header: 'unserved TEU/yr', value: (s) => num(s.unservedTeu), align: 'right' },
      { header: 'own best USD/yr', value: (s) => num(s.ownBest?.totalUsd ?? null), align: 'right' },
      { header: 'regret USD/yr', value: (s) => num(s.regretUsd), align: 'right' },
      { header: 'status', value: (s) => s.status },
    ]),
  );
  return out.join('\n');
}

/** Human-readable `corridor resilience`. */
export function formatResilience(r: ResilienceReport, networkName: string, top: number): string {
  const out: string[] = [];
  out.push(`Resilience of ${networkName} over ${r.scenarios.length} scenarios ("${r.scenarioSet}"); base case "${r.baseScenarioId}": ${usd(r.base.objectiveUsd)}/yr, ${pct(r.base.servedShare)} of demand served (${r.solves} warm solves, ${fmt(r.seconds, 1)} s)`);
  out.push('', 'Scenarios');
  out.push(
    formatTable(r.scenarios, [
      { header: 'scenario', value: (s) => s.id },
      { header: 'probability', value: (s) => fmt(s.probability, 3), align: 'right' },
      { header: 'added cost USD/yr', value: (s) => num(s.addedCostUsd), align: 'right' },
      { header: 'served', value: (s) => pct(s.servedShare), align: 'right' },
      { header: 'unserved TEU/yr', value: (s) => num(s.unservedTeu), align: 'right' },
      { header: 'status', value: (s) => s.status },
    ]),
  );
  out.push('', `Redundancy by corridor (origin → destination country): the scenario that serves the smallest share`);
  out.push(
    formatTable(r.corridors.slice(0, top), [
      { header: 'corridor', value: (c) => c.corridor },
      { header: 'demand TEU/yr', value: (c) => fmt(c.demandTeuPerYear), align: 'right' },
      { header: 'worst scenario', value: (c) => c.worstScenarioId ?? '—' },
      { header: 'served there', value: (c) => pct(c.worstServedShare), align: 'right' },
      { header: 'extra USD/TEU there', value: (c) => num(c.byScenario.find((x) => x.scenarioId === c.worstScenarioId)?.extraCostUsdPerTeu ?? null), align: 'right' },
    ]),
  );
  out.push('', `Redundancy by OD pair (least redundant first, top ${top})`);
  out.push(
    formatTable(r.od.slice(0, top), [
      { header: 'origin → destination', value: (o) => `${o.origin} → ${o.destination}` },
      { header: 'demand TEU/yr', value: (o) => fmt(o.demandTeuPerYear), align: 'right' },
      { header: 'base USD/TEU', value: (o) => num(o.baseCostUsdPerTeu), align: 'right' },
      { header: 'worst scenario', value: (o) => o.worstScenarioId ?? '—' },
      { header: 'served there', value: (o) => pct(o.worstServedShare), align: 'right' },
      { header: 'extra USD/TEU there', value: (o) => num(o.worstExtraCostUsdPerTeu), align: 'right' },
    ]),
  );
  out.push('', 'Backup capacity of the binding links and terminals (each closed alone; spare = capacity − base flow on the links that take its traffic)');
  out.push(
    r.backupCapacity.length
      ? formatTable(r.backupCapacity.slice(0, top), [
          { header: 'element', value: (b) => `${b.kind} ${b.id}` },
          { header: 'flow TEU/yr', value: (b) => fmt(b.flowTeuPerYear), align: 'right' },
          { header: 'shadow USD/TEU', value: (b) => fmt(b.shadowPriceUsdPerTeu, 1), align: 'right' },
          { header: 'closed: added USD/yr', value: (b) => num(b.closedAddedCostUsd), align: 'right' },
          { header: 'unserved TEU/yr', value: (b) => num(b.closedAddedUnservedTeu), align: 'right' },
          { header: 'spare TEU/yr', value: (b) => (b.spareOnAlternativesTeuPerYear === null ? (b.alternatives.length ? 'unlimited' : '—') : fmt(b.spareOnAlternativesTeuPerYear)), align: 'right' },
          { header: 'coverage', value: (b) => pct(b.backupCoverage), align: 'right' },
          { header: 'main alternatives', value: (b) => b.alternatives.filter((a) => a.kind === 'link').slice(0, 3).map((a) => a.id).join(', ') || '—' },
        ])
      : '  no binding capacity in the base case',
  );
  out.push('', 'Concentration (HHI of throughput, 0–1; × 10,000 for HHI points)');
  out.push(
    formatTable(r.concentration, [
      { header: 'category', value: (c) => c.category },
      { header: 'HHI', value: (c) => fmt(c.hhi, 3), align: 'right' },
      { header: 'TEU/yr', value: (c) => fmt(c.totalTeuPerYear), align: 'right' },
      { header: 'largest', value: (c) => (c.elements[0] ? `${c.elements[0].id} ${pct(c.elements[0].share)}` : '—') },
      { header: 'second', value: (c) => (c.elements[1] ? `${c.elements[1].id} ${pct(c.elements[1].share)}` : '—') },
    ]),
  );
  if (r.largestElementShare) out.push(`largest share of all TEU through one element: ${r.largestElementShare.id} (${r.largestElementShare.category}) ${pct(r.largestElementShare.shareOfTotalTeu)}, ${fmt(r.largestElementShare.throughputTeuPerYear)} TEU/yr`);
  if (r.backupValues.length) {
    out.push('', 'Candidates as backup (benefit alone; backup value = expected benefit over the scenarios − base-case benefit)');
    out.push(
      formatTable(r.backupValues.slice(0, top), [
        { header: 'candidate', value: (b) => b.id },
        { header: 'base benefit USD/yr', value: (b) => num(b.baseBenefitUsd), align: 'right' },
        { header: 'expected USD/yr', value: (b) => num(b.expectedBenefitUsd), align: 'right' },
        { header: 'backup value USD/yr', value: (b) => num(b.backupValueUsd), align: 'right' },
        { header: 'largest USD/yr', value: (b) => num(b.maxBenefitUsd), align: 'right' },
        { header: 'in', value: (b) => b.maxBenefitScenarioId ?? '—' },
      ]),
    );
  }
  return out.join('\n');
}

/** `corridor resilience`: redundancy, backup capacity, concentration and candidates' backup value. */
export function registerResilienceCommand(program: Command, io: CliIo = processIo): void {
  addCostFlags(
    program
      .command('resilience')
      .description('resilience measures over a scenario set: redundancy per OD pair and corridor, backup capacity of binding elements, concentration (HHI), candidates’ value as backup')
      .option('--network <id|file>', 'built-in network id or network GeoJSON file', DEFAULT_OPTIMIZE_NETWORK)
      .option('--demand <file|default>', 'demand CSV/JSON or "default" for the built-in scenario', 'default')
      .option('--scenarios <file|default>', 'scenario-set JSON (docs/scenario-set-format.md) or "default" for the network’s built-in set', 'default')
      .option('--candidates <file>', "candidates whose value as backup is measured (default: the network's own candidate links)"),
    ['vot', 'carbonPrice', 'unservedPenalty', 'timeLimit'],
  )
    .option('--binding <n>', 'binding elements whose backup capacity is measured, at most', parseNumberOption('--binding'), 20)
    .option('--redis <url>', REDIS_OPTION_HELP)
    .option('--top <n>', 'rows in each table', parseNumberOption('--top'), 15)
    .option('--json', 'print the result as JSON')
    .option('--geojson', 'print links coloured by redundancy and nodes with their concentration share as GeoJSON')
    .action((opts: ResilienceCliOptions & { binding: number; geojson?: boolean }) =>
      runCommand(io, opts, async () => {
        const network = loadNetwork(opts.network);
        const demand = loadDemand(opts.demand, network);
        const set = loadScenarioSet(opts.scenarios, network);
        const candidates = candidatesOf(network, opts.candidates, false);
        const progress = progressLine(io, !opts.json && !opts.geojson);
        let report: ResilienceReport;
        try {
          report = await resilienceMeasures(network, demand, set, { ...costOptions(opts), redisUrl: await redisUrlOption(opts.redis), candidates, maxBindingElements: Math.max(0, Math.floor(opts.binding)), onProgress: (d, t) => progress.write(`resilience: ${d}/${t} solves`) });
        } finally {
          progress.stop();
        }
        if (report.base.status !== 'optimal') io.setExitCode(1);
        if (opts.geojson) io.out(`${JSON.stringify(resilienceToGeoJson(report, network))}\n`);
        else if (opts.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
        else io.out(`${formatResilience(report, network.name, Math.max(1, Math.floor(opts.top)))}\n`);
      }),
    );
}
