import { applyCandidates, openScenarioRunner, runScenario, type ScenarioAssignment, type ScenarioContext, type ScenarioRunner } from '../evaluate/index.js';
import { releaseSweepSolver, solveProblem } from '../assignment/index.js';
import { askEach } from '../shared/index.js';
import type { PlanProblem } from './plan-problem.js';

/**
 * Yearly flows of one period with a set of candidates built, cached by (period, set). Two kinds:
 * - `cold`: an arc LP per solve (`optimize(applyCandidates(…), { paths: false })`), any backend;
 * - `warm`: one warm path master per period (src/assignment/paths/paths-sweep.ts through evaluate's
 *   runScenario): every set is a bound change of that period's master, as in `evaluate`.
 */
export class PeriodSolver {
  private readonly cache = new Map<string, Promise<ScenarioAssignment>>();
  private readonly contexts: ScenarioContext[];
  /** With a Redis queue: one runner per period, opened on its first solve. */
  private readonly runners: (Promise<ScenarioRunner> | null)[];
  /** LP solves done (cache misses). */
  solves = 0;
  /** Seconds spent in those solves. */
  seconds = 0;

  /**
   * @param redisUrl solve on `corridor worker` processes through this Redis (BullMQ): each period's context
   *   goes to the queue once and its sets are tasks; workers keep one warm master per period, as here
   */
  constructor(
    private readonly problem: PlanProblem,
    readonly kind: 'cold' | 'warm',
    private readonly redisUrl?: string,
  ) {
    const candidates = problem.staged.map((s) => s.candidate);
    // On the queue a cold solve is runScenario on an arc-LP context: the same optimize(applyCandidates(…)) as below.
    const options = { resolved: redisUrl !== undefined && kind === 'cold' ? { ...problem.optimizeOptions, method: 'arc' as const, paths: false } : problem.optimizeOptions };
    this.contexts = problem.demandByPeriod.map((demand) => ({ network: problem.network, demand, candidates, options }));
    this.runners = this.contexts.map(() => null);
  }

  /** Whether independent solves should be asked for at once (they then run on several queue workers). */
  get parallel(): boolean {
    return this.redisUrl !== undefined;
  }

  /**
   * Solve several (period, set) pairs ahead of their use: at once on the queue, one by one here (in the
   * order given). Later solve/cost calls read the cache.
   */
  async prefetch(asks: readonly { s: number; built: readonly number[] }[]): Promise<void> {
    await askEach(this.parallel, asks, (a) => this.solve(a.s, a.built));
  }

  /** The assignment of period s with candidates `built` (indices) built. */
  solve(s: number, built: readonly number[]): Promise<ScenarioAssignment> {
    const sorted = [...built].sort((a, b) => a - b);
    const key = `${s}|${sorted.join(',')}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.run(s, sorted);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Yearly cost (objective, USD/yr) of period s with `built`, or null when the LP did not solve to optimality. */
  async cost(s: number, built: readonly number[]): Promise<number | null> {
    const r = await this.solve(s, built);
    return r.status === 'optimal' ? r.objectiveUsd : null;
  }

  private async run(s: number, built: number[]): Promise<ScenarioAssignment> {
    const started = performance.now();
    this.solves++;
    const ctx = this.contexts[s];
    try {
      if (this.redisUrl !== undefined) {
        this.runners[s] ??= openScenarioRunner(ctx, { redisUrl: this.redisUrl });
        return (await (await this.runners[s]).run({ id: `period ${s}`, candidateIds: built.map((c) => ctx.candidates[c].id) })).result;
      }
      if (this.kind === 'warm') return (await runScenario(ctx, { id: `period ${s}`, candidateIds: built.map((c) => ctx.candidates[c].id) })).result;
      const { commodities: _raw, ...r } = await solveProblem({ network: applyCandidates(ctx.network, built.map((c) => ctx.candidates[c])), demand: ctx.demand, options: { ...this.problem.optimizeOptions, method: 'arc', paths: false } });
      return r;
    } finally {
      this.seconds += (performance.now() - started) / 1000;
    }
  }

  /** Release the warm masters (and the queue runners). */
  async close(): Promise<void> {
    for (const c of this.contexts) releaseSweepSolver(c);
    await Promise.allSettled(this.runners.map((r) => r?.then((x) => x.close())));
  }
}
