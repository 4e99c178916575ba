import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from '../src/errors.js';

/** Everything the service can be configured with. Each field has an environment variable (see configFromEnv). */
export interface ApiConfig {
  /** SQLite file (`DATABASE`); ':memory:' for tests. Default ./data/corridor.db. */
  databasePath: string;
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
}

/** Defaults, before the environment. */
export function defaultConfig(): ApiConfig {
  return {
    databasePath: './data/corridor.db',
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
  };
}

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
  if (env.LOG_LEVEL?.trim()) {
    const level = env.LOG_LEVEL.trim();
    if (!LEVELS.includes(level)) throw new InvalidArgumentError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}"`);
    c.logLevel = level;
  }
  return c;
}
