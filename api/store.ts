import { StoreOpenError } from './store-open-error.js';

export { StoreOpenError };

/** A network uploaded through the API, as stored (the GeoJSON text exactly as validated). */
export interface StoredNetwork {
  id: string;
  name: string;
  description: string | null;
  geojson: string;
  contentHash: string;
  nodeCount: number;
  linkCount: number;
  /** Links of the upload with status "candidate". */
  candidateLinkCount: number;
  createdAt: string;
}

/** A planner's candidate submission (a candidate link Feature or an upgrade), as stored. */
export interface StoredCandidate {
  /** The candidate id (link properties.id or upgrade id), unique within its network. */
  id: string;
  networkId: string;
  kind: 'link' | 'upgrade';
  /** The validated submission without author and notes, as JSON text. */
  submission: string;
  author: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * Owner of jobs that live in a shared queue (Redis) rather than in one API process: no API instance's
 * death interrupts them, so failInterruptedJobs never touches them.
 */
export const QUEUE_JOB_OWNER = 'queue';

/** A job row. `error` is a problem object as JSON text; the result lives in `results` under inputHash. */
export interface StoredJob {
  id: string;
  kind: string;
  networkId: string;
  inputHash: string;
  request: string;
  status: JobStatus;
  progress: number;
  cached: boolean;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /**
   * Who runs it (internal, never sent by the API): the instance id of the API process running it in-process,
   * QUEUE_JOB_OWNER for a queued job on shared workers, null for rows written before owners existed.
   */
  owner?: string | null;
}

/** A result stored by finishJob, under the job's input hash. */
export interface ResultInput {
  inputHash: string;
  kind: string;
  json: string;
  durationMs: number;
}

/** The retention limits prune applies. */
export interface RetentionLimits {
  resultMaxAgeMs: number;
  resultsMaxBytes: number;
  jobMaxAgeMs: number;
}

/** Which queued/running jobs failInterruptedJobs may fail. */
export interface InterruptRule {
  /** This process's instance id: its own jobs are alive. */
  selfInstanceId?: string;
  /**
   * Shared database: only jobs whose owner has not heartbeated for this long (or has no row, or no owner)
   * are failed. Absent: every job not owned by `selfInstanceId` or the queue is failed (one process per
   * database, guaranteed by the SQLite instance lock).
   */
  staleAfterMs?: number;
}

/**
 * The service's store: uploaded networks, candidate submissions, jobs and the result cache. Two
 * implementations: SqliteStore (embedded, one process per file, the default) and PgStore (PostgreSQL,
 * several API processes on one database). Every method is asynchronous; a write that resolved is durable
 * (SQLite fsynced with synchronous=FULL; PostgreSQL committed with its default synchronous_commit=on).
 * Multi-statement writes (deleteNetwork, finishJob, prune) are one transaction each.
 */
export interface Store {
  /** Which backend, and where (a file path, or the URL without its password), for logs. */
  readonly backend: 'sqlite' | 'postgres';
  readonly location: string;
  /** Whether this process is the only one on the database (SQLite's instance lock). */
  readonly exclusive: boolean;

  /** Resolves once the store is open and migrated; rejects with StoreOpenError when it cannot be (PgStore opens in the background). */
  ready(): Promise<void>;
  /** A round trip to the database (GET /health). */
  ping(): Promise<void>;
  /** Versions recorded in schema_migrations, ascending. */
  appliedVersions(): Promise<number[]>;

  // ---- networks ----
  insertNetwork(n: StoredNetwork): Promise<void>;
  getNetwork(id: string): Promise<StoredNetwork | undefined>;
  /** The content hash of an uploaded network (primary-key lookup, no GeoJSON read); undefined when gone. */
  networkContentHash(id: string): Promise<string | undefined>;
  /** Uploaded networks without their GeoJSON (for listings). */
  listNetworks(): Promise<Omit<StoredNetwork, 'geojson'>[]>;
  networkIds(): Promise<string[]>;
  /** Delete an uploaded network and its candidate submissions in one transaction. */
  deleteNetwork(id: string): Promise<boolean>;

  // ---- candidates ----
  insertCandidate(c: StoredCandidate): Promise<void>;
  /** Ids of a network's candidates (no submission text read). */
  candidateIds(networkId: string): Promise<string[]>;
  /** The candidate (other than `exceptId`) that upgrades `targetId` in a network, if any (oldest first). */
  upgradeOf(networkId: string, targetId: string, exceptId: string | null): Promise<string | undefined>;
  /** Total bytes of a network's candidate submissions (from the covering index). */
  candidateBytes(networkId: string): Promise<number>;
  getCandidate(networkId: string, id: string): Promise<StoredCandidate | undefined>;
  listCandidates(networkId: string): Promise<StoredCandidate[]>;
  countCandidates(networkId: string): Promise<number>;
  updateCandidate(c: StoredCandidate): Promise<void>;
  deleteCandidate(networkId: string, id: string): Promise<boolean>;

  // ---- jobs and results ----
  insertJob(j: StoredJob): Promise<void>;
  getJob(id: string): Promise<StoredJob | undefined>;
  markJobRunning(id: string, startedAt: string): Promise<void>;
  /**
   * Finish a job that is still queued or running (a finished one is left as it is: two followers of one
   * queued job may both report its end, and a cancel must not be overwritten by a later report); with a
   * result, store it under the job's input hash in the same transaction.
   */
  finishJob(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, finishedAt: string, error: string | null, result?: ResultInput): Promise<void>;
  setJobProgress(id: string, progress: number): Promise<void>;
  /** Jobs queued or running, oldest first (a restarted API with a durable queue follows them again). */
  unfinishedJobs(): Promise<StoredJob[]>;
  getResult(inputHash: string): Promise<{ json: string; durationMs: number } | undefined>;
  /** Whether a result is stored (without reading it). */
  hasResult(inputHash: string): Promise<boolean>;
  /** A stored result as its UTF-8 bytes (sent as they are, never re-serialised). */
  getResultBytes(inputHash: string): Promise<Buffer | undefined>;
  /** Bytes of all stored results (from the covering index). */
  resultBytes(): Promise<number>;
  /**
   * Retention: delete results older than `resultMaxAgeMs`, then the oldest results until the rest fit in
   * `resultsMaxBytes` (never `keepInputHash`, the one just stored), with the jobs that point at them; and
   * finished jobs older than `jobMaxAgeMs`. A deleted job answers 404. Returns what was deleted.
   */
  prune(limits: RetentionLimits, now?: number, keepInputHash?: string | null): Promise<{ results: number; jobs: number; bytes: number }>;

  // ---- instances (job ownership) ----
  /** Record that the API instance `instanceId` is alive now (its heartbeat). */
  heartbeat(instanceId: string): Promise<void>;
  /** Remove an instance's heartbeat (clean shutdown). */
  forgetInstance(instanceId: string): Promise<void>;
  /**
   * Jobs left queued or running by a dead process cannot resume (their worker died with it): mark them
   * failed (INTERRUPTED, with `detail`) so clients polling them get an answer. Queue-owned jobs are never
   * touched; see InterruptRule for which owners count as dead. Returns how many were marked.
   */
  failInterruptedJobs(detail: string, rule?: InterruptRule): Promise<number>;

  close(): Promise<void>;
}

/** The problem stored on an interrupted job. */
export const interruptedError = (detail: string): string => JSON.stringify({ code: 'INTERRUPTED', title: 'Job interrupted', detail });
