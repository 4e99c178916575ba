import { z } from 'zod';
import { BACKEND_NAMES } from '../../solver/backend-registry.js';
import { demandFromCsv, demandFromJson, loadDemand, resolveClosures, type DemandRow, type Network } from '../../src/network/index.js';
import { InvalidArgumentError } from '../../src/shared/index.js';
import type { ScenarioOptimizeOptions } from '../../src/evaluate/index.js';
import { resolveProblem, type OptimizeBackend } from '../../src/assignment/index.js';
import { applyGrowth, growthFileSchema, loadGrowth, makeHorizon, parseGrowth, parseStaging, planProblem, solvePlan, stageCandidates, stagingFileSchema, type GrownDemand, type PlanProblemInput } from '../../src/plan/index.js';
import { storedCandidates } from '../candidate-input.js';
import { HttpProblem } from '../problem.js';
import { idString } from '../schemas.js';
import type { StoredCandidate } from '../store.js';

/** Body of POST /networks/:id/plan (the `corridor plan` options). */
export const planBody = z
  .strictObject({
    demand: z.union([z.literal('default'), z.array(z.record(z.string(), z.unknown())).min(1).max(100_000)]).optional().describe('"default" or base-year demand rows {origin, destination, teuPerYear, …}'),
    demandCsv: z.string().max(20_000_000).optional().describe('base-year demand as CSV text; instead of `demand`'),
    vot: z.number().min(0).max(1e6).optional().describe('value of time, USD per TEU-hour'),
    carbonPrice: z.number().min(0).max(1e5).optional().describe('carbon price, USD per tonne CO2'),
    unservedPenaltyUsdPerTeu: z.number().min(0).max(1e9).optional().describe('cost of a TEU/yr not carried, USD per TEU'),
    avoid: z.array(idString).max(1_000).optional().describe('closed nodes, links or named disruptions in every period'),
    backend: z.enum(['auto', ...BACKEND_NAMES] as [OptimizeBackend, ...OptimizeBackend[]]).optional().describe('LP backend of the flow solves (default auto)'),
    candidateIds: z.array(idString).min(1).max(1_000).optional().describe('submitted candidates to stage (default: all submitted to the network)'),
    horizon: z.array(z.number().int()).min(1).max(20).optional().describe('first year of each period (default [2026, 2030, 2035, 2040])'),
    endYear: z.number().int().optional().describe('first year after the horizon (default: last period as long as the one before)'),
    growth: z.union([z.literal('default'), growthFileSchema]).optional().describe('"default" (built-in growth assumptions) or a growth file object (docs/plan-format.md)'),
    staging: stagingFileSchema.optional().describe('staging: earliest decision year, construction years, capex phasing per candidate (docs/plan-format.md)'),
    constructionYears: z.number().int().min(0).max(30).optional().describe('construction time of candidates the staging does not time (default 4)'),
    budgetPerPeriodUsd: z.union([z.number().min(0), z.array(z.number().min(0).nullable()).min(1).max(20)]).nullable().optional().describe('capex envelope per period, USD: one amount or one per period (null = none)'),
    budgetTotalUsd: z.number().min(0).nullable().optional().describe('capex envelope of the horizon, USD'),
    discountRate: z.number().min(0).max(0.99).optional().describe('real discount rate per year (default 0.06)'),
    method: z.enum(['auto', 'extensive', 'decomposition']).optional().describe('solution method (default auto)'),
    mipBackend: z.enum(['auto', 'highs', 'glpk', 'js-lp-solver']).optional().describe('backend of the staged MIP (default auto)'),
    top: z.number().int().min(1).max(1_000).optional().describe('bottlenecks listed per period (default 10)'),
    flows: z.boolean().optional().describe('include every link direction with flow in each period (default false)'),
  })
  .refine((b) => !(b.demand !== undefined && b.demandCsv !== undefined), { message: 'give demand or demandCsv, not both', path: ['demandCsv'] });

/** Worker input of a plan job. */
export interface PlanInput {
  problem: Omit<PlanProblemInput, 'network'>;
  method?: 'auto' | 'extensive' | 'decomposition';
  mipBackend?: 'auto' | 'highs' | 'glpk' | 'js-lp-solver';
  top?: number;
  flows?: boolean;
  growth: { baseYear: number; totalTeuByPeriod: number[]; rows: GrownDemand['rows'] };
}

/** Validate a plan body against the network (every bad field is a 400 naming it). */
export function preparePlan(network: Network, body: z.infer<typeof planBody>, stored: readonly StoredCandidate[]): PlanInput {
  const { demand, demandCsv, candidateIds, horizon: years, endYear, growth, staging, constructionYears, budgetPerPeriodUsd, budgetTotalUsd, discountRate, method, mipBackend, avoid, top, flows, ...rest } = body;
  const { candidates: all, problems } = storedCandidates(network, stored);
  if (problems.length) throw new HttpProblem('inconsistent-network', `the candidates submitted to network "${network.id}" no longer fit it: ${problems[0].message}`, { problems });
  const byId = new Map(all.map((c) => [c.id, c]));
  const candidates = candidateIds
    ? candidateIds.map((id) => {
        const c = byId.get(id);
        if (!c) throw new InvalidArgumentError(`candidateIds: "${id}" is not a candidate submitted to network "${network.id}"`);
        return c;
      })
    : all;
  if (!candidates.length) throw new InvalidArgumentError(`no candidates submitted to network "${network.id}"; POST /networks/${network.id}/candidates first`);
  const horizon = makeHorizon(years ?? [2026, 2030, 2035, 2040], endYear);
  const rows: DemandRow[] = demandCsv !== undefined ? demandFromCsv(demandCsv, network, 'demandCsv') : Array.isArray(demand) ? demandFromJson(demand, network, 'demand') : loadDemand('default', network);
  const spec = growth === undefined || growth === 'default' ? loadGrowth('default') : parseGrowth(growth, 'growth');
  const grown = applyGrowth(rows, spec, horizon, network);
  const staged = stageCandidates(candidates, horizon, staging ? parseStaging(staging, 'staging') : undefined, 'staging', { constructionYears });
  const closed = resolveClosures(network, avoid ?? []);
  // The edge: the options are resolved once here; the worker's planProblem takes them as they are.
  const optimizeOptions: ScenarioOptimizeOptions = { resolved: resolveProblem(network, grown.demandByPeriod.flat(), { ...rest, closedNodeIds: closed.nodeIds, closedLinkIds: closed.linkIds, paths: false }).options };
  const problem = { horizon, demandByPeriod: grown.demandByPeriod, staged, discountRate, budgetPerPeriodUsd: budgetPerPeriodUsd ?? null, budgetTotalUsd: budgetTotalUsd ?? null, optimizeOptions };
  planProblem({ network, ...problem }); // checks budgets and the rate now (a 400), not in the worker
  return { problem, method, mipBackend, top, flows, growth: { baseYear: grown.baseYear, totalTeuByPeriod: grown.totalTeuByPeriod, rows: grown.rows } };
}

/** Worker side of a plan job. */
export async function runPlanJob(network: Network, input: PlanInput, redisUrl?: string) {
  const report = await solvePlan(planProblem({ network, ...input.problem }), { method: input.method, mipBackend: input.mipBackend, topBottlenecks: input.top, includeFlows: input.flows, redisUrl });
  return { ...report, growth: input.growth };
}
