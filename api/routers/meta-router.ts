import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../docs-page.js';
import { defineOperation, type AnyOperation } from '../operation.js';
import { HttpProblem, PROBLEM_TYPES, type ProblemSlug } from '../problem.js';
import { emptyQuery, problemSchema } from '../schemas.js';

const startedAt = Date.now();

/** GET /health, /openapi.json, /docs (+ its script and style) and /problems/:slug. */
export function metaOperations(ctx: ApiContext, openApi: () => Record<string, unknown>): AnyOperation[] {
  // Prepared once: load balancers poll /health, and preparing a statement costs more than running it.
  const asset = (path: string, operationId: string, type: string, text: string, summary: string) =>
    defineOperation({
      method: 'get',
      path,
      operationId,
      tag: 'meta',
      summary,
      query: emptyQuery,
      responses: { 200: { description: summary, contentType: type } },
      handler: (_in, _req, res) => {
        res.type(type).send(text);
      },
    });
  return [
    defineOperation({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'meta',
      summary: 'Liveness: the database answers; active jobs and limits',
      query: emptyQuery,
      responses: {
        200: {
          description: 'healthy',
          schema: z.object({ status: z.literal('ok'), uptimeSeconds: z.number(), database: z.literal('ok'), jobs: z.object({ active: z.number().int(), max: z.number().int() }) }),
        },
      },
      handler: async (_in, _req, res) => {
        await ctx.store.ping();
        res.json({ status: 'ok', uptimeSeconds: (Date.now() - startedAt) / 1000, database: 'ok', jobs: { active: ctx.jobs.activeCount, max: ctx.config.maxActiveJobs } });
      },
    }),
    defineOperation({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApi',
      tag: 'meta',
      summary: 'This API as OpenAPI 3.1, generated from the zod schemas that validate the requests',
      query: emptyQuery,
      responses: { 200: { description: 'the OpenAPI document' } },
      handler: (_in, _req, res) => {
        res.json(openApi());
      },
    }),
    asset('/docs', 'docs', 'text/html', DOCS_HTML, 'Interactive API docs (offline; reads /openapi.json)'),
    asset('/docs/docs.js', 'docsScript', 'text/javascript', DOCS_JS, 'Script of the docs page'),
    asset('/docs/docs.css', 'docsStyle', 'text/css', DOCS_CSS, 'Style of the docs page'),
    defineOperation({
      method: 'get',
      path: '/problems/:slug',
      operationId: 'problemType',
      tag: 'meta',
      summary: 'What a problem type (the `type` of an error answer) means',
      params: z.strictObject({ slug: z.string().max(100) }),
      query: emptyQuery,
      responses: { 200: { description: 'the problem type', schema: z.object({ type: z.string(), status: z.number(), title: z.string(), description: z.string() }) }, 404: { description: 'unknown type', schema: problemSchema } },
      handler: ({ params }, _req, res) => {
        if (!Object.hasOwn(PROBLEM_TYPES, params.slug)) throw new HttpProblem('not-found', `unknown problem type "${params.slug}"`, { suggestions: Object.keys(PROBLEM_TYPES) });
        const t = PROBLEM_TYPES[params.slug as ProblemSlug];
        res.json({ type: `/problems/${params.slug}`, ...t });
      },
    }),
  ];
}
