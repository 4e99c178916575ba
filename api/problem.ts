import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import {
  CorridorError,
  InconsistentNetworkError,
  NotFoundError,
  ValidationError,
} from '../src/shared/index.js';

/**
 * The problem types this API answers with (RFC 9457). `type` is `/problems/<slug>`, served by
 * GET /problems/:slug, so a client can look a type up.
 */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'Invalid request', description: 'A parameter or the body does not match the schema; `problems` lists each with its path.' },
  'malformed-json': { status: 400, title: 'Malformed JSON', description: 'The body is not valid JSON (or is nested too deeply to parse).' },
  'invalid-argument': { status: 400, title: 'Invalid argument', description: 'Arguments that are valid one by one but not together, or out of range.' },
  unauthorized: { status: 401, title: 'Unauthorized', description: 'Writes need `Authorization: Bearer <token>` when the server has API_TOKEN set.' },
  forbidden: { status: 403, title: 'Forbidden', description: 'The resource cannot be changed (e.g. a built-in network).' },
  'not-found': { status: 404, title: 'Not found', description: 'Unknown id or name; `suggestions` lists the closest known ones.' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', description: 'The path exists but not with this method; the Allow header lists the methods it has.' },
  conflict: { status: 409, title: 'Conflict', description: 'The resource is in a state that does not allow this (e.g. cancelling a finished job).' },
  'payload-too-large': { status: 413, title: 'Payload too large', description: 'The body or the network is larger than the configured limits.' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', description: 'Send the body as `application/json` in UTF-8.' },
  'inconsistent-network': { status: 422, title: 'Inconsistent with the network', description: 'Well-formed input that does not fit the network (unknown node, duplicate id, geometry far from its nodes, …); `problems` lists each.' },
  'too-many-jobs': { status: 429, title: 'Too many jobs', description: 'The job queue is full; retry after the number of seconds in Retry-After.' },
  'too-many-requests': { status: 429, title: 'Too many requests', description: 'Too many requests of this kind (route searches on the workers, waits on jobs) are in flight; retry after the number of seconds in Retry-After.' },
  'internal-error': { status: 500, title: 'Internal error', description: 'A bug. It has been logged.' },
  'not-implemented': { status: 501, title: 'Not implemented', description: 'The operation or option exists in the API but not (yet) in this server.' },
  'service-unavailable': { status: 503, title: 'Service unavailable', description: 'The server is shutting down.' },
  'queue-unavailable': { status: 503, title: 'Queue unavailable', description: 'The job queue (Redis) could not carry the job through: Redis lost it or is unreachable. Submit the job again.' },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/** An error that is answered as a given problem type. Throw it from handlers; the error middleware answers. */
export class HttpProblem extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly extras: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(slug: ProblemSlug, detail: string, extras: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.slug = slug;
    this.status = PROBLEM_TYPES[slug].status;
    this.extras = extras;
    this.headers = headers;
  }
}

/** The problem+json body of a slug. */
export function problemBody(slug: ProblemSlug, detail: string, extras: Record<string, unknown> = {}): Record<string, unknown> {
  const t = PROBLEM_TYPES[slug];
  return { type: `/problems/${slug}`, title: t.title, status: t.status, detail, ...extras };
}

/** Send a problem+json answer. */
export function sendProblem(res: Response, slug: ProblemSlug, detail: string, extras: Record<string, unknown> = {}): void {
  res.status(PROBLEM_TYPES[slug].status).type('application/problem+json').send(JSON.stringify(problemBody(slug, detail, extras)));
}

/**
 * The one table from a CorridorError's stable `code` to its problem type: used for errors thrown in this
 * process (toProblem) and for errors that come back from a job's worker thread as plain data (job-queue).
 */
export const ERROR_CODE_SLUGS: Readonly<Record<string, ProblemSlug>> = {
  VALIDATION_ERROR: 'invalid-request',
  NOT_FOUND: 'not-found',
  INVALID_ARGUMENT: 'invalid-argument',
  UNSUPPORTED: 'not-implemented',
  INCONSISTENT_NETWORK: 'inconsistent-network',
  QUEUE_ERROR: 'queue-unavailable',
};

/** Map a thrown value to a problem. Returns null for a bug (anything not recognised). */
export function toProblem(err: unknown): { slug: ProblemSlug; detail: string; extras: Record<string, unknown>; headers: Record<string, string> } | null {
  if (err instanceof HttpProblem) return { slug: err.slug, detail: err.message, extras: err.extras, headers: err.headers };
  if (err instanceof CorridorError) {
    const slug = ERROR_CODE_SLUGS[err.code];
    if (slug === undefined) return null;
    const code = { code: err.code };
    if (err instanceof ValidationError) return { slug, detail: firstLine(err.message), extras: { ...code, problems: err.problems }, headers: {} };
    if (err instanceof NotFoundError) return { slug, detail: err.message, extras: { ...code, kind: err.kind, query: err.query, suggestions: err.suggestions }, headers: {} };
    if (err instanceof InconsistentNetworkError) return { slug, detail: err.message, extras: { ...code, problems: err.problems }, headers: {} };
    return { slug, detail: err.message, extras: code, headers: {} };
  }
  // body-parser and http-errors (Express' own) carry `type` and a 4xx `status`.
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; message?: unknown; expose?: unknown };
  if (e && typeof e === 'object') {
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
    switch (e.type) {
      case 'entity.too.large':
        return { slug: 'payload-too-large', detail: `the body is larger than the limit (${String((err as { limit?: unknown }).limit ?? '?')} bytes)`, extras: {}, headers: {} };
      case 'entity.parse.failed':
        return { slug: 'malformed-json', detail: `the body is not valid JSON: ${String(e.message)}`, extras: {}, headers: {} };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { slug: 'unsupported-media-type', detail: String(e.message), extras: {}, headers: {} };
    }
    if (status >= 400 && status < 500 && e.expose !== false) {
      const slug: ProblemSlug = status === 404 ? 'not-found' : status === 413 ? 'payload-too-large' : status === 415 ? 'unsupported-media-type' : 'invalid-request';
      return { slug, detail: String(e.message ?? 'bad request'), extras: {}, headers: {} };
    }
  }
  return null;
}

const firstLine = (s: string) => s.split('\n')[0];

/** 404 for a path no route matched, or 405 with Allow when the path exists with other methods. */
export function notFoundHandler(allowed: (path: string) => string[]): RequestHandler {
  return (req, res) => {
    const methods = allowed(req.path);
    if (methods.length) {
      res.setHeader('Allow', methods.join(', '));
      sendProblem(res, 'method-not-allowed', `${req.method} is not allowed on ${req.path}; use ${methods.join(', ')}`);
      return;
    }
    sendProblem(res, 'not-found', `no route ${req.method} ${req.path}; see /openapi.json`);
  };
}

/**
 * The one error middleware: every error answers application/problem+json. Known errors map to
 * 4xx/501; anything else is a bug: 500, logged with its stack, no internals in the body.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const p = toProblem(err);
    if (p) {
      for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
      logger.debug({ status: PROBLEM_TYPES[p.slug].status, slug: p.slug, method: req.method, url: req.originalUrl }, p.detail);
      sendProblem(res, p.slug, p.detail, p.extras);
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, 'internal-error', 'an unexpected error occurred; it has been logged');
  };
}
