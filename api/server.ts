/**
 * Entry point of the HTTP API: `tsx api/server.ts` (or `node dist/api/server.js` after `npm run build`).
 * Listens on PORT (default 3000; 0 = any free port) and HOST (default: 127.0.0.1 without API_TOKEN, with a
 * warning; all interfaces with a token). Logs one JSON line `{"msg":"listening","port":…}` when ready. A
 * database that cannot be used (corrupt, truncated, read-only, locked, in use by another server; with
 * DATABASE_URL: PostgreSQL unreachable, refusing the login, or no such database) stops the start with one
 * line naming the file or URL (without its password), on stderr, and exit code 1. SIGTERM/SIGINT: stop accepting connections, stop the jobs
 * (marked failed: interrupted), let in-flight requests finish (10 s at most), close the pool and the DB.
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { configFromEnv } from './config.js';
import { createApp, type CorridorApp } from './create-app.js';
import { chooseBind, createHttpServer } from './http-server.js';
import { StoreOpenError } from './store-open-error.js';

const SHUTDOWN_GRACE_MS = 10_000;

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`PORT must be an integer in [0, 65535], got "${raw}"`);
  return n;
}

/** A start-up failure the operator can fix: one line on stderr (no stack), exit code 1. */
function fail(message: string): never {
  process.stderr.write(`corridor: ${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof configFromEnv>;
let port: number;
try {
  config = configFromEnv();
  port = portFromEnv(process.env.PORT);
} catch (e) {
  fail((e as Error).message);
}
const logger = pino({ level: config.logLevel });
let app: CorridorApp;
try {
  app = createApp({ ...config, logger, prewarmJobWorkers: true });
  // PostgreSQL connects and migrates here; nothing listens before the store is usable.
  await app.ready;
} catch (e) {
  if (e instanceof StoreOpenError) {
    logger.fatal({ database: e.path }, e.message);
    fail(e.message);
  }
  throw e;
}
let shuttingDown = false;
const bind = chooseBind(config);
if (bind.warning) logger.warn({ host: bind.host ?? '(all interfaces)' }, bind.warning);

const onListening = () => {
  const address = server.address() as AddressInfo;
  logger.info({ port: address.port, host: address.address, database: app.context.store.location, store: app.context.store.backend, instance: app.instanceId, auth: config.apiToken !== null, jobThreads: config.jobThreads }, 'listening');
};
const server = createHttpServer(app, config);
// Without a host, Node picks all interfaces (IPv6 and IPv4 where available).
if (bind.host) server.listen(port, bind.host, onListening);
else server.listen(port, onListening);
// Keep-alive clients are told to reconnect elsewhere once shutdown starts.
server.on('request', (_req, res) => {
  if (shuttingDown) res.setHeader('Connection', 'close');
});
server.on('error', (err) => {
  logger.fatal({ err }, 'server error');
  process.exit(1);
});

async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Jobs first: a request waiting on a job (?wait=true) then answers at once with the interrupted job.
  await app.context.jobs.close();
  const grace = setTimeout(() => {
    logger.warn('in-flight requests did not finish in time; closing their connections');
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(grace);
  await app.close();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    shutdown(signal).then(
      () => {
        process.exitCode = 0;
      },
      (err: unknown) => {
        logger.fatal({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
