import type { DemandRow, Network } from '../network/index.js';
import type { Candidate, ScenarioOptimizeOptions } from '../evaluate/index.js';
import { askEach } from '../shared/index.js';
import type { Scenario } from './scenario-set.js';
import { ScenarioSubproblems, type SubproblemValue } from './scenario-subproblems.js';

/** What every subproblem of a robust-portfolio or resilience run shares (plain data: it crosses threads and Redis). */
export interface SubproblemContext {
  network: Network;
  candidates: Candidate[];
  scenarios: Scenario[];
  demands: DemandRow[][];
  options: ScenarioOptimizeOptions;
}

/** Closures on top of a scenario (a single closure on its master, as N-1 does). */
export interface SubproblemExtra {
  closedNodeIds?: readonly string[];
  closedLinkIds?: readonly string[];
}

/**
 * Solves scenario subproblems: here, on one warm master per scenario (ScenarioSubproblems), or on
 * `corridor worker` processes through Redis (src/queue). `parallel` says whether independent subproblems
 * should be asked for at once (they then run on several workers); here they run one after the other.
 */
export interface SubproblemEvaluator {
  readonly parallel: boolean;
  /** Subproblems solved so far (cache misses of the caller). */
  readonly solves: number;
  evaluate(s: number, y: readonly number[], extra?: SubproblemExtra): Promise<SubproblemValue>;
  dispose(): void | Promise<void>;
}

/** Builds the Redis evaluator (src/queue/queue-subproblems.ts). */
export type QueueSubproblemsFactory = (context: SubproblemContext, options: { redisUrl: string; cancelKey?: string }) => Promise<SubproblemEvaluator>;

let queueFactory: QueueSubproblemsFactory | null = null;

/**
 * Provide the Redis evaluator up front: job worker threads do (api/jobs/job-runners.ts), because under tsx
 * a dynamic import() inside a worker thread is not passed through tsx.
 */
export function useQueueSubproblems(factory: QueueSubproblemsFactory): void {
  queueFactory = factory;
}

/** The evaluator of a run: on the Redis queue when `redisUrl` is set, else here. */
export async function openSubproblems(context: SubproblemContext, redisUrl?: string): Promise<SubproblemEvaluator> {
  if (redisUrl === undefined) {
    const subs = new ScenarioSubproblems(context.network, context.candidates, context.scenarios, context.demands, context.options);
    return Object.assign(subs, { parallel: false });
  }
  queueFactory ??= (await import('../queue/index.js')).createQueueSubproblems;
  return queueFactory(context, { redisUrl });
}

/**
 * Evaluate several independent subproblems: all at once when the evaluator runs them in parallel,
 * else one after the other (same order, same warm-master history as before).
 */
export function evaluateEach(subs: SubproblemEvaluator, asks: readonly { s: number; y: readonly number[]; extra?: SubproblemExtra }[]): Promise<SubproblemValue[]> {
  return askEach(subs.parallel, asks, (a) => subs.evaluate(a.s, a.y, a.extra));
}
