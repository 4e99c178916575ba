import { z } from 'zod';
import { BACKEND_NAMES } from '../../solver/backend-registry.js';
import { demandFromCsv, demandFromJson, loadDemand, resolveClosures, type DemandRow, type Network } from '../../src/network/index.js';
import { InvalidArgumentError } from '../../src/shared/index.js';
import { sweepBudgets, criticalityElements, resolveDisruption, type Candidate, type CriticalityOptions, type DisruptionSpec, type DisruptOptions, type ScenarioOptimizeOptions } from '../../src/evaluate/index.js';
import { backendOptionZod, numberOptionZod, resolveProblem, type OptimizeBackend, type ResolvedOptimizeOptions } from '../../src/assignment/index.js';
import { loadScenarioSet, ROBUST_OBJECTIVES, validateScenarioSet, type RobustObjective, type ScenarioSet } from '../../src/resilience/index.js';
import { storedCandidates } from '../candidate-input.js';
import { HttpProblem } from '../problem.js';
import { planBody, preparePlan, type PlanInput } from './plan-job.js';
import { idString, type JobKind } from '../schemas.js';
import type { StoredCandidate } from '../store.js';

/**
 * The job kinds the API starts: for each, the body schema (documented in /openapi.json) and `prepare`,
 * which turns the validated body into the worker's input on the main thread. Preparing is cheap and
 * checks everything against the network (demand nodes, closures, options), so bad input is a 4xx at
 * once, not a failed job later. The worker side is in job-runners.ts; the two agree on the input type.
 */
/**
 * The worker input of each job kind: what `prepare` builds on the main thread and the runner receives in its
 * worker (job-runners.ts). One table, so the two sides cannot disagree on a kind's input.
 */
export interface JobInputs {
  optimize: OptimizeInput;
  evaluate: EvaluateInput;
  disrupt: DisruptInput;
  criticality: CriticalityInput;
  'robust-portfolio': RobustPortfolioInput;
  resilience: ResilienceInput;
  plan: PlanInput;
}

/** A job kind as written: `prepare` reads the type that the kind's own `body` schema parses to. */
export interface JobKindDefinition<K extends JobKind, B extends z.ZodType> {
  kind: K;
  summary: string;
  description: string;
  body: B;
  /** The kind reads the network's submitted candidates (only those kinds load them from the store). */
  usesCandidates?: boolean;
  /** null: the endpoint exists but answers 501 (a kind declared before its domain function exists). */
  prepare: ((network: Network, body: z.output<B>, candidates: readonly StoredCandidate[]) => JobInputs[K]) | null;
}

/** A job kind in the list the router reads: the body schema's type is no longer part of it. */
export interface JobKindSpec<K extends JobKind = JobKind> extends Omit<JobKindDefinition<K, z.ZodType>, 'prepare'> {
  /** `body` is the request body after this spec's `body.parse` (the router validates it before the call). */
  prepare: ((network: Network, body: unknown, candidates: readonly StoredCandidate[]) => JobInputs[K]) | null;
}

/**
 * Checks that a kind's `prepare` takes what its `body` schema parses to, then drops the schema's type so the
 * kinds fit one list. The cast below is the only place the body's type is asserted: the router parses the
 * request with `spec.body`, which is this very schema.
 */
function jobKind<K extends JobKind, B extends z.ZodType>(definition: JobKindDefinition<K, B>): JobKindSpec<K> {
  const { prepare } = definition;
  return { ...definition, prepare: prepare && ((network, body, candidates) => prepare(network, body as z.output<B>, candidates)) };
}

// ---- shared parts of the bodies ----

const demandFields = {
  demand: z
    .union([z.literal('default'), z.array(z.record(z.string(), z.unknown())).min(1).max(100_000)])
    .optional()
    .describe('"default" (the built-in scenario of a built-in network; the default) or rows {origin, destination, teuPerYear, commodity?, valueOfTimeUsdPerTeuHour?, source?}'),
  demandCsv: z.string().max(20_000_000).optional().describe('demand as CSV text with the header origin,destination,teuPerYear[,…]; instead of `demand`'),
};

/** The optimize options of a body: the shared ones from the option table (src/assignment/option-table.ts), and the scenario's. */
const optimizeFields = {
  vot: numberOptionZod('vot'),
  carbonPrice: numberOptionZod('carbonPrice'),
  unservedPenaltyUsdPerTeu: numberOptionZod('unservedPenaltyUsdPerTeu'),
  avoid: z.array(idString).max(1_000).optional().describe('closed nodes, links or named disruptions (suez, malacca, alashankou, …)'),
  capacityMultipliers: z.record(idString, z.number().min(0).max(1_000)).optional().describe('node or link id → factor on its capacity (0.5 = half)'),
  ignoreCapacities: z.boolean().optional().describe('drop every capacity (uncapacitated baseline)'),
  backend: backendOptionZod(),
  timeLimitSeconds: numberOptionZod('timeLimitSeconds'),
};

type DemandBody = { demand?: 'default' | Record<string, unknown>[]; demandCsv?: string };
type OptimizeFieldsBody = { [K in keyof typeof optimizeFields]?: z.infer<(typeof optimizeFields)[K]> };

const oneDemand = (b: DemandBody) => !(b.demand !== undefined && b.demandCsv !== undefined);
const oneDemandMessage = { message: 'give demand or demandCsv, not both', path: ['demandCsv'] };

/** Demand rows from the body, validated against the network (ValidationError → 400 with every problem). */
function demandRows(network: Network, b: DemandBody): DemandRow[] {
  if (b.demandCsv !== undefined) return demandFromCsv(b.demandCsv, network, 'demandCsv');
  if (Array.isArray(b.demand)) return demandFromJson(b.demand, network, 'demand');
  return loadDemand('default', network);
}

/** Largest budget accepted, USD (10 trillion: far above any corridor programme). */
const MAX_BUDGET_USD = 1e13;

/** `close`, accepted beside `avoid` on optimize and evaluate (disrupt's name for the same list; issue 19). */
const closeAlias = { close: z.array(idString).max(1_000).optional().describe('alias of avoid (the name disrupt uses); both lists are closed') };

/** Optimize options from the body, named disruptions resolved to ids (raw: the sweep kinds' domain functions resolve them). */
function bodyOptions(network: Network, b: OptimizeFieldsBody & { includeCandidates?: string[] | 'all'; close?: string[] }): ScenarioOptimizeOptions {
  const { avoid: avoidList, close, ...rest } = b;
  const avoid = [...(avoidList ?? []), ...(close ?? [])];
  const closed = resolveClosures(network, avoid);
  return { ...rest, closedNodeIds: closed.nodeIds, closedLinkIds: closed.linkIds };
}

/**
 * The optimize options of a job, resolved here, at the edge (a bad one is a 400 before the job starts), and
 * handed to the worker as `{ resolved }`: the domain functions take them as they are, validating nothing again.
 */
function optimizeOptions(network: Network, demand: readonly DemandRow[], b: OptimizeFieldsBody & { includeCandidates?: string[] | 'all'; close?: string[] }): ScenarioOptimizeOptions {
  return { resolved: resolveProblem(network, demand, bodyOptions(network, b)).options };
}

// ---- optimize ----

export const optimizeBody = z
  .strictObject({
    ...demandFields,
    ...optimizeFields,
    includeCandidates: z.union([z.literal('all'), z.array(idString).max(10_000)]).optional().describe('candidate links of the network to switch on'),
    paths: z.boolean().optional().describe('decompose flows into paths per OD row (default true)'),
    alternativeOptima: z.boolean().optional().describe('look for other optimal flows and report where they differ (default true; one more arc LP solve and two small ones; see README, Alternative optima)'),
    ...closeAlias,
  })
  .refine(oneDemand, oneDemandMessage);

/** Worker input of an optimize job: the problem resolved here, at the edge (the worker adds the network). */
export interface OptimizeInput {
  demand: DemandRow[];
  options: ResolvedOptimizeOptions;
  /** Run checkAlternativeOptima on the result (the body's `alternativeOptima`, default true). */
  alternativeOptima: boolean;
}

// ---- evaluate ----

export const evaluateBody = z
  .strictObject({
    ...demandFields,
    ...optimizeFields,
    candidateIds: z.array(idString).min(1).max(10_000).optional().describe('submitted candidates to appraise (default: all submitted to the network)'),
    discountRate: z.number().min(0).max(0.99).optional().describe('real discount rate per year (default 0.06)'),
    topShifts: z.number().int().min(0).max(1_000).optional().describe('link directions listed in shiftedFrom per candidate (default 10)'),
    ...closeAlias,
    // Parity with `corridor evaluate` (issue 19): the portfolio MIP and its budget sweep.
    budget: z.number().min(0).max(MAX_BUDGET_USD).nullable().optional().describe('capex budget of the portfolio, USD (as --budget; default null: no budget). The result carries portfolio{budgetUsd, chosen[], netBenefitUsd, …}'),
    sweep: z.number().int().min(1).max(100).optional().describe('also solve the portfolio for budgets from 0 to the total capex in this many steps (as --sweep); result budgetSweep[]'),
    sweepBudgets: z.array(z.number().min(0).max(MAX_BUDGET_USD)).min(1).max(100).optional().describe('also solve the portfolio for these budgets, USD (as --sweep-budgets); result budgetSweep[]'),
    mipBackend: z.enum(['auto', 'race', ...BACKEND_NAMES] as [string, ...string[]]).optional().describe('backend of the portfolio MIP (as --mip-backend; default auto)'),
  })
  .refine(oneDemand, oneDemandMessage);

/** Worker input of an evaluate job. */
export interface EvaluateInput {
  demand: DemandRow[];
  candidates: Candidate[];
  options: ScenarioOptimizeOptions & { discountRate?: number; topShifts?: number };
  /** The portfolio's budget (null = none) and then the sweep's budgets, USD; as `corridor evaluate`. */
  portfolio?: { budgetsUsd: (number | null)[]; sweep: boolean; mipBackend: OptimizeBackend | 'race' };
}

function prepareEvaluate(network: Network, body: z.infer<typeof evaluateBody>, stored: readonly StoredCandidate[]): EvaluateInput {
  const { demand, demandCsv, candidateIds, discountRate, topShifts, budget, sweep, sweepBudgets: sweepList, mipBackend, ...rest } = body;
  const { candidates: all, problems } = storedCandidates(network, stored);
  if (problems.length) {
    throw new HttpProblem('inconsistent-network', `the candidates submitted to network "${network.id}" no longer fit it: ${problems[0].message}`, { problems });
  }
  let candidates = all;
  if (candidateIds) {
    const byId = new Map(all.map((c) => [c.id, c]));
    candidates = candidateIds.map((id) => {
      const c = byId.get(id);
      if (!c) throw new InvalidArgumentError(`candidateIds: "${id}" is not a candidate submitted to network "${network.id}" (submitted: ${[...byId.keys()].slice(0, 10).join(', ') || 'none'})`);
      return c;
    });
  }
  if (!candidates.length) {
    throw new InvalidArgumentError(`no candidates submitted to network "${network.id}"; POST /networks/${network.id}/candidates first`);
  }
  const rows = demandRows(network, { demand, demandCsv });
  const options = optimizeOptions(network, rows, rest);
  const swept = [...(sweep === undefined ? [] : sweepBudgets(candidates, sweep)), ...(sweepList ?? [])];
  return {
    demand: rows,
    candidates,
    options: { ...options, ...(discountRate === undefined ? {} : { discountRate }), ...(topShifts === undefined ? {} : { topShifts }) },
    portfolio: { budgetsUsd: [budget ?? null, ...swept], sweep: swept.length > 0, mipBackend: (mipBackend ?? 'auto') as OptimizeBackend | 'race' },
  };
}

// ---- disrupt and criticality ----

/** Base-case options of a scenario comparison: those of optimize, without closures (the scenario sets them). */
const { avoid: _avoid, ...baseCaseFields } = optimizeFields;

export const disruptBody = z
  .strictObject({
    ...demandFields,
    ...baseCaseFields,
    close: z.array(idString).max(1_000).optional().describe('named disruptions (suez, malacca, …), node ids or link ids closed in the disrupted case'),
    avoid: z.array(idString).max(1_000).optional().describe('alias of close (the name optimize, evaluate and route use); both lists are closed'),
    derate: z.record(idString, z.number().min(0).max(1_000)).optional().describe('name or id → capacity factor in the disrupted case (0.5 = half)'),
    top: z.number().int().min(0).max(10_000).optional().describe('link directions, terminals and OD rows listed, largest change first (default 15)'),
  })
  .refine(oneDemand, oneDemandMessage)
  .refine((b) => (b.close?.length ?? 0) + (b.avoid?.length ?? 0) + Object.keys(b.derate ?? {}).length > 0, { message: 'close (or avoid) or derate at least one element', path: ['close'] });

/** Worker input of a disrupt job. */
export interface DisruptInput {
  demand: DemandRow[];
  spec: DisruptionSpec;
  options: DisruptOptions;
}

export const criticalityBody = z
  .strictObject({
    ...demandFields,
    ...baseCaseFields,
    elements: z
      .union([z.enum(['links', 'terminals', 'all']), z.array(idString).min(1).max(10_000)])
      .optional()
      .describe('what to close one at a time (N-1): links, terminals, all (default), or a list of node / link ids and named disruptions'),
    skipUnused: z.boolean().optional().describe('do not re-solve elements without base flow (their added cost is 0; default true)'),
    includeEndpoints: z.boolean().optional().describe('also close terminals where demand starts or ends (default false: rank the network\'s own links and terminals; as --include-endpoints)'),
  })
  .refine(oneDemand, oneDemandMessage);

/** Worker input of a criticality job. */
export interface CriticalityInput {
  demand: DemandRow[];
  options: Omit<CriticalityOptions, 'workers' | 'onProgress'>;
}

// ---- robust portfolio and resilience measures (issue 14) ----

const scenarioSetField = {
  scenarios: z
    .union([z.literal('default'), z.record(z.string(), z.unknown())])
    .optional()
    .describe('"default" (the built-in scenario set of the network; the default) or a scenario set {scenarios: [{id, name, probability | weight, source?, close?, derate?, demand?}]} (docs/scenario-set-format.md)'),
};

/** The scenario set of a body, validated against the network (ValidationError → 400 naming scenario index and field). */
const scenarioSetOf = (network: Network, scenarios: 'default' | Record<string, unknown> | undefined): ScenarioSet =>
  scenarios === undefined || scenarios === 'default' ? loadScenarioSet('default', network) : validateScenarioSet(scenarios, network, 'scenarios');

/** Submitted candidates, all or those named. */
function chosenCandidates(network: Network, stored: readonly StoredCandidate[], candidateIds: string[] | undefined, required: boolean): Candidate[] {
  const { candidates: all, problems } = storedCandidates(network, stored);
  if (problems.length) throw new HttpProblem('inconsistent-network', `the candidates submitted to network "${network.id}" no longer fit it: ${problems[0].message}`, { problems });
  const byId = new Map(all.map((c) => [c.id, c]));
  const list = candidateIds
    ? candidateIds.map((id) => {
        const c = byId.get(id);
        if (!c) throw new InvalidArgumentError(`candidateIds: "${id}" is not a candidate submitted to network "${network.id}" (submitted: ${[...byId.keys()].slice(0, 10).join(', ') || 'none'})`);
        return c;
      })
    : all;
  if (required && !list.length) throw new InvalidArgumentError(`no candidates submitted to network "${network.id}"; POST /networks/${network.id}/candidates first`);
  return list;
}

export const robustPortfolioBody = z
  .strictObject({
    ...demandFields,
    ...baseCaseFields,
    ...scenarioSetField,
    candidateIds: z.array(idString).min(1).max(10_000).optional().describe('submitted candidates to choose from (default: all submitted to the network)'),
    objective: z.enum(ROBUST_OBJECTIVES as [RobustObjective, ...RobustObjective[]]).optional().describe('expected (default): capex + probability-weighted cost; worst: min–max cost; regret: min–max regret'),
    budgetUsd: z.number().min(0).max(1e15).nullable().optional().describe('capex budget, USD (default none)'),
    discountRate: z.number().min(0).max(0.99).optional().describe('real discount rate per year (default 0.06)'),
    relativeGap: z.number().min(0).max(1).optional().describe('stop the decomposition at this relative gap (default 1e-6)'),
    maxIterations: z.number().int().min(1).max(10_000).optional().describe('Benders iterations at most (default 500)'),
  })
  .refine(oneDemand, oneDemandMessage);

/** Worker input of a robust-portfolio job. */
export interface RobustPortfolioInput {
  demand: DemandRow[];
  candidates: Candidate[];
  scenarioSet: ScenarioSet;
  options: ScenarioOptimizeOptions & { objective?: RobustObjective; budgetUsd?: number | null; discountRate?: number; relativeGap?: number; maxIterations?: number };
}

export const resilienceBody = z
  .strictObject({
    ...demandFields,
    ...baseCaseFields,
    ...scenarioSetField,
    candidateIds: z.array(idString).min(1).max(10_000).optional().describe('submitted candidates whose value as backup is measured (default: all submitted; none is fine)'),
    maxBindingElements: z.number().int().min(0).max(10_000).optional().describe('binding elements whose backup capacity is measured, at most (default 20)'),
  })
  .refine(oneDemand, oneDemandMessage);

/** Worker input of a resilience job. */
export interface ResilienceInput {
  demand: DemandRow[];
  candidates: Candidate[];
  scenarioSet: ScenarioSet;
  options: ScenarioOptimizeOptions & { maxBindingElements?: number };
}

/** Every job kind, in the order of the API docs. */
/** A spec whose kind and prepared input agree (a union over the kinds, not one loose type). */
type AnyJobKindSpec = { [K in JobKind]: JobKindSpec<K> }[JobKind];

export const JOB_KIND_SPECS: readonly AnyJobKindSpec[] = [
  jobKind({
    kind: 'optimize',
    summary: 'Capacitated multimodal freight assignment (LP): flows, bottlenecks and shadow prices',
    description: 'Runs optimize() on a worker thread. The result is the AssignmentResult (links, terminals, bottlenecks, modal split, od paths, objective).',
    body: optimizeBody,
    prepare: (network, body): OptimizeInput => {
      const { demand, demandCsv, alternativeOptima, ...rest } = body;
      const problem = resolveProblem(network, demandRows(network, { demand, demandCsv }), bodyOptions(network, rest));
      return { demand: [...problem.demand], options: problem.options, alternativeOptima: alternativeOptima ?? true };
    },
  }),
  jobKind({
    kind: 'evaluate',
    summary: 'Appraise the submitted candidates: annual benefit, BCR, NPV, attracted TEU, mode shift',
    description: 'Runs evaluateCandidates() on a worker thread: one LP for the base case and one per candidate built alone.',
    body: evaluateBody,
    usesCandidates: true,
    prepare: prepareEvaluate,
  }),
  jobKind({
    kind: 'disrupt',
    summary: 'Disruption scenario: close or derate elements, re-solve, and report the added cost, unserved and rerouted TEU',
    description: 'Runs disrupt() on a worker thread: the base case and the disrupted case, compared (links, terminals, modes, OD rows that changed).',
    body: disruptBody,
    prepare: (network, body): DisruptInput => {
      const { demand, demandCsv, close: closeList, avoid, derate, top, ...rest } = body;
      const close = closeList || avoid ? [...(closeList ?? []), ...(avoid ?? [])] : undefined;
      const spec: DisruptionSpec = { ...(close ? { close } : {}), ...(derate ? { derate } : {}) };
      resolveDisruption(network, spec);
      const rows = demandRows(network, { demand, demandCsv });
      return { demand: rows, spec, options: { ...optimizeOptions(network, rows, rest), ...(top === undefined ? {} : { top }) } };
    },
  }),
  jobKind({
    kind: 'criticality',
    summary: 'N-1 criticality: close each link or terminal alone, re-solve, and rank them by the added yearly cost',
    description: 'Runs criticality() on a worker thread (its solves one after another in that thread; progress counts them). Elements without base flow are not re-solved.',
    body: criticalityBody,
    prepare: (network, body): CriticalityInput => {
      const { demand, demandCsv, elements, skipUnused, includeEndpoints, ...rest } = body;
      criticalityElements(network, elements ?? 'all');
      const rows = demandRows(network, { demand, demandCsv });
      return { demand: rows, options: { ...optimizeOptions(network, rows, rest), ...(elements === undefined ? {} : { elements }), ...(skipUnused === undefined ? {} : { skipUnused }), endpoints: includeEndpoints === true } };
    },
  }),
  jobKind({
    kind: 'robust-portfolio',
    summary: 'Robust portfolio over a disruption scenario set: candidates chosen once, flows re-optimised per scenario (expected, worst or regret)',
    description: 'Runs robustPortfolio() on a worker thread: Benders decomposition with each scenario re-solved warm; progress follows the iterations. The result has the chosen set, the objective and its proven lower bound (gap), each scenario\'s cost and regret, and the single-future portfolio beside it.',
    body: robustPortfolioBody,
    usesCandidates: true,
    prepare: (network, body, stored): RobustPortfolioInput => {
      const { demand, demandCsv, scenarios, candidateIds, objective, budgetUsd, discountRate, relativeGap, maxIterations, ...rest } = body;
      const extra = Object.fromEntries(Object.entries({ objective, budgetUsd, discountRate, relativeGap, maxIterations }).filter(([, v]) => v !== undefined));
      const rows = demandRows(network, { demand, demandCsv });
      return { demand: rows, candidates: chosenCandidates(network, stored, candidateIds, true), scenarioSet: scenarioSetOf(network, scenarios), options: { ...optimizeOptions(network, rows, rest), ...extra } };
    },
  }),
  jobKind({
    kind: 'resilience',
    summary: 'Resilience measures over a scenario set: redundancy per OD pair and corridor, backup capacity, concentration (HHI), candidates\' value as backup',
    description: 'Runs resilienceMeasures() on a worker thread (warm re-solves; progress counts them).',
    body: resilienceBody,
    usesCandidates: true,
    prepare: (network, body, stored): ResilienceInput => {
      const { demand, demandCsv, scenarios, candidateIds, maxBindingElements, ...rest } = body;
      const rows = demandRows(network, { demand, demandCsv });
      return {
        demand: rows,
        candidates: candidateIds || stored.length ? chosenCandidates(network, stored, candidateIds, false) : [],
        scenarioSet: scenarioSetOf(network, scenarios),
        options: { ...optimizeOptions(network, rows, rest), ...(maxBindingElements === undefined ? {} : { maxBindingElements }) },
      };
    },
  }),
  jobKind({
    kind: 'plan',
    summary: 'Staged expansion plan over a horizon of periods with demand growth: build years, NPV, flows per period',
    description: 'Runs solvePlan() (src/plan/) on a worker thread: the build schedule of the submitted candidates that minimises the PV of flow costs plus capex less residual value, under budgets per period and for the horizon.',
    body: planBody,
    usesCandidates: true,
    prepare: preparePlan,
  }),
];
