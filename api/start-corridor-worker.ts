import type { Logger } from 'pino';
import { redactUrl, startScenarioWorker, type QueueWorkerOptions, type RunningQueueWorker } from '../src/queue/index.js';
import { startJobWorker } from './jobs/start-job-worker.js';

/** Options of {@link startCorridorWorker}. */
export interface CorridorWorkerOptions extends QueueWorkerOptions {
  workerHeapMb?: number;
  logger?: Logger;
}

/** A running `corridor worker`: both queues; `close` lets active tasks finish. */
export interface RunningCorridorWorker {
  jobs: RunningQueueWorker;
  scenarios: RunningQueueWorker;
  close(): Promise<void>;
}

/**
 * `corridor worker`: take whole API jobs and sweep tasks from Redis. A criticality job taken here fans its
 * scenarios out to every worker (this one included), so N processes share one sweep.
 */
export function startCorridorWorker(options: CorridorWorkerOptions): RunningCorridorWorker {
  const jobs = startJobWorker(options);
  const scenarios = startScenarioWorker(options);
  const log = options.logger;
  if (log) {
    const redis = redactUrl(options.redisUrl);
    jobs.worker.on('active', (job) => log.info({ jobId: job.id, kind: job.data.kind }, 'job started'));
    jobs.worker.on('completed', (job) => log.info({ jobId: job.id, kind: job.data.kind }, 'job done'));
    jobs.worker.on('failed', (job, err) => log.warn({ jobId: job?.id, reason: err.message }, 'job failed'));
    scenarios.worker.on('active', (job) => log.debug({ taskId: job.id, scenario: job.data.spec?.id ?? (job.data.specs ? `${job.data.specs.length} scenarios` : `subproblem ${job.data.subproblem?.s}`) }, 'task started'));
    scenarios.worker.on('completed', (job) => log.debug({ taskId: job.id }, 'task done'));
    scenarios.worker.on('failed', (job, err) => log.warn({ taskId: job?.id, reason: err.message }, 'task failed'));
    for (const w of [jobs.worker, scenarios.worker]) w.on('error', (err) => log.warn({ redis, err: err.message }, 'Redis connection problem (reconnecting)'));
  }
  return {
    jobs,
    scenarios,
    async close() {
      await Promise.all([jobs.close(), scenarios.close()]);
    },
  };
}
