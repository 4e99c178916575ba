import type { DemandRow, Network } from '../network/index.js';
import { InvalidArgumentError } from '../shared/index.js';
import { baseOptionsOf, resolveClosuresOf, solveProblem, withClosures, solveInSweep, type AssignmentResult, type OptimizeOptions, type Problem, type ResolvedOptimizeOptions } from '../assignment/index.js';
import type { Scenario } from '../graph/index.js';
import { applyCandidates } from './apply-candidates.js';
import { candidateScenario, candidateSweep, type CandidateSweep } from './candidate-sweep.js';
import type { Candidate } from './candidates.js';
import { restateOnBuiltNetwork } from './restate-on-built-network.js';

/**
 * What every scenario of a run shares. Plain data (structured-clonable), so the same context can be
 * handed to worker threads once and scenarios sent as small messages.
 */
export interface ScenarioContext {
  network: Network;
  demand: DemandRow[];
  /** Candidates a scenario may build, by id. */
  candidates: Candidate[];
  /**
   * Base options of every solve; a scenario's closures and multipliers are added to these, and only the
   * scenario's own ids are checked. The runs of src/ give them resolved at their edge (`{ resolved }`, see
   * baseOptionsOf); raw options are resolved once per context and thread.
   */
  options: ScenarioOptimizeOptions;
}

/** Optimize options that can cross a thread boundary (no iterables but arrays). */
export type ScenarioOptimizeOptions = Omit<OptimizeOptions, 'includeCandidates'> & { includeCandidates?: string[] | 'all' };

/**
 * One scenario of a run: candidates built and elements closed or derated (the one Scenario type, src/graph/scenario.ts),
 * on top of the context's base case; multipliers multiply a base factor on the same id.
 */
export interface ScenarioSpec extends Pick<Scenario, 'closedNodeIds' | 'closedLinkIds' | 'capacityMultipliers' | 'candidateIds'> {
  /** Label, returned with the result. */
  id: string;
}

/** An optimize() result without the raw per-commodity arc flows (they stay in the thread that solved). */
export type ScenarioAssignment = Omit<AssignmentResult, 'commodities'>;

/** Result of one scenario. */
export interface ScenarioResult {
  id: string;
  result: ScenarioAssignment;
}

/** The warm model of each run, built on its first scenario (per thread: each worker has its own context). */
const sweeps = new WeakMap<ScenarioContext, CandidateSweep>();
function sweepOf(context: ScenarioContext): CandidateSweep {
  let sweep = sweeps.get(context);
  if (!sweep) {
    sweep = candidateSweep(context.network, context.candidates, resolvedBaseOf(context).includeCandidates);
    sweeps.set(context, sweep);
  }
  return sweep;
}

/** The context's base options, resolved: as given by the run's edge, else resolved once per context and thread. */
const resolvedBases = new WeakMap<ScenarioContext, ResolvedOptimizeOptions>();
function resolvedBaseOf(context: ScenarioContext): ResolvedOptimizeOptions {
  let resolved = resolvedBases.get(context);
  if (!resolved) {
    resolved = baseOptionsOf(context.network, context.demand, context.options);
    resolvedBases.set(context, resolved);
  }
  return resolved;
}

/**
 * Solve one scenario: build its candidates into the network, then optimize with its closures and
 * multipliers. Runs the same in the main thread and in a worker. With the path formulation (the default
 * method) the scenarios of one context share one warm master (src/assignment/paths/paths-sweep.ts): release it
 * with `releaseSweepSolver(context)` when the run is done. The result is the same as a cold optimize() of
 * applyCandidates(network, candidates) with the scenario's options.
 * @throws InvalidArgumentError for a candidate id the context does not have
 */
export async function runScenario(context: ScenarioContext, spec: ScenarioSpec): Promise<ScenarioResult> {
  const byId = new Map(context.candidates.map((c) => [c.id, c]));
  const chosen = (spec.candidateIds ?? []).map((id) => {
    const c = byId.get(id);
    if (!c) throw new InvalidArgumentError(`scenario "${spec.id}": unknown candidate "${id}"`);
    return c;
  });
  const base = resolvedBaseOf(context);
  if (base.method === 'paths') {
    // Path formulation: one warm master per run (per thread) holding every candidate; a scenario only
    // changes bounds (see CandidateSweep). A candidate that cannot be a bound change is solved cold below.
    const sweep = sweepOf(context);
    const switches = candidateScenario(sweep, chosen);
    if (switches) {
      const problem: Problem = { network: sweep.network, demand: context.demand, options: base };
      const { commodities: _paths, ...warm } = await solveInSweep(context, problem, { switchableLinkIds: sweep.switchableLinkIds }, { ...spec, ...switches });
      const result =
        sweep.network === context.network
          ? warm
          : restateOnBuiltNetwork(warm, { network: context.network, includeCandidates: base.includeCandidates, chosen, replacedLinkIds: switches.replacedLinkIds ?? {} });
      return { id: spec.id, result };
    }
  }
  const network = applyCandidates(context.network, chosen);
  const options = withClosures(base, resolveClosuresOf(network, spec));
  const { commodities: _raw, ...result } = await solveProblem({ network, demand: context.demand, options });
  return { id: spec.id, result };
}
