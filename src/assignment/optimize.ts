import { chooseBackend, getBackend, isClpAvailable } from '../../solver/index.js';
import type { LpBackend, LpModel, LpSolution, SolveOptions } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { expandNetwork } from '../graph/index.js';
import { solvePathsProblem } from './paths/create-paths-solver.js';
import { assembleResult } from './assemble-result.js';
import { flowSolutionFromLp } from './flow-solution.js';
import type { AssignmentResult } from './assignment-result.js';
import { buildAssignmentLp, type AssignmentLp } from './arc/build-assignment-lp.js';
import { effectiveCapacities } from './effective-capacities.js';
import { groupCommodities, pruneCommodityArcs, type Commodity } from './group-commodities.js';
import { resolveOptimizeOptions, type OptimizeOptions, type ResolvedOptimizeOptions } from './optimize-options.js';
import { resolveProblem, type Problem } from './problem.js';

/**
 * Build the assignment LP for a network and demand without solving it (for benchmarks, file export and
 * callers that want to inspect the model).
 */
export function buildCorridorLp(network: Network, demand: readonly DemandRow[], options: OptimizeOptions | ResolvedOptimizeOptions = {}) {
  const { lp, ...rest } = buildCorridorLpWithin(network, demand, options, Infinity);
  return { ...rest, lp: lp! };
}

/**
 * {@link buildCorridorLp}, unless the arc LP would have more than `maxFlowColumns` flow columns: then `lp` is
 * null, and the pruning stops at the commodity that passes the limit, so a model that would not fit in memory
 * (at 5,000 nodes and 1,000 OD pairs the arc LP has ≈ 7.9e7 columns) is never built. The graph is returned either
 * way, for callers that go on without the LP.
 */
export function buildCorridorLpWithin(network: Network, demand: readonly DemandRow[], options: OptimizeOptions | ResolvedOptimizeOptions, maxFlowColumns: number) {
  const resolved = isResolved(options) ? options : resolveOptimizeOptions(network, options);
  const graph = expandNetwork(network, { includeCandidates: resolved.includeCandidates });
  const capacities = effectiveCapacities(graph, resolved);
  const scratch = { forward: new Uint8Array(graph.vertexCount), backward: new Uint8Array(graph.vertexCount), stack: new Int32Array(graph.vertexCount) };
  const commodities: Commodity[] = [];
  let flowColumns = 0;
  for (const c of groupCommodities(graph, demand, resolved.valueOfTimeUsdPerTeuHour)) {
    const arcs = pruneCommodityArcs(graph, capacities.arcOpen, c.originNode, c.destinations.map((d) => d.node), scratch);
    flowColumns += arcs.length;
    if (flowColumns > maxFlowColumns) return { graph, capacities, lp: null, options: resolved };
    commodities.push({ ...c, arcs });
  }
  const lp: AssignmentLp = buildAssignmentLp(graph, commodities, capacities, resolved);
  return { graph, capacities, lp, options: resolved };
}

/** Whether `o` is already resolved (buildCorridorLp is also called by benches and tools with raw options). */
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
  return solveProblem(resolveProblem(network, demand, options));
}

/**
 * {@link optimize} of a problem resolved at the edge (resolveProblem): nothing is validated again.
 * @example const result = await solveProblem(resolveProblem(net, demand, { method: 'arc' }));
 */
export async function solveProblem(problem: Problem): Promise<AssignmentResult> {
  const startedMs = performance.now();
  const { network, demand, options: resolved } = problem;
  if (resolved.method === 'paths') return solvePathsProblem(problem);
  const { graph, capacities, lp } = buildCorridorLp(network, demand, resolved);
  const solveOptions: SolveOptions = resolved.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: resolved.timeLimitSeconds };
  const { backend, solution } = resolved.backend === 'auto' ? await solveAuto(lp.model, solveOptions) : await solveWith(getBackend(resolved.backend), lp.model, solveOptions);
  return assembleResult({ graph, demand, options: resolved, capacities, startedMs }, flowSolutionFromLp(lp, solution, backend.supports('duals') && solution.rowDuals !== null));
}

async function solveWith(backend: LpBackend, model: LpModel, options: SolveOptions): Promise<{ backend: LpBackend; solution: LpSolution }> {
  return { backend, solution: await backend.solve(model, options) };
}

/**
 * `backend: 'auto'` for the arc formulation: the native `clp` executable when it is installed, else the
 * solver layer's choice (HiGHS for LPs). bench/optimize-bench.ts (BENCHMARKS.md) measured clp through the
 * backend — MPS written, process started, solution read back — at 1.0–1.3× the CPU of clp run by hand on
 * the same file from 58,000 columns up and 0.2–0.3 s more below that, against 2.2–2.6× for HiGHS-WASM at
 * 58,000–93,000 columns (1.4–1.5× at 500,000) plus about a second of WebAssembly compilation on its first
 * solve in a process, which is every CLI run. Both give duals. If clp fails (status `error`), the model is solved
 * again with the solver layer's choice, so a broken clp install never breaks an optimization.
 */
async function solveAuto(model: LpModel, options: SolveOptions): Promise<{ backend: LpBackend; solution: LpSolution }> {
  if (isClpAvailable()) {
    const clp = await solveWith(getBackend('clp'), model, options);
    if (clp.solution.status !== 'error') return clp;
    const fallback = await solveWith(chooseBackend(model, ['duals']), model, options);
    fallback.solution.message = `clp failed (${clp.solution.message ?? 'error'}); solved with ${fallback.backend.name}${fallback.solution.message ? `: ${fallback.solution.message}` : ''}`;
    return fallback;
  }
  return solveWith(chooseBackend(model, ['duals']), model, options);
}
