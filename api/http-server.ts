import { createServer, type RequestListener, type Server } from 'node:http';
import type { ApiConfig } from './config.js';

/** Where the server listens, and the warning to log about it (null when none is needed). */
export interface BindChoice {
  /** Interface to listen on; undefined = every interface (Node's default, IPv6 and IPv4). */
  host: string | undefined;
  warning: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The safe default bind: without API_TOKEN anyone who reaches the port can write (upload networks, start
 * jobs), so the server listens on 127.0.0.1 only and says so. Listening elsewhere without a token needs an
 * explicit HOST (and still logs a warning). With a token and no HOST it listens on every interface, as before.
 */
export function chooseBind(config: Pick<ApiConfig, 'host' | 'apiToken'>): BindChoice {
  const open = config.apiToken === null;
  if (config.host !== null) {
    const exposed = open && !LOOPBACK.has(config.host);
    return { host: config.host, warning: exposed ? `API_TOKEN is not set and HOST=${config.host}: anyone who reaches this port can upload networks and start jobs; set API_TOKEN` : null };
  }
  if (open) return { host: '127.0.0.1', warning: 'API_TOKEN is not set: writes are open, so the server listens on 127.0.0.1 only; set API_TOKEN (or HOST explicitly) to serve other machines' };
  return { host: undefined, warning: null };
}

/**
 * An HTTP server for the app with bounded connection timings: headers must arrive within
 * `headersTimeoutMs` and the whole request within `requestTimeoutMs` (a client that announces a
 * Content-Length and never sends it loses the socket then, not after Node's 300 s). Responses are not
 * bounded by these (a `?wait=true` answer may take up to JOB_WAIT_CAP_SECONDS).
 */
export function createHttpServer(app: RequestListener, config: Pick<ApiConfig, 'headersTimeoutMs' | 'requestTimeoutMs'>): Server {
  // Node checks these timeouts on a timer (connectionsCheckingInterval, 30 s by default); checking every
  // second keeps the bound close to what is configured. Node refuses headersTimeout > requestTimeout.
  return createServer(
    {
      headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    app,
  );
}
