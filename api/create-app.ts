import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { defaultConfig, type ApiConfig } from './config.js';
import type { ApiContext } from './context.js';
import { guardInput } from './guard-input.js';
import { lazyRedisJobExecutor } from './jobs/lazy-job-executor.js';
import { JobQueue } from './jobs/job-queue.js';
import { NetworkRegistry } from './network-registry.js';
import { buildOpenApi } from './openapi.js';
import { allowedMethods, mountOperations, type AnyOperation } from './operation.js';
import { errorMiddleware, HttpProblem, notFoundHandler } from './problem.js';
import { candidateOperations } from './routers/candidates-router.js';
import { jobOperations } from './routers/jobs-router.js';
import { metaOperations } from './routers/meta-router.js';
import { networkOperations } from './routers/networks-router.js';
import { RouteService } from './routes/route-service.js';
import { openConfiguredStore } from './open-store.js';
import { QUEUE_JOB_OWNER } from './store.js';
import { corridorOperations } from './routers/corridors-router.js';
import { mapRouter } from './map-router.js';

/** What createApp needs: any configuration field (the rest take defaultConfig()), and optionally a logger. */
export interface AppDeps extends Partial<ApiConfig> {
  logger?: Logger;
  /** Start the job worker threads now rather than on the first job (api/server.ts does). */
  prewarmJobWorkers?: boolean;
}

/**
 * The Express app with its context, `ready` (resolves once the store is open and migrated and the jobs
 * of dead instances are marked interrupted; rejects with StoreOpenError) and a close() that stops the
 * job pool and closes the store. `instanceId` is this process's id in the store's job ownership.
 */
export type CorridorApp = Express & { context: ApiContext; ready: Promise<void>; instanceId: string; close(): Promise<void> };

/** Each API process writes its heartbeat this often (instances table). */
export const HEARTBEAT_MS = 10_000;
/** A shared database: an instance whose heartbeat is older than this is dead, and its jobs are failed. */
export const INSTANCE_STALE_MS = 3 * HEARTBEAT_MS;
/** How often a process on a shared database looks for jobs of dead instances. */
export const ORPHAN_SWEEP_MS = 30_000;
const INTERRUPTED_DETAIL = 'the server stopped while the job was queued or running; submit it again';

/** Writes need the bearer token when one is configured; compared in constant time. */
function requireToken(token: string | null): RequestHandler {
  const expected = token === null ? null : createHash('sha256').update(token).digest();
  return (req, _res, next) => {
    if (expected === null) return next();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = m ? createHash('sha256').update(m[1].trim()).digest() : null;
    if (!given || !timingSafeEqual(given, expected)) {
      throw new HttpProblem('unauthorized', m ? 'the bearer token is not valid' : 'writes need Authorization: Bearer <token>', {}, { 'WWW-Authenticate': 'Bearer realm="corridor"' });
    }
    next();
  };
}

/** One log line per request, at info (debug for /health, which load balancers poll). */
function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const t0 = performance.now();
    res.on('finish', () => {
      const line = { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round((performance.now() - t0) * 10) / 10 };
      if (req.path === '/health') logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/**
 * Build the HTTP API (no listen): opens and migrates the store, starts the job pool, mounts the
 * routers, the map page (web/), the input guard, helmet and the one error middleware. Tests call it with
 * `{ databasePath: ':memory:' }` and supertest; api/server.ts listens on it.
 * @example const app = createApp({ databasePath: ':memory:' }); await request(app).get('/health');
 */
export function createApp(deps: AppDeps = {}): CorridorApp {
  const { logger: givenLogger, prewarmJobWorkers, ...overrides } = deps;
  const config: ApiConfig = { ...defaultConfig(), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const logger = givenLogger ?? pino({ level: config.logLevel });
  // SQLite opens (or throws StoreOpenError) here; PostgreSQL connects in the background (see `ready`).
  const store = openConfiguredStore(config);
  const instanceId = `api-${randomUUID()}`;
  const registry = new NetworkRegistry(store, config);
  const retention = { resultMaxAgeMs: config.resultRetentionMs, resultsMaxBytes: config.resultsMaxBytes, jobMaxAgeMs: config.jobRetentionMs };
  let jobs: JobQueue | null = null;
  const prune = async (keep: string | null = null) => {
    const pruned = await store.prune(retention, Date.now(), keep);
    if (pruned.results || pruned.jobs) {
      jobs?.forgetResults();
      logger.info(pruned, 'pruned results and jobs (retention)');
    }
  };
  /**
   * Jobs queued or running in a dead process cannot resume (their worker threads died with it); jobs on
   * the Redis queue (owner QUEUE_JOB_OWNER) are never touched, they are followed again below. With the
   * SQLite instance lock this process is the only one, so every job not its own (nor the queue's) is dead.
   * On a shared database another live process may be running its jobs: only owners without a fresh
   * heartbeat are dead.
   */
  const failInterrupted = async () => {
    const n = await store.failInterruptedJobs(INTERRUPTED_DETAIL, store.exclusive ? { selfInstanceId: instanceId } : { selfInstanceId: instanceId, staleAfterMs: INSTANCE_STALE_MS });
    if (n) logger.warn({ jobs: n }, 'marked jobs of a previous run as failed (interrupted)');
  };
  const logged = (what: string) => (err: unknown) => logger.error({ err }, what);
  const ready = (async () => {
    await store.ready();
    await store.heartbeat(instanceId);
    await failInterrupted();
    await prune();
  })();
  // server.ts awaits it; tests that never do must not see an unhandled rejection.
  ready.catch(() => {});
  // Age-based retention also runs while the server is idle; unref'd, so it never keeps the process alive.
  const pruneTimer = setInterval(() => void ready.then(() => prune()).catch(logged('retention failed')), 10 * 60_000).unref();
  const heartbeatTimer = setInterval(() => void ready.then(() => store.heartbeat(instanceId)).catch(logged('heartbeat failed')), HEARTBEAT_MS).unref();
  const sweepTimer = store.exclusive ? null : setInterval(() => void ready.then(failInterrupted).catch(logged('interrupted-job sweep failed')), ORPHAN_SWEEP_MS).unref();
  jobs = new JobQueue(
    store,
    {
      threads: config.jobThreads,
      maxActiveJobs: config.maxActiveJobs,
      timeLimitMs: config.jobTimeLimitMs,
      prewarm: prewarmJobWorkers,
      workerHeapMb: config.workerHeapMb,
      maxJobsPerKind: config.maxJobsPerKind,
      maxWaiters: config.maxJobWaiters,
      owner: instanceId,
      onResultStored: async (hash) => {
        if ((await store.resultBytes()) > config.resultsMaxBytes) await prune(hash);
      },
      ...(config.redisUrl ? { executor: lazyRedisJobExecutor({ redisUrl: config.redisUrl }) } : {}),
    },
    logger,
  );
  let adoptTimer: NodeJS.Timeout | null = null;
  if (config.redisUrl) {
    // Queue jobs outlive the API process that submitted them: follow them again (after the jobs of dead
    // in-process owners were failed above, so only the queue's own are followed). Not part of `ready`:
    // an unreachable Redis must not keep the server from answering.
    // Again every 30 s: the jobs of another API process that died (on a shared database) are adopted too.
    const queue = jobs;
    let checking = false;
    const follow = async () => {
      if (checking) return;
      checking = true;
      try {
        const r = await queue.resumeUnfinished((await store.unfinishedJobs()).filter((j) => j.owner === QUEUE_JOB_OWNER), INTERRUPTED_DETAIL);
        if (r.followed || r.failed) logger.info(r, 'queue jobs not followed by this process: followed now, or failed (unknown to the queue)');
      } finally {
        checking = false;
      }
    };
    void ready.then(follow).catch((err: unknown) => logger.error({ err }, 'could not follow the jobs of a previous run (is Redis reachable?)'));
    adoptTimer = setInterval(() => void follow().catch((err: unknown) => logger.warn({ err }, 'could not check the queue for unfollowed jobs')), config.queueAdoptIntervalMs).unref();
  }
  const routes = new RouteService(
    {
      routeWorkerMinLinks: config.routeWorkerMinLinks,
      routeThreads: config.routeThreads,
      maxRouteQueue: config.maxRouteQueue,
      routeCacheBytes: config.routeCacheBytes,
      workerHeapMb: config.workerHeapMb,
      // Each route worker keeps its own parsed networks; a quarter of the main budget each.
      workerNetworkCacheBytes: Math.max(64 * 1024 * 1024, Math.floor(config.networkCacheBytes / 4)),
    },
    async (id) => store.getNetwork(id),
  );
  const context: ApiContext = { config, store, registry, jobs, routes, logger };

  let openApiDoc: Record<string, unknown> | null = null;
  const operations: AnyOperation[] = [
    ...metaOperations(context, () => (openApiDoc ??= buildOpenApi(operations, { title: 'corridor', version: '0.1.0', description: 'Multimodal freight corridor planner: networks, routes, candidate links, LP optimization jobs.' }))),
    ...networkOperations(context),
    ...corridorOperations(context),
    ...candidateOperations(context),
    ...jobOperations(context),
  ];

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          // The map page's renderer runs in blob: workers.
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  const router = express.Router();
  mountOperations(router, operations, {
    writeGuard: requireToken(config.apiToken),
    bodyParser: express.json({ limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'] }),
    inputGuard: guardInput(),
  });
  app.use(router);
  // The planners' map page (GET / and /map-assets/*); it talks to the API above only.
  app.use(mapRouter());
  app.use(notFoundHandler(allowedMethods(operations)));
  app.use(errorMiddleware(logger));

  let closing: Promise<void> | null = null;
  return Object.assign(app, {
    context,
    ready,
    instanceId,
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruneTimer);
        clearInterval(heartbeatTimer);
        if (sweepTimer) clearInterval(sweepTimer);
        if (adoptTimer) clearInterval(adoptTimer);
        await Promise.all([jobs.close(), routes.close()]);
        // A clean stop has failed its own jobs (jobs.close); its heartbeat row is no longer needed.
        await ready.then(() => store.forgetInstance(instanceId)).catch(() => {});
        await store.close();
      })()),
  });
}
