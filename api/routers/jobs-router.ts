import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { canonicalJson } from '../canonical-json.js';
import type { ApiContext } from '../context.js';
import { JOB_KIND_SPECS } from '../jobs/job-kinds.js';
import { defineOperation, type AnyOperation } from '../operation.js';
import { HttpProblem } from '../problem.js';
import { jobAccepted, jobParams, jobQuery, jobRecord, jobStartQuery, networkIdParams, problemSchema } from '../schemas.js';
import type { StoredJob } from '../store.js';

/**
 * Part of every result cache key. Bump it when a change to src/ or solver/ changes results, so results
 * stored by an older version are not served again. 2: candidate evaluation re-solves one warm path master
 * (where the optimum is degenerate it may stop on another optimal flow; columnGeneration gained fields).
 */
export const RESULTS_VERSION = 2;

const problem = (description: string) => ({ description, schema: problemSchema });
const finished = (j: StoredJob) => j.status === 'succeeded' || j.status === 'failed' || j.status === 'cancelled';
const statusUrl = (id: string) => `/jobs/${encodeURIComponent(id)}`;

/**
 * Send a job. The stored result is spliced in as bytes, exactly as the worker serialised it: results can be
 * megabytes, and parsing them to serialise them again (or even copying them into one string) would block the
 * event loop and multiply memory by the number of clients. The bytes come from the queue's shared cache, so
 * concurrent requests for one result hold one copy; the socket writes them out as they drain.
 */
async function sendJob(ctx: ApiContext, res: Response, job: StoredJob, status = 200): Promise<void> {
  const body = {
    id: job.id,
    jobId: job.id,
    kind: job.kind,
    networkId: job.networkId,
    status: job.status,
    progress: job.progress,
    cached: job.cached,
    statusUrl: statusUrl(job.id),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    request: JSON.parse(job.request) as unknown,
    error: job.error === null ? null : (JSON.parse(job.error) as unknown),
  };
  const text = JSON.stringify(body);
  const result = await ctx.jobs.resultBytes(job);
  res.status(status).type('application/json');
  if (result === undefined) {
    res.send(text);
    return;
  }
  const head = Buffer.from(`${text.slice(0, -1)},"result":`);
  const tail = Buffer.from('}');
  res.setHeader('Content-Length', head.length + result.length + tail.length);
  res.write(head);
  res.write(result);
  res.end(tail);
}

/** Wait on a job unless too many requests already wait: then the caller answers with the job as it is now. */
async function waitIfAllowed(ctx: ApiContext, id: string): Promise<void> {
  try {
    await ctx.jobs.waitFor(id, ctx.config.waitCapMs);
  } catch (e) {
    if (!(e instanceof HttpProblem && e.slug === 'too-many-requests')) throw e;
  }
}

/** The request as kept with the job: a large inline demand is replaced by its size (the hash has the content). */
function requestSummary(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  if (Array.isArray(out.demand) && out.demand.length > 100) out.demand = `(${out.demand.length} rows)`;
  if (typeof out.demandCsv === 'string' && out.demandCsv.length > 10_000) out.demandCsv = `(${out.demandCsv.length} characters of CSV)`;
  return out;
}

/** POST /networks/:id/{optimize,evaluate,disrupt,criticality} and GET/DELETE /jobs/:id. */
export function jobOperations(ctx: ApiContext): AnyOperation[] {
  const starts = JOB_KIND_SPECS.map((spec) =>
    defineOperation({
      method: 'post',
      path: `/networks/:id/${spec.kind}`,
      operationId: spec.kind,
      tag: 'jobs',
      summary: spec.summary,
      description:
        `${spec.description} Answers 202 with {jobId, status, statusUrl} and a Location header; poll GET /jobs/{jobId}. ` +
        'With `?wait=true` the answer waits (up to the server cap) and is 200 with the finished job when it ends in time. ' +
        'The same request on the same network content is answered from the store (`cached: true`, 200).',
      params: networkIdParams,
      query: jobStartQuery,
      body: spec.body,
      emptyBody: {},
      requireJsonContentType: true,
      bodyContentTypes: ['application/json'],
      responses: {
        200: { description: 'finished (from the store, or within ?wait)', schema: jobRecord },
        202: { description: 'accepted; Location is the job', schema: jobAccepted },
        400: problem('bad body'),
        404: problem('unknown network or node'),
        415: problem('the request does not say Content-Type: application/json (needed even without a body)'),
        422: problem('the input does not fit the network'),
        429: problem('the job queue is full; Retry-After says when to retry'),
        501: problem('this job kind is not implemented yet'),
      },
      handler: async ({ params, query, body }, _req, res) => {
        if (!spec.prepare) throw new HttpProblem('not-implemented', `${spec.kind} is not implemented yet in this server`);
        const r = await ctx.registry.get(params.id);
        // Only the kinds that evaluate candidates read the submitted candidates (a network may hold thousands).
        const stored = spec.usesCandidates ? await ctx.store.listCandidates(r.network.id) : [];
        const input = spec.prepare(r.network, body, stored);
        const inputHash = createHash('sha256')
          .update(canonicalJson({ v: RESULTS_VERSION, kind: spec.kind, network: r.contentHash, input }))
          .digest('hex');
        let job = await ctx.jobs.submit({ kind: spec.kind, networkId: r.network.id, inputHash, request: requestSummary(body as Record<string, unknown>), network: r.network, input });
        if (query.wait && !finished(job)) {
          // The job is started; with too many waiters this answer is the 202 (poll), not a 429.
          await waitIfAllowed(ctx, job.id);
          job = (await ctx.jobs.get(job.id)) ?? job;
        }
        res.location(statusUrl(job.id));
        if (finished(job)) {
          await sendJob(ctx, res, job, 200);
          return;
        }
        res.status(202).json({ jobId: job.id, status: job.status, statusUrl: statusUrl(job.id), cached: job.cached });
      },
    }),
  );
  return [
    ...starts,
    defineOperation({
      method: 'get',
      path: '/jobs/:id',
      operationId: 'getJob',
      tag: 'jobs',
      summary: 'Status (queued | running | succeeded | failed | cancelled), progress 0–1 and, when succeeded, the result',
      params: jobParams,
      query: jobQuery,
      responses: { 200: { description: 'the job', schema: jobRecord }, 404: problem('unknown job (or pruned by the result retention)'), 429: problem('?wait=true while too many requests already wait; Retry-After says when to retry') },
      handler: async ({ params, query }, _req, res) => {
        let job = await ctx.jobs.get(params.id);
        if (!job) throw new HttpProblem('not-found', `unknown job "${params.id}"`);
        if (query.wait && !finished(job)) {
          await ctx.jobs.waitFor(job.id, ctx.config.waitCapMs);
          job = (await ctx.jobs.get(job.id)) ?? job;
        }
        await sendJob(ctx, res, job);
      },
    }),
    defineOperation({
      method: 'delete',
      path: '/jobs/:id',
      operationId: 'cancelJob',
      tag: 'jobs',
      summary: 'Cancel a queued or running job (its worker thread is stopped)',
      params: jobParams,
      query: jobQuery.omit({ wait: true }),
      responses: { 200: { description: 'the cancelled job', schema: jobRecord }, 404: problem('unknown job'), 409: problem('the job has already finished') },
      handler: async ({ params }, _req, res) => {
        const job = await ctx.jobs.cancel(params.id);
        if (!job) throw new HttpProblem('not-found', `unknown job "${params.id}"`);
        await sendJob(ctx, res, job);
      },
    }),
  ];
}
