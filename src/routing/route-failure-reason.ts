import type { Mode, NetworkNode } from '../network/index.js';
import { routeGraph, type PathFinderName, type RouteGraph } from './route-graph.js';
import { shortestStopPath } from './route-stops.js';

/** What a failed query asked for, to explain the failure. */
export interface FailureContext {
  rg: RouteGraph;
  weights: Float64Array;
  /** Allowed link modes (all the network's modes when the query did not restrict them). */
  modes: readonly Mode[];
  /** Closed nodes and links of the query. */
  closedNodeIds: readonly string[];
  closedLinkIds: readonly string[];
  finder?: PathFinderName;
}

const list = (items: readonly string[]) => `[${items.join(', ')}]`;

/**
 * Say in words why no route joins `stops` (physical nodes in order). The checks go from the most specific
 * cause to the least: a closed stop; no allowed-mode link reaching or leaving a stop; closures that every
 * route would pass (reopening each alone tells which); the mode restriction; direction (oneway links);
 * links that are only candidates; and finally plain disconnection.
 * @example routeFailureReason(ctx, [xian, duisburg]) // 'no link of the allowed modes [sea] reaches Duisburg (it is served by rail)'
 */
export function routeFailureReason(ctx: FailureContext, stops: readonly NetworkNode[]): string {
  const closed = new Set(ctx.closedNodeIds);
  const roles = stops.map((_, i) => (i === 0 ? 'origin' : i === stops.length - 1 ? 'destination' : 'via node'));
  for (let i = 0; i < stops.length; i++) {
    if (closed.has(stops[i].id)) return `the ${roles[i]} ${stops[i].name} (${stops[i].id}) is itself closed (avoid)`;
  }
  for (let i = 0; i + 1 < stops.length; i++) {
    const reason = segmentReason(ctx, stops[i], stops[i + 1]);
    if (reason) return stops.length > 2 ? `${reason} (stage ${i + 1} of the route via ${stops.slice(1, -1).map((s) => s.name).join(', ')})` : reason;
  }
  return `no route from ${stops[0].name} to ${stops[stops.length - 1].name} passes ${stops.slice(1, -1).map((s) => s.name).join(', ')} in this order with the allowed modes ${list(ctx.modes)}`;
}

/** Why a → b has no route, or null when it has one under the query's restrictions. */
function segmentReason(ctx: FailureContext, a: NetworkNode, b: NetworkNode): string | null {
  const { rg, weights } = ctx;
  const g = rg.expanded;
  const ai = g.nodeIndex.get(a.id)!;
  const bi = g.nodeIndex.get(b.id)!;
  const allModes = rg.modes;
  const restricted = allModes.some((m) => !ctx.modes.includes(m));
  const closures = [...ctx.closedNodeIds.map((id) => ({ kind: 'node', id })), ...ctx.closedLinkIds.map((id) => ({ kind: 'link', id }))];
  const reachable = (modes: readonly Mode[], nodeIds: readonly string[], linkIds: readonly string[], from = ai, to = bi, graph = rg) =>
    shortestStopPath(graph, [from, to], graph.arcWeights({ valueOfTimeUsdPerTeuHour: 0, carbonPriceUsdPerTonneCo2: 0 }), graph.arcOpen({ modes, closedNodeIds: nodeIds, closedLinkIds: linkIds }), ctx.finder);

  if (shortestStopPath(rg, [ai, bi], weights, rg.arcOpen({ modes: ctx.modes, closedNodeIds: ctx.closedNodeIds, closedLinkIds: ctx.closedLinkIds }), ctx.finder)) return null;

  // Modes of the active link arcs that arrive at b / leave a, closures ignored.
  const modesInto = new Set<Mode>();
  const modesOutOf = new Set<Mode>();
  for (let arc = 0; arc < g.arcCount; arc++) {
    if (g.arcLink[arc] < 0) continue;
    if (g.vertexNode[g.arcTo[arc]] === bi) modesInto.add(g.arcMode[arc]!);
    if (g.vertexNode[g.arcFrom[arc]] === ai) modesOutOf.add(g.arcMode[arc]!);
  }
  const served = (s: Set<Mode>) => (s.size ? `it is served by ${[...s].join(', ')}` : 'no link at all does');
  if (!ctx.modes.some((m) => modesInto.has(m))) {
    return restricted ? `no link of the allowed modes ${list(ctx.modes)} reaches ${b.name} (${served(modesInto)})` : `no link reaches ${b.name} (links there, if any, are oneway away from it)`;
  }
  if (!ctx.modes.some((m) => modesOutOf.has(m))) {
    return restricted ? `no link of the allowed modes ${list(ctx.modes)} leaves ${a.name} (${served(modesOutOf)})` : `no link leaves ${a.name} (links there, if any, are oneway towards it)`;
  }

  const withModes = restricted ? ` with the modes ${list(ctx.modes)}` : '';
  if (closures.length && reachable(ctx.modes, [], [])) {
    // Which closures alone block every route: reopening just that one gives a route.
    const critical = closures.filter((c) =>
      reachable(
        ctx.modes,
        ctx.closedNodeIds.filter((id) => c.kind !== 'node' || id !== c.id),
        ctx.closedLinkIds.filter((id) => c.kind !== 'link' || id !== c.id),
      ),
    );
    // One critical closure: "a closed node: suez". Several: reopening any one of them gives a route, so
    // every route passes one of them. None: reopening any single one is not enough, so every route passes two
    // or more of the closures.
    const named = critical.length ? critical : closures;
    const kinds = new Set(named.map((c) => c.kind));
    const noun = kinds.size === 2 ? 'closed nodes or links' : `closed ${[...kinds][0]}s`;
    const lead =
      critical.length === 1 ? `passes a closed ${critical[0].kind}` : critical.length ? `passes one of the ${noun}` : `passes at least two of the ${noun}`;
    return `every route from ${a.name} to ${b.name}${withModes} ${lead}: ${named.map((c) => c.id).join(', ')}`;
  }
  if (restricted) {
    const open = reachable(allModes, ctx.closedNodeIds, ctx.closedLinkIds);
    if (open) {
      const chain = [...new Set(open.arcs.filter((arc) => g.arcLink[arc] >= 0).map((arc) => g.arcMode[arc]!))];
      return `no route from ${a.name} to ${b.name} uses only the allowed modes ${list(ctx.modes)}; routes exist with ${list(chain)}`;
    }
    if (closures.length && reachable(allModes, [], [])) {
      return `no route from ${a.name} to ${b.name} uses only the allowed modes ${list(ctx.modes)} while avoiding ${closures.map((c) => c.id).join(', ')}`;
    }
  }
  if (reachable(allModes, [], [], bi, ai)) {
    return `no route from ${a.name} to ${b.name}: links join them only in the other direction (oneway links)`;
  }
  const network = g.network;
  if (network.links.some((l) => l.status === 'candidate')) {
    const all = routeGraph(network, { includeCandidates: 'all' });
    if (reachable(all.modes, [], [], ai, bi, all)) {
      return `${a.name} and ${b.name} are not connected by existing links; switching on candidate links would connect them`;
    }
  }
  return `${a.name} and ${b.name} are not connected: no chain of links joins them in network ${network.id}`;
}
