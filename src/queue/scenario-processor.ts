import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createScenarioRunner, type ScenarioRunner } from '../evaluate/scenario-pool.js';
import { putBlobAt } from './blob-store.js';
import { sweepAliveKey, type ScenarioTaskData, type ScenarioTaskResult } from './scenario-task.js';
import { loadSweepContext } from './sweep-context.js';

/** Options of {@link ScenarioProcessor}. */
export interface ScenarioProcessorOptions {
  /** Solver threads (one warm master each); the worker's BullMQ concurrency is the same number. */
  threads: number;
  /** Sweeps kept warm at once (least recently used is closed first). Default 2. */
  maxSweeps?: number;
}

interface WarmSweep {
  runner: ScenarioRunner;
  lastUsed: number;
}

/**
 * The worker side of a sweep: solves scenario tasks on worker threads that keep the sweep's context and
 * its warm master between tasks. Solving never runs on the process's main thread, which must stay free
 * to renew BullMQ's task locks (a blocked event loop past the lock time would hand the task to another
 * worker while this one still solves it).
 */
export class ScenarioProcessor {
  private readonly sweeps = new Map<string, Promise<WarmSweep>>();
  private readonly parts = new Map<string, unknown>();
  private readonly maxSweeps: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: ScenarioProcessorOptions,
  ) {
    this.maxSweeps = options.maxSweeps ?? 2;
  }

  /** Contexts loaded so far (for logs and tests). */
  loadedContexts = 0;

  async process(job: Job<ScenarioTaskData, ScenarioTaskResult>): Promise<ScenarioTaskResult> {
    const { sweepId, contextHash, spec, cancelKey } = job.data;
    if (cancelKey && (await this.redis.exists(cancelKey))) throw new UnrecoverableError(`QUEUE_ERROR: the job of sweep ${sweepId} was cancelled; task skipped`);
    // The sweep's runner keeps this key alive; without it nobody waits for the answer.
    if (!(await this.redis.exists(sweepAliveKey(sweepId)))) throw new UnrecoverableError(`QUEUE_ERROR: sweep ${sweepId} was abandoned (its runner closed or died); task skipped`);
    const sweep = await this.sweepOf(contextHash);
    sweep.lastUsed = Date.now();
    const t0 = performance.now();
    let result;
    try {
      result = await sweep.runner.run(spec);
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
    sweep = loadSweepContext(this.redis, hash, this.parts).then((context) => {
      this.loadedContexts++;
      return { runner: createScenarioRunner(context, { workers: this.options.threads }), lastUsed: Date.now() };
    });
    sweep.catch(() => this.sweeps.delete(hash));
    this.sweeps.set(hash, sweep);
    while (this.sweeps.size > this.maxSweeps) {
      const [oldest, first] = this.sweeps.entries().next().value as [string, Promise<WarmSweep>];
      this.sweeps.delete(oldest);
      void first.then((s) => s.runner.close()).catch(() => undefined);
    }
    return sweep;
  }

  /** Close every sweep's threads. */
  async close(): Promise<void> {
    const all = [...this.sweeps.values()];
    this.sweeps.clear();
    await Promise.allSettled(all.map((s) => s.then((w) => w.runner.close())));
  }
}
