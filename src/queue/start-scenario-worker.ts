import { Worker } from 'bullmq';
import { SCENARIO_QUEUE } from './queue-names.js';
import { redisConnection } from './redis-connection.js';
import { ScenarioProcessor } from './scenario-processor.js';
import type { ScenarioTaskData, ScenarioTaskResult } from './scenario-task.js';

/** Options shared by the BullMQ workers of `corridor worker`. */
export interface QueueWorkerOptions {
  redisUrl: string;
  /** Tasks solved at once, each on its own thread. Default 1. */
  concurrency?: number;
  /**
   * BullMQ task lock, ms (default 30000). A worker that dies (SIGKILL, lost machine) stops renewing its
   * lock; after this long another worker's stalled-task check puts the task back in the queue.
   */
  lockDurationMs?: number;
}

/** A running queue worker: `close` lets active tasks finish, then disconnects. */
export interface RunningQueueWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** How often one task may be orphaned by a dying worker before it is failed (BullMQ maxStalledCount). */
export const MAX_STALLED_COUNT = 3;

/** Process sweep tasks (criticality scenarios, candidate evaluations) from Redis until closed. */
export function startScenarioWorker(options: QueueWorkerOptions): RunningQueueWorker {
  const concurrency = options.concurrency ?? 1;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const redis = redisConnection(options.redisUrl);
  const processor = new ScenarioProcessor(redis, { threads: concurrency });
  const worker = new Worker<ScenarioTaskData, ScenarioTaskResult>(SCENARIO_QUEUE, (job) => processor.process(job), {
    connection: redisConnection(options.redisUrl),
    concurrency,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  worker.on('error', () => {}); // connection errors: ioredis reconnects; logged by the command
  return {
    worker,
    async close() {
      await worker.close();
      await processor.close();
      redis.disconnect();
    },
  };
}
