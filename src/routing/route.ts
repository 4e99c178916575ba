import { closestNames, InvalidArgumentError, NotFoundError } from '../shared/index.js';
import { findNode, MODE_ALIASES, MODES, parseModeName, resolveClosures, type Mode, type Network, type NetworkNode } from '../network/index.js';
import { costParameters, type CostParameters } from '../graph/index.js';
import { routeAlternatives } from './route-alternatives.js';
import { routeFailureReason } from './route-failure-reason.js';
import { routeGraph, type PathFinderName } from './route-graph.js';
import { describeArcPath, type RoutePath } from './route-result.js';
import { shortestStopPath } from './route-stops.js';
import { cargoValueOfTime, parseCargoClass, standardValueOfTime, type ValueOfTimeChoice } from './route-value-of-time.js';

export type {
  BorderCrossingEvent,
  GaugeChangeEvent,
  LegFeatureProperties,
  RouteLeg,
  RoutePath,
  TransferEvent,
} from './route-result.js';
export { DEFAULT_PATH_FINDER, type PathFinderName } from './route-graph.js';
export { demandValueOfTime, type ValueOfTimeChoice } from './route-value-of-time.js';

/** Options of a route query. Every field is optional. */
export interface RouteOptions {
  /** Allowed link modes (default: all). Mode changes happen only between allowed modes. */
  modes?: readonly string[];
  /**
   * Closed nodes, links or named disruptions ("suez", "malacca", …; see NAMED_DISRUPTIONS). A closed node
   * cannot be passed, entered or left.
   */
  avoid?: readonly string[];
  /** Nodes to pass, in order (ids, names or aliases). */
  via?: readonly string[];
  /** Value of time, USD per TEU-hour (default DEFAULT_VOT_USD_PER_TEU_HOUR). */
  valueOfTimeUsdPerTeuHour?: number;
  /** Short form of valueOfTimeUsdPerTeuHour. */
  vot?: number;
  /** Carbon price, USD per tonne CO2 (default DEFAULT_CARBON_PRICE_USD_PER_T_CO2). */
  carbonPriceUsdPerTonneCo2?: number;
  /** Short form of carbonPriceUsdPerTonneCo2. */
  carbonPrice?: number;
  /** Also return the best route of each mode chain with Pareto flags. */
  alternatives?: boolean;
  /** Candidate link ids to switch on ('all' for all); off by default, as in the network. */
  includeCandidates?: readonly string[] | 'all';
  /** ngraph.path finder (default DEFAULT_PATH_FINDER); both give the same optimum. */
  finder?: PathFinderName;
  /**
   * With `via`: accept the cheapest route through the stops even when it passes a node twice (goes out to
   * a via and back). Default false: a route that passes no node twice is preferred, and the double-back
   * is reported in `viaDoubleBack` and `warnings`.
   */
  allowDoubleBack?: boolean;
  /** Cargo class (high-value, standard, bulk): its value of time, when no value of time is given. */
  cargo?: string;
  /**
   * The value of time to use when neither a value nor a cargo class is given (the CLI and the API pass the
   * demand scenario's value, demandValueOfTime); default the standard value.
   */
  defaultValueOfTime?: ValueOfTimeChoice;
}

/** The query as understood, echoed in every result. */
export interface RouteQuery {
  /** Node ids of origin and destination, and their names. */
  from: string;
  to: string;
  fromName: string;
  toName: string;
  /** Via node ids, in order. */
  via: string[];
  allowedModes: Mode[];
  /** What `avoid` closed, resolved to ids. */
  avoided: { nodeIds: string[]; linkIds: string[] };
  costParameters: CostParameters;
  /** The value of time used (= costParameters.valueOfTimeUsdPerTeuHour), and why. */
  valueOfTime: ValueOfTimeChoice;
}

/** An alternative route: the best of its mode chain. */
export interface RouteAlternative extends RoutePath {
  /** Not dominated in (totalCostUsd, totalHours) by another alternative. */
  paretoOptimal: boolean;
  /** This is the route the query returned (the overall best by generalized cost). */
  best: boolean;
}

/** A route was found: the query, the route (see RoutePath) and, when asked, the alternatives. */
export interface RouteFound extends RouteQuery, RoutePath {
  found: true;
  /** Empty unless the query asked for alternatives. */
  alternatives: RouteAlternative[];
  /**
   * With `via`: the cheapest route through the stops passed some node twice (it went out to a via and
   * came back the same way). null when it did not. `avoided`: this result is instead the cheapest route
   * found that passes no node twice; otherwise the result is the doubling-back route, reported.
   */
  viaDoubleBack: ViaDoubleBack | null;
  /** Things a planner should know about this result, in words (e.g. the via double-back). */
  warnings: string[];
}

/** A via route that passed a node twice, and what was done about it. */
export interface ViaDoubleBack {
  /** Nodes the cheapest through-the-stops route passed more than once. */
  revisitedNodeIds: string[];
  /** True when the result passes no node twice (a non-revisiting route was found). */
  avoided: boolean;
  /** The doubling-back route's km and generalized cost, USD/TEU, for comparison. */
  doubleBackKm: number;
  doubleBackGeneralizedCostUsd: number;
}

/** No route: `reason` says why in words. */
export interface RouteNotFound extends RouteQuery {
  found: false;
  reason: string;
  alternatives: RouteAlternative[];
}

/** What route() returns: test `found` to tell a route from a no-route explanation. */
export type RouteResult = RouteFound | RouteNotFound;

/**
 * Cheapest freight route per TEU between two nodes of a network by generalized cost (money + value of time
 * × hours + carbon price × CO2), over the one expanded multimodal graph with ngraph.path.
 *
 * `from`, `to` and `via` take ids, names or aliases, case-insensitive. An unknown node throws NotFoundError
 * (with the closest names), bad options throw InvalidArgumentError/NotFoundError, and from === to throws
 * InvalidArgumentError. When no route exists the result is `{ found: false, reason }`, never an exception.
 * @example route(loadNetwork('china-eurasia'), 'Chongqing', 'Singapore', { alternatives: true }).legs
 * @example route(net, 'shanghai', 'rotterdam', { avoid: ['suez'], vot: 0, carbonPrice: 0 }).totalCostUsd
 */
export function route(network: Network, from: string, to: string, options: RouteOptions = {}): RouteResult {
  const origin = findNode(network, from);
  const destination = findNode(network, to);
  if (origin.id === destination.id) {
    throw new InvalidArgumentError(`from and to are the same node "${origin.id}" (${origin.name}); a route needs two different nodes`);
  }
  const via = (options.via ?? []).map((v) => findNode(network, v));
  const stops: NetworkNode[] = [origin, ...via, destination];
  for (let i = 1; i < stops.length; i++) {
    if (stops[i].id === stops[i - 1].id) {
      throw new InvalidArgumentError(`via: "${stops[i].id}" follows itself in the stops ${stops.map((s) => s.id).join(' → ')}; remove the repeat`);
    }
  }
  const allowedModes = parseModes(options.modes);
  const { params, valueOfTime } = parseCostParameters(options);
  const includeCandidates = parseCandidates(network, options.includeCandidates);
  const avoided = resolveClosures(network, [...(options.avoid ?? [])]);

  const rg = routeGraph(network, includeCandidates === undefined ? {} : { includeCandidates });
  const weights = rg.arcWeights(params);
  const open = rg.arcOpen({ modes: allowedModes, closedNodeIds: avoided.nodeIds, closedLinkIds: avoided.linkIds });
  const stopIndices = stops.map((s) => rg.expanded.nodeIndex.get(s.id)!);
  const query: RouteQuery = {
    from: origin.id,
    to: destination.id,
    fromName: origin.name,
    toName: destination.name,
    via: via.map((v) => v.id),
    allowedModes,
    avoided,
    costParameters: params,
    valueOfTime,
  };

  const closedStop = stops.some((s) => avoided.nodeIds.includes(s.id));
  const found = closedStop ? null : shortestStopPath(rg, stopIndices, weights, open, options.finder);
  if (!found) {
    const reason = routeFailureReason(
      { rg, weights, modes: allowedModes, closedNodeIds: avoided.nodeIds, closedLinkIds: avoided.linkIds, finder: options.finder },
      stops,
    );
    return { found: false, ...query, reason, alternatives: [] };
  }
  let best = found;
  let path = describeArcPath(rg.expanded, found.arcs, params);
  // Joining per-stop shortest paths can go out to a via and come back over the same track (Xi'an → Aktau
  // → back to Lianyungang). Prefer a route that passes no node twice; report when there is none.
  let viaDoubleBack: ViaDoubleBack | null = null;
  const warnings: string[] = [];
  const revisited = revisitedNodes(path.nodeIds);
  if (via.length && revisited.length && options.allowDoubleBack) {
    const names = revisited.map((id) => network.nodes.find((n) => n.id === id)?.name ?? id).join(', ');
    viaDoubleBack = { revisitedNodeIds: revisited, avoided: false, doubleBackKm: path.totalKm, doubleBackGeneralizedCostUsd: path.generalizedCostUsd };
    warnings.push(`this route doubles back: it passes ${names} twice (allowed by allowDoubleBack)`);
  } else if (via.length && revisited.length) {
    const simple = shortestStopPath(rg, stopIndices, weights, open, options.finder, true);
    const simplePath = simple ? describeArcPath(rg.expanded, simple.arcs, params) : null;
    const avoided = simplePath !== null && revisitedNodes(simplePath.nodeIds).length === 0;
    viaDoubleBack = { revisitedNodeIds: revisited, avoided, doubleBackKm: path.totalKm, doubleBackGeneralizedCostUsd: path.generalizedCostUsd };
    const names = revisited.map((id) => network.nodes.find((n) => n.id === id)?.name ?? id).join(', ');
    if (avoided) {
      warnings.push(`the cheapest route through ${via.map((v) => v.name).join(', ')} doubles back (passes ${names} twice; ${Math.round(path.totalKm)} km, generalized USD ${Math.round(path.generalizedCostUsd)}/TEU); shown instead: the cheapest route found that passes no node twice (${Math.round(simplePath!.totalKm)} km, USD ${Math.round(simplePath!.generalizedCostUsd)}/TEU; allow the double-back with allowDoubleBack / --allow-double-back)`);
      best = simple!;
      path = simplePath!;
    } else {
      warnings.push(`this route doubles back: it passes ${names} twice, because no route through ${via.map((v) => v.name).join(', ')} that passes each node once was found`);
    }
  }
  const alternatives: RouteAlternative[] = options.alternatives
    ? routeAlternatives({
        rg, stops: stopIndices, weights, params, modes: allowedModes,
        closedNodeIds: avoided.nodeIds, closedLinkIds: avoided.linkIds, finder: options.finder,
      }).map((alt) => ({ ...alt.path, paretoOptimal: alt.paretoOptimal, best: alt.arcs.join(',') === best.arcs.join(',') }))
    : [];
  return { found: true, ...query, ...path, alternatives, viaDoubleBack, warnings };
}

/** Physical nodes that appear more than once in a node sequence, in order of first repeat. */
function revisitedNodes(nodeIds: readonly string[]): string[] {
  const seen = new Set<string>();
  const again = new Set<string>();
  for (const id of nodeIds) (seen.has(id) ? again : seen).add(id);
  return [...again];
}

/** Validate `modes`: known names, at least one. Unknown names throw NotFoundError with the closest modes. */
function parseModes(modes: readonly string[] | undefined): Mode[] {
  if (modes === undefined) return [...MODES];
  if (modes.length === 0) throw new InvalidArgumentError('modes: give at least one mode, or leave modes out to allow all');
  const out: Mode[] = [];
  for (const raw of modes) {
    // Aliases too: the tables print "river" for inland_waterway, so "river" must be accepted back.
    const m = parseModeName(raw);
    if (!m) throw new NotFoundError('mode', raw, closestNames(raw.trim().toLowerCase(), [...MODES, ...Object.keys(MODE_ALIASES)], 3));
    if (!out.includes(m)) out.push(m);
  }
  return MODES.filter((m) => out.includes(m));
}

/** Resolve the long and short names of the cost weights; each must be a finite number ≥ 0. */
function parseCostParameters(o: RouteOptions): { params: CostParameters; valueOfTime: ValueOfTimeChoice } {
  const pick = (long: keyof RouteOptions, short: keyof RouteOptions): number | undefined => {
    const a = o[long] as number | undefined;
    const b = o[short] as number | undefined;
    if (a !== undefined && b !== undefined && a !== b) {
      throw new InvalidArgumentError(`${long} (${a}) and ${short} (${b}) are the same option; give one`);
    }
    const v = a ?? b;
    // Negative weights would also break the shortest-path search, which needs arc costs ≥ 0.
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new InvalidArgumentError(`${long}: must be a finite number ≥ 0, got ${String(v)}`);
    }
    return v;
  };
  const vot = pick('valueOfTimeUsdPerTeuHour', 'vot');
  const cargo = o.cargo === undefined ? undefined : parseCargoClass(o.cargo);
  // An explicit value wins over the cargo class, which wins over the demand-consistent default.
  const valueOfTime: ValueOfTimeChoice =
    vot !== undefined
      ? { usdPerTeuHour: vot, basis: 'option', cargo: cargo ?? null, source: cargo ? `given as an option (overrides the ${cargo} cargo default)` : 'given as an option' }
      : cargo !== undefined
        ? cargoValueOfTime(cargo)
        : (o.defaultValueOfTime ?? standardValueOfTime());
  const params = costParameters({
    valueOfTimeUsdPerTeuHour: valueOfTime.usdPerTeuHour,
    carbonPriceUsdPerTonneCo2: pick('carbonPriceUsdPerTonneCo2', 'carbonPrice'),
  });
  return { params, valueOfTime };
}

function parseCandidates(network: Network, include: RouteOptions['includeCandidates']): string[] | 'all' | undefined {
  if (include === undefined || include === 'all') return include;
  const candidates = network.links.filter((l) => l.status === 'candidate').map((l) => l.id);
  for (const id of include) {
    if (!candidates.includes(id)) throw new NotFoundError('candidate link', id, closestNames(id, candidates, 3));
  }
  return [...include];
}
