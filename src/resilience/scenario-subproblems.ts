import type { LpStatus } from '../../solver/lp-model.js';
import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError } from '../shared/index.js';
import { candidateSweep, type Candidate, type ScenarioOptimizeOptions } from '../evaluate/index.js';
import { baseOptionsOf, pathsSolverFor, type PathsAssignmentResult, type PathsScenario, type PathsSolver, type ResolvedOptimizeOptions } from '../assignment/index.js';
import type { Scenario } from './scenario-set.js';

/**
 * One capacity that a candidate moves: cap(y) = off + (on − off) · y, TEU/yr before the scenario's
 * multipliers (per direction for a link, throughput for a node). Every candidate kind is one or two of them
 * (see {@link ScenarioSubproblems}).
 */
interface CapacityControl {
  kind: 'link' | 'node';
  id: string;
  off: number;
  on: number;
  /** The element is unlimited and `bigM` stands in for it: a multiplier must not scale it. */
  unlimited: boolean;
}

/** The value of one scenario at one portfolio, and a subgradient of it in the build variables. */
export interface SubproblemValue {
  status: LpStatus;
  message: string | null;
  /** Yearly generalized cost of the scenario with the portfolio built, USD/yr (flows re-optimised). */
  objectiveUsd: number | null;
  /**
   * ∂objective/∂y_c, USD/yr per unit of candidate c's build variable, from the capacity rows' duals: a
   * subgradient of the scenario's cost as a convex function of y ∈ [0, 1]^n, so
   * Q(y) ≥ Q(ŷ) + g · (y − ŷ) for every y (a Benders cut that is tight at ŷ).
   */
  gradientUsd: number[];
  /** Unserved demand, TEU/yr. */
  unservedTeu: number | null;
  seconds: number;
  /** Simplex iterations of the warm re-solve(s). */
  iterations: number;
  result: PathsAssignmentResult | null;
}

/**
 * Per-scenario warm path masters for a robust portfolio. The scenario's cost as a function of the build
 * vector y is the LP value with capacities cap(y) = off + (on − off) · y on the rows each candidate moves:
 * - a new link is in the graph from the start (the candidate sweep's switchable link, switched on) with
 *   per-direction capacity C · y, so 0 when not built: the same as closed, but its row keeps a dual;
 * - a capacity upgrade of a link (node): off = today's capacity (throughput), on = the upgraded one;
 * - a speed or cost upgrade: the original link gets cap · (1 − y), the sweep's parallel copy with the
 *   upgraded figures cap · y (an unlimited link uses M = the largest total demand, more than any arc can
 *   carry in an optimal flow); closures and multipliers of the link also apply to the copy.
 * With y binary this is exactly the network with that portfolio built; in between it is convex in y (an LP
 * whose right-hand side is linear in y), so the capacity rows' shadow prices give valid Benders cuts. Only
 * bounds change between solves, so each scenario keeps its own master (columns, rows and basis) warm.
 */
export class ScenarioSubproblems {
  readonly network: Network;
  readonly candidates: readonly Candidate[];
  readonly scenarios: readonly Scenario[];
  private readonly controls: CapacityControl[][];
  private readonly switchable: string[];
  private readonly copyOf: Map<string, string>;
  private readonly solvers: (Promise<PathsSolver> | null)[];
  private readonly demands: DemandRow[][];
  /** The base options, resolved (by the run's edge, or here once per context and thread). */
  private readonly options: ResolvedOptimizeOptions;
  private readonly baseFactors: Map<string, number>;
  /** Warm solves done, for progress and reports. */
  solves = 0;

  constructor(network: Network, candidates: readonly Candidate[], scenarios: readonly Scenario[], demands: DemandRow[][], options: ScenarioOptimizeOptions) {
    this.candidates = candidates;
    this.scenarios = scenarios;
    this.demands = demands;
    this.options = baseOptionsOf(network, demands.flat(), options);
    this.baseFactors = new Map(this.options.capacityMultipliers);
    const sweep = candidateSweep(network, candidates, this.options.includeCandidates);
    this.network = sweep.network;
    this.switchable = sweep.switchableLinkIds;
    this.copyOf = sweep.copyOf;
    const bigMOf = linkFlowBounds(sweep.network, demands);
    const linkById = new Map(sweep.network.links.map((l) => [l.id, l]));
    const nodeById = new Map(sweep.network.nodes.map((n) => [n.id, n]));
    const touched = new Map<string, string>();
    this.controls = candidates.map((c) => {
      const s = sweep.switches.get(c.id);
      if (!s) throw new InvalidArgumentError(`candidate "${c.id}" cannot be part of a robust portfolio: its target is missing or not an existing link, or its id is a network link with other figures`);
      for (const id of s.touches) {
        const other = touched.get(id);
        if (other !== undefined) throw new InvalidArgumentError(`candidates "${other}" and "${c.id}" both change "${id}"; a portfolio takes one candidate per element (merge them into one)`);
        touched.set(id, c.id);
      }
      const linkCap = (id: string) => linkById.get(id)!.capacityTeuPerYear;
      const out: CapacityControl[] = [];
      if (s.open) {
        const cap = linkCap(s.open);
        out.push({ kind: 'link', id: s.open, off: 0, on: cap ?? bigMOf(s.open), unlimited: cap === null });
      }
      if (s.replace) {
        const capL = linkCap(s.replace.linkId);
        const capU = linkCap(s.replace.copyId);
        out.push({ kind: 'link', id: s.replace.linkId, off: capL ?? bigMOf(s.replace.linkId), on: 0, unlimited: capL === null });
        out.push({ kind: 'link', id: s.replace.copyId, off: 0, on: capU ?? bigMOf(s.replace.copyId), unlimited: capU === null });
      }
      if (s.linkCapacity) out.push({ kind: 'link', id: s.linkCapacity.linkId, off: linkCap(s.linkCapacity.linkId) ?? bigMOf(s.linkCapacity.linkId), on: s.linkCapacity.capacityTeuPerYear, unlimited: false });
      if (s.nodeThroughput) {
        const t = nodeById.get(s.nodeThroughput.nodeId)!.throughputTeuPerYear;
        out.push({ kind: 'node', id: s.nodeThroughput.nodeId, off: t ?? Math.max(1, ...demands.map((d) => d.reduce((sum, r) => sum + r.teuPerYear, 0))), on: s.nodeThroughput.throughputTeuPerYear, unlimited: false });
      }
      return out;
    });
    this.solvers = scenarios.map(() => null);
  }

  /** Capacity factor of an element in scenario s (base options × scenario). */
  private factor(s: number, id: string): number {
    return (this.baseFactors.get(id) ?? 1) * (this.scenarios[s].capacityMultipliers[id] ?? 1);
  }

  /** The bound changes of scenario s with portfolio y. */
  pathsScenario(s: number, y: readonly number[]): PathsScenario {
    const sc = this.scenarios[s];
    const closedLinks = new Set(sc.closedLinkIds);
    const multipliers: Record<string, number> = { ...sc.capacityMultipliers };
    for (const [copy, target] of this.copyOf) {
      if (closedLinks.has(target)) closedLinks.add(copy);
      if (multipliers[target] !== undefined) multipliers[copy] = multipliers[target];
    }
    const linkCapacityTeuPerYear: Record<string, number> = {};
    const nodeThroughputTeuPerYear: Record<string, number> = {};
    this.controls.forEach((list, c) => {
      for (const k of list) {
        let value = k.off + (k.on - k.off) * y[c];
        // M stands in for "unlimited", which a multiplier leaves unlimited: undo the multiplier on it.
        const f = this.factor(s, k.kind === 'link' && this.copyOf.has(k.id) ? this.copyOf.get(k.id)! : k.id);
        if (k.unlimited && f > 0) value /= f;
        (k.kind === 'link' ? linkCapacityTeuPerYear : nodeThroughputTeuPerYear)[k.id] = Math.max(0, value);
      }
    });
    return {
      closedNodeIds: sc.closedNodeIds,
      closedLinkIds: [...closedLinks],
      capacityMultipliers: multipliers,
      openLinkIds: this.switchable,
      linkCapacityTeuPerYear,
      nodeThroughputTeuPerYear,
    };
  }

  private solver(s: number): Promise<PathsSolver> {
    let solver = this.solvers[s];
    if (!solver) {
      solver = pathsSolverFor({ network: this.network, demand: this.demands[s], options: { ...this.options, method: 'paths' } }, { switchableLinkIds: this.switchable });
      this.solvers[s] = solver;
    }
    return solver;
  }

  /**
   * Solve scenario s with portfolio y (0/1 per candidate) warm on its own master, and return its cost and the
   * subgradient from the capacity rows' shadow prices. A scenario that is not solved to optimality is a
   * result (status and message), never an exception. `extra` closes more elements on top of the scenario
   * (a single closure on the scenario's master, as N-1 criticality does).
   */
  async evaluate(s: number, y: readonly number[], extra: { closedNodeIds?: readonly string[]; closedLinkIds?: readonly string[] } = {}): Promise<SubproblemValue> {
    const started = performance.now();
    let result: PathsAssignmentResult;
    try {
      const scenario = this.pathsScenario(s, y);
      if (extra.closedNodeIds?.length) scenario.closedNodeIds = [...(scenario.closedNodeIds ?? []), ...extra.closedNodeIds];
      if (extra.closedLinkIds?.length) scenario.closedLinkIds = [...(scenario.closedLinkIds ?? []), ...extra.closedLinkIds];
      result = await (await this.solver(s)).solve(scenario);
    } catch (e) {
      return { status: 'error', message: `scenario "${this.scenarios[s].id}": ${(e as Error).message}`, objectiveUsd: null, gradientUsd: [], unservedTeu: null, seconds: (performance.now() - started) / 1000, iterations: 0, result: null };
    }
    this.solves++;
    const iterations = result.columnGeneration.simplexIterations ?? 0;
    if (result.status !== 'optimal' || result.objectiveUsd === null) {
      return { status: result.status, message: `scenario "${this.scenarios[s].id}": ${result.message ?? result.status}`, objectiveUsd: null, gradientUsd: [], unservedTeu: null, seconds: (performance.now() - started) / 1000, iterations, result };
    }
    const linkPrice = new Map<string, number>();
    for (const l of result.links) linkPrice.set(l.id, (linkPrice.get(l.id) ?? 0) + (l.shadowPriceUsdPerTeu ?? 0));
    const nodePrice = new Map(result.terminals.map((t) => [t.id, t.shadowPriceUsdPerTeu ?? 0]));
    const gradientUsd = this.controls.map((list) =>
      list.reduce((g, k) => {
        const price = (k.kind === 'link' ? linkPrice.get(k.id) : nodePrice.get(k.id)) ?? 0;
        if (price === 0) return g;
        const f = k.unlimited ? 1 : this.factor(s, k.kind === 'link' && this.copyOf.has(k.id) ? this.copyOf.get(k.id)! : k.id);
        return g - price * f * (k.on - k.off);
      }, 0),
    );
    return { status: 'optimal', message: null, objectiveUsd: result.objectiveUsd, gradientUsd, unservedTeu: result.unservedTeu, seconds: (performance.now() - started) / 1000, iterations, result };
  }

  /** Free every scenario's master. */
  dispose(): void {
    for (const solver of this.solvers) solver?.then((x) => x.dispose()).catch(() => undefined);
    this.solvers.fill(null);
  }
}

/**
 * For each link, a bound on the TEU/yr it can carry in one direction in an optimal (cycle-free) flow of any
 * scenario: the demand of the OD rows (at their largest over the scenarios) whose origin reaches the link
 * and which the link reaches the destination of, over the physical network with every link open. It stands
 * in for an unlimited capacity that a candidate switches (M in cap · y). Any valid bound is exact for a
 * binary y; a smaller one gives much stronger cuts than "all demand" (the LP in y is less relaxed).
 */
function linkFlowBounds(network: Network, demands: readonly DemandRow[][]): (linkId: string) => number {
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  const arc = (a: string, b: string) => {
    out.set(a, [...(out.get(a) ?? []), b]);
    into.set(b, [...(into.get(b) ?? []), a]);
  };
  for (const l of network.links) {
    arc(l.from, l.to);
    if (!l.oneway) arc(l.to, l.from);
  }
  const reach = (start: string, next: Map<string, string[]>) => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      for (const m of next.get(stack.pop()!) ?? []) {
        if (seen.has(m)) continue;
        seen.add(m);
        stack.push(m);
      }
    }
    return seen;
  };
  const volume = new Map<string, { origin: string; destination: string; teu: number }>();
  for (const rows of demands) {
    const here = new Map<string, number>();
    for (const r of rows) here.set(`${r.origin}|${r.destination}`, (here.get(`${r.origin}|${r.destination}`) ?? 0) + r.teuPerYear);
    for (const [key, teu] of here) {
      const [origin, destination] = key.split('|');
      const v = volume.get(key);
      if (!v || v.teu < teu) volume.set(key, { origin, destination, teu });
    }
  }
  const fromOrigin = new Map<string, Set<string>>();
  const toDestination = new Map<string, Set<string>>();
  for (const v of volume.values()) {
    if (!fromOrigin.has(v.origin)) fromOrigin.set(v.origin, reach(v.origin, out));
    if (!toDestination.has(v.destination)) toDestination.set(v.destination, reach(v.destination, into));
  }
  const linkById = new Map(network.links.map((l) => [l.id, l]));
  const cache = new Map<string, number>();
  return (linkId) => {
    const hit = cache.get(linkId);
    if (hit !== undefined) return hit;
    const l = linkById.get(linkId)!;
    const direction = (u: string, w: string) => {
      let sum = 0;
      for (const v of volume.values()) if (fromOrigin.get(v.origin)!.has(u) && toDestination.get(v.destination)!.has(w)) sum += v.teu;
      return sum;
    };
    const bound = Math.max(1, direction(l.from, l.to), l.oneway ? 0 : direction(l.to, l.from));
    cache.set(linkId, bound);
    return bound;
  };
}
