import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { CorridorError, InvalidArgumentError } from '../shared/index.js';
import { workerModule } from '../threads/index.js';
import { runScenario, type ScenarioContext, type ScenarioResult, type ScenarioSpec } from './run-scenario.js';

/** Options of {@link createScenarioRunner}. */
export interface ScenarioRunnerOptions {
  /** Worker threads. 0 solves in the calling thread, one scenario at a time. Default: one per core. */
  workers?: number;
}

/**
 * Where a sweep's scenarios run: set `redisUrl` to send them to `corridor worker` processes through
 * BullMQ (issue 16); otherwise `workers` threads here (0 = this thread).
 */
export interface SweepRunnerOptions extends ScenarioRunnerOptions {
  redisUrl?: string;
  /** On the queue: seconds one scenario takes (the base solve), so cheap ones are batched several to a task. */
  secondsPerScenario?: number;
}

/** Builds the Redis queue runner (src/queue/queue-scenario-runner.ts). */
export type QueueRunnerFactory = (context: ScenarioContext, options: { redisUrl: string; cancelKey?: string; secondsPerScenario?: number }) => Promise<ScenarioRunner>;

let queueRunnerFactory: QueueRunnerFactory | null = null;

/**
 * Provide the queue runner up front. Job worker threads do (api/jobs/job-runners.ts): under tsx, a
 * dynamic import() inside a worker thread is not passed through tsx ("Unknown file extension .ts"),
 * so the thread imports it statically and registers it here.
 */
export function useQueueRunner(factory: QueueRunnerFactory): void {
  queueRunnerFactory = factory;
}

/**
 * Open the runner of a sweep: the Redis queue when `redisUrl` is set, else {@link createScenarioRunner}.
 * The queue module is loaded only then (unless registered), so runs without Redis never load BullMQ.
 */
export async function openScenarioRunner(context: ScenarioContext, options: SweepRunnerOptions): Promise<ScenarioRunner> {
  if (options.redisUrl === undefined) return createScenarioRunner(context, options);
  queueRunnerFactory ??= (await import('../queue/index.js')).createQueueScenarioRunner;
  return queueRunnerFactory(context, { redisUrl: options.redisUrl, secondsPerScenario: options.secondsPerScenario });
}

/** Solves scenarios, in worker threads or in the calling thread. */
export interface ScenarioRunner {
  /** Worker threads in use (0 = in the calling thread); on the Redis queue, the worker processes connected at the start. */
  readonly workers: number;
  run(spec: ScenarioSpec): Promise<ScenarioResult>;
  /**
   * Solve every scenario (in parallel when there are workers); results in the order of `specs`.
   * `onProgress` is called after each one finishes, in completion order.
   */
  runAll(specs: readonly ScenarioSpec[], onProgress?: (done: number, total: number, last: ScenarioResult) => void): Promise<ScenarioResult[]>;
  /** Stop the worker threads (a no-op without workers). Always call it, or the process stays alive. */
  close(): Promise<void>;
}

/** What a scenario worker thread returns: the result, or a typed error as data (see scenario-worker.ts). */
export type ScenarioWorkerOutcome = { ok: true; result: ScenarioResult } | { ok: false; code: string; message: string };

/** Default worker count for `scenarioCount` scenarios: one per core, never more than the scenarios. */
export function defaultWorkerCount(scenarioCount: number): number {
  return Math.max(1, Math.min(availableParallelism(), scenarioCount));
}

/**
 * Below this much serial solving (seconds), scenarios run in the calling thread: starting a worker (the tsx
 * loader from sources, the modules, HiGHS-WASM compilation) costs seconds per thread, and on the NELB
 * (69 solves of ~0.1 s) two workers took 12.8 s against 7.9 s in one thread (BENCHMARKS.md, "N-1 criticality").
 */
export const MIN_PARALLEL_SECONDS = 20;

/**
 * Worker count when the caller did not choose one: 0 (this thread) when the serial work, estimated as
 * scenarios × seconds of one solve, is under MIN_PARALLEL_SECONDS; else one per core.
 */
export function autoWorkerCount(scenarioCount: number, secondsPerScenario: number): number {
  if (scenarioCount < 2 || availableParallelism() < 2 || scenarioCount * secondsPerScenario < MIN_PARALLEL_SECONDS) return 0;
  return defaultWorkerCount(scenarioCount);
}

/**
 * A runner for many scenarios on one network and demand (candidate evaluations, N-1 criticality). The
 * context is cloned into each worker once; each scenario travels as a small message and its result
 * (an optimize() result without the raw arc flows) comes back.
 * @example
 *   const runner = createScenarioRunner({ network, demand, candidates: [], options: {} }, { workers: 2 });
 *   try { const results = await runner.runAll(specs); } finally { await runner.close(); }
 */
export function createScenarioRunner(context: ScenarioContext, options: ScenarioRunnerOptions = {}): ScenarioRunner {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new InvalidArgumentError(`workers must be an integer ≥ 0, got ${workers}`);
  if (workers === 0) {
    const run = (spec: ScenarioSpec) => runScenario(context, spec);
    return {
      workers: 0,
      run,
      async runAll(specs, onProgress) {
        const out: ScenarioResult[] = [];
        for (const spec of specs) {
          out.push(await run(spec));
          onProgress?.(out.length, specs.length, out[out.length - 1]);
        }
        return out;
      },
      close: async () => {},
    };
  }
  const { filename, execArgv } = workerModule('scenario-worker', import.meta.url);
  const pool = new Piscina({ filename, execArgv, workerData: context, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  // A thread that dies outside a task is reported on the pool; unhandled, that event would end the process.
  // The tasks of a dead thread reject on their own, so the event itself carries nothing more to act on.
  pool.on('error', () => {});
  const run = async (spec: ScenarioSpec) => {
    const outcome = (await pool.run(spec)) as ScenarioWorkerOutcome;
    if (!outcome.ok) throw new CorridorError(outcome.code, outcome.message);
    return outcome.result;
  };
  return {
    workers,
    run,
    async runAll(specs, onProgress) {
      let done = 0;
      return Promise.all(
        specs.map(async (spec) => {
          const r = await run(spec);
          onProgress?.(++done, specs.length, r);
          return r;
        }),
      );
    },
    close: () => pool.destroy(),
  };
}
