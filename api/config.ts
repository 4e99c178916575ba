import { availableParallelism } from 'node:os';
import { InvalidArgumentError, checkRedisUrl } from '../src/shared/index.js';

/** Everything the service can be configured with. Each field has an environment variable (see configFromEnv). */
export interface ApiConfig {
  /** SQLite file (`DATABASE`); ':memory:' for tests. Default ./data/corridor.db. */
  databasePath: string;
  /**
   * PostgreSQL server (`DATABASE_URL`, postgres:// or postgresql://): when set, the store lives there
   * (api/pg-store.ts) and several API processes may share it; DATABASE is then not used. null = SQLite.
   */
  databaseUrl: string | null;
  /** Bearer token required for writes (`API_TOKEN`); null = writes are open. */
  apiToken: string | null;
  /** Largest JSON body, bytes (`BODY_LIMIT_BYTES`). Default 5 MB. */
  bodyLimitBytes: number;
  /** Largest uploaded network, nodes and links (`MAX_NETWORK_NODES`, `MAX_NETWORK_LINKS`). */
  maxNetworkNodes: number;
  maxNetworkLinks: number;
  /** Most uploaded networks kept (`MAX_UPLOADED_NETWORKS`). */
  maxUploadedNetworks: number;
  /** Most candidate submissions per network (`MAX_CANDIDATES_PER_NETWORK`). */
  maxCandidatesPerNetwork: number;
  /** Most jobs queued or running at once; one more gets 429 (`MAX_JOBS`). */
  maxActiveJobs: number;
  /** Worker threads that run jobs (`JOB_THREADS`). Default: cores − 1, at least 1. */
  jobThreads: number;
  /** A running job is stopped after this long, ms (`JOB_TIME_LIMIT_SECONDS`). */
  jobTimeLimitMs: number;
  /** Longest `?wait=true` waits before answering 202 anyway, ms (`JOB_WAIT_CAP_SECONDS`). */
  waitCapMs: number;
  /** pino level (`LOG_LEVEL`): 'info' by default, 'silent' under vitest. */
  logLevel: string;

  // ---- connections (api/http-server.ts) ----
  /**
   * Interface to listen on (`HOST`). null = the safe default: 127.0.0.1 when no API_TOKEN is set (anonymous
   * writes are then reachable from this machine only, and a warning is logged), all interfaces with a token.
   */
  host: string | null;
  /** Time to receive a request's headers, ms (`HEADERS_TIMEOUT_SECONDS`, default 10 s; Node's default is 60 s). */
  headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body), ms (`REQUEST_TIMEOUT_SECONDS`, default 30 s; Node's is 300 s). A lying Content-Length holds a socket this long at most. */
  requestTimeoutMs: number;

  // ---- memory and disk bounds ----
  /** Memory budget of the parsed-network LRU, bytes (`NETWORK_CACHE_MB`, default 512 MB). Least recently used networks are dropped (and rebuilt from the store on their next use). */
  networkCacheBytes: number;
  /** Old-generation heap of each worker thread (job and route workers), MB (`WORKER_HEAP_MB`, default 1024). A job that needs more fails with OUT_OF_MEMORY instead of growing the process. */
  workerHeapMb: number;
  /** Results older than this are deleted, with their jobs, ms (`RESULT_RETENTION_DAYS`, default 30 days). */
  resultRetentionMs: number;
  /** Total size of stored results, bytes (`RESULTS_MAX_MB`, default 1024 MB); the oldest go first, with their jobs. */
  resultsMaxBytes: number;
  /** Finished jobs (e.g. answered from the cache, failed) are deleted after this long, ms (`JOB_RETENTION_DAYS`, default 30 days). */
  jobRetentionMs: number;
  /** Largest single candidate submission, bytes of JSON (`MAX_CANDIDATE_BYTES`, default 256 KB). */
  maxCandidateBytes: number;
  /** Total JSON of the candidates of one network, bytes (`MAX_CANDIDATE_BYTES_PER_NETWORK`, default 64 MB). */
  maxCandidateBytesPerNetwork: number;

  // ---- CPU off the main thread, and concurrency per kind ----
  /** Networks with at least this many links route on the route worker pool, not on the main thread (`ROUTE_WORKER_MIN_LINKS`, default 2,000; the built-in networks have a few hundred). 0 = always on workers. */
  routeWorkerMinLinks: number;
  /** Route worker threads (`ROUTE_THREADS`, default 1). */
  routeThreads: number;
  /** Route searches queued or running on the workers at once; one more is a 429 (`MAX_ROUTE_QUEUE`, default 32). */
  maxRouteQueue: number;
  /** Memory budget of the route answer cache (JSON text per network content + query), bytes (`ROUTE_CACHE_MB`, default 32 MB; 0 = off). */
  routeCacheBytes: number;
  /** Jobs of one kind queued or running at once (`MAX_JOBS_PER_KIND`, default 8); MAX_JOBS bounds them all. */
  maxJobsPerKind: number;
  /** Requests waiting on a job (`?wait=true`) at once; one more is a 429 (`MAX_JOB_WAITERS`, default 64). */
  maxJobWaiters: number;

  // ---- scale-out (issue 16) ----
  /**
   * Redis for the job queue (`REDIS_URL`, e.g. redis://127.0.0.1:6379); null = jobs on this process's
   * threads (the embedded default). With it, jobs and their sweeps run on `corridor worker` processes.
   */
  redisUrl: string | null;
  /**
   * With Redis: how often each API process looks for queue jobs nobody follows (their API process died on a
   * shared database) and follows them, ms (`QUEUE_ADOPT_SECONDS`, default 30).
   */
  queueAdoptIntervalMs: number;
}

/** Defaults, before the environment. */
export function defaultConfig(): ApiConfig {
  return {
    databasePath: './data/corridor.db',
    databaseUrl: null,
    apiToken: null,
    bodyLimitBytes: 5 * 1024 * 1024,
    maxNetworkNodes: 20_000,
    maxNetworkLinks: 50_000,
    maxUploadedNetworks: 200,
    maxCandidatesPerNetwork: 10_000,
    maxActiveJobs: 16,
    jobThreads: Math.max(1, availableParallelism() - 1),
    jobTimeLimitMs: 300_000,
    waitCapMs: 20_000,
    logLevel: process.env.VITEST ? 'silent' : 'info',
    host: null,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    networkCacheBytes: 512 * MB,
    workerHeapMb: 1024,
    resultRetentionMs: 30 * DAY_MS,
    resultsMaxBytes: 1024 * MB,
    jobRetentionMs: 30 * DAY_MS,
    maxCandidateBytes: 256 * 1024,
    maxCandidateBytesPerNetwork: 64 * MB,
    routeWorkerMinLinks: 2_000,
    routeThreads: 1,
    maxRouteQueue: 32,
    routeCacheBytes: 32 * MB,
    maxJobsPerKind: 8,
    maxJobWaiters: 64,
    redisUrl: null,
    queueAdoptIntervalMs: 30_000,
  };
}

const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Read the configuration from environment variables; a malformed value stops the start-up with a
 * message naming the variable (never a silent default).
 * @example configFromEnv({ DATABASE: '/var/lib/corridor/db.sqlite', API_TOKEN: 's3cret' })
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const c = defaultConfig();
  /** The variable's number in [min, max] (in the variable's unit) × scale, or `fallback` (already scaled) when unset. */
  const int = (name: string, min: number, max: number, fallback: number, scale = 1): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
    return Math.round(n * scale);
  };
  if (env.DATABASE?.trim()) c.databasePath = env.DATABASE.trim();
  if (env.DATABASE_URL?.trim()) {
    const url = env.DATABASE_URL.trim();
    let ok = /^postgres(ql)?:\/\//i.test(url);
    try {
      new URL(url);
    } catch {
      ok = false;
    }
    // Only the scheme and host are shown: the rest may hold a password.
    if (!ok) throw new InvalidArgumentError(`DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database or postgresql://…), got "${url.split('@').pop()?.slice(0, 60)}"; unset it to use the SQLite file DATABASE`);
    c.databaseUrl = url;
  }
  if (env.API_TOKEN?.length) c.apiToken = env.API_TOKEN;
  c.bodyLimitBytes = int('BODY_LIMIT_BYTES', 1024, 1024 ** 3, c.bodyLimitBytes);
  c.maxNetworkNodes = int('MAX_NETWORK_NODES', 2, 1e7, c.maxNetworkNodes);
  c.maxNetworkLinks = int('MAX_NETWORK_LINKS', 1, 1e7, c.maxNetworkLinks);
  c.maxUploadedNetworks = int('MAX_UPLOADED_NETWORKS', 0, 1e6, c.maxUploadedNetworks);
  c.maxCandidatesPerNetwork = int('MAX_CANDIDATES_PER_NETWORK', 0, 1e7, c.maxCandidatesPerNetwork);
  c.maxActiveJobs = int('MAX_JOBS', 1, 1e5, c.maxActiveJobs);
  c.jobThreads = int('JOB_THREADS', 1, 256, c.jobThreads);
  c.jobTimeLimitMs = int('JOB_TIME_LIMIT_SECONDS', 0.001, 86_400, c.jobTimeLimitMs, 1000);
  c.waitCapMs = int('JOB_WAIT_CAP_SECONDS', 0, 600, c.waitCapMs, 1000);
  if (env.HOST?.trim()) c.host = env.HOST.trim();
  c.headersTimeoutMs = int('HEADERS_TIMEOUT_SECONDS', 0.1, 3_600, c.headersTimeoutMs, 1000);
  c.requestTimeoutMs = int('REQUEST_TIMEOUT_SECONDS', 0.1, 3_600, c.requestTimeoutMs, 1000);
  c.networkCacheBytes = int('NETWORK_CACHE_MB', 1, 1e6, c.networkCacheBytes, MB);
  c.workerHeapMb = int('WORKER_HEAP_MB', 64, 1e6, c.workerHeapMb);
  c.resultRetentionMs = int('RESULT_RETENTION_DAYS', 0.0001, 36_500, c.resultRetentionMs, DAY_MS);
  c.resultsMaxBytes = int('RESULTS_MAX_MB', 1, 1e7, c.resultsMaxBytes, MB);
  c.jobRetentionMs = int('JOB_RETENTION_DAYS', 0.0001, 36_500, c.jobRetentionMs, DAY_MS);
  c.maxCandidateBytes = int('MAX_CANDIDATE_BYTES', 1024, 1024 ** 3, c.maxCandidateBytes);
  c.maxCandidateBytesPerNetwork = int('MAX_CANDIDATE_BYTES_PER_NETWORK', 1024, 1024 ** 4, c.maxCandidateBytesPerNetwork);
  c.routeWorkerMinLinks = int('ROUTE_WORKER_MIN_LINKS', 0, 1e9, c.routeWorkerMinLinks);
  c.routeThreads = int('ROUTE_THREADS', 1, 256, c.routeThreads);
  c.maxRouteQueue = int('MAX_ROUTE_QUEUE', 1, 1e6, c.maxRouteQueue);
  c.routeCacheBytes = int('ROUTE_CACHE_MB', 0, 1e5, c.routeCacheBytes, MB);
  c.maxJobsPerKind = int('MAX_JOBS_PER_KIND', 1, 1e5, c.maxJobsPerKind);
  c.maxJobWaiters = int('MAX_JOB_WAITERS', 1, 1e6, c.maxJobWaiters);
  c.queueAdoptIntervalMs = int('QUEUE_ADOPT_SECONDS', 0.1, 86_400, c.queueAdoptIntervalMs, 1000);
  if (env.REDIS_URL?.trim()) c.redisUrl = checkRedisUrl(env.REDIS_URL.trim(), 'REDIS_URL');
  if (env.LOG_LEVEL?.trim()) {
    const level = env.LOG_LEVEL.trim();
    if (!LEVELS.includes(level)) throw new InvalidArgumentError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}"`);
    c.logLevel = level;
  }
  return c;
}
