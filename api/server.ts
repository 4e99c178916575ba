/**
 * Entry point of the HTTP API: `tsx api/server.ts` (or `node dist/api/server.js` after `npm run build`).
 * Listens on PORT (default 3000; 0 = any free port) and HOST (default all interfaces). Logs one JSON line
 * `{"msg":"listening","port":…}` when ready. SIGTERM/SIGINT: stop accepting connections, stop the jobs
 * (marked failed: interrupted), let in-flight requests finish (10 s at most), close the pool and the DB.
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { configFromEnv } from './config.js';
import { createApp } from './create-app.js';

const SHUTDOWN_GRACE_MS = 10_000;

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`PORT must be an integer in [0, 65535], got "${raw}"`);
  return n;
}

const config = configFromEnv();
const logger = pino({ level: config.logLevel });
const port = portFromEnv(process.env.PORT);
const app = createApp({ ...config, logger, prewarmJobWorkers: true });
let shuttingDown = false;

const onListening = () => {
  const address = server.address() as AddressInfo;
  logger.info({ port: address.port, host: address.address, database: config.databasePath, auth: config.apiToken !== null, jobThreads: config.jobThreads }, 'listening');
};
const host = process.env.HOST?.trim();
// Without HOST, Node picks all interfaces (IPv6 and IPv4 where available).
const server = host ? app.listen(port, host, onListening) : app.listen(port, onListening);
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
