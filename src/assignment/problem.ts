import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError } from '../shared/index.js';
import { resolveOptimizeOptions, type OptimizeOptions, type ResolvedOptimizeOptions } from './optimize-options.js';

/**
 * One assignment problem, resolved: the network, demand rows checked against it, and every option with its
 * default filled in and its ids checked. It is built once, at the edge (a CLI command, an API job's
 * preparation, a public library function such as `optimize`), and everything below takes it as it is and
 * never validates again. Plain data, so it crosses thread and queue boundaries by structured clone.
 */
export interface Problem {
  readonly network: Network;
  readonly demand: readonly DemandRow[];
  readonly options: ResolvedOptimizeOptions;
}

/**
 * Resolve a problem at the edge: fill in the defaults of `options`, check them and the demand rows against the
 * network.
 * @throws InvalidArgumentError for a bad number, backend, method or demand row; NotFoundError for an unknown
 *   node, link or candidate id
 * @example const problem = resolveProblem(net, loadDemand('default', net), { carbonPrice: 80 }); await solveProblem(problem);
 */
export function resolveProblem(network: Network, demand: readonly DemandRow[], options: OptimizeOptions = {}): Problem {
  const resolved = resolveOptimizeOptions(network, options);
  checkDemandRows(network, demand);
  return { network, demand, options: resolved };
}

/**
 * The base options of a run: `options.resolved` when an edge resolved them already, else resolved here,
 * once (the run's public function is then the edge).
 */
export function baseOptionsOf(network: Network, demand: readonly DemandRow[], options: OptimizeOptions): ResolvedOptimizeOptions {
  // resolveOptimizeOptions hands `resolved` back as it is, and refuses an override beside it.
  return options.resolved ? resolveOptimizeOptions(network, options) : resolveProblem(network, demand, options).options;
}

/**
 * Demand rows are validated where they are read (demand.ts); rows built in code get this cheap check so a
 * typo fails with a message instead of an index error deep in the LP build.
 */
function checkDemandRows(network: Network, demand: readonly DemandRow[]): void {
  const ids = new Set(network.nodes.map((n) => n.id));
  demand.forEach((r, i) => {
    const bad =
      !ids.has(r.origin) ? `origin "${r.origin}" is not a node id of network "${network.id}"`
      : !ids.has(r.destination) ? `destination "${r.destination}" is not a node id of network "${network.id}"`
      : r.origin === r.destination ? `origin and destination are the same node "${r.origin}"`
      : !(Number.isFinite(r.teuPerYear) && r.teuPerYear >= 0) ? `teuPerYear must be a finite number ≥ 0, got ${r.teuPerYear}`
      : r.valueOfTimeUsdPerTeuHour !== null && !(Number.isFinite(r.valueOfTimeUsdPerTeuHour) && r.valueOfTimeUsdPerTeuHour >= 0) ? `valueOfTimeUsdPerTeuHour must be ≥ 0 or null, got ${r.valueOfTimeUsdPerTeuHour}`
      : null;
    if (bad) throw new InvalidArgumentError(`demand[${i}]: ${bad}; read demand with loadDemand/demandFromCsv to get every problem at once`);
  });
}
