import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { JobExecutor, JobHooks, JobRun } from './job-executor.js';
import type { JobTask, JobWorkerOutcome, WorkerMessage } from './run-job.js';

/** Options of {@link ThreadJobExecutor}. */
export interface ThreadJobExecutorOptions {
  threads: number;
  prewarm?: boolean;
  workerHeapMb?: number;
  workerFile: { filename: string; execArgv: string[] };
}

/**
 * Jobs on a piscina worker-thread pool of this process, never on the event loop. Aborting a job
 * terminates its thread.
 */
export class ThreadJobExecutor implements JobExecutor {
  readonly durable = false;
  private readonly pool: Piscina;

  constructor(options: ThreadJobExecutorOptions) {
    const { filename, execArgv } = options.workerFile;
    this.pool = new Piscina({
      filename,
      execArgv,
      minThreads: options.prewarm ? options.threads : 0,
      maxThreads: options.threads,
      idleTimeout: options.prewarm ? Number.MAX_SAFE_INTEGER : 60_000,
      // Without a limit one criticality job grew the process by 2 GB in 15 s (issue 20).
      ...(options.workerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } } : {}),
    });
  }

  run(job: JobRun, hooks: JobHooks, signal: AbortSignal): Promise<JobWorkerOutcome> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: WorkerMessage) => {
      if (m.type === 'started') hooks.onStarted();
      else if (m.type === 'progress' && Number.isFinite(m.value)) hooks.onProgress(m.value);
    });
    const task: JobTask = { kind: job.kind, network: job.network, input: job.input, port: port2 };
    return (this.pool.run(task, { signal, transferList: [port2] }) as Promise<JobWorkerOutcome>).finally(() => port1.close());
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
