import { chooseBackend, getBackend } from '../../solver/index.js';
import type { LpBackend } from '../../solver/lp-model.js';
import type { DemandRow } from '../demand.js';
import { expandNetwork } from '../expanded-graph.js';
import type { Network } from '../network.js';
import { assembleAssignmentResult } from './assemble-assignment-result.js';
import type { AssignmentResult } from './assignment-result.js';
import { buildAssignmentLp, type AssignmentLp } from './build-assignment-lp.js';
import { effectiveCapacities } from './effective-capacities.js';
import { groupCommodities, pruneCommodityArcs, type Commodity } from './group-commodities.js';
import { resolveOptimizeOptions, type OptimizeOptions, type ResolvedOptimizeOptions } from './optimize-options.js';

/**
 * Build the assignment LP for a network and demand without solving it (for benchmarks, file export and
 * callers that want to inspect the model).
 */
export function buildCorridorLp(network: Network, demand: readonly DemandRow[], options: OptimizeOptions | ResolvedOptimizeOptions = {}) {
  const resolved = isResolved(options) ? options : resolveOptimizeOptions(network, options);
  const graph = expandNetwork(network, { includeCandidates: resolved.includeCandidates });
  const capacities = effectiveCapacities(graph, resolved);
  const scratch = { forward: new Uint8Array(graph.vertexCount), backward: new Uint8Array(graph.vertexCount), stack: new Int32Array(graph.vertexCount) };
  const commodities: Commodity[] = groupCommodities(graph, demand, resolved.valueOfTimeUsdPerTeuHour).map((c) => ({
    ...c,
    arcs: pruneCommodityArcs(graph, capacities.arcOpen, c.originNode, c.destinations.map((d) => d.node), scratch),
  }));
  const lp: AssignmentLp = buildAssignmentLp(graph, commodities, capacities, resolved);
  return { graph, capacities, lp, options: resolved };
}

function isResolved(o: OptimizeOptions | ResolvedOptimizeOptions): o is ResolvedOptimizeOptions {
  return 'unservedPenaltyUsdPerTeu' in o && 'capacityMultipliers' in o && Array.isArray(o.capacityMultipliers);
}

/**
 * Capacitated multi-commodity freight assignment: carry the yearly demand over the expanded multimodal
 * graph at least generalized cost, within per-direction link capacities and node throughputs shared by
 * all flows; demand that cannot be carried is unserved at a penalty (never silently dropped).
 * Returns flows per link and terminal, shadow prices of the binding capacities (USD/yr saved per extra
 * TEU/yr of capacity), paths per OD row, modal split, CO2 and the objective broken down.
 * An infeasible or failed solve is a `status`, not an exception.
 * @throws InvalidArgumentError / NotFoundError for bad options (validated before any work)
 * @example
 *   const net = loadNetwork('china-eurasia');
 *   const result = await optimize(net, loadDemand('default', net), { carbonPrice: 80 });
 *   result.bottlenecks[0] // { kind: 'terminal', id: 'alashankou', shadowPriceUsdPerTeu: …, … }
 */
export async function optimize(network: Network, demand: readonly DemandRow[], options: OptimizeOptions = {}): Promise<AssignmentResult> {
  const startedMs = performance.now();
  const resolved = resolveOptimizeOptions(network, options);
  const { graph, capacities, lp } = buildCorridorLp(network, demand, resolved);
  const backend: LpBackend = resolved.backend === 'auto' ? chooseBackend(lp.model) : getBackend(resolved.backend);
  const solution = await backend.solve(lp.model, resolved.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: resolved.timeLimitSeconds });
  return assembleAssignmentResult({
    graph,
    demand,
    options: resolved,
    capacities,
    lp,
    solution,
    dualsAvailable: backend.supports('duals') && solution.rowDuals !== null,
    startedMs,
  });
}
