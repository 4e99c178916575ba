import { workerData } from 'node:worker_threads';
import { loadBuiltinNetwork } from '../../networks/index.js';
import { buildNetwork, type Network } from '../../src/network/index.js';
import { ByteLru } from '../byte-lru.js';
import { toProblem, type ProblemSlug } from '../problem.js';
import type { RouteQuery } from '../schemas.js';
import { routeAnswer, type RouteAnswer } from './route-answer.js';

/**
 * Where a route worker gets a network: a built-in by id, or an upload's stored GeoJSON text in shared
 * memory (no copy per request). The worker builds it the way NetworkRegistry does and keeps it by content
 * hash, so a network is parsed once per worker, not once per request.
 */
export type RouteNetworkSource = { kind: 'builtin'; id: string } | { kind: 'upload'; id: string; name: string; text: SharedArrayBuffer };

/** One route search for a worker. */
export interface RouteTask {
  contentHash: string;
  source: RouteNetworkSource;
  query: RouteQuery;
}

/** What a worker answers: the serialised route, or the problem a typed error maps to. */
export type RouteOutcome = { ok: true; answer: RouteAnswer } | { ok: false; slug: ProblemSlug; detail: string; extras: Record<string, unknown> };

/** Bytes a parsed and routed network takes per byte of its GeoJSON text (measured: ≈ 5 for a 21,000-link network). */
const BYTES_PER_TEXT_BYTE = 6;
const networks = new ByteLru<string, Network>((workerData as { cacheBytes?: number } | null)?.cacheBytes ?? 256 * 1024 * 1024);

function networkOf(task: RouteTask): Network {
  const hit = networks.get(task.contentHash);
  if (hit) return hit;
  const s = task.source;
  let network: Network;
  let bytes: number;
  if (s.kind === 'builtin') {
    network = loadBuiltinNetwork(s.id);
    bytes = 0;
  } else {
    const text = Buffer.from(s.text).toString('utf8');
    network = buildNetwork(JSON.parse(text), { id: s.id, name: s.name });
    bytes = text.length * BYTES_PER_TEXT_BYTE;
  }
  networks.set(task.contentHash, network, bytes);
  return network;
}

/** The worker entry (piscina default export). Bugs throw (the main thread answers 500 and logs them). */
export default function runRoute(task: RouteTask): RouteOutcome {
  try {
    return { ok: true, answer: routeAnswer(networkOf(task), task.query) };
  } catch (e) {
    const p = toProblem(e);
    if (!p) throw e;
    return { ok: false, slug: p.slug, detail: p.detail, extras: p.extras };
  }
}
