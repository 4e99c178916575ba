import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ByteLru } from '../byte-lru.js';
import { canonicalJson } from '../canonical-json.js';
import type { ResolvedNetwork } from '../network-registry.js';
import { HttpProblem } from '../problem.js';
import type { RouteQuery } from '../schemas.js';
import { routeAnswer, type RouteAnswer } from './route-answer.js';
import type { RouteNetworkSource, RouteOutcome, RouteTask } from './route-worker.js';

/** A route answer ready to send: its bytes, media type and ETag, built once per distinct answer. */
export interface SendableRouteAnswer {
  contentType: RouteAnswer['contentType'];
  bytes: Buffer;
  /** Strong validator of the bytes (Express would hash them again on every send otherwise). */
  etag: string;
}

const sendable = (a: RouteAnswer): SendableRouteAnswer => {
  const bytes = Buffer.from(a.text, 'utf8');
  return { contentType: a.contentType, bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
};

/** Settings of the route service (from ApiConfig). */
export interface RouteServiceOptions {
  /** Networks with at least this many links are routed on the worker pool (0 = always). */
  routeWorkerMinLinks: number;
  routeThreads: number;
  /** Searches queued or running on the workers at once; one more → 429. */
  maxRouteQueue: number;
  /** Budget of the answer cache, bytes (0 = no cache). */
  routeCacheBytes: number;
  /** Heap limit of each route worker, MB. */
  workerHeapMb: number;
  /** Budget of each worker's parsed-network cache, bytes. */
  workerNetworkCacheBytes: number;
}

/** The route worker module: compiled `.js` in dist/, else the `.ts` source through tsx (as jobWorkerFile). */
function routeWorkerFile(): { filename: string; execArgv: string[] } {
  const js = new URL('./route-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: js.href, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: new URL('./route-worker.ts', import.meta.url).href, execArgv: ['--import', tsx] };
}

/**
 * GET /networks/:id/route behind three things that keep the event loop free:
 * - an answer cache (JSON text by network content hash + query): the same query on the same network is
 *   a lookup, and route() is deterministic, so the bytes are the same;
 * - one computation per distinct query in flight (40 identical requests wait on one search);
 * - a worker pool for networks of `routeWorkerMinLinks` links or more (a 21,000-link network takes ~0.3 s
 *   per search with alternatives, ~0.6 s for the first), bounded by `maxRouteQueue` (then 429 + Retry-After).
 * Small networks (the built-ins: a few hundred links, about a millisecond a search) stay on the main thread,
 * where a search costs less than sending it to a worker.
 */
export class RouteService {
  private readonly cache: ByteLru<string, SendableRouteAnswer>;
  private readonly inFlight = new Map<string, Promise<SendableRouteAnswer>>();
  private pool: Piscina | null = null;
  private queued = 0;
  /** Searches sent to the workers since the start. */
  workerSearches = 0;
  /** Uploads' stored GeoJSON in shared memory for the workers, by content hash (one copy per network). */
  private readonly sources = new ByteLru<string, { name: string; text: SharedArrayBuffer }>(256 * 1024 * 1024);

  constructor(
    private readonly options: RouteServiceOptions,
    /** The stored GeoJSON text of an uploaded network (what the workers build it from). */
    private readonly uploadText: (id: string) => Promise<{ name: string; geojson: string } | undefined>,
  ) {
    this.cache = new ByteLru(options.routeCacheBytes);
  }

  /** Answers cached now, and their bytes. */
  cacheStats(): { answers: number; bytes: number } {
    return { answers: this.cache.size, bytes: this.cache.bytes };
  }

  /** Searches queued or running on the workers now. */
  get queuedOnWorkers(): number {
    return this.queued;
  }

  /** Whether searches on this network go to the workers. */
  usesWorkers(r: ResolvedNetwork): boolean {
    return r.network.links.length >= this.options.routeWorkerMinLinks;
  }

  async answer(r: ResolvedNetwork, query: RouteQuery): Promise<SendableRouteAnswer> {
    const key = `${r.contentHash}\u0000${canonicalJson(query)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    if (!this.usesWorkers(r)) {
      const answer = sendable(routeAnswer(r.network, query));
      this.remember(key, answer);
      return answer;
    }
    if (this.queued >= this.options.maxRouteQueue) {
      throw new HttpProblem('too-many-requests', `${this.queued} route searches on large networks are queued or running (the limit is ${this.options.maxRouteQueue}); retry later`, { maxRouteQueue: this.options.maxRouteQueue }, { 'Retry-After': '1' });
    }
    this.queued++;
    this.workerSearches++;
    const run = this.sourceOf(r)
      .then((source) => this.ensurePool().run({ contentHash: r.contentHash, source, query } satisfies RouteTask) as Promise<RouteOutcome>)
      .then((outcome) => {
        if (!outcome.ok) throw new HttpProblem(outcome.slug, outcome.detail, outcome.extras);
        const answer = sendable(outcome.answer);
        this.remember(key, answer);
        return answer;
      })
      .finally(() => {
        this.queued--;
        this.inFlight.delete(key);
      });
    this.inFlight.set(key, run);
    return run;
  }

  private remember(key: string, answer: SendableRouteAnswer): void {
    this.cache.set(key, answer, key.length * 2 + answer.bytes.length + 200);
  }

  private async sourceOf(r: ResolvedNetwork): Promise<RouteNetworkSource> {
    if (r.builtin) return { kind: 'builtin', id: r.network.id };
    let source = this.sources.get(r.contentHash);
    if (!source) {
      const stored = await this.uploadText(r.network.id);
      if (!stored) throw new HttpProblem('not-found', `unknown network "${r.network.id}"`);
      const bytes = Buffer.from(stored.geojson, 'utf8');
      const text = new SharedArrayBuffer(bytes.length);
      bytes.copy(Buffer.from(text));
      source = { name: stored.name, text };
      this.sources.set(r.contentHash, source, bytes.length);
    }
    return { kind: 'upload', id: r.network.id, name: source.name, text: source.text };
  }

  private ensurePool(): Piscina {
    if (this.pool) return this.pool;
    const { filename, execArgv } = routeWorkerFile();
    this.pool = new Piscina({
      filename,
      execArgv,
      minThreads: 0,
      maxThreads: this.options.routeThreads,
      idleTimeout: 60_000,
      workerData: { cacheBytes: this.options.workerNetworkCacheBytes },
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb },
    });
    return this.pool;
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.destroy();
  }
}
