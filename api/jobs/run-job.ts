import type { MessagePort } from 'node:worker_threads';
import { CorridorError, NotFoundError, ValidationError, InconsistentNetworkError } from '../../src/shared/index.js';
import type { Network } from '../../src/network/index.js';
import type { JobKind } from '../schemas.js';
import type { JobInputs } from './job-kinds.js';
import { runJobKind } from './job-runners.js';

/** What the pool sends a worker: the job kind, the network (plain data) and the validated input. */
export interface JobTask<K extends JobKind = JobKind> {
  kind: K;
  network: Network;
  input: JobInputs[K];
  /** Progress channel back to the queue. */
  port: MessagePort;
  /**
   * Set on `corridor worker`: the job's sweep (criticality scenarios, candidate evaluations) goes to the
   * Redis queue as tasks, instead of running in this thread.
   */
  redisUrl?: string;
  /** With redisUrl: the key the API sets when this job is cancelled. */
  cancelKey?: string;
}

/** Messages a worker posts while it runs. */
export type WorkerMessage = { type: 'started' } | { type: 'progress'; value: number };

/** A typed error thrown by src/ code, flattened to cross the thread boundary (classes do not survive it). */
export interface SerializedCorridorError {
  code: string;
  name: string;
  message: string;
  problems?: unknown[];
  suggestions?: string[];
}

/** What a worker returns: the result as JSON text, or the typed error the domain code threw. */
export type JobWorkerOutcome = { ok: true; json: string } | { ok: false; error: SerializedCorridorError };

/** Results may hold Maps, Sets or typed arrays; JSON gets plain objects and arrays. */
function jsonReplacer(_key: string, v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries(v);
  if (v instanceof Set) return [...v];
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

/**
 * The worker entry (piscina default export): run one job kind and return its result as JSON text, so the
 * main thread stores it without walking it. Typed input errors come back as data; bugs throw (the queue
 * logs them as a failed job).
 */
export default async function runJob(task: JobTask): Promise<JobWorkerOutcome> {
  const { port } = task;
  port.postMessage({ type: 'started' } satisfies WorkerMessage);
  let last = -1;
  const onProgress = (fraction: number) => {
    // Throttle to 1 % steps: progress is for a progress bar, not a log.
    if (!Number.isFinite(fraction) || fraction - last < 0.01) return;
    last = fraction;
    port.postMessage({ type: 'progress', value: fraction } satisfies WorkerMessage);
  };
  try {
    const result = await runJobKind(task.kind, task.network, task.input, onProgress, { redisUrl: task.redisUrl, cancelKey: task.cancelKey });
    return { ok: true, json: JSON.stringify(result, jsonReplacer) };
  } catch (e) {
    if (e instanceof CorridorError) {
      const error: SerializedCorridorError = { code: e.code, name: e.name, message: e.message };
      if (e instanceof ValidationError || e instanceof InconsistentNetworkError) error.problems = e.problems;
      if (e instanceof NotFoundError) error.suggestions = e.suggestions;
      return { ok: false, error };
    }
    throw e;
  } finally {
    port.close();
  }
}
