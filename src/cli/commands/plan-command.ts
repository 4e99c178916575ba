import type { Command } from 'commander';
import { BACKEND_NAMES, type BackendName } from '../../../solver/lp-model.js';
import { loadDemand, loadNetwork } from '../../network/index.js';
import { InvalidArgumentError, ValidationError, fmt, formatTable, HUMAN_NUMBER_FORMS, parseHumanNumber } from '../../shared/index.js';
import { candidatesFromNetwork, loadCandidates, type Candidate } from '../../evaluate/index.js';
import { OPTIMIZE_BACKENDS, resolveProblem, type OptimizeBackend } from '../../assignment/index.js';
import { applyGrowth, loadGrowth, loadStaging, parseHorizon, planProblem, solvePlan, stageCandidates, type GrownDemand, type PlanReport } from '../../plan/index.js';
import { DEFAULT_OPTIMIZE_NETWORK } from './optimize-command.js';
import { parseNumberOption, redisUrlOption, REDIS_OPTION_HELP, runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { addCostFlags, costOptions, type CostFlagValues } from './cost-flags.js';

/**
 * One USD amount ≥ 0, in any form the shared number parser reads (`5e9`, `2,500,000,000`, `5bn`, `500m`).
 * @throws ValidationError naming the flag
 */
export function parseUsdAmount(text: string, flag: string): number {
  const value = parseHumanNumber(text);
  if (value === undefined || value < 0) throw new ValidationError(`option ${flag}`, [{ path: flag, message: `"${text}" is not an amount in USD ≥ 0 (${HUMAN_NUMBER_FORMS})` }]);
  return value;
}

/** `--budget-per-period 5bn` (every period) or `5bn,8bn,none,8bn` (one per period; none / - = no envelope). */
export function parseBudgetList(text: string, flag = '--budget-per-period'): number | (number | null)[] {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map((p) => (p === 'none' || p === '-' ? null : parseUsdAmount(p, flag)));
  return values.length === 1 && values[0] !== null ? values[0] : values;
}

interface PlanCommandOptions extends CostFlagValues {
  network: string;
  demand: string;
  growth: string;
  redis?: string;
  horizon: string;
  endYear?: number;
  candidates?: string;
  staging?: string;
  constructionYears?: number;
  budgetPerPeriod?: string;
  budgetTotal?: string;
  discountRate: number;
  method: string;
  mipBackend: string;
  backend: string;
  top: number;
  flows?: boolean;
  json?: boolean;
}

/** JSON of `corridor plan`: the plan and the demand growth applied. */
export interface PlanCommandJson extends PlanReport {
  growth: { baseYear: number; totalTeuByPeriod: number[]; rows: GrownDemand['rows'] };
}

/** `corridor plan`: a staged expansion plan over a horizon of periods with demand growth. */
export function registerPlanCommand(program: Command, io: CliIo = processIo): void {
  addCostFlags(
    program
      .command('plan')
      .description('staged expansion plan: when to build each candidate over a horizon of periods with demand growth (NPV, budgets per period)')
      .option('--network <id|file>', 'built-in network id or network GeoJSON file', DEFAULT_OPTIMIZE_NETWORK)
      .option('--demand <file|default>', 'demand CSV/JSON of the base year or "default"', 'default')
      .option('--growth <file|default>', 'demand growth JSON (docs/plan-format.md) or "default" for the built-in assumptions', 'default')
      .option('--horizon <years>', 'first year of each period, comma-separated', '2026,2030,2035,2040')
      .option('--end-year <year>', 'first year after the horizon (default: last period as long as the one before)', parseNumberOption('--end-year'))
      .option('--candidates <file>', "candidates GeoJSON/JSON (docs/candidates-format.md); default: the network's own candidate links")
      .option('--staging <file>', 'staging JSON: earliest decision year, construction years, capex phasing per candidate (docs/plan-format.md)')
      .option('--construction-years <n>', 'construction time of candidates the staging file does not time (default 4)', parseNumberOption('--construction-years'))
      .option('--budget-per-period <usd>', 'capex envelope per period, USD: one amount or one per period (5bn,8bn,none,8bn)')
      .option('--budget-total <usd>', 'capex envelope of the whole horizon, USD')
      .option('--discount-rate <rate>', 'real discount rate per year (0.06 = 6 %)', parseNumberOption('--discount-rate'), 0.06)
      .option('--method <name>', 'auto | extensive (one MIP over every period; exact) | decomposition (warm path masters per period)', 'auto')
      .option('--mip-backend <name>', `backend of the staged MIP: auto, ${BACKEND_NAMES.filter((b) => b !== 'clp').join(', ')}`, 'auto')
      .option('--backend <name>', `LP backend of the flow solves: ${OPTIMIZE_BACKENDS.join(', ')}`, 'auto'),
    ['vot', 'carbonPrice', 'unservedPenalty'],
  )
    .option('--top <n>', 'bottlenecks listed per period', parseNumberOption('--top'), 5)
    .option('--flows', 'include every link direction with flow per period in --json')
    .option('--redis <url>', REDIS_OPTION_HELP)
    .option('--json', 'print the result as JSON')
    .action((opts: PlanCommandOptions) =>
      runCommand(io, opts, async () => {
        if (!['auto', 'extensive', 'decomposition'].includes(opts.method)) throw new InvalidArgumentError(`--method: unknown method "${opts.method}"; use auto, extensive or decomposition`);
        if (opts.mipBackend !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(opts.mipBackend)) throw new InvalidArgumentError(`--mip-backend: unknown backend "${opts.mipBackend}"`);
        const horizon = parseHorizon(opts.horizon, opts.endYear);
        const network = loadNetwork(opts.network);
        const demand = loadDemand(opts.demand, network);
        const grown = applyGrowth(demand, loadGrowth(opts.growth), horizon, network);
        // The edge: the flow solves' options are resolved once here (a bad one names its flag), before the candidates are read.
        const resolved = resolveProblem(network, grown.demandByPeriod.flat(), { backend: opts.backend as OptimizeBackend, ...costOptions(opts), paths: false }).options;
        const candidates: Candidate[] = opts.candidates ? loadCandidates(opts.candidates, network) : candidatesFromNetwork(network);
        if (candidates.length === 0) throw new InvalidArgumentError(`network "${network.id}" has no candidate links; pass --candidates <file> (docs/candidates-format.md)`);
        const staged = stageCandidates(candidates, horizon, opts.staging ? loadStaging(opts.staging) : undefined, opts.staging ?? 'staging', { constructionYears: opts.constructionYears });
        const problem = planProblem({
          network,
          horizon,
          demandByPeriod: grown.demandByPeriod,
          staged,
          discountRate: opts.discountRate,
          budgetPerPeriodUsd: opts.budgetPerPeriod ? parseBudgetList(opts.budgetPerPeriod) : null,
          budgetTotalUsd: opts.budgetTotal ? parseUsdAmount(opts.budgetTotal, '--budget-total') : null,
          optimizeOptions: { resolved },
        });
        const report = await solvePlan(problem, {
          method: opts.method as 'auto' | 'extensive' | 'decomposition',
          mipBackend: opts.mipBackend as BackendName | 'auto',
          topBottlenecks: Math.max(1, Math.floor(opts.top)),
          includeFlows: opts.flows,
          redisUrl: await redisUrlOption(opts.redis),
        });
        if (report.status !== 'optimal') io.setExitCode(1);
        const json: PlanCommandJson = { ...report, growth: { baseYear: grown.baseYear, totalTeuByPeriod: grown.totalTeuByPeriod, rows: grown.rows } };
        if (opts.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
        else io.out(`${formatPlan(json, network.name)}\n`);
      }),
    );
}

const usd = (v: number | null) => (v === null ? '—' : fmt(v));

/** Human-readable `corridor plan` output: timeline, periods, bottlenecks, how it was solved. */
export function formatPlan(r: PlanCommandJson, networkName: string): string {
  const out: string[] = [];
  const years = r.horizon.years;
  out.push(`${networkName} (${r.networkId}): staged plan ${years.join(', ')} (ends ${r.horizon.endYear}); demand growth from ${r.growth.baseYear}; discount rate ${fmt(r.discountRate * 100, 1)} %`);
  out.push(`NPV of the plan USD ${usd(r.npvUsd)} (PV cost: do nothing ${usd(r.pvCostDoNothingUsd)}, plan ${usd(r.pvCostUsd)}); ${r.status}`);
  out.push('', 'Timeline (capex by period, nominal USD; benefit = yearly cost without it − with it in the plan, USD/yr; wait = NPV change if decided one period later)');
  out.push(
    formatTable(r.timeline, [
      { header: 'candidate', value: (t) => t.id },
      { header: 'decide', value: (t) => (t.decisionYear === null ? '—' : String(t.decisionYear)), align: 'right' },
      { header: 'opens', value: (t) => (t.openingYear === null ? '—' : String(t.openingYear)), align: 'right' },
      ...years.map((y, i) => ({ header: `capex ${y}`, value: (t: PlanReport['timeline'][number]) => fmt(t.capexByPeriodUsd[i]), align: 'right' as const })),
      ...years.map((y, i) => ({ header: `benefit ${y}`, value: (t: PlanReport['timeline'][number]) => usd(t.benefitByPeriodUsd[i]), align: 'right' as const })),
      { header: 'wait USD', value: (t) => usd(t.valueOfWaitingUsd), align: 'right' },
    ]),
  );
  out.push('', 'Periods (yearly figures of the representative year)');
  out.push(
    formatTable(r.periods, [
      { header: 'period', value: (p) => `${p.year}–${p.endYear - 1}` },
      { header: 'demand TEU/yr', value: (p) => fmt(p.demandTeu), align: 'right' },
      { header: 'built', value: (p) => p.built.join(', ') || '—' },
      { header: 'cost USD/yr', value: (p) => usd(p.objectiveUsd), align: 'right' },
      { header: 'do nothing USD/yr', value: (p) => usd(p.doNothingObjectiveUsd), align: 'right' },
      { header: 'unserved TEU/yr', value: (p) => usd(p.unservedTeu), align: 'right' },
      { header: 'capex USD', value: (p) => fmt(p.capexUsd), align: 'right' },
      { header: 'budget USD', value: (p) => (p.budgetUsd === null ? '—' : fmt(p.budgetUsd)), align: 'right' },
    ]),
  );
  for (const p of r.periods) {
    if (!p.bottlenecks.length) continue;
    out.push('', `Bottlenecks ${p.year} (shadow price = USD/yr saved per extra TEU/yr of capacity)`);
    out.push(
      formatTable(p.bottlenecks, [
        { header: 'element', value: (b) => (b.kind === 'link' ? `${b.id} ${b.from}→${b.to}` : b.id) },
        { header: 'flow TEU/yr', value: (b) => fmt(b.flowTeuPerYear), align: 'right' },
        { header: 'capacity', value: (b) => fmt(b.capacityTeuPerYear), align: 'right' },
        { header: 'shadow price', value: (b) => (b.shadowPriceUsdPerTeu === null ? '—' : fmt(b.shadowPriceUsdPerTeu)), align: 'right' },
      ]),
    );
  }
  const s = r.solve;
  out.push('', `Solved by ${r.method} (${s.mipBackend ?? '—'} MIP ${s.mipStatus}, ${fmt(s.mipSeconds, 2)} s; ${s.lpSolves} flow LPs, ${fmt(s.lpSeconds, 1)} s; ${fmt(s.wallSeconds, 1)} s in all): ${s.exactness}`);
  return out.join('\n');
}
