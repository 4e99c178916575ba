import { MessageChannel } from 'node:worker_threads';
import { UnrecoverableError, Worker } from 'bullmq';
import { Piscina } from 'piscina';
import type { Network } from '../../src/network/index.js';
import { getBlob, getBlobCached, putBlobAt, CANCEL_CHANNEL, JOB_QUEUE, redisConnection, MAX_STALLED_COUNT, type QueueWorkerOptions, type RunningQueueWorker } from '../../src/queue/index.js';
import type { JobInputs } from './job-kinds.js';
import { jobWorkerFile } from './job-queue.js';
import { CANCELLED_REASON, cancelledKey, OUT_OF_MEMORY_REASON, type QueuedJobData, type QueuedJobResult } from './queued-job.js';
import type { JobTask, JobWorkerOutcome, WorkerMessage } from './run-job.js';

/** Options of {@link startJobWorker}. */
export interface JobWorkerOptions extends QueueWorkerOptions {
  /** Old-generation heap limit of each job thread, MB; a job past it fails with OUT_OF_MEMORY. */
  workerHeapMb?: number;
}

/**
 * Process whole API jobs from the BullMQ job queue: each runs on a worker thread (the same run-job.ts as
 * the API's own pool), with progress sent back through BullMQ. A criticality or evaluation job's sweep goes
 * back to Redis as scenario tasks, so every `corridor worker` shares it. A cancel published by the API
 * (on CANCEL_CHANNEL) aborts the job's thread wherever it runs.
 */
export function startJobWorker(options: JobWorkerOptions): RunningQueueWorker {
  const concurrency = options.concurrency ?? 1;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const redis = redisConnection(options.redisUrl);
  const { filename, execArgv } = jobWorkerFile();
  const pool = new Piscina({
    filename,
    execArgv,
    maxThreads: concurrency,
    idleTimeout: 60_000,
    ...(options.workerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } } : {}),
  });
  pool.on('error', () => {});
  // Networks by content hash: one national network is deserialised once, not once per job.
  const networks = new Map<string, unknown>();
  const networkOf = (hash: string) => getBlobCached<Network>(redis, networks, hash, 'network', 4);

  const blocking = redisConnection(options.redisUrl);
  const worker = new Worker<QueuedJobData, QueuedJobResult>(
    JOB_QUEUE,
    async (job, _token, signal) => {
      const { kind, networkHash, inputHash } = job.data;
      // Cancelled while it waited, or before a retry after its first worker died.
      if (await redis.exists(cancelledKey(job.id!))) throw new UnrecoverableError(CANCELLED_REASON);
      let network: Network;
      let input: JobInputs[typeof kind];
      try {
        [network, input] = await Promise.all([networkOf(networkHash), getBlob<JobInputs[typeof kind]>(redis, inputHash, 'job input')]);
      } catch (e) {
        throw new UnrecoverableError(`QUEUE_ERROR: ${(e as Error).message}; submit the job again`);
      }
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') void job.updateProgress(m.value).catch(() => undefined);
      });
      const task: JobTask = { kind, network, input, port: port2, redisUrl: options.redisUrl, cancelKey: cancelledKey(job.id!) };
      const t0 = performance.now();
      let outcome: JobWorkerOutcome;
      try {
        outcome = await pool.run(task, { signal, transferList: [port2] });
      } catch (err) {
        // A cancel or a crash fails the same on every worker: no retry. (A worker that dies is not an error
        // here at all: its lock expires and BullMQ hands the job to another worker.)
        if (signal?.aborted) throw new UnrecoverableError(CANCELLED_REASON);
        if ((err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new UnrecoverableError(`${OUT_OF_MEMORY_REASON}: ${options.workerHeapMb ?? '(default)'} MB`);
        throw new UnrecoverableError(`CRASH: ${(err as Error).message}`);
      } finally {
        port1.close();
      }
      if (!outcome.ok) return outcome;
      const resultKey = `job-result-${job.id}`;
      await putBlobAt(redis, resultKey, outcome.json);
      return { ok: true, resultKey, durationMs: performance.now() - t0 };
    },
    // BullMQ does not close a connection it was given: disconnected in close().
    { connection: blocking, concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: MAX_STALLED_COUNT },
  );
  worker.on('error', () => {});
  const subscriber = redisConnection(options.redisUrl);
  subscriber.on('message', (_channel: string, jobId: string) => worker.cancelJob(jobId, 'cancelled by the API'));
  void subscriber.subscribe(CANCEL_CHANNEL).catch(() => undefined);
  return {
    worker,
    async close() {
      subscriber.disconnect();
      await worker.close();
      await pool.destroy();
      redis.disconnect();
      blocking.disconnect();
    },
  };
}
