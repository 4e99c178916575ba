import { z } from 'zod';
import type { AnyOperation } from './operation.js';
import { PROBLEM_TYPES } from './problem.js';

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, as the request side sees it. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** Path and query parameters from an object schema: one parameter per key. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const s = jsonSchema(field);
    const description = typeof s.description === 'string' ? s.description : undefined;
    delete s.description;
    return {
      name,
      in: location,
      // A field that accepts `undefined` is optional; path parameters are always required.
      required: location === 'path' || !field.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: s,
    };
  });
}

const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/**
 * The OpenAPI 3.1 document of the operations, generated from the same zod schemas that validate the
 * requests (z.toJSONSchema), so the document is what the server checks.
 */
export function buildOpenApi(operations: readonly AnyOperation[], info: { title: string; version: string; description: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = toOpenApiPath(op.path);
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const contentType = r.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      responses[status] = { description: r.description, ...(r.schema ? { content: { [contentType]: { schema: jsonSchema(r.schema) } } } : {}) };
    }
    const write = op.method !== 'get';
    if (write) responses['401'] ??= { description: 'missing or wrong bearer token (only when the server has API_TOKEN set)' };
    responses['500'] ??= { description: 'a bug (logged)' };
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      responses,
      ...(write ? { security: [{ bearerAuth: [] }] } : {}),
    };
    if (op.body) {
      const schema = jsonSchema(op.body);
      const types = op.bodyContentTypes ?? ['application/json'];
      operation.requestBody = { required: true, content: Object.fromEntries(types.map((t) => [t, { schema }])) };
    }
    (paths[path] ??= {})[op.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Required for POST, PATCH and DELETE when the server has API_TOKEN set.' } },
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([slug, t]) => [`/problems/${slug}`, t])),
  };
}
