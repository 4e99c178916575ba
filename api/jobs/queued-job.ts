import type { JobKind } from '../schemas.js';
import type { SerializedCorridorError } from './run-job.js';

/** Data of an API job on the BullMQ job queue: the kind, and the network and prepared input by content hash. */
export interface QueuedJobData {
  kind: JobKind;
  networkHash: string;
  inputHash: string;
}

/**
 * What a queued job returns. A result goes to a Redis blob (results can be many MB; the queue's event
 * stream would copy them); a typed input error comes back as data, as from the in-process pool.
 */
export type QueuedJobResult = { ok: true; resultKey: string; durationMs: number } | { ok: false; error: SerializedCorridorError };

/** failedReason of a job the API cancelled or stopped at its time limit (the worker aborts it). */
export const CANCELLED_REASON = 'CANCELLED';
/** failedReason prefix of a job that ran out of its worker's heap. */
export const OUT_OF_MEMORY_REASON = 'OUT_OF_MEMORY';

/** Key marking a job as cancelled: a worker that picks it up later (after a retry) fails it at once. */
export const cancelledKey = (jobId: string) => `corridor:cancelled:${jobId}`;
