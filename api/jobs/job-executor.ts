import type { Network } from '../../src/network/index.js';
import type { JobKind } from '../schemas.js';
import type { JobInputs } from './job-kinds.js';
import type { JobWorkerOutcome } from './run-job.js';

/** What an executor is asked to run: the stored job's id and the domain-ready input. */
export interface JobRun {
  id: string;
  kind: JobKind;
  network: Network;
  input: JobInputs[JobKind];
}

/** Callbacks of a running job. */
export interface JobHooks {
  /** The job left the queue and started on a worker. */
  onStarted(): void;
  /** A fraction in [0, 1]. */
  onProgress(fraction: number): void;
}

/**
 * Where jobs run. The JobQueue keeps the store and the limits; an executor only runs a job and reports
 * back: on this process's worker threads (ThreadJobExecutor), or on `corridor worker` processes through
 * Redis (RedisJobExecutor).
 *
 * `run` resolves with the worker's outcome and rejects when the job was aborted (`signal`), crashed, or
 * ran out of memory (an error with code ERR_WORKER_OUT_OF_MEMORY) — or with {@link JobDetachedError}
 * when the executor closed while a durable job still runs elsewhere.
 */
export interface JobExecutor {
  /**
   * True when jobs outlive this process (they run on queue workers): a shutdown then leaves them running
   * and a restarted API follows them again, instead of marking them interrupted.
   */
  readonly durable: boolean;
  run(job: JobRun, hooks: JobHooks, signal: AbortSignal): Promise<JobWorkerOutcome>;
  /**
   * Durable executors: follow a job submitted before this process started; null when the queue does not
   * know it. (The outcome is wrapped: a promise that resolves to a promise would adopt it.)
   */
  follow?(jobId: string, hooks: JobHooks, signal: AbortSignal): Promise<{ outcome: Promise<JobWorkerOutcome> } | null>;
  /** Durable executors: cancel a job this process is not following (submitted through another API process). */
  cancelRemote?(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** The executor closed while the job still runs on a queue worker; the job keeps its stored status. */
export class JobDetachedError extends Error {
  constructor() {
    super('the API stopped following this job; it keeps running on the queue');
    this.name = 'JobDetachedError';
  }
}

/** The job was cancelled on the queue (by this or another API process), as seen by its follower. */
export class JobCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}
