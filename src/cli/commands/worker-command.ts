import { type Command, InvalidArgumentError as CommanderArgumentError } from 'commander';
import { pino } from 'pino';
import { InvalidArgumentError } from '../../shared/index.js';
import { runCommand } from './run-command.js';
import { processIo, type CliIo } from './cli-io.js';

interface WorkerCliOptions {
  redis?: string;
  concurrency: number;
  lockMs: number;
  workerHeapMb?: number;
  logLevel: string;
}

const positiveInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderArgumentError(`${flag} expects a whole number ≥ 1.`);
  return n;
};

/**
 * `corridor worker`: process API jobs and sweep tasks (criticality scenarios, candidate evaluations) from
 * Redis (BullMQ) until SIGTERM/SIGINT, on any machine that reaches it. Runs until stopped; active tasks
 * finish first on a graceful stop, and a killed worker's task is retried elsewhere.
 */
export function registerWorkerCommand(program: Command, io: CliIo = processIo): void {
  program
    .command('worker')
    .description('process API jobs and sweep tasks from a Redis (BullMQ) queue until stopped (SIGTERM/SIGINT)')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL)')
    .option('--concurrency <n>', 'tasks solved at once, one thread each', positiveInt('--concurrency'), 1)
    .option('--lock-ms <ms>', 'task lock, ms: a killed worker\'s task is retried after about this long', positiveInt('--lock-ms'), 30_000)
    .option('--worker-heap-mb <mb>', 'heap limit of each job thread, MB (default: WORKER_HEAP_MB or none)', positiveInt('--worker-heap-mb'))
    .option('--log-level <level>', 'pino log level (JSON lines on stdout)', 'info')
    .action((opts: WorkerCliOptions) =>
      runCommand(io, {}, async () => {
        // Loaded here: the other commands never need BullMQ or the API's job code.
        const { checkRedisUrl, redactUrl } = await import('../../queue/index.js');
        const given = opts.redis ?? process.env.REDIS_URL?.trim();
        if (!given) throw new InvalidArgumentError('no Redis to take work from: pass --redis <url> or set REDIS_URL (e.g. redis://127.0.0.1:6379)');
        const redisUrl = checkRedisUrl(given, opts.redis ? '--redis' : 'REDIS_URL');
        const heap = opts.workerHeapMb ?? (process.env.WORKER_HEAP_MB ? Number(process.env.WORKER_HEAP_MB) : undefined);
        const logger = pino({ level: opts.logLevel });
        const { startCorridorWorker } = await import('../../../api/start-corridor-worker.js');
        const worker = startCorridorWorker({ redisUrl, concurrency: opts.concurrency, lockDurationMs: opts.lockMs, workerHeapMb: heap, logger });
        await Promise.all([worker.jobs.worker.waitUntilReady(), worker.scenarios.worker.waitUntilReady()]);
        logger.info({ redis: redactUrl(redisUrl), concurrency: opts.concurrency, lockMs: opts.lockMs, pid: process.pid }, 'worker ready');
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            logger.info({ signal }, 'stopping: active tasks finish first');
            worker.close().then(resolve, resolve);
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        logger.info('worker stopped');
      }),
    );
}
