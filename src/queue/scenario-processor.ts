import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createScenarioRunner } from '../evaluate/index.js';
import { workerModule } from '../threads/index.js';
import { Piscina } from 'piscina';
import type { SubproblemContext } from '../resilience/index.js';
import { getBlob, getBlobCached, putBlobAt } from './blob-store.js';
import type { StoredSubproblemContext } from './queue-subproblems.js';
import { sweepAliveKey, type ScenarioTaskData, type ScenarioTaskResult } from './scenario-task.js';
import { sweepContextOf, type StoredSweepContext } from './sweep-context.js';

/** Options of {@link ScenarioProcessor}. */
export interface ScenarioProcessorOptions {
  /** Solver threads (one warm master each); the worker's BullMQ concurrency is the same number. */
  threads: number;
  /** Sweeps kept warm at once (least recently used is closed first). Default 2. */
  maxSweeps?: number;
}

interface WarmSweep {
  /** Solve one task of the sweep on its threads. */
  run(data: ScenarioTaskData): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The worker side of a sweep: solves scenario tasks on worker threads that keep the sweep's context and
 * its warm master between tasks. Solving never runs on the process's main thread, which must stay free
 * to renew BullMQ's task locks (a blocked event loop past the lock time would hand the task to another
 * worker while this one still solves it).
 */
export class ScenarioProcessor {
  private readonly sweeps = new Map<string, Promise<WarmSweep>>();
  /** Decoded networks and demand tables by hash, shared by this worker's sweeps (getBlobCached). */
  private readonly parts = new Map<string, unknown>();
  private readonly maxSweeps: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: ScenarioProcessorOptions,
  ) {
    this.maxSweeps = options.maxSweeps ?? 2;
  }

  async process(job: Job<ScenarioTaskData, ScenarioTaskResult>): Promise<ScenarioTaskResult> {
    const { sweepId, contextHash, cancelKey } = job.data;
    if (cancelKey && (await this.redis.exists(cancelKey))) throw new UnrecoverableError(`QUEUE_ERROR: the job of sweep ${sweepId} was cancelled; task skipped`);
    // The sweep's runner keeps this key alive; without it nobody waits for the answer.
    if (!(await this.redis.exists(sweepAliveKey(sweepId)))) throw new UnrecoverableError(`QUEUE_ERROR: sweep ${sweepId} was abandoned (its runner closed or died); task skipped`);
    const sweep = await this.sweepOf(contextHash);
    const t0 = performance.now();
    let result;
    try {
      result = await sweep.run(job.data);
    } catch (e) {
      // Typed domain errors (bad input) fail the same on every worker: no retry. Anything else may be the
      // thread or the machine, so BullMQ retries it.
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) throw new UnrecoverableError(`${code}: ${(e as Error).message}`);
      throw e;
    }
    const resultKey = `scenario-result-${job.id}`;
    await putBlobAt(this.redis, resultKey, result);
    return { resultKey, solveSeconds: (performance.now() - t0) / 1000 };
  }

  private sweepOf(hash: string): Promise<WarmSweep> {
    let sweep = this.sweeps.get(hash);
    if (sweep) {
      // Most recently used last, so the first entry is the one to close.
      this.sweeps.delete(hash);
      this.sweeps.set(hash, sweep);
      return sweep;
    }
    sweep = this.open(hash);
    sweep.catch(() => this.sweeps.delete(hash));
    this.sweeps.set(hash, sweep);
    while (this.sweeps.size > this.maxSweeps) {
      const [oldest, first] = this.sweeps.entries().next().value as [string, Promise<WarmSweep>];
      this.sweeps.delete(oldest);
      void first.then((s) => s.close()).catch(() => undefined);
    }
    return sweep;
  }

  /** Load a sweep's context and start its threads: a scenario runner, or a subproblem pool. */
  private async open(hash: string): Promise<WarmSweep> {
    const stored = await getBlob<StoredSweepContext | StoredSubproblemContext>(this.redis, hash, 'sweep context');
    if ('kind' in stored && stored.kind === 'subproblems') {
      const { networkHash, kind: _k, ...rest } = stored;
      const context: SubproblemContext = { network: await getBlobCached(this.redis, this.parts, networkHash, 'network'), ...rest };
      const { filename, execArgv } = subproblemWorkerFile();
      const pool = new Piscina({ filename, execArgv, workerData: context, minThreads: this.options.threads, maxThreads: this.options.threads, idleTimeout: 60_000 });
      pool.on('error', () => {});
      return { run: (data) => pool.run(data.subproblem), close: () => pool.destroy() };
    }
    const context = await sweepContextOf(this.redis, stored as StoredSweepContext, this.parts);
    const runner = createScenarioRunner(context, { workers: this.options.threads });
    const run = async (data: ScenarioTaskData) => {
      if (data.spec) return runner.run(data.spec);
      // A batch: one after the other on this sweep's threads (the warm master of a thread carries over).
      const out = [];
      for (const spec of data.specs ?? []) out.push(await runner.run(spec));
      return out;
    };
    return { run, close: () => runner.close() };
  }

  /** Close every sweep's threads. */
  async close(): Promise<void> {
    const all = [...this.sweeps.values()];
    this.sweeps.clear();
    await Promise.allSettled(all.map((s) => s.then((w) => w.close())));
  }
}

/** The subproblem worker module (src/resilience/subproblem-worker.ts) and the flags it needs. */
function subproblemWorkerFile(): { filename: string; execArgv: string[] } {
  return workerModule('subproblem-worker', new URL(`../resilience/subproblem-evaluator${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href);
}
