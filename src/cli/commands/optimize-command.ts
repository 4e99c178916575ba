import type { Command } from 'commander';
import { loadDemand, loadNetwork, resolveClosures } from '../../network/index.js';
import { ValidationError, fmt, formatTable } from '../../shared/index.js';
import { checkAlternativeOptima, describeAlternativeOptima, assignmentResultToJson, assignmentToGeoJson, resolveProblem, SHARED_OPTIONS, solveProblem, type AssignmentResult, type OptimizeBackend, type OptimizeMethod, type PathsAssignmentResult } from '../../assignment/index.js';
import { parseList, parseNumberOption, runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { addCostFlags, costOptions, type CostFlagValues } from './cost-flags.js';

interface OptimizeCommandOptions extends CostFlagValues {
  network: string;
  demand: string;
  backend: string;
  method?: string;
  pricingWorkers?: number;
  close?: string[];
  derate?: string[];
  includeCandidates?: string[];
  top: number;
  json?: boolean;
  geojson?: boolean;
  /** false with --no-alternative-optima. */
  alternativeOptima: boolean;
}

/** Default network of `corridor optimize`. */
export const DEFAULT_OPTIMIZE_NETWORK = 'china-eurasia';

/** Parse `--derate id=factor,id=factor` into capacity multipliers, naming the bad item. */
export function parseDerate(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const problems = [];
  for (const item of items) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    const factor = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(factor) || factor < 0) problems.push({ path: '--derate', message: `"${item}": expected id=factor with a factor ≥ 0, e.g. alashankou=0.5` });
    else out[m[1].trim()] = factor;
  }
  if (problems.length) throw new ValidationError('option --derate', problems);
  return out;
}

/**
 * `corridor optimize`: capacitated freight assignment of a demand scenario (LP), printed as a summary with
 * the binding capacities and their shadow prices, as JSON (--json) or as GeoJSON flows (--geojson).
 * Exits 1 when the solve is not optimal.
 */
export function registerOptimizeCommand(program: Command, io: CliIo = processIo): void {
  addCostFlags(
    addCostFlags(
      program
        .command('optimize')
        .description('assign yearly demand to routes and modes under link, border and port capacities (LP); shows bottlenecks and shadow prices')
        .option('--network <id|file>', 'built-in network id or network GeoJSON file', DEFAULT_OPTIMIZE_NETWORK)
        .option('--demand <file|default>', 'demand CSV/JSON (origin,destination,teuPerYear[,commodity,valueOfTimeUsdPerTeuHour,source]) or "default" for the built-in scenario', 'default')
        .option(SHARED_OPTIONS.method.flag, SHARED_OPTIONS.method.cliHelp)
        .option(SHARED_OPTIONS.backend.flag, SHARED_OPTIONS.backend.cliHelp, 'auto'),
      ['vot', 'carbonPrice', 'unservedPenalty'],
      { vot: "value of time, USD per TEU-hour, for every row (default: the demand file's per-row values, else 1.0)" },
    )
      .option('--close <list>', 'closed nodes, links or named disruptions (suez, malacca, alashankou, …), comma-separated', parseList)
      .option('--derate <list>', 'capacity multipliers id=factor, comma-separated (e.g. alashankou=0.5)', parseList)
      .option('--include-candidates <list>', 'candidate link ids to switch on, comma-separated, or "all"', parseList),
    ['timeLimit'],
    { timeLimit: 'solver time limit, seconds' },
  )
    .option(SHARED_OPTIONS.pricingWorkers.flag, SHARED_OPTIONS.pricingWorkers.cliHelp, parseNumberOption('--pricing-workers'))
    .option('--top <n>', 'rows in the bottleneck and busiest-link tables', parseNumberOption('--top'), 10)
    .option('--no-alternative-optima', 'skip the search for other optimal flows (one more arc LP solve and two small ones); without it the report says where flows are not unique')
    .option('--json', 'print the result as JSON')
    .option('--geojson', 'print link and node flows, utilization and shadow prices as GeoJSON')
    .action((opts: OptimizeCommandOptions) =>
      runCommand(io, opts, async () => {
        const network = loadNetwork(opts.network);
        // --vot is an explicit choice for this run: it replaces the demand file's per-row values of time too,
        // so that `--vot 0 --carbon-price 0` gives a money-only objective.
        const read = loadDemand(opts.demand, network);
        const demand = opts.vot === undefined ? read : read.map((r) => ({ ...r, valueOfTimeUsdPerTeuHour: null }));
        const closures = resolveClosures(network, opts.close ?? []);
        const candidates = opts.includeCandidates;
        const optimizeOptions = {
          backend: opts.backend as OptimizeBackend,
          method: opts.method as OptimizeMethod | undefined,
          ...costOptions(opts),
          closedNodeIds: closures.nodeIds,
          closedLinkIds: closures.linkIds,
          capacityMultipliers: parseDerate(opts.derate ?? []),
          includeCandidates: candidates && candidates.length === 1 && candidates[0] === 'all' ? 'all' : candidates,
          pricingWorkers: opts.pricingWorkers,
        };
        // The edge: options and demand are resolved once here (a bad one names its flag, see runCommand).
        const problem = resolveProblem(network, demand, optimizeOptions);
        const result = await solveProblem(problem);
        // The map output has no place for it; the table and --json say where the optimum is not unique.
        if (opts.alternativeOptima && !opts.geojson) result.alternativeOptima = await checkAlternativeOptima(network, demand, problem.options, result);
        if (result.status !== 'optimal') io.setExitCode(1);
        if (opts.json) io.out(`${JSON.stringify(assignmentResultToJson(result), null, 2)}\n`);
        else if (opts.geojson) io.out(`${JSON.stringify(assignmentToGeoJson(result, network))}\n`);
        else io.out(`${formatAssignment(result, network.name, Math.max(1, Math.floor(opts.top)))}\n`);
      }),
    );
}

const usd = (v: number) => `USD ${fmt(v)}`;
const pct = (v: number | null) => (v === null ? '—' : `${fmt(v * 100, 1)}%`);
const cap = (v: number | null) => (v === null ? 'unlimited' : fmt(v));

/** Human-readable summary of an assignment: status, objective, unserved, modal split, bottlenecks, busiest links. */
export function formatAssignment(r: AssignmentResult, networkName: string, top = 10): string {
  const p = r.parameters;
  const out: string[] = [];
  out.push(`${networkName} (${r.networkId}): ${r.status} — ${r.backend}, ${fmt(r.solveSeconds, 2)} s solve, ${fmt(r.totalSeconds, 2)} s total; LP ${fmt(r.lpSize.columns)} columns × ${fmt(r.lpSize.rows)} rows, ${fmt(r.lpSize.commodities)} commodities`);
  out.push(`value of time USD ${fmt(p.valueOfTimeUsdPerTeuHour, 2)}/TEU-h (rows without their own), carbon USD ${fmt(p.carbonPriceUsdPerTonneCo2)}/t CO2, unserved penalty USD ${fmt(p.unservedPenaltyUsdPerTeu)}/TEU${p.closedNodeIds.length + p.closedLinkIds.length ? `; closed: ${[...p.closedNodeIds, ...p.closedLinkIds].join(', ')}` : ''}`);
  const cg = (r as Partial<PathsAssignmentResult>).columnGeneration;
  if (cg) {
    const threads = cg.pricingWorkers > 0 ? `on ${cg.pricingWorkers + 1} threads` : 'on 1 thread';
    const n = (count: number, word: string) => `${fmt(count)} ${word}${count === 1 ? '' : 's'}`;
    out.push(
      `column generation: ${n(cg.pricingRounds, 'pricing round')} (${fmt(cg.pricingSeconds, 2)} s, ${threads}), ${n(cg.masterSolves, 'master solve')} (${fmt(cg.masterSeconds, 2)} s, ${n(cg.simplexIterations, 'simplex iteration')}), ${n(cg.columnsTotal, 'route')} and ${n(cg.capacityRowsTotal, 'capacity row')} kept`,
    );
  }
  if (r.message && r.status !== 'optimal') out.push(`solver: ${r.message}`);
  if (r.objectiveUsd === null || !r.objectiveBreakdown) {
    out.push('', 'No solution.');
    return out.join('\n');
  }
  const b = r.objectiveBreakdown;
  out.push('');
  out.push(`Objective ${usd(r.objectiveUsd)}/yr = money ${usd(b.moneyUsd)} + time ${usd(b.timeUsd)} + carbon ${usd(b.carbonUsd)} + unserved penalty ${usd(b.unservedPenaltyUsd)}`);
  out.push(`Demand ${fmt(r.totalDemandTeu)} TEU/yr: served ${fmt(r.servedTeu ?? 0)}, unserved ${fmt(r.unservedTeu ?? 0)} (${pct(r.totalDemandTeu > 0 ? (r.unservedTeu ?? 0) / r.totalDemandTeu : 0)}); ${fmt((r.teuKm ?? 0) / 1e9, 2)} bn TEU-km, ${fmt((r.co2Kg ?? 0) / 1e6, 1)} kt CO2`);

  out.push('', 'Modal split (TEU by main mode of the path; TEU-km on every leg)');
  out.push(formatTable(r.modalSplit, [
    { header: 'mode', value: (m) => m.mode },
    { header: 'TEU/yr', value: (m) => fmt(m.teuPerYear), align: 'right' },
    { header: 'TEU-km/yr', value: (m) => fmt(m.teuKm), align: 'right' },
    { header: 'share TEU-km', value: (m) => pct(m.shareOfTeuKm), align: 'right' },
  ]));
  if (r.modeChainSplit?.length) {
    out.push('', 'Mode chains (TEU by the chain of modes of the path: rail + sea is ILSTC rail–sea, not "sea")');
    out.push(formatTable(r.modeChainSplit.slice(0, Math.max(top, 10)), [
      { header: 'modes', value: (m) => m.label },
      { header: 'TEU/yr', value: (m) => fmt(m.teuPerYear), align: 'right' },
      { header: 'share TEU', value: (m) => pct(m.shareOfServedTeu), align: 'right' },
    ]));
  }

  out.push('', r.shadowPricesAvailable
    ? 'Bottlenecks (binding capacities; shadow price = USD/yr saved per extra TEU/yr of capacity)'
    : `Bottlenecks (binding capacities; backend ${r.backend} gives no shadow prices)`);
  if (r.bottlenecks.length === 0) out.push('none: no capacity binds');
  else {
    out.push(formatTable(r.bottlenecks.slice(0, top), [
      { header: 'kind', value: (x) => x.kind },
      { header: 'id', value: (x) => (x.kind === 'link' ? `${x.id} (${x.from} → ${x.to})` : x.id) },
      { header: 'name', value: (x) => x.name ?? '' },
      { header: 'flow TEU/yr', value: (x) => fmt(x.flowTeuPerYear), align: 'right' },
      { header: 'capacity', value: (x) => fmt(x.capacityTeuPerYear), align: 'right' },
      { header: 'use', value: (x) => pct(x.utilization), align: 'right' },
      { header: 'shadow USD/TEU', value: (x) => (x.shadowPriceUsdPerTeu === null ? '—' : fmt(x.shadowPriceUsdPerTeu, 2)), align: 'right' },
    ]));
    if (r.bottlenecks.length > top) out.push(`… ${r.bottlenecks.length - top} more (--top, --json)`);
  }

  const busiest = r.links.filter((l) => l.flowTeuPerYear > 0).sort((x, y) => y.flowTeuPerYear - x.flowTeuPerYear).slice(0, top);
  out.push('', 'Busiest links');
  out.push(formatTable(busiest, [
    { header: 'link', value: (l) => l.id },
    { header: 'direction', value: (l) => `${l.from} → ${l.to}` },
    { header: 'mode', value: (l) => l.mode },
    { header: 'flow TEU/yr', value: (l) => fmt(l.flowTeuPerYear), align: 'right' },
    { header: 'capacity', value: (l) => cap(l.capacityTeuPerYear), align: 'right' },
    { header: 'use', value: (l) => pct(l.utilization), align: 'right' },
  ]));

  const unserved = r.od.filter((o) => o.unservedTeuPerYear > 1e-6 * Math.max(1, o.demandTeuPerYear));
  if (unserved.length) {
    out.push('', 'Unserved demand');
    out.push(formatTable(unserved, [
      { header: 'origin', value: (o) => o.origin },
      { header: 'destination', value: (o) => o.destination },
      { header: 'commodity', value: (o) => o.commodity ?? '' },
      { header: 'demand TEU/yr', value: (o) => fmt(o.demandTeuPerYear), align: 'right' },
      { header: 'unserved', value: (o) => fmt(o.unservedTeuPerYear), align: 'right' },
    ]));
  }
  // "None found" is said only with its note (probes skipped or failed): without one it means the flows are unique.
  if (r.alternativeOptima && (r.alternativeOptima.exist || r.alternativeOptima.note)) out.push('', ...describeAlternativeOptima(r.alternativeOptima, top));
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}
