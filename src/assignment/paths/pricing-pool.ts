import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import type { ExpandedGraph } from '../../graph/index.js';
import { workerEvalCode } from '../../threads/index.js';
import type { PathPricer, PricingDuals } from './price-paths.js';
import type { PricingRequest, PricingResponse, PricingWorkerData } from './pricing-messages.js';
import type { PathColumn, PathCommodity } from './restricted-master.js';

/**
 * Pricing work (expanded vertices × OD pairs) from which column generation prices on worker threads by
 * default. Measured end to end on the std synthetic instances (2 cores, one worker against none): 1,000 nodes
 * (1.3 M) 2.1 s against 1.9 s, a loss (the worker's start, about 0.2 s, is more than it saves); 2,000 nodes
 * (5.2 M) 3.9 s against 4.3 s; 5,000 nodes (33 M) 88 s against 109 s (BENCHMARKS.md, "Parallel pricing").
 */
export const PARALLEL_PRICING_MIN_WORK = 4_000_000;
/** Most pricing worker threads chosen by default. */
export const MAX_DEFAULT_PRICING_WORKERS = 7;

/**
 * Pricing worker threads to use when the caller did not choose: none inside a worker thread (a sweep's
 * workers already use the cores), on one core, without shared target bounds, or below
 * {@link PARALLEL_PRICING_MIN_WORK}; else one per core but the calling thread's (createPathsSolver keeps
 * at most one thread per commodity).
 */
export function defaultPricingWorkers(graph: ExpandedGraph, commodities: readonly PathCommodity[], sharedBounds: boolean): number {
  const pairs = commodities.reduce((n, c) => n + c.destinations.length, 0);
  if (!isMainThread || !sharedBounds || availableParallelism() < 2 || graph.vertexCount * pairs < PARALLEL_PRICING_MIN_WORK) return 0;
  return Math.min(availableParallelism() - 1, MAX_DEFAULT_PRICING_WORKERS);
}

interface Pending {
  resolve: (response: PricingResponse) => void;
  reject: (error: Error) => void;
}

/** One pricing worker thread: requests are answered in order. */
class PricingWorker {
  private readonly worker: Worker;
  private readonly pending: Pending[] = [];
  private failure: Error | null = null;

  constructor(data: PricingWorkerData) {
    this.worker = new Worker(workerEvalCode('pricing-worker', import.meta.url), { eval: true, workerData: data });
    // An idle worker must not keep the process alive (a pool that is never closed); one with a request
    // pending must, or a process with nothing else to wait for would exit before the answer.
    this.worker.unref();
    this.worker.on('message', (response: PricingResponse) => {
      this.pending.shift()?.resolve(response);
      if (this.pending.length === 0) this.worker.unref();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const p of this.pending.splice(0)) p.reject(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`pricing worker exited (code ${code})`)));
  }

  request(request: PricingRequest): Promise<PricingResponse> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/**
 * Pricing on several threads: the commodities are dealt out in turn to the calling thread and the
 * workers, each prices its share every round on the same dual-adjusted costs, and the columns come back
 * in commodity order, so the master receives exactly the columns one thread would have found. The exact
 * target-bound tables live once in shared memory; all threads fill them together (each table claimed
 * once) and read them.
 *
 * Why the calling thread prices too: on two cores one worker plus the calling thread halve a round.
 * If a worker fails, its share is priced in the calling thread from then on (slower, same columns).
 */
export class PricingPool {
  /** The calling thread's pricer (also for the greedy start and the result's uncapacitated costs). */
  readonly main: PathPricer;
  private readonly shares: PathCommodity[][];
  private readonly workers: (PricingWorker | null)[];
  private newScenario = true;
  private workerTrees = 0;
  private workerSettled = 0;
  /** Wall seconds of parallel work, and the calling thread's pricer seconds within them. */
  private wallSeconds = 0;
  private mainSecondsInWall = 0;

  /**
   * @param main a pricer over all commodities that uses shared target bounds (PathPricer.sharedTargetBounds
   *   is not null)
   * @param workers worker threads (≥ 1)
   */
  constructor(main: PathPricer, graph: ExpandedGraph, commodities: readonly PathCommodity[], carbonPriceUsdPerTonneCo2: number, workers: number) {
    const shared = main.sharedTargetBounds();
    if (!shared) throw new Error('PricingPool needs a pricer with exact target bounds');
    this.main = main;
    this.shares = Array.from({ length: workers + 1 }, () => []);
    commodities.forEach((c, i) => this.shares[i % (workers + 1)].push(c));
    this.workers = this.shares.slice(1).map((share) => new PricingWorker({ graph, commodities: share, carbonPriceUsdPerTonneCo2, shared }));
  }

  /** Worker threads pricing (not counting the calling thread; a failed or closed worker no longer counts). */
  get workerCount(): number {
    return this.workers.filter((w) => w !== null).length;
  }

  /** Shortest-path searches grown for pricing and the greedy start, in all threads. */
  get trees(): number {
    return this.main.trees + this.workerTrees;
  }

  get settledVertices(): number {
    return this.main.settledVertices + this.workerSettled;
  }

  /** Wall-clock seconds spent pricing (a parallel round counts once). */
  get seconds(): number {
    return this.main.seconds - this.mainSecondsInWall + this.wallSeconds;
  }

  /** Forget what earlier rounds proved (see PathPricer.resetHistory), in every thread. */
  resetHistory(): void {
    this.main.resetHistory();
    this.newScenario = true;
  }

  /** Build the target-bound tables with every thread (before the greedy start needs them). */
  prepare(): void {
    const started = performance.now();
    // A worker that fails here fails its next price request too, and its share moves to this thread then.
    for (const w of this.workers) w?.request({ kind: 'fill' }).catch(() => undefined);
    // Claims the tables no worker has started and waits for the ones they are building.
    this.main.fillTargetBounds();
    this.wallSeconds += (performance.now() - started) / 1000;
  }

  /** One pricing round over all commodities: the columns PathPricer.price would return, in the same order. */
  async price(duals: PricingDuals, arcOpen: Uint8Array): Promise<PathColumn[]> {
    const started = performance.now();
    const request: PricingRequest = { kind: 'price', newScenario: this.newScenario, duals, arcOpen };
    this.newScenario = false;
    // A failure becomes an answer at once: a rejection left without a handler while this thread prices
    // would be an unhandled rejection.
    const failed = (error: Error): PricingResponse => ({ kind: 'error', message: error.message });
    const answers = this.workers.map((w) => (w ? w.request(request).catch(failed) : null));
    const mainBefore = this.main.seconds;
    const parts: PathColumn[][] = [this.main.price(duals, arcOpen, this.shares[0])];
    for (let w = 0; w < this.workers.length; w++) {
      const answer = await answers[w];
      if (answer?.kind === 'priced') {
        parts.push(answer.columns);
        this.workerTrees += answer.trees;
        this.workerSettled += answer.settledVertices;
        continue;
      }
      // The worker failed (or was gone already): price its share here from now on.
      this.workers[w]?.terminate();
      this.workers[w] = null;
      parts.push(this.main.price(duals, arcOpen, this.shares[w + 1]));
    }
    this.mainSecondsInWall += this.main.seconds - mainBefore;
    this.wallSeconds += (performance.now() - started) / 1000;
    return parts.flat().sort((p, q) => p.commodity - q.commodity || p.destination - q.destination);
  }

  /** Stop the worker threads. */
  close(): void {
    for (const w of this.workers) w?.terminate();
    this.workers.fill(null);
  }
}
