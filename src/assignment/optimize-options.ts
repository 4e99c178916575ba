import { BACKEND_NAMES, type BackendName } from '../../solver/lp-model.js';
import { InvalidArgumentError, NotFoundError, closestNames } from '../shared/index.js';
import { DEFAULT_COST_PARAMETERS, type Scenario } from '../graph/index.js';
import type { Network } from '../network/index.js';

/**
 * Default penalty for a TEU of demand that is not carried, USD per TEU. It is the order of the average
 * cargo value of a TEU (USD 54,000, Rodrigue; the same source as the default value of time): a TEU that
 * is not shipped loses about its trade value. It is above the dearest real route in the built-in data
 * (air Chongqing–Europe ≈ 8,150 km × 2.9 USD/TEU-km ≈ USD 23,600 plus time), so demand goes unserved only
 * when capacity forces it. A fixed number (not one derived from the demand) keeps objectives of two
 * scenarios on the same network comparable. Set `unservedPenaltyUsdPerTeu` to change it; `optimize`
 * warns when an OD pair's cheapest uncapacitated route costs more than the penalty.
 */
export const DEFAULT_UNSERVED_PENALTY_USD_PER_TEU = 50_000;

/** Backends `optimize` can be asked for; `auto` lets the solver layer choose by model size. */
export type OptimizeBackend = 'auto' | BackendName;

/**
 * Options of {@link optimize}. Every one is optional; units are in the JSDoc. The closures and derates are
 * the base scenario of the solve (see Scenario in src/graph/scenario.ts).
 */
export interface OptimizeOptions extends Pick<Scenario, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers'> {
  /** Value of time, USD per TEU-hour, for demand rows that do not give their own (default 1.0, see mode-defaults). */
  vot?: number;
  /** Carbon price, USD per tonne CO2 (default 0). */
  carbonPrice?: number;
  /** Cost of one TEU/yr of demand left unserved, USD per TEU (default {@link DEFAULT_UNSERVED_PENALTY_USD_PER_TEU}). */
  unservedPenaltyUsdPerTeu?: number;
  /** Candidate link ids to switch on, or 'all' (default none). */
  includeCandidates?: Iterable<string> | 'all';
  /** Drop every link capacity and node throughput limit (uncapacitated baseline). Default false. */
  ignoreCapacities?: boolean;
  /**
   * LP backend (default 'auto': the native `clp` executable when installed, else HiGHS; see
   * bench/optimize-bench.ts). `js-lp-solver` gives no duals, so shadow prices are then null.
   */
  backend?: OptimizeBackend;
  /** Wall-clock limit for the solve, seconds (default: none). */
  timeLimitSeconds?: number;
  /** Decompose flows into paths per OD pair (default true). Column generation may switch it off. */
  paths?: boolean;
  /**
   * Formulation (default {@link DEFAULT_OPTIMIZE_METHOD}, or 'arc' when a backend other than auto / highs
   * is named): 'arc' = one LP over arc flows per commodity; 'paths' = path flows by column generation
   * (src/assignment/paths/, HiGHS only), same optimum and result.
   */
  method?: OptimizeMethod;
  /**
   * Worker threads that share the pricing of method 'paths' with the calling thread (0 = none). Default:
   * one per core but one on large instances (expanded vertices × OD pairs ≥ 4 M), else none; never inside
   * a worker thread. The columns, and so the result, are the same with any number.
   */
  pricingWorkers?: number;
  /**
   * These options already resolved at an edge (resolveProblem on the same network): a CLI command or an
   * API job's preparation hands them down so that nothing below validates them again. Given alone: with any
   * other option beside it, resolving throws (an override would otherwise be silently ignored).
   */
  resolved?: ResolvedOptimizeOptions;
}

/** Formulations of the assignment LP. */
export type OptimizeMethod = 'arc' | 'paths';
export const OPTIMIZE_METHODS: readonly OptimizeMethod[] = ['arc', 'paths'];
/** Default formulation (BENCHMARKS.md, "Column generation", says why). */
export const DEFAULT_OPTIMIZE_METHOD: OptimizeMethod = 'paths';

/**
 * The formulation a solve with these options uses: `method` when given, else {@link DEFAULT_OPTIMIZE_METHOD}
 * with backend auto or highs, else 'arc' (column generation re-solves one live HiGHS model, so with another
 * backend named the default is 'arc'). Not validated here (resolveOptimizeOptions does that).
 * @example resolveOptimizeMethod({}) // 'paths'; resolveOptimizeMethod({ backend: 'glpk' }) // 'arc'
 */
export function resolveOptimizeMethod(options: Pick<OptimizeOptions, 'method' | 'backend'>): OptimizeMethod {
  const backend = options.backend ?? 'auto';
  return options.method ?? (backend === 'auto' || backend === 'highs' ? DEFAULT_OPTIMIZE_METHOD : 'arc');
}

/** Options with defaults filled in and ids checked against the network. */
export interface ResolvedOptimizeOptions {
  valueOfTimeUsdPerTeuHour: number;
  carbonPriceUsdPerTonneCo2: number;
  unservedPenaltyUsdPerTeu: number;
  closedNodeIds: string[];
  closedLinkIds: string[];
  /** Checked factors, in the order given. */
  capacityMultipliers: [string, number][];
  includeCandidates: string[] | 'all';
  ignoreCapacities: boolean;
  backend: OptimizeBackend;
  timeLimitSeconds: number | undefined;
  paths: boolean;
  method: OptimizeMethod;
  /** As given (undefined = the default of method 'paths', see OptimizeOptions.pricingWorkers). */
  pricingWorkers: number | undefined;
}

/** Every `backend` option value: 'auto' and the solver backends (the one list, solver/backend-registry.ts). */
export const OPTIMIZE_BACKENDS: readonly OptimizeBackend[] = ['auto', ...BACKEND_NAMES];
const BACKENDS = OPTIMIZE_BACKENDS;

/**
 * A bad option: the message names it (`pricingWorkers must be …`, or the problem alone when it already says
 * what it is about), and `option` lets an edge name it its own way (the CLI: `--pricing-workers: must be …`).
 */
function optionError(name: string, problem: string, selfNaming = false): InvalidArgumentError {
  return new InvalidArgumentError(selfNaming ? problem : `${name} ${problem}`, { name, problem });
}

function nonNegative(name: string, value: number | undefined, fallback: number, option?: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const problem = `must be a finite number ≥ 0, got ${String(value)}`;
    throw new InvalidArgumentError(`${name} ${problem}`, option ? { name: option, problem } : undefined);
  }
  return value;
}

/** The closures and multipliers of a scenario, checked against a network (ResolvedOptimizeOptions' fields). */
export type ResolvedClosures = Pick<ResolvedOptimizeOptions, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers'>;

/**
 * Check a scenario's closures and multipliers against the network: ids known (an unknown one names the
 * closest), each listed once, factors finite and ≥ 0.
 * @throws NotFoundError for an unknown node or link id; InvalidArgumentError for a bad factor
 */
export function resolveClosuresOf(network: Network, scenario: Pick<Scenario, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers'>): ResolvedClosures {
  const nodeIds = new Set(network.nodes.map((n) => n.id));
  const linkIds = new Set(network.links.map((l) => l.id));
  const multipliers: [string, number][] = [];
  for (const [id, factor] of Object.entries(scenario.capacityMultipliers ?? {})) {
    if (!nodeIds.has(id) && !linkIds.has(id)) throw new NotFoundError('node or link (capacity multiplier)', id, closestNames(id, [...nodeIds, ...linkIds]));
    multipliers.push([id, nonNegative(`capacity multiplier of "${id}"`, factor, 1)]);
  }
  return { closedNodeIds: checkIds(scenario.closedNodeIds, nodeIds, 'node'), closedLinkIds: checkIds(scenario.closedLinkIds, linkIds, 'link'), capacityMultipliers: multipliers };
}

function checkIds(ids: readonly string[] | undefined, known: Set<string>, kind: string): string[] {
  const out: string[] = [];
  for (const id of ids ?? []) {
    if (!known.has(id)) throw new NotFoundError(kind, id, closestNames(id, known));
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Resolved options with a resolved scenario's closures added and its multipliers multiplied in (the base is
 * not checked again: it was resolved at the edge).
 */
export function withClosures(base: ResolvedOptimizeOptions, scenario: ResolvedClosures): ResolvedOptimizeOptions {
  const factors = new Map(base.capacityMultipliers);
  for (const [id, factor] of scenario.capacityMultipliers) factors.set(id, (factors.get(id) ?? 1) * factor);
  return {
    ...base,
    closedNodeIds: [...new Set([...base.closedNodeIds, ...scenario.closedNodeIds])],
    closedLinkIds: [...new Set([...base.closedLinkIds, ...scenario.closedLinkIds])],
    capacityMultipliers: [...factors],
  };
}

/**
 * Fill in defaults and check every option against the network (validate once at the edge; resolveProblem
 * is the usual caller).
 * @throws InvalidArgumentError for a bad number or backend; NotFoundError for an unknown node or link id
 */
export function resolveOptimizeOptions(network: Network, options: OptimizeOptions = {}): ResolvedOptimizeOptions {
  if (options.resolved) {
    const beside = Object.entries(options).filter(([k, v]) => k !== 'resolved' && v !== undefined).map(([k]) => k);
    if (beside.length) throw new InvalidArgumentError(`options: "resolved" is given with ${beside.map((k) => `"${k}"`).join(', ')} beside it; change the resolved options instead`);
    return options.resolved;
  }
  const linkIds = new Set(network.links.map((l) => l.id));
  const closures = resolveClosuresOf(network, options);
  const backend = options.backend ?? 'auto';
  if (!BACKENDS.includes(backend)) throw optionError('backend', `unknown backend "${String(backend)}"; use one of ${BACKENDS.join(', ')}`, true);
  const method = resolveOptimizeMethod(options);
  if (!OPTIMIZE_METHODS.includes(method)) throw optionError('method', `unknown method "${String(method)}"; use one of ${OPTIMIZE_METHODS.join(', ')}`, true);
  const time = options.timeLimitSeconds;
  if (time !== undefined && !(typeof time === 'number' && time > 0)) throw optionError('timeLimitSeconds', `must be > 0, got ${String(time)}`);
  const pricingWorkers = options.pricingWorkers;
  if (pricingWorkers !== undefined && !(Number.isInteger(pricingWorkers) && pricingWorkers >= 0)) throw optionError('pricingWorkers', `must be an integer ≥ 0 (0 = price in the calling thread), got ${String(pricingWorkers)}`);
  const include = options.includeCandidates;
  const includeCandidates = include === 'all' ? 'all' : checkIds(include ? [...include] : [], linkIds, 'candidate link');
  return {
    valueOfTimeUsdPerTeuHour: nonNegative('vot (USD per TEU-hour)', options.vot, DEFAULT_COST_PARAMETERS.valueOfTimeUsdPerTeuHour, 'vot'),
    carbonPriceUsdPerTonneCo2: nonNegative('carbonPrice (USD per tonne CO2)', options.carbonPrice, DEFAULT_COST_PARAMETERS.carbonPriceUsdPerTonneCo2, 'carbonPrice'),
    unservedPenaltyUsdPerTeu: nonNegative('unservedPenaltyUsdPerTeu', options.unservedPenaltyUsdPerTeu, DEFAULT_UNSERVED_PENALTY_USD_PER_TEU, 'unservedPenaltyUsdPerTeu'),
    ...closures,
    includeCandidates,
    ignoreCapacities: options.ignoreCapacities ?? false,
    backend,
    timeLimitSeconds: time,
    paths: options.paths ?? true,
    method,
    pricingWorkers,
  };
}
