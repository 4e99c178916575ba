/** BullMQ queue of whole API jobs (one job = one POST /jobs/* request). */
export const JOB_QUEUE = 'corridor-jobs';
/** BullMQ queue of sweep tasks: one scenario (an N-1 closure, a candidate) of a criticality or evaluation run. */
export const SCENARIO_QUEUE = 'corridor-scenarios';
/** Redis pub/sub channel on which the API asks workers to cancel an active job (message: the job id). */
export const CANCEL_CHANNEL = 'corridor:cancel';
/** Key prefix of content-addressed blobs (networks, demand, sweep contexts, results). */
export const BLOB_PREFIX = 'corridor:blob:';
