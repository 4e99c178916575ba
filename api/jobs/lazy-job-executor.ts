import type { JobExecutor, JobHooks, JobRun } from './job-executor.js';
import type { RedisJobExecutorOptions } from './redis-job-executor.js';

/**
 * The Redis job executor, loaded on first use: BullMQ and ioredis (≈ 150 ms of module loading) stay out
 * of the API's start-up, and out of an embedded server entirely. Behaves as RedisJobExecutor.
 */
export function lazyRedisJobExecutor(options: RedisJobExecutorOptions): JobExecutor {
  let loaded: Promise<JobExecutor> | null = null;
  const executor = () => (loaded ??= import('./redis-job-executor.js').then(({ RedisJobExecutor }) => new RedisJobExecutor(options)));
  return {
    durable: true,
    run: async (job: JobRun, hooks: JobHooks, signal: AbortSignal) => (await executor()).run(job, hooks, signal),
    follow: async (jobId: string, hooks: JobHooks, signal: AbortSignal) => (await executor()).follow!(jobId, hooks, signal),
    cancelRemote: async (jobId: string) => (await executor()).cancelRemote!(jobId),
    // Nothing to close when it was never loaded.
    close: async () => {
      if (loaded) await (await loaded).close();
    },
  };
}
