import type { Redis } from 'ioredis';
import type { ScenarioContext } from '../evaluate/run-scenario.js';
import { getBlob, putBlob } from './blob-store.js';

/**
 * A sweep's shared input as stored in Redis: the network and the demand by their own content hashes
 * (a worker keeps each once, however many sweeps use it), the rest inline.
 */
interface StoredSweepContext {
  networkHash: string;
  demandHash: string;
  candidates: ScenarioContext['candidates'];
  options: ScenarioContext['options'];
}

/** Put a sweep context into Redis; returns its content hash (the key a worker loads it by). */
export async function putSweepContext(redis: Redis, context: ScenarioContext): Promise<string> {
  const [networkHash, demandHash] = await Promise.all([putBlob(redis, context.network), putBlob(redis, context.demand)]);
  return putBlob(redis, { networkHash, demandHash, candidates: context.candidates, options: context.options } satisfies StoredSweepContext);
}

/**
 * Load a sweep context by hash. `cache` keeps parsed networks and demand tables by hash, so a worker
 * deserialises a national network once, not once per sweep.
 * @throws NotFoundError when a part is no longer in Redis
 */
export async function loadSweepContext(redis: Redis, hash: string, cache: Map<string, unknown>): Promise<ScenarioContext> {
  const stored = await getBlob<StoredSweepContext>(redis, hash, 'sweep context');
  const part = async <T>(h: string, what: string): Promise<T> => {
    if (!cache.has(h)) {
      cache.set(h, await getBlob<T>(redis, h, what));
      // A worker serves a few networks at a time; keep the most recent 8 parts.
      while (cache.size > 8) cache.delete(cache.keys().next().value as string);
    }
    return cache.get(h) as T;
  };
  return { network: await part(stored.networkHash, 'network'), demand: await part(stored.demandHash, 'demand table'), candidates: stored.candidates, options: stored.options };
}
