import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { CorridorError, QueueError } from '../shared/index.js';
import type { ScenarioContext, ScenarioResult, ScenarioSpec, ScenarioRunner } from '../evaluate/index.js';
import { deleteBlob, getBlob } from './blob-store.js';
import { SCENARIO_QUEUE } from './queue-names.js';
import { redisConnection } from './redis-connection.js';
import { putSweepContext } from './sweep-context.js';
import { sweepAliveKey, type ScenarioTaskData, type ScenarioTaskPayload, type ScenarioTaskResult } from './scenario-task.js';

/** Options of {@link createQueueScenarioRunner}. */
export interface QueueScenarioRunnerOptions {
  redisUrl: string;
  /**
   * Attempts per task (BullMQ `attempts`) for errors that may pass on another worker. A worker killed
   * mid-task is a different case: BullMQ's stalled-job check puts the task back (see the worker's
   * maxStalledCount).
   */
  attempts?: number;
  /**
   * How often the runner checks its outstanding tasks in Redis, ms (default 2000). Events deliver results
   * at once; this check is what notices a task Redis lost (a restart without persistence), which it adds
   * again, and results whose event was missed while the connection was down.
   */
  checkIntervalMs?: number;
  /**
   * A Redis key the API sets when the job running this sweep is cancelled: workers then skip the sweep's
   * tasks at once, instead of until the sweep's alive key expires (the cancelled job's thread is
   * terminated, so this runner's `close` never runs).
   */
  cancelKey?: string;
  /**
   * Seconds one scenario takes, as far as the caller knows (the sweep's base solve, cold). At or above
   * TARGET_TASK_SECONDS every scenario is a task of its own. Otherwise runAll sends the first 2 per worker
   * alone and batches the rest by the fastest solve they took (batchSize), so cheap scenarios share the
   * queue's per-task cost.
   */
  secondsPerScenario?: number;
}

interface Pending<R> {
  payload: ScenarioTaskPayload;
  label: string;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
  /** How many times the task was added again after Redis lost it. */
  readds: number;
}

/** A task Redis lost is added again at most this often before the sweep fails. */
const MAX_READDS = 3;
/** Tasks checked one by one per interval when no result arrived (all of them after a loss). */
const CHECK_BATCH = 100;
/** Seconds the sweep's alive key lives without a refresh; workers skip tasks of a sweep whose key is gone. */
const ALIVE_TTL_SECONDS = 30;

/**
 * A ScenarioRunner whose scenarios are BullMQ tasks, solved by `corridor worker` processes on any machine
 * that reaches Redis. The context (network, demand, candidates, options) goes to Redis once, by content
 * hash; each task is {context hash, scenario}. Workers keep one warm master per context and thread, as
 * the in-process pool does, so a scenario costs the same warm re-solve there as here.
 *
 * While the runner is open, a key `corridor:sweep:<id>` is refreshed every few seconds. If the process
 * running the sweep dies or is cancelled (its thread terminated, so `close` never runs), the key expires
 * and workers drop the sweep's remaining tasks instead of solving them for nobody.
 * @example
 *   const runner = await createQueueScenarioRunner(context, { redisUrl: 'redis://127.0.0.1:6379' });
 *   try { results = await runner.runAll(specs); } finally { await runner.close(); }
 */
export async function createQueueScenarioRunner(context: ScenarioContext, options: QueueScenarioRunnerOptions): Promise<ScenarioRunner> {
  const tasks = await openSweepTasks<ScenarioResult | ScenarioResult[]>({ ...options, putContext: (redis) => putSweepContext(redis, context) });
  return {
    workers: tasks.workers,
    async run(spec) {
      return (await tasks.submit([{ spec }], [spec.id]))[0] as Promise<ScenarioResult>;
    },
    async runAll(specs, onProgress) {
      let done = 0;
      const collect = async (p: Promise<ScenarioResult | ScenarioResult[]>) => {
        const r = await p;
        const list = Array.isArray(r) ? r : [r];
        for (const one of list) onProgress?.(++done, specs.length, one);
        return list;
      };
      const send = async (part: readonly ScenarioSpec[], size: number) => {
        const batches: ScenarioSpec[][] = [];
        for (let i = 0; i < part.length; i += size) batches.push(part.slice(i, i + size));
        const payloads = batches.map((b) => (b.length === 1 ? { spec: b[0] } : { specs: b }));
        return tasks.submit(payloads, batches.map((b) => (b.length === 1 ? b[0].id : `${b.length} scenarios from "${b[0].id}"`)));
      };
      // How long a scenario takes is known only after some ran warm: without a hint that they are expensive,
      // the first 2 per worker go one per task, and the rest are batched by the fastest of those.
      const hinted = options.secondsPerScenario !== undefined && options.secondsPerScenario >= TARGET_TASK_SECONDS;
      const probe = hinted ? specs.length : Math.min(specs.length, 2 * Math.max(1, tasks.workers));
      const first = await Promise.all((await send(specs.slice(0, probe), 1)).map(collect));
      const warmest = Math.min(...tasks.solveSeconds());
      const rest = specs.slice(probe);
      const size = batchSize(rest.length, tasks.workers, Number.isFinite(warmest) ? warmest : undefined);
      const later = await Promise.all((await send(rest, size)).map(collect));
      return [...first, ...later].flat();
    },
    close: () => tasks.close(),
  };
}

/** A batched task should take about this long, s: well above the queue's ≈ 6 ms per task, well below a lock. */
export const TARGET_TASK_SECONDS = 0.25;

/**
 * Scenarios per task: one when they are expensive or their cost is unknown; else enough to make a task
 * about TARGET_TASK_SECONDS, but never so many that the workers get fewer than 4 tasks each (the last ones
 * to finish would leave the others idle).
 */
export function batchSize(scenarios: number, workers: number, secondsPerScenario: number | undefined): number {
  if (!secondsPerScenario || !(secondsPerScenario > 0) || secondsPerScenario >= TARGET_TASK_SECONDS) return 1;
  const byTime = Math.floor(TARGET_TASK_SECONDS / secondsPerScenario);
  const byBalance = Math.ceil(scenarios / (4 * Math.max(1, workers)));
  return Math.max(1, Math.min(byTime, byBalance));
}

/** Options of {@link openSweepTasks}: the runner's, and how to put the sweep's shared context into Redis. */
export interface SweepTasksOptions extends QueueScenarioRunnerOptions {
  /** Store the context (again, after Redis lost it); returns its content hash. */
  putContext: (redis: Redis) => Promise<string>;
}

/** Tasks of one sweep on the queue: each payload becomes a task; `submit` answers one promise per payload. */
export interface SweepTasks<R> {
  /** Worker processes connected when the sweep started. */
  readonly workers: number;
  /** @param labels one per payload, for messages (a scenario id, "scenario 3 at y") */
  submit(payloads: readonly ScenarioTaskPayload[], labels: readonly string[]): Promise<Promise<R>[]>;
  /** Seconds each collected task took on its worker. */
  solveSeconds(): readonly number[];
  close(): Promise<void>;
}

/**
 * The queue side of a sweep, whatever its tasks are (scenario specs of a ScenarioRunner, robust-portfolio
 * subproblems): the context put once by content hash, tasks added in bulk, results collected from events,
 * lost tasks added again, and the sweep's alive key kept while it is open.
 */
export async function openSweepTasks<R>(options: SweepTasksOptions): Promise<SweepTasks<R>> {
  const redis = redisConnection(options.redisUrl);
  const queue = new Queue<ScenarioTaskData>(SCENARIO_QUEUE, { connection: redis });
  // BullMQ does not close connections it was given: both are disconnected in close().
  const eventsConnection = redisConnection(options.redisUrl);
  const events = new QueueEvents(SCENARIO_QUEUE, { connection: eventsConnection });
  // While Redis is down, BullMQ reports each failed reconnect as an 'error' event; unhandled, they would be
  // printed (or end the process). ioredis keeps reconnecting; the periodic check picks up from there.
  queue.on('error', () => {});
  events.on('error', () => {});
  const sweepId = randomUUID();
  const pending = new Map<string, Pending<R>>();
  let contextHash = '';
  let seq = 0;
  let closed = false;

  /** Refresh the alive key; false when it was gone (expired, or Redis lost its data). */
  const keepAlive = async () => (await redis.set(sweepAliveKey(sweepId), '1', 'EX', ALIVE_TTL_SECONDS, 'GET')) !== null;
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    contextHash = await options.putContext(redis);
    await keepAlive();
  } catch (e) {
    await Promise.allSettled([queue.close(), events.close()]);
    redis.disconnect();
    eventsConnection.disconnect();
    throw new QueueError(`cannot reach Redis for the sweep's queue: ${(e as Error).message}`);
  }
  const workers = await queue.getWorkersCount();

  const jobOptions = { attempts: options.attempts ?? 2, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } };
  const taskData = (payload: ScenarioTaskPayload): ScenarioTaskData => ({ sweepId, contextHash, ...payload, ...(options.cancelKey ? { cancelKey: options.cancelKey } : {}) });

  /** Collect a finished task: its result blob, or its failure as the error the worker reported. */
  const settle = async (jobId: string, state: string) => {
    const p = pending.get(jobId);
    if (!p) return;
    if (state === 'completed') {
      const done = await Job.fromId<ScenarioTaskData, ScenarioTaskResult>(queue, jobId);
      if (!done?.returnvalue || !pending.has(jobId)) return;
      pending.delete(jobId);
      settledSinceCheck = true;
      try {
        const result = await getBlob<R>(redis, done.returnvalue.resultKey, `result of task ${jobId}`);
        await deleteBlob(redis, done.returnvalue.resultKey);
        solveSeconds.push(done.returnvalue.solveSeconds);
        p.resolve(result);
      } catch (e) {
        p.reject(e);
      }
    } else if (state === 'failed') {
      const failed = await Job.fromId<ScenarioTaskData, ScenarioTaskResult>(queue, jobId);
      if (!pending.has(jobId)) return;
      pending.delete(jobId);
      p.reject(taskError(jobId, failed?.failedReason ?? 'no reason recorded'));
    }
  };
  events.on('completed', ({ jobId }) => void settle(jobId, 'completed').catch(() => undefined));
  events.on('failed', ({ jobId }) => {
    // 'failed' is also sent for an attempt that will be retried; only a job in the failed set is final.
    void queue
      .getJobState(jobId)
      .then((state) => (state === 'failed' ? settle(jobId, 'failed') : undefined))
      .catch(() => undefined);
  });

  // Results normally arrive as events. The task-by-task check (a few Redis commands per task) runs only
  // when nothing settled during the last interval, or Redis lost the sweep's alive key: a sweep of
  // thousands of waiting tasks would otherwise poll every one of them every interval.
  let settledSinceCheck = true;
  let cursor = 0;
  /** Solve seconds of the tasks collected so far, as the workers measured them. */
  const solveSeconds: number[] = [];
  const check = async () => {
    const lost = !(await keepAlive());
    if (!lost && settledSinceCheck) {
      settledSinceCheck = false;
      return;
    }
    const all = [...pending];
    // After a loss every task is checked; otherwise a rotating batch (events missed while the connection
    // was down are found within a few intervals, without polling thousands of tasks at once).
    const batch = lost ? all : Array.from({ length: Math.min(CHECK_BATCH, all.length) }, (_, i) => all[(cursor + i) % all.length]);
    cursor += batch.length;
    let contextPut = false;
    for (const [jobId, p] of batch) {
      const state = await queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed') await settle(jobId, state);
      else if (state === 'unknown') {
        // Redis lost the task (restarted without its data): put the context back (it may be gone too) and add it again.
        if (++p.readds > MAX_READDS) {
          pending.delete(jobId);
          p.reject(new QueueError(`task ${jobId} (${p.label}) was lost by Redis ${MAX_READDS} times; check that Redis keeps its data (appendonly) and submit the job again`));
          continue;
        }
        if (!contextPut) contextHash = await options.putContext(redis);
        contextPut = true;
        await queue.add('scenario', taskData(p.payload), { ...jobOptions, jobId });
      }
    }
  };
  let checking = false;
  const timer = setInterval(() => {
    if (checking || closed) return;
    checking = true;
    check()
      .catch(() => undefined) // Redis down: ioredis reconnects; the next check tries again.
      .finally(() => (checking = false));
  }, options.checkIntervalMs ?? 2000);

  const submit = async (payloads: readonly ScenarioTaskPayload[], labels: readonly string[]): Promise<Promise<R>[]> => {
    if (closed) throw new QueueError('the sweep runner is closed');
    const entries = payloads.map((payload, i) => ({ payload, label: labels[i], jobId: `${sweepId}-${seq++}` }));
    const results = entries.map(({ payload, label, jobId }) => {
      const p = new Promise<R>((resolve, reject) => pending.set(jobId, { payload, label, resolve, reject, readds: 0 }));
      // Handled here too: when addBulk fails, nobody awaits these, and close() rejects them.
      p.catch(() => undefined);
      return p;
    });
    // One round trip for the whole sweep.
    await queue.addBulk(entries.map(({ payload, jobId }) => ({ name: 'scenario', data: taskData(payload), opts: { ...jobOptions, jobId } })));
    return results;
  };

  return {
    workers,
    submit,
    solveSeconds: () => solveSeconds,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const left = [...pending.keys()];
      for (const p of pending.values()) p.reject(new QueueError('the sweep was closed before its task finished'));
      pending.clear();
      // Tasks still waiting are removed; an active one finishes on its worker and its result expires.
      await Promise.allSettled([redis.del(sweepAliveKey(sweepId)), ...left.map((id) => queue.remove(id))]);
      await Promise.allSettled([events.close(), queue.close()]);
      redis.disconnect();
      eventsConnection.disconnect();
    },
  };
}

/** A task's failedReason back as a typed error: the worker writes "CODE: message" for typed errors. */
function taskError(jobId: string, reason: string): Error {
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(reason);
  if (m) return m[1] === 'QUEUE_ERROR' ? new QueueError(m[2]) : new CorridorError(m[1], m[2]);
  return new QueueError(`task ${jobId} failed on its worker: ${reason}`);
}
