import { z } from 'zod';
import { closestNames, NotFoundError } from '../../src/shared/index.js';
import { candidateId, checkSubmissionIncremental, normalizeCandidateSubmission, type StoredSubmission } from '../candidate-input.js';
import type { ApiContext } from '../context.js';
import { mergePatch } from '../merge-patch.js';
import type { ResolvedNetwork } from '../network-registry.js';
import { defineOperation, issuesToProblems, type AnyOperation } from '../operation.js';
import { HttpProblem } from '../problem.js';
import { candidatePatch, candidateParams, candidateRecord, candidateSubmission, emptyQuery, networkIdParams, problemSchema, type CandidateSubmission } from '../schemas.js';
import type { StoredCandidate } from '../store.js';

const problem = (description: string) => ({ description, schema: problemSchema });

/** The API view of a stored candidate. */
function view(c: StoredCandidate) {
  return { id: c.id, networkId: c.networkId, kind: c.kind, submission: JSON.parse(c.submission) as unknown, author: c.author, notes: c.notes, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** Split a validated body into what the model reads (with the upgrade id filled in) and who/why. */
function split(body: CandidateSubmission): { id: string; kind: 'link' | 'upgrade'; submission: StoredSubmission; author: string | null; notes: string | null } {
  const { author, notes, ...rest } = body;
  const submission: StoredSubmission = rest.type === 'upgrade' ? { ...rest, id: candidateId(rest) } : rest;
  return { id: candidateId(submission), kind: body.type === 'Feature' ? 'link' : 'upgrade', submission, author: author ?? null, notes: notes ?? null };
}

/**
 * Check against the network and the other candidates (src/evaluate's validator, incrementally: the new
 * one alone, plus the others' ids and upgrade targets from the store); problems → 422. The validator asks
 * synchronously, so what it may ask is read first: the others' ids, the upgrade of this submission's
 * target, and the holder of this submission's id (the only id it describes).
 */
async function checkAgainstNetwork(ctx: ApiContext, r: ResolvedNetwork, s: StoredSubmission, selfId: string | null): Promise<void> {
  const networkId = r.network.id;
  const ownId = candidateId(s);
  const [ids, upgrade, holder] = await Promise.all([
    ctx.store.candidateIds(networkId),
    s.type === 'upgrade' ? ctx.store.upgradeOf(networkId, s.target.id, selfId) : Promise.resolve(undefined),
    ownId === selfId ? Promise.resolve(undefined) : ctx.store.getCandidate(networkId, ownId),
  ]);
  const idSet = new Set(ids);
  const problems = checkSubmissionIncremental(
    r.network,
    {
      hasId: (id) => id !== selfId && idSet.has(id),
      upgradeOf: (target) => (s.type === 'upgrade' && target === s.target.id ? upgrade : undefined),
      describe: (id) => {
        const c = id === ownId ? holder : undefined;
        return c ? `${c.kind} candidate "${c.id}"${c.author ? ` by ${c.author}` : ''}, submitted ${c.createdAt}` : undefined;
      },
    },
    s,
  );
  if (problems.length) {
    throw new HttpProblem('inconsistent-network', `the candidate does not fit network "${networkId}": ${problems[0].message}`, { problems });
  }
}

/** The per-network bounds: one submission's size, and the total of the network's candidates (413). */
async function checkSize(ctx: ApiContext, networkId: string, text: string, replacedBytes: number): Promise<void> {
  const bytes = Buffer.byteLength(text);
  const { maxCandidateBytes, maxCandidateBytesPerNetwork } = ctx.config;
  if (bytes > maxCandidateBytes) {
    throw new HttpProblem('payload-too-large', `the candidate is ${bytes} bytes of JSON; at most ${maxCandidateBytes} are accepted (MAX_CANDIDATE_BYTES)`, { bytes, maxCandidateBytes });
  }
  const total = (await ctx.store.candidateBytes(networkId)) - replacedBytes + bytes;
  if (total > maxCandidateBytesPerNetwork) {
    throw new HttpProblem('payload-too-large', `network "${networkId}" would hold ${total} bytes of candidates; at most ${maxCandidateBytesPerNetwork} are accepted (MAX_CANDIDATE_BYTES_PER_NETWORK); withdraw some first`, { bytes: total, maxCandidateBytesPerNetwork });
  }
}

/** The network of a request path, or null when it is unknown (validation then reports that). */
async function networkOrNull(ctx: ApiContext, id: unknown) {
  try {
    return typeof id === 'string' ? (await ctx.registry.get(id)).network : null;
  } catch {
    return null;
  }
}

/** /networks/:id/candidates: planners' candidate links and upgrades (stored durably, fsynced before 201). */
export function candidateOperations(ctx: ApiContext): AnyOperation[] {
  const find = async (networkId: string, id: string): Promise<StoredCandidate> => {
    const c = await ctx.store.getCandidate(networkId, id);
    if (!c) throw new NotFoundError('candidate', id, closestNames(id, await ctx.store.candidateIds(networkId), 3));
    return c;
  };
  return [
    defineOperation({
      method: 'post',
      path: '/networks/:id/candidates',
      operationId: 'submitCandidate',
      tag: 'candidates',
      summary: 'Submit a candidate link (GeoJSON LineString Feature, status "candidate") or an upgrade',
      description:
        'A candidate link follows the link format (docs/network-format.md) with `status: "candidate"`, `capexUsd` and `lifetimeYears`; ' +
        'it is checked against the network (from/to exist, geometry ends near them, unique id). An upgrade is ' +
        '`{type: "upgrade", target: {kind: "link"|"node", id}, capacityTeuPerYear?, speedKmh?, costUsdPerTeuKm?, throughputTeuPerYear?, capexUsd, lifetimeYears}`. ' +
        'Both need `source` and take optional `author` and `notes`; the candidate id is the link\'s `properties.id` or the upgrade `id` ' +
        '(default `upgrade-<target id>`). Checked with the evaluation\'s candidate validator (docs/candidates-format.md). The 201 is sent after the write is fsynced.',
      params: networkIdParams,
      query: emptyQuery,
      body: candidateSubmission,
      // The candidates-file form (geometry: null, target: "id", author in properties) is accepted as is.
      normalizeBody: async (raw, req) => normalizeCandidateSubmission(raw, await networkOrNull(ctx, req.params.id)),
      responses: {
        201: { description: 'stored; Location is the candidate', schema: candidateRecord },
        400: problem('does not match the schema'),
        404: problem('unknown network'),
        409: problem('the network has the most candidates allowed'),
        413: problem('the candidate, or the network\'s candidates together, are larger than allowed'),
        422: problem('does not fit the network (unknown node, duplicate id, …)'),
      },
      handler: async ({ params, body }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        if ((await ctx.store.countCandidates(r.network.id)) >= ctx.config.maxCandidatesPerNetwork) {
          throw new HttpProblem('conflict', `network "${r.network.id}" has ${ctx.config.maxCandidatesPerNetwork} candidates, the most allowed; delete some first`);
        }
        const parts = split(body);
        const submission = JSON.stringify(parts.submission);
        await checkSize(ctx, r.network.id, submission, 0);
        await checkAgainstNetwork(ctx, r, parts.submission, null);
        const now = new Date().toISOString();
        const c: StoredCandidate = { id: parts.id, networkId: r.network.id, kind: parts.kind, submission, author: parts.author, notes: parts.notes, createdAt: now, updatedAt: now };
        await ctx.store.insertCandidate(c);
        res.status(201).location(`/networks/${encodeURIComponent(c.networkId)}/candidates/${encodeURIComponent(c.id)}`).json(view(c));
      },
    }),
    defineOperation({
      method: 'get',
      path: '/networks/:id/candidates',
      operationId: 'listCandidates',
      tag: 'candidates',
      summary: 'Candidates submitted to a network, oldest first',
      params: networkIdParams,
      query: emptyQuery,
      responses: { 200: { description: 'the candidates', schema: z.object({ candidates: z.array(candidateRecord) }) }, 404: problem('unknown network') },
      handler: async ({ params }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        res.json({ candidates: (await ctx.store.listCandidates(r.network.id)).map(view) });
      },
    }),
    defineOperation({
      method: 'get',
      path: '/networks/:id/candidates/:candidateId',
      operationId: 'getCandidate',
      tag: 'candidates',
      summary: 'One candidate',
      params: candidateParams,
      query: emptyQuery,
      responses: { 200: { description: 'the candidate', schema: candidateRecord }, 404: problem('unknown network or candidate') },
      handler: async ({ params }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        res.json(view(await find(r.network.id, params.candidateId)));
      },
    }),
    defineOperation({
      method: 'patch',
      path: '/networks/:id/candidates/:candidateId',
      operationId: 'updateCandidate',
      tag: 'candidates',
      summary: 'Change a candidate with a JSON merge patch (RFC 7396); the result is validated like a new submission',
      description: 'Example: `{"properties": {"capexUsd": 2.1e9}, "notes": "revised estimate"}`. `null` removes a field.',
      params: candidateParams,
      query: emptyQuery,
      body: candidatePatch,
      bodyContentTypes: ['application/merge-patch+json', 'application/json'],
      responses: {
        200: { description: 'the updated candidate', schema: candidateRecord },
        400: problem('the patched candidate does not match the schema'),
        404: problem('unknown network or candidate'),
        422: problem('the patched candidate does not fit the network'),
      },
      handler: async ({ params, body }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        const old = await find(r.network.id, params.candidateId);
        const current = { ...(JSON.parse(old.submission) as object), ...(old.author === null ? {} : { author: old.author }), ...(old.notes === null ? {} : { notes: old.notes }) };
        const parsed = candidateSubmission.safeParse(mergePatch(current, body));
        if (!parsed.success) {
          const problems = issuesToProblems('body', parsed.error.issues);
          throw new HttpProblem('invalid-request', `the patched candidate is invalid: ${problems[0].path}: ${problems[0].message}`, { problems });
        }
        const parts = split(parsed.data);
        if (parts.id !== old.id) {
          throw new HttpProblem('invalid-request', `the candidate id cannot change ("${old.id}" → "${parts.id}"); withdraw it and submit a new one`, { problems: [{ path: 'body', message: 'changes the candidate id' }] });
        }
        const submission = JSON.stringify(parts.submission);
        await checkSize(ctx, r.network.id, submission, Buffer.byteLength(old.submission));
        await checkAgainstNetwork(ctx, r, parts.submission, old.id);
        const c: StoredCandidate = { ...old, kind: parts.kind, submission, author: parts.author, notes: parts.notes, updatedAt: new Date().toISOString() };
        await ctx.store.updateCandidate(c);
        res.json(view(c));
      },
    }),
    defineOperation({
      method: 'delete',
      path: '/networks/:id/candidates/:candidateId',
      operationId: 'deleteCandidate',
      tag: 'candidates',
      summary: 'Withdraw a candidate',
      params: candidateParams,
      query: emptyQuery,
      responses: { 204: { description: 'deleted' }, 404: problem('unknown network or candidate') },
      handler: async ({ params }, _req, res) => {
        const r = await ctx.registry.get(params.id);
        await find(r.network.id, params.candidateId);
        await ctx.store.deleteCandidate(r.network.id, params.candidateId);
        res.status(204).end();
      },
    }),
  ];
}
