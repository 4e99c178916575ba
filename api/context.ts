import type { Logger } from 'pino';
import type { ApiConfig } from './config.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { NetworkRegistry } from './network-registry.js';
import type { RouteService } from './routes/route-service.js';
import type { Store } from './store.js';

/** What handlers get: configuration, the store, the network registry, the route service, the job queue, the logger. */
export interface ApiContext {
  config: ApiConfig;
  store: Store;
  registry: NetworkRegistry;
  jobs: JobQueue;
  routes: RouteService;
  logger: Logger;
}
