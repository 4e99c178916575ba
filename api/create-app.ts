import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { defaultConfig, type ApiConfig } from './config.js';
import type { ApiContext } from './context.js';
import { guardInput } from './guard-input.js';
import { RedisJobExecutor } from './jobs/redis-job-executor.js';
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
import { openStore } from './store.js';
import { corridorOperations } from './routers/corridors-router.js';
import { mapRouter } from '../web/map-router.js';

/** What createApp needs: any configuration field (the rest take defaultConfig()), and optionally a logger. */
export interface AppDeps extends Partial<ApiConfig> {
  logger?: Logger;
  /** Start the job worker threads now rather than on the first job (api/server.ts does). */
  prewarmJobWorkers?: boolean;
}

/** The Express app with its context and a close() that stops the job pool and closes the store. */
export type CorridorApp = Express & { context: ApiContext; close(): Promise<void> };

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
  const store = openStore(config.databasePath);
  const interruptedDetail = 'the server stopped while the job was queued or running; submit it again';
  // With Redis, jobs run on queue workers and outlive this process: they are followed again below.
  // Without, they died with the previous process. Safe: the store holds the single-instance lock, so no
  // other live server owns these jobs.
  if (!config.redisUrl) {
    const interrupted = store.failInterruptedJobs(interruptedDetail);
    if (interrupted) logger.warn({ jobs: interrupted }, 'marked jobs of a previous run as failed (interrupted)');
  }
  const registry = new NetworkRegistry(store, config);
  const retention = { resultMaxAgeMs: config.resultRetentionMs, resultsMaxBytes: config.resultsMaxBytes, jobMaxAgeMs: config.jobRetentionMs };
  let jobs: JobQueue | null = null;
  const prune = (keep: string | null = null) => {
    const pruned = store.prune(retention, Date.now(), keep);
    if (pruned.results || pruned.jobs) {
      jobs?.forgetResults();
      logger.info(pruned, 'pruned results and jobs (retention)');
    }
  };
  prune();
  // Age-based retention also runs while the server is idle; unref'd, so it never keeps the process alive.
  const pruneTimer = setInterval(() => prune(), 10 * 60_000).unref();
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
      onResultStored: (hash) => {
        if (store.resultBytes() > config.resultsMaxBytes) prune(hash);
      },
      ...(config.redisUrl ? { executor: new RedisJobExecutor({ redisUrl: config.redisUrl }) } : {}),
    },
    logger,
  );
  if (config.redisUrl) {
    const queue = jobs;
    queue
      .resumeUnfinished(store.unfinishedJobs(), interruptedDetail)
      .then((r) => {
        if (r.followed || r.failed) logger.info(r, 'jobs of a previous run: followed again on the queue, or failed (unknown to it)');
      })
      .catch((err: unknown) => logger.error({ err }, 'could not follow the jobs of a previous run (is Redis reachable?)'));
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
    (id) => store.getNetwork(id),
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
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruneTimer);
        await Promise.all([jobs.close(), routes.close()]);
        store.close();
      })()),
  });
}
