import { z } from 'zod';
import { corridorMembership } from '../../src/network/index.js';
import type { ApiContext } from '../context.js';
import { defineOperation, type AnyOperation } from '../operation.js';
import { emptyQuery, networkIdParams, problemSchema } from '../schemas.js';

/** `GET /networks/:id/corridors` answer: which corridor (ILSTC, NELB) each link belongs to. */
export const corridorsAnswer = z.object({
  networkId: z.string(),
  corridors: z.array(
    z.object({
      id: z.string().describe('the single-corridor built-in network that defines it, e.g. land-sea-corridor'),
      shortName: z.string().describe('e.g. ILSTC, NELB'),
      name: z.string(),
      linkIds: z.array(z.string()).describe('links of this network in the corridor; a shared link is listed in each'),
    }),
  ),
});

/** GET /networks/:id/corridors (issue 19, additive: the network GeoJSON and its content hash are unchanged). */
export function corridorOperations(ctx: ApiContext): AnyOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/networks/:id/corridors',
      operationId: 'networkCorridors',
      tag: 'networks',
      summary: 'Corridor membership of the links (ILSTC, NELB); empty for an uploaded network',
      params: networkIdParams,
      query: emptyQuery,
      responses: {
        200: { description: 'the corridors with their link ids', schema: corridorsAnswer },
        404: { description: 'unknown network id (with suggestions)', schema: problemSchema },
      },
      handler: async ({ params }, _req, res) => {
        const r = await ctx.registry.get(params.id); // 404 for an unknown id
        const corridors = r.builtin ? (corridorMembership(params.id) ?? []) : [];
        const present = new Set(r.network.links.map((l) => l.id));
        res.json({ networkId: params.id, corridors: corridors.map((c) => ({ ...c, linkIds: c.linkIds.filter((id) => present.has(id)) })) });
      },
    }),
  ];
}
