import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { Network } from '../../src/network/index.js';
import type { JobInputs } from './job-kinds.js';
import { ByteLru } from '../byte-lru.js';
import { ERROR_CODE_SLUGS, HttpProblem, problemBody } from '../problem.js';
import type { JobKind } from '../schemas.js';
import { QUEUE_JOB_OWNER, type JobStatus, type Store, type StoredJob } from '../store.js';
import { JobCancelledError, JobDetachedError, type JobExecutor, type JobHooks } from './job-executor.js';
import type { JobWorkerOutcome } from './run-job.js';
import { ThreadJobExecutor } from './thread-job-executor.js';

export interface JobQueueOptions {
  /** Worker threads. */
  threads: number;
  /** Most jobs queued or running at once; one more is a 429. */
  maxActiveJobs: number;
  /** A running job is stopped (worker terminated) after this long, ms. */
  timeLimitMs: number;
  /**
   * Start the worker threads at once (they load the domain modules, seconds on a small machine) instead
   * of on the first job. The server does; tests do not, to keep many short-lived apps cheap.
   */
  prewarm?: boolean;
  /** Old-generation heap limit of each worker thread, MB (resourceLimits); a job past it fails with OUT_OF_MEMORY. */
  workerHeapMb?: number;
  /** Most jobs of one kind queued or running at once; one more is a 429. Default: maxActiveJobs. */
  maxJobsPerKind?: number;
  /** Most requests waiting on jobs (`?wait=true`) at once; one more is a 429. Default: unbounded. */
  maxWaiters?: number;
  /** Called after a result is stored (the app prunes results then). */
  onResultStored?: (inputHash: string) => void | Promise<void>;
  /**
   * Owner written on jobs run on this process's threads (the API instance id): on a shared database,
   * another process fails them as interrupted only once this instance's heartbeat is stale. Jobs on a
   * durable executor (the queue) are owned by QUEUE_JOB_OWNER instead. Default null (legacy rows).
   */
  owner?: string;
  /** Another worker module (tests: a worker that runs out of memory); default jobWorkerFile(). */
  workerFile?: { filename: string; execArgv: string[] };
  /**
   * Run jobs elsewhere (issue 16: RedisJobExecutor, on `corridor worker` processes). Default: this
   * process's worker threads (ThreadJobExecutor with `threads`).
   */
  executor?: JobExecutor;
}

/** What a handler submits: the job's identity and the validated, domain-ready input for the worker. */
export interface JobSubmission {
  kind: JobKind;
  networkId: string;
  /** sha256 of kind + network content + request: the result cache key. */
  inputHash: string;
  /** The validated request body, kept for GET /jobs/:id. */
  request: unknown;
  network: Network;
  /** What the kind's `prepare` built (job-kinds.ts, JobInputs). */
  input: JobInputs[JobKind];
}

interface ActiveJob {
  /** The row as inserted (a duplicate submission is answered from it, without a store read). */
  job: StoredJob;
  kind: JobKind;
  inputHash: string;
  controller: AbortController;
  progress: number;
  status: JobStatus;
  done: Promise<void>;
  timer: NodeJS.Timeout | null;
  abortReason: 'cancel' | 'timeout' | 'shutdown' | null;
}

/**
 * Resolve the worker module: the compiled `.js` next to this file when it exists (dist/), else the
 * `.ts` source run through tsx (tsx, vitest). Only the second gets `--import <tsx>`, with tsx resolved
 * to an absolute URL so the worker starts from any working directory.
 */
export function jobWorkerFile(): { filename: string; execArgv: string[] } {
  const js = new URL('./run-job.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: js.href, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: new URL('./run-job.ts', import.meta.url).href, execArgv: ['--import', tsx] };
}

/**
 * Jobs off the event loop: on this process's worker threads, or on queue workers (see JobExecutor).
 * Keeps the state of active jobs in memory (progress) and every job and result in the store: a result is
 * stored under the job's input hash, so the same request on the same network content is answered from
 * the store (`cached: true`). Cancelling or timing out a running job stops it where it runs.
 */
export class JobQueue {
  private readonly executor: JobExecutor;
  private readonly active = new Map<string, ActiveJob>();
  private closed = false;
  private waiters = 0;
  /**
   * Result bytes recently sent, shared by every request for them: 100 clients polling one 12 MB result
   * hold one copy, not 100 (and the store is read once).
   */
  private readonly resultCache = new ByteLru<string, Buffer>(64 * 1024 * 1024);

  constructor(
    private readonly store: Store,
    private readonly options: JobQueueOptions,
    private readonly logger: Logger,
  ) {
    this.executor = options.executor ?? new ThreadJobExecutor({ threads: options.threads, prewarm: options.prewarm, workerHeapMb: options.workerHeapMb, workerFile: options.workerFile ?? jobWorkerFile() });
  }

  /**
   * With a durable executor: follow the queue's unfinished jobs that this process does not follow yet. On
   * start they are the jobs a previous API process left running (they kept running on the queue); later,
   * those of another API process that died. A job the queue does not know is marked failed (interrupted),
   * but only once it is older than `minAgeMs`: a job another process has just stored may not be on the
   * queue yet. Returns how many were followed and how many failed.
   */
  async resumeUnfinished(jobs: readonly StoredJob[], detail: string, now = Date.now(), minAgeMs = 60_000): Promise<{ followed: number; failed: number }> {
    let followed = 0;
    let failed = 0;
    for (const job of jobs) {
      if (this.active.has(job.id) || this.closed) continue;
      const state = this.newState(job, job.kind as JobKind, job.inputHash, job.status);
      const following = this.executor.follow ? await this.executor.follow(job.id, this.hooksOf(job.id, state), state.controller.signal) : null;
      if (!following) {
        if (now - Date.parse(job.createdAt) < minAgeMs) continue;
        await this.finishFailed(job.id, { title: 'Job interrupted', detail, code: 'INTERRUPTED' });
        failed++;
        continue;
      }
      this.track(job, state, following.outcome, performance.now());
      followed++;
    }
    return { followed, failed };
  }

  /** Jobs queued or running now. */
  get activeCount(): number {
    return this.active.size;
  }

  /**
   * Start a job, or answer from the store when the same input was computed before, or return the
   * job already computing the same input. A full queue is a 429 problem with Retry-After.
   */
  async submit(sub: JobSubmission): Promise<StoredJob> {
    if (this.closed) throw new HttpProblem('service-unavailable', 'the server is shutting down');
    const now = new Date().toISOString();
    const owner = this.executor.durable ? QUEUE_JOB_OWNER : (this.options.owner ?? null);
    const base = { kind: sub.kind, networkId: sub.networkId, inputHash: sub.inputHash, request: JSON.stringify(sub.request), createdAt: now, owner };
    if (await this.store.hasResult(sub.inputHash)) {
      const job: StoredJob = { ...base, id: newJobId(), status: 'succeeded', progress: 1, cached: true, error: null, startedAt: now, finishedAt: now };
      await this.store.insertJob(job);
      return job;
    }
    if (this.closed) throw new HttpProblem('service-unavailable', 'the server is shutting down');
    // From here to start() nothing is awaited: the limits below count every job that passed them.
    for (const live of this.active.values()) {
      if (live.inputHash === sub.inputHash) return this.view(live.job);
    }
    if (this.active.size >= this.options.maxActiveJobs) {
      throw new HttpProblem('too-many-jobs', `${this.active.size} jobs are queued or running (the limit is ${this.options.maxActiveJobs}); retry later`, { maxActiveJobs: this.options.maxActiveJobs }, { 'Retry-After': '5' });
    }
    const perKind = this.options.maxJobsPerKind ?? this.options.maxActiveJobs;
    const ofKind = [...this.active.values()].filter((a) => a.kind === sub.kind).length;
    if (ofKind >= perKind) {
      throw new HttpProblem('too-many-jobs', `${ofKind} ${sub.kind} jobs are queued or running (the limit per kind is ${perKind}); retry later`, { kind: sub.kind, maxJobsPerKind: perKind }, { 'Retry-After': '5' });
    }
    const job: StoredJob = { ...base, id: newJobId(), status: 'queued', progress: 0, cached: false, error: null, startedAt: null, finishedAt: null };
    const inserted = this.store.insertJob(job);
    this.start(job, sub, inserted);
    await inserted;
    return job;
  }

  private newState(job: StoredJob, kind: JobKind, inputHash: string, status: JobStatus): ActiveJob {
    return { job, kind, inputHash, controller: new AbortController(), progress: 0, status, done: Promise.resolve(), timer: null, abortReason: null };
  }

  private hooksOf(id: string, state: ActiveJob): JobHooks {
    let storedProgress = 0;
    const startTimer = () => {
      state.timer = setTimeout(() => {
        state.abortReason = 'timeout';
        state.controller.abort('time limit');
      }, this.options.timeLimitMs);
    };
    // A job followed again after a restart may already be running: its time limit counts from now.
    if (state.status === 'running') startTimer();
    return {
      onStarted: () => {
        if (state.status !== 'queued') return;
        state.status = 'running';
        const startedAt = new Date().toISOString();
        state.job = { ...state.job, status: 'running', startedAt };
        this.store.markJobRunning(id, startedAt).catch((err: unknown) => this.logger.error({ err, jobId: id }, 'cannot mark the job running'));
        startTimer();
      },
      onProgress: (value) => {
        state.progress = Math.min(1, Math.max(state.progress, value));
        // Durable jobs may be read through another API process: store progress in 5 % steps.
        if (this.executor.durable && state.progress - storedProgress >= 0.05) {
          storedProgress = state.progress;
          this.store.setJobProgress(id, state.progress).catch((err: unknown) => this.logger.error({ err, jobId: id }, 'cannot store the job progress'));
        }
      },
    };
  }

  /** Run the job once its row is inserted (it counts as active at once). */
  private start(job: StoredJob, sub: JobSubmission, inserted: Promise<void>): void {
    const state = this.newState(job, sub.kind, sub.inputHash, 'queued');
    const outcome = inserted.then(() => this.executor.run({ id: job.id, kind: sub.kind, network: sub.network, input: sub.input }, this.hooksOf(job.id, state), state.controller.signal));
    this.track(job, state, outcome, performance.now());
  }

  /** Store the outcome of a running job when it ends, and forget its live state. */
  private track(job: StoredJob, state: ActiveJob, outcome: Promise<JobWorkerOutcome>, t0: number): void {
    state.done = outcome
      .then(
        async (result: JobWorkerOutcome) => {
          if (result.ok) {
            await this.store.finishJob(job.id, 'succeeded', new Date().toISOString(), null, { inputHash: job.inputHash, kind: job.kind, json: result.json, durationMs: performance.now() - t0 });
            await this.options.onResultStored?.(job.inputHash);
          } else {
            const slug = ERROR_CODE_SLUGS[result.error.code] ?? 'invalid-argument';
            const { message, ...extras } = result.error;
            await this.finishFailed(job.id, problemBody(slug, message, extras));
          }
        },
        async (err: unknown) => {
          const reason = state.abortReason;
          // Still running on the queue; a restarted API follows it again.
          if (err instanceof JobDetachedError) return;
          if (reason === 'cancel' || err instanceof JobCancelledError) await this.store.finishJob(job.id, 'cancelled', new Date().toISOString(), null);
          else if (reason === 'timeout') await this.finishFailed(job.id, { title: 'Time limit exceeded', detail: `the job ran longer than ${this.options.timeLimitMs / 1000} s and was stopped`, code: 'TIME_LIMIT' });
          else if (reason === 'shutdown') await this.finishFailed(job.id, { title: 'Job interrupted', detail: 'the server shut down while the job was running; submit it again', code: 'INTERRUPTED' });
          else if ((err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            this.logger.warn({ jobId: job.id, kind: job.kind, workerHeapMb: this.options.workerHeapMb }, 'job ran out of memory');
            await this.finishFailed(job.id, { title: 'Out of memory', detail: `the job needed more than the ${this.options.workerHeapMb ?? '(default)'} MB a worker may use (WORKER_HEAP_MB) and was stopped; try a smaller demand or network`, code: 'OUT_OF_MEMORY' });
          } else {
            this.logger.error({ err, jobId: job.id, kind: job.kind }, 'job crashed');
            await this.finishFailed(job.id, problemBody('internal-error', 'the job failed unexpectedly; it has been logged'));
          }
        },
      )
      // A store write that failed (database down): logged; the job's row then stays as it was.
      .catch((err: unknown) => this.logger.error({ err, jobId: job.id }, 'cannot store the job outcome'))
      .finally(() => {
        if (state.timer) clearTimeout(state.timer);
        this.active.delete(job.id);
      });
    this.active.set(job.id, state);
  }

  private finishFailed(id: string, error: Record<string, unknown>): Promise<void> {
    return this.store.finishJob(id, 'failed', new Date().toISOString(), JSON.stringify(error));
  }

  /** A job as stored, with the live status and progress of an active one; undefined when unknown. */
  async get(id: string): Promise<StoredJob | undefined> {
    const job = await this.store.getJob(id);
    return job ? this.view(job) : undefined;
  }

  private view(job: StoredJob): StoredJob {
    const live = this.active.get(job.id);
    if (!live || job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    return { ...job, status: live.status, progress: live.progress };
  }

  /** The stored result of a succeeded job, as JSON text. */
  async resultJson(job: StoredJob): Promise<string | undefined> {
    return job.status === 'succeeded' ? (await this.store.getResult(job.inputHash))?.json : undefined;
  }

  /**
   * The stored result of a succeeded job as UTF-8 JSON bytes, read once from the store and shared by every
   * request that sends it (never parsed, never re-serialised). Undefined when there is none (or it was pruned).
   */
  async resultBytes(job: StoredJob): Promise<Buffer | undefined> {
    if (job.status !== 'succeeded') return undefined;
    const hit = this.resultCache.get(job.inputHash);
    if (hit) return hit;
    const bytes = await this.store.getResultBytes(job.inputHash);
    if (bytes) this.resultCache.set(job.inputHash, bytes, bytes.length);
    return bytes;
  }

  /** Forget cached result bytes (after pruning deleted results). */
  forgetResults(): void {
    this.resultCache.clear();
  }

  /** Cancel a queued or running job (its worker is terminated). Finished jobs → 409. */
  async cancel(id: string): Promise<StoredJob | undefined> {
    const job = await this.store.getJob(id);
    if (!job) return undefined;
    const live = this.active.get(id);
    if (!live && this.executor.cancelRemote && (job.status === 'queued' || job.status === 'running')) {
      // Submitted through another API process (or before a restart that has not followed it yet).
      await this.executor.cancelRemote(id);
      await this.store.finishJob(id, 'cancelled', new Date().toISOString(), null);
      return this.store.getJob(id);
    }
    // On a shared database the job may be running on another API process's threads, which alone can stop it.
    if (!live && (job.status === 'queued' || job.status === 'running')) throw new HttpProblem('conflict', `job ${id} is ${job.status} in another API process sharing this database; only that process can cancel it (retry, or wait for it to finish)`, { jobStatus: job.status });
    if (!live) throw new HttpProblem('conflict', `job ${id} has already ${job.status === 'succeeded' ? 'succeeded' : job.status === 'failed' ? 'failed' : 'been cancelled'}`, { jobStatus: job.status });
    live.abortReason = 'cancel';
    live.controller.abort('cancelled');
    await live.done;
    return this.store.getJob(id);
  }

  /** Wait until the job ends or `ms` passes. Too many waiters at once → 429 (the caller polls instead). */
  async waitFor(id: string, ms: number): Promise<void> {
    const live = this.active.get(id);
    if (!live || ms <= 0) return;
    if (this.options.maxWaiters !== undefined && this.waiters >= this.options.maxWaiters) {
      throw new HttpProblem('too-many-requests', `${this.waiters} requests are already waiting on jobs (the limit is ${this.options.maxWaiters}); poll GET /jobs/{id} without wait, or retry later`, { maxJobWaiters: this.options.maxWaiters }, { 'Retry-After': '2' });
    }
    this.waiters++;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([live.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    } finally {
      clearTimeout(timer);
      this.waiters--;
    }
  }

  /**
   * Stop accepting jobs and close the executor. Jobs on this process's threads are stopped (marked failed:
   * interrupted); durable jobs keep running on the queue and keep their status.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.active.values()];
    if (!this.executor.durable) {
      for (const s of pending) {
        s.abortReason = 'shutdown';
        s.controller.abort('shutdown');
      }
      await Promise.allSettled(pending.map((s) => s.done));
    }
    await this.executor.close();
    await Promise.allSettled(pending.map((s) => s.done));
  }
}

const newJobId = () => `job-${randomUUID()}`;
