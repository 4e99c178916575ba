import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Problem } from '../src/shared/index.js';
import { HttpProblem } from './problem.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** A documented response of an operation; `schema` feeds the OpenAPI document. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default: application/json (application/problem+json for status ≥ 400). */
  contentType?: string;
}

/** Validated input of an operation. */
export interface OperationInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * One HTTP operation: its path, its zod schemas and its handler. The same object mounts the route
 * (validating with the schemas) and generates the OpenAPI document, so docs and checks cannot drift.
 */
export interface Operation<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** Express path, e.g. `/networks/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Media types accepted for the body (documentation; the JSON parser accepts them). */
  bodyContentTypes?: string[];
  /** The body when the request has none (e.g. `{}` for job starts, whose fields are all optional). */
  emptyBody?: unknown;
  /**
   * The request must say `Content-Type: application/json` even when it has no body (job starts): a
   * cross-site page can send a bodiless or text/plain POST with a `no-cors` fetch, but not this header
   * without a CORS preflight, which this API never grants. Anything else → 415.
   */
  requireJsonContentType?: boolean;
  /**
   * Rewrites an accepted alternative form of the body into the schema's form before validation (e.g. a
   * candidate in the candidates-file format); must return its input unchanged when it does not apply.
   */
  normalizeBody?: (raw: unknown, req: Request) => unknown;
  responses: Record<number, ResponseSpec>;
  handler: (input: OperationInput<P, Q, B>, req: Request, res: Response) => Promise<void> | void;
}

/** Erases the type parameters, so operations of different shapes fit one list. */
export type AnyOperation = Operation<any, any, any>;

/** Declare an operation (identity with inference). */
export const defineOperation = <P, Q, B>(op: Operation<P, Q, B>): AnyOperation => op as AnyOperation;

/** zod issues → problems with readable paths (`body.properties.capexUsd`). */
export function issuesToProblems(where: string, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`),
      where,
    );
    const property = issue.path.length ? String(issue.path[issue.path.length - 1]) : undefined;
    return property === undefined ? { path, message: issue.message } : { path, property, message: issue.message };
  });
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string, problems: Problem[]): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  problems.push(...issuesToProblems(where, r.error.issues));
  return undefined as T;
}

/**
 * Validate params, query and body with the operation's schemas; the parsed values *replace* the raw
 * ones on `req` (so nothing downstream re-parses) and are passed to the handler. Any failure → 400
 * with every problem listed.
 */
export function validated(op: AnyOperation): RequestHandler {
  return async (req, res) => {
    if (op.requireJsonContentType && !req.is('application/json')) {
      throw new HttpProblem('unsupported-media-type', `this operation needs Content-Type: application/json${req.headers['content-type'] ? `, not ${req.headers['content-type']}` : ' (send {} for the defaults)'}`);
    }
    const problems: Problem[] = [];
    const params = parsePart(op.params, { ...req.params }, 'params', problems);
    const query = parsePart(op.query, { ...req.query }, 'query', problems);
    // express.json() leaves the body undefined for other media types; say so instead of "expected object".
    if (op.body && req.body === undefined && req.headers['content-type'] !== undefined) {
      throw new HttpProblem('unsupported-media-type', `send the body as application/json, not ${req.headers['content-type']}`);
    }
    const noBody = req.body === undefined || (req.headers['content-length'] === '0' && typeof req.body === 'object' && req.body !== null && Object.keys(req.body).length === 0);
    let raw: unknown = req.body;
    if (op.body && noBody) {
      if (op.emptyBody === undefined) throw new HttpProblem('invalid-request', 'this operation needs a JSON body (Content-Type: application/json)', { problems: [{ path: 'body', message: 'missing' }] });
      raw = op.emptyBody;
    }
    const body = parsePart(op.body, op.normalizeBody ? await op.normalizeBody(raw, req) : raw, 'body', problems);
    if (problems.length) {
      throw new HttpProblem('invalid-request', `${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { problems });
    }
    req.params = params as Request['params'];
    // Express 5 defines req.query as a getter; shadow it with the parsed value.
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    req.body = body;
    await op.handler({ params, query, body }, req, res);
  };
}

/** `/networks/:id/route` → a regex matching concrete paths. */
const pathPattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);

/**
 * For a path no operation matched with this method: the methods that do exist for it (for 405 + Allow),
 * or [] when the path is unknown (404).
 */
export function allowedMethods(ops: readonly AnyOperation[]): (path: string) => string[] {
  const patterns = ops.map((op) => ({ re: pathPattern(op.path), method: op.method.toUpperCase() }));
  return (path) => [...new Set(patterns.filter((p) => p.re.test(path)).flatMap((p) => (p.method === 'GET' ? ['GET', 'HEAD'] : [p.method])))];
}

/** What runs before an operation's validation, in this order. */
export interface OperationGuards {
  /** Auth of writes (every method but GET). Runs before the body is read, so a wrong token costs no parsing. */
  writeGuard: RequestHandler;
  /** The body parser (express.json), for writes only. */
  bodyParser: RequestHandler;
  /** The input guard (guardInput) on the parsed query and body. */
  inputGuard: RequestHandler;
}

/** Mount operations on a router: writes go through auth first, then the body parser; then the input guard and the schemas. */
export function mountOperations(router: Router, ops: readonly AnyOperation[], guards: OperationGuards): void {
  for (const op of ops) {
    const handlers: RequestHandler[] = op.method === 'get' ? [] : [guards.writeGuard, guards.bodyParser];
    handlers.push(guards.inputGuard, validated(op));
    router[op.method](op.path, ...handlers);
  }
}
