import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { getBlob, putBlob, CANCEL_CHANNEL, JOB_QUEUE, BLOB_PREFIX, redisConnection } from '../../src/queue/index.js';
import { JobCancelledError, JobDetachedError, type JobExecutor, type JobHooks, type JobRun } from './job-executor.js';
import { CANCELLED_REASON, cancelledKey, OUT_OF_MEMORY_REASON, type QueuedJobData, type QueuedJobResult } from './queued-job.js';
import type { JobWorkerOutcome } from './run-job.js';

/** Options of {@link RedisJobExecutor}. */
export interface RedisJobExecutorOptions {
  redisUrl: string;
  /** How often followed jobs are checked in Redis, ms (default 2000): catches missed events and jobs Redis lost. */
  checkIntervalMs?: number;
}

interface Follower {
  hooks: JobHooks;
  resolve: (o: JobWorkerOutcome) => void;
  reject: (e: unknown) => void;
  started: boolean;
}


/** How long a fetched result blob stays (another API process may still be following the same job), s. */
const RESULT_KEEP_SECONDS = 300;

/**
 * API jobs on the BullMQ job queue, run by `corridor worker` processes. The network and the prepared
 * input go to Redis by content hash; the job id is the stored job's id, so a restarted API (or another
 * API process) can follow it again. Events report start, progress and the end; a periodic check of every
 * followed job catches events missed while the connection was down, and a job Redis no longer knows
 * (restarted without its data) fails with QUEUE_ERROR instead of staying `running`.
 */
export class RedisJobExecutor implements JobExecutor {
  readonly durable = true;
  private readonly redis: Redis;
  private readonly queue: Queue<QueuedJobData, QueuedJobResult>;
  private readonly events: QueueEvents;
  private readonly eventsConnection: Redis;
  private readonly followers = new Map<string, Follower>();
  private readonly timer: NodeJS.Timeout;
  private readonly ready: Promise<unknown>;
  private checking = false;

  constructor(private readonly options: RedisJobExecutorOptions) {
    this.redis = redisConnection(options.redisUrl);
    this.queue = new Queue(JOB_QUEUE, { connection: this.redis });
    // BullMQ does not close connections it was given: both are disconnected in close().
    this.eventsConnection = redisConnection(options.redisUrl);
    this.events = new QueueEvents(JOB_QUEUE, { connection: this.eventsConnection });
    // Reconnect attempts while Redis is down arrive as 'error' events: ioredis keeps reconnecting, and the
    // periodic check settles what happened meanwhile.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
    this.ready = Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    this.ready.catch(() => undefined);
    this.events.on('active', ({ jobId }) => this.started(jobId));
    this.events.on('progress', ({ jobId, data }) => {
      const f = this.followers.get(jobId);
      if (!f || typeof data !== 'number') return;
      this.started(jobId);
      f.hooks.onProgress(data);
    });
    this.events.on('completed', ({ jobId }) => void this.settle(jobId, 'completed').catch(() => undefined));
    this.events.on('failed', ({ jobId }) => void this.settle(jobId, 'failed').catch(() => undefined));
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      this.check()
        .catch(() => undefined) // Redis down: ioredis reconnects, the next check tries again
        .finally(() => (this.checking = false));
    }, options.checkIntervalMs ?? 2000);
    this.timer.unref();
  }

  async run(job: JobRun, hooks: JobHooks, signal: AbortSignal): Promise<JobWorkerOutcome> {
    await this.ready;
    const [networkHash, inputHash] = await Promise.all([putBlob(this.redis, job.network), putBlob(this.redis, job.input)]);
    const outcome = this.attach(job.id, hooks, signal);
    // attempts: 1 — a job that fails, fails on every worker (a worker that dies is not a failure: its lock
    // expires and BullMQ's stalled-job check hands the job to another worker).
    await this.queue.add(job.kind, { kind: job.kind, networkHash, inputHash }, { jobId: job.id, attempts: 1, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } });
    return outcome;
  }

  async follow(jobId: string, hooks: JobHooks, signal: AbortSignal): Promise<{ outcome: Promise<JobWorkerOutcome> } | null> {
    await this.ready;
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') return null;
    const outcome = this.attach(jobId, hooks, signal);
    if (state === 'active') this.started(jobId);
    if (state === 'completed' || state === 'failed') await this.settle(jobId, state);
    return { outcome };
  }

  async cancelRemote(jobId: string): Promise<void> {
    await this.ready;
    await this.redis.set(cancelledKey(jobId), '1', 'EX', 24 * 3600);
    const job = await Job.fromId(this.queue, jobId);
    // A waiting job is removed; an active one (locked: remove fails) is aborted by the worker that runs it,
    // which the cancel message reaches.
    await job?.remove().catch(() => undefined);
    await this.redis.publish(CANCEL_CHANNEL, jobId);
  }

  private attach(jobId: string, hooks: JobHooks, signal: AbortSignal): Promise<JobWorkerOutcome> {
    const outcome = new Promise<JobWorkerOutcome>((resolve, reject) => this.followers.set(jobId, { hooks, resolve, reject, started: false }));
    signal.addEventListener(
      'abort',
      () => {
        const f = this.followers.get(jobId);
        if (!f) return;
        this.followers.delete(jobId);
        f.reject(new Error(`aborted: ${String(signal.reason)}`));
        void this.cancelRemote(jobId).catch(() => undefined);
      },
      { once: true },
    );
    return outcome;
  }

  private started(jobId: string): void {
    const f = this.followers.get(jobId);
    if (!f || f.started) return;
    f.started = true;
    f.hooks.onStarted();
  }

  private async settle(jobId: string, state: 'completed' | 'failed'): Promise<void> {
    if (!this.followers.has(jobId)) return;
    const job = await Job.fromId<QueuedJobData, QueuedJobResult>(this.queue, jobId);
    const f = this.followers.get(jobId);
    if (!f || !job) return;
    if (state === 'completed') {
      const r = job.returnvalue;
      if (!r) return; // the event came before the return value was readable; the next check settles it
      this.followers.delete(jobId);
      this.started(jobId);
      if (!r.ok) return f.resolve({ ok: false, error: r.error });
      try {
        const json = await getBlob<string>(this.redis, r.resultKey, `result of job ${jobId}`);
        await this.redis.expire(BLOB_PREFIX + r.resultKey, RESULT_KEEP_SECONDS);
        f.resolve({ ok: true, json });
      } catch (e) {
        f.resolve({ ok: false, error: { code: 'QUEUE_ERROR', name: 'QueueError', message: (e as Error).message } });
      }
      return;
    }
    this.followers.delete(jobId);
    const reason = job.failedReason ?? '';
    if (reason === CANCELLED_REASON) return f.reject(new JobCancelledError());
    if (reason.startsWith(OUT_OF_MEMORY_REASON)) return f.reject(Object.assign(new Error(reason), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
    const queueError = /^QUEUE_ERROR: ([\s\S]*)$/.exec(reason);
    if (queueError) return f.resolve({ ok: false, error: { code: 'QUEUE_ERROR', name: 'QueueError', message: queueError[1] } });
    f.reject(new Error(`the job failed on its worker: ${reason || 'no reason recorded'}`));
  }

  private async check(): Promise<void> {
    for (const [jobId, f] of [...this.followers]) {
      const state = await this.queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed') await this.settle(jobId, state);
      else if (state === 'active') this.started(jobId);
      else if (state === 'unknown') {
        this.followers.delete(jobId);
        // A waiting job cancelled through another API process is removed, so it is unknown here too.
        if (await this.redis.exists(cancelledKey(jobId))) {
          f.reject(new JobCancelledError());
          continue;
        }
        f.resolve({ ok: false, error: { code: 'QUEUE_ERROR', name: 'QueueError', message: 'the queue lost the job (Redis restarted without its data, or the job was removed); submit it again' } });
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const f of this.followers.values()) f.reject(new JobDetachedError());
    this.followers.clear();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.redis.disconnect();
    this.eventsConnection.disconnect();
  }
}
