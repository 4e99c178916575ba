/**
 * Scale-out on Redis (issue 16): sweep scenarios as BullMQ tasks, content-addressed blobs, and the
 * worker side that solves them. The API's job queue (api/jobs/) builds on these.
 */
export { BLOB_TTL_SECONDS, deleteBlob, getBlob, getBlobCached, putBlob, putBlobAt } from './blob-store.js';
export { createQueueScenarioRunner, openSweepTasks, type QueueScenarioRunnerOptions, type SweepTasks, type SweepTasksOptions } from './queue-scenario-runner.js';
export { createQueueSubproblems, type StoredSubproblemContext } from './queue-subproblems.js';
export { BLOB_PREFIX, CANCEL_CHANNEL, JOB_QUEUE, SCENARIO_QUEUE } from './queue-names.js';
export { checkRedisUrl, redactUrl, redisConnection } from './redis-connection.js';
export { ScenarioProcessor, type ScenarioProcessorOptions } from './scenario-processor.js';
export { sweepAliveKey, type ScenarioTaskData, type ScenarioTaskPayload, type ScenarioTaskResult, type SubproblemTask } from './scenario-task.js';
export { MAX_STALLED_COUNT, startScenarioWorker, type QueueWorkerOptions, type RunningQueueWorker } from './start-scenario-worker.js';
export { putSweepContext, sweepContextOf, type StoredSweepContext } from './sweep-context.js';
