import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { defineOperation, type AnyOperation } from '../operation.js';
import { emptyQuery, networkIdParams, networkSummary, networkUploadBody, problemSchema, routeQuery } from '../schemas.js';

const problem = (description: string) => ({ description, schema: problemSchema });

/** GET/POST/DELETE /networks and GET /networks/:id/route. */
export function networkOperations(ctx: ApiContext): AnyOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/networks',
      operationId: 'listNetworks',
      tag: 'networks',
      summary: 'List built-in and uploaded networks with node, link and candidate counts',
      query: emptyQuery,
      responses: { 200: { description: 'the networks', schema: z.object({ networks: z.array(networkSummary) }) } },
      handler: async (_in, _req, res) => {
        res.json({ networks: await ctx.registry.list() });
      },
    }),
    defineOperation({
      method: 'get',
      path: '/networks/:id',
      operationId: 'getNetwork',
      tag: 'networks',
      summary: 'A network as format-v1 GeoJSON with every default resolved',
      params: networkIdParams,
      query: emptyQuery,
      responses: {
        200: { description: 'FeatureCollection of node Points and link LineStrings', contentType: 'application/geo+json', schema: z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }) },
        404: problem('unknown network id (with suggestions)'),
      },
      handler: async ({ params }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        res.type('application/geo+json').send(r.geojsonText);
      },
    }),
    defineOperation({
      method: 'post',
      path: '/networks',
      operationId: 'uploadNetwork',
      tag: 'networks',
      summary: 'Upload a network GeoJSON (format v1); validated like `corridor validate`',
      description: 'Every problem is listed at once (422). The network is stored and gets a new id.',
      query: emptyQuery,
      body: networkUploadBody,
      responses: {
        201: { description: 'stored; Location is the network', schema: networkSummary },
        400: problem('not a FeatureCollection'),
        409: problem('the server already keeps the most uploaded networks allowed'),
        413: problem('more nodes or links than the server accepts'),
        422: problem('the network has problems; `problems` lists each with its feature path'),
      },
      handler: async ({ body }, _req, res) => {
        const summary = await ctx.registry.upload(body);
        res.status(201).location(`/networks/${encodeURIComponent(summary.id)}`).json(summary);
      },
    }),
    defineOperation({
      method: 'delete',
      path: '/networks/:id',
      operationId: 'deleteNetwork',
      tag: 'networks',
      summary: 'Delete an uploaded network and its candidate submissions (built-ins: 403)',
      params: networkIdParams,
      query: emptyQuery,
      responses: { 204: { description: 'deleted' }, 403: problem('built-in network'), 404: problem('unknown network') },
      handler: async ({ params }, _req, res) => {
        await ctx.registry.delete(params.id);
        res.status(204).end();
      },
    }),
    defineOperation({
      method: 'get',
      path: '/networks/:id/route',
      operationId: 'route',
      tag: 'routes',
      summary: 'Cheapest freight route per TEU by generalized cost (money + time + carbon)',
      description:
        'Unknown node → 404 with `suggestions`. No route → 200 with `found: false` and `reason`. ' +
        'The route carries `geometry` (GeoJSON legs); `format=geojson` answers with that FeatureCollection itself.',
      params: networkIdParams,
      query: routeQuery,
      responses: {
        200: { description: 'the route (found: true, totals, legs, events, geometry, alternatives) or found: false with the reason', schema: z.looseObject({ found: z.boolean(), reason: z.string().optional() }) },
        400: problem('bad query parameter'),
        404: problem('unknown network or node (with suggestions)'),
        429: problem('too many searches on large networks in flight; Retry-After says when to retry'),
      },
      handler: async ({ params, query }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        // Large networks search on the route workers; answers are cached by network content + query.
        const answer = await ctx.routes.answer(r, query);
        // As res.send of the text would say it (bytes get no charset from Express).
        res.setHeader('Content-Type', `${answer.contentType}; charset=utf-8`);
        res.setHeader('ETag', answer.etag);
        res.send(answer.bytes);
      },
    }),
  ];
}
